"""What a waiting high or critical incident does to the windows (console/annunciation.py).

The annunciator (Qt-free) decides what waits and when to sound; this view
plays the severity's sound, puts the waiting count in the desk's title and in
the status bar in the most severe waiting incident's colour, flashes the
taskbar entry of the desk and of every wall window (``QApplication.alert``),
and, when no console window is in front, names the new incident in a desktop
notification (``QSystemTrayIcon.showMessage``, where the desktop has a tray).
"Silence" (the status bar button, or Ctrl+Shift+S in any console window)
stops the sound of what waits now, without acknowledging it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSystemTrayIcon,
    QWidget,
)

from smartcity_console.console.annunciation import AnnunciationState, Annunciator, Waiting
from smartcity_console.core.incidents import SEVERITY_ORDER, Severity
from smartcity_console.gui import i18n
from smartcity_console.gui.annunciation.sound import SoundOutput
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.incidents.model import SEVERITY_COLOURS, severity_text
from smartcity_console.gui.shell.window_title import WindowTitle

log = logging.getLogger(__name__)

SILENCE_SHORTCUT = "Ctrl+Shift+S"


class AnnunciationView(QObject):
    """Subscribes to an :class:`Annunciator`; ``walls`` gives the wall windows open now."""

    def __init__(
        self,
        annunciator: Annunciator,
        sound: SoundOutput,
        window: QMainWindow,
        title: WindowTitle,
        walls: Callable[[], Sequence[QWidget]] = lambda: (),
    ) -> None:
        super().__init__(window)
        self.annunciator = annunciator
        self.sound = sound
        self._window = window
        self._title = title
        self._walls = walls
        self.notices: list[tuple[str, str]] = []  # (title, text) of each desktop notification
        self.alerts = 0  # taskbar flashes asked for
        self.tray: QSystemTrayIcon | None = None

        self.box = QWidget(window)
        layout = QHBoxLayout(self.box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self.box)
        self.label.setObjectName("annunciationLabel")
        self.silence_button = QPushButton(self.box)
        self.silence_button.setObjectName("silenceButton")
        self.silence_button.clicked.connect(self.silence)
        layout.addWidget(self.label)
        layout.addWidget(self.silence_button)
        window.statusBar().addPermanentWidget(self.box)
        # Silence from any console window: the desk, or a wall window in front of it.
        self.silence_action = QAction(window)
        self.silence_action.setObjectName("silenceAction")
        self.silence_action.setShortcut(QKeySequence(SILENCE_SHORTCUT))
        self.silence_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.silence_action.triggered.connect(self.silence)
        window.addAction(self.silence_action)
        window.installEventFilter(self)

        annunciator.changed.subscribe(self._show)
        annunciator.raised.subscribe(self._on_raised)
        annunciator.sound.subscribe(sound.play)
        if sound.problem is not None:  # once, at start; doctor says it too
            window.statusBar().showMessage(sound.problem, 60_000)
        self._show(annunciator.state)

    def detach(self) -> None:
        """Stop listening (the console closes; the annunciator may outlive this window)."""
        self.annunciator.changed.unsubscribe(self._show)
        self.annunciator.raised.unsubscribe(self._on_raised)
        self.annunciator.sound.unsubscribe(self.sound.play)
        self.sound.stop()
        if self.tray is not None:
            self.tray.hide()

    def silence(self) -> None:
        if self.annunciator.silence():
            self.sound.stop()

    # --- what the operator sees ----------------------------------------------------------

    def _show(self, state: AnnunciationState) -> None:
        self._title.set_waiting(state.count())
        self.label.setVisible(bool(state.waiting))
        self.silence_button.setVisible(bool(state.sounding))
        self.silence_button.setText(translate("Annunciation", "Silence"))
        self.silence_button.setToolTip(
            translate("Annunciation", "Stop the sound without acknowledging ({})").format(
                SILENCE_SHORTCUT
            )
        )
        self.silence_action.setText(translate("Annunciation", "Silence the alarm sound"))
        if not state.waiting:
            self.label.clear()
            return
        parts = [
            f"{i18n.number(state.count(severity))} {severity_text(severity).lower()}"
            for severity in SEVERITY_ORDER
            if state.count(severity)
        ]
        self.label.setText(
            "⚠ "
            + translate("Annunciation", "{} waiting for acknowledgement").format(", ".join(parts))
        )
        most = state.most_severe or Severity.CRITICAL
        background, text = SEVERITY_COLOURS[most]
        self.label.setStyleSheet(
            f"QLabel {{ background: {background.name()}; color: {text.name()};"
            " font-weight: bold; padding: 1px 8px; border-radius: 3px; }"
        )
        self.label.setProperty("severity", most.value)

    def _on_raised(self, item: Waiting) -> None:
        windows = [self._window, *self._walls()]
        for window in windows:
            if window.isVisible():
                QApplication.alert(window, 0)
                self.alerts += 1
        app = QApplication.instance()
        active = app.activeWindow() if isinstance(app, QApplication) else None
        if active is not None and any(active is w or w.isAncestorOf(active) for w in windows):
            return
        self._notify(item)

    def _notify(self, item: Waiting) -> None:
        title = translate("Annunciation", "{severity} incident waits for acknowledgement").format(
            severity=severity_text(item.severity)
        )
        text = item.title + (f" — {item.station}" if item.station else "")
        self.notices.append((title, text))
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self.tray is None:
            self.tray = QSystemTrayIcon(QApplication.windowIcon(), self)
            self.tray.messageClicked.connect(self._bring_to_front)
            self.tray.show()
        icon = (
            QSystemTrayIcon.MessageIcon.Critical
            if item.severity is Severity.CRITICAL
            else QSystemTrayIcon.MessageIcon.Warning
        )
        self.tray.showMessage(title, text, icon, 30_000)

    def _bring_to_front(self) -> None:
        walls = list(self._walls())
        target = walls[0] if walls else self._window
        target.raise_()
        target.activateWindow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._window and event.type() == QEvent.Type.LanguageChange:
            self._show(self.annunciator.state)
        return False
