"""Who is here: the signed-in user in the title and status bar, quitting, the screen lock.

* The title (gui/shell/window_title.py) and a status bar label name the user
  and their role, so a supervisor walking past knows whose shift it is.
* Quitting (File → Quit the application, Ctrl+Q, the window's close button)
  with changes not yet accepted by the server asks first: they stay in the
  outbox and go out the next time this console runs, but only then.
* Ctrl+L locks (console/screen_lock.py): the dashboards keep drawing under a
  band that asks for the password; menus, docks and shortcuts are off until
  the signed-in user's password is given again (checked off the GUI thread,
  as the login dialog does).

Closing asks with a box that is opened, never exec'd (qasync).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.console.screen_lock import ScreenLock
from smartcity_console.core.i18n import Message
from smartcity_console.core.incidents import Role
from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.shell.window_title import WindowTitle, who_text

LOCK_SHORTCUT = "Ctrl+L"


class _Relay(QObject):
    """Lives in the GUI thread: the check's answer arrives as a queued signal."""

    answered = Signal(object)  # Message | None


class _Check(QRunnable):
    def __init__(self, lock: ScreenLock, password: str, relay: _Relay) -> None:
        super().__init__()
        self._lock, self._password, self._relay = lock, password, relay

    def run(self) -> None:
        self._relay.answered.emit(self._lock.check(self._password))


class LockOverlay(QWidget):
    """Covers the window (the dashboards show through); a band asks for the password."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("lockOverlay")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.band = QFrame(self)
        self.band.setObjectName("lockBand")
        self.band.setStyleSheet(
            "QFrame#lockBand { background: #1B2430; border: 2px solid #F2CC60;"
            " border-radius: 6px; } QLabel#lockError { color: #FF7B72; }"
        )
        band = QHBoxLayout(self.band)
        self.label = QLabel(self.band)
        self.password = QLineEdit(self.band)
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMinimumWidth(220)
        self.unlock_button = QPushButton(self.band)
        self.unlock_button.setObjectName("unlockButton")
        self.error = QLabel(self.band)
        self.error.setObjectName("lockError")
        for widget in (self.label, self.password, self.unlock_button, self.error):
            band.addWidget(widget)
        outer.addWidget(self.band, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)  # the band in the middle: over the plots, never over the status bar
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 40))  # a hint of "locked"; data readable
        painter.end()
        super().paintEvent(event)


class WhoIsHere(QObject):
    """The signed-in user on screen, the quit guard and the screen lock of one desk window."""

    locked_changed = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        title: WindowTitle,
        username: str,
        role: Role,
        *,
        unsynced: Callable[[], int],
        lock: ScreenLock,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._title = title
        self._unsynced = unsynced
        self.username, self.role = username, Role(role)
        self.lock = lock
        self.closing_allowed = False
        self.quit_box: QMessageBox | None = None
        self._disabled: list[QObject] = []
        self._relay = _Relay(self)
        self._relay.answered.connect(self._on_answer)

        title.set_who(username, self.role)
        self.label = QLabel(window)
        self.label.setObjectName("whoIsHere")
        window.statusBar().addPermanentWidget(self.label)
        self.lock_action = QAction(window)
        self.lock_action.setObjectName("lockAction")
        self.lock_action.setShortcut(QKeySequence(LOCK_SHORTCUT))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock_screen)
        window.addAction(self.lock_action)
        menu = getattr(getattr(window, "ui", None), "menuFile", None)
        if menu is not None:
            quit_action = getattr(window.ui, "actionQuit", None)  # type: ignore[attr-defined]
            menu.insertAction(quit_action, self.lock_action)
        self.overlay = LockOverlay(window)
        self.overlay.unlock_button.clicked.connect(self.try_unlock)
        self.overlay.password.returnPressed.connect(self.try_unlock)
        window.installEventFilter(self)
        self._retranslate()

    # --- quitting --------------------------------------------------------------------

    def allow_close(self) -> None:
        """The console closes for a reason of its own (signed out, shut down): no question."""
        self.closing_allowed = True

    def _close_requested(self, event: QCloseEvent) -> bool:
        """True when the close was stopped (locked, or it must ask first)."""
        if self.closing_allowed:
            return False
        if self.lock.locked:
            event.ignore()
            return True
        waiting = self._unsynced()
        if not waiting:
            return False
        event.ignore()
        self._ask_quit(waiting)
        return True

    def _ask_quit(self, waiting: int) -> None:
        if self.quit_box is not None and self.quit_box.isVisible():
            self.quit_box.raise_()
            return
        box = QMessageBox(self._window)
        box.setObjectName("quitWithUnsynced")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(translate("WhoIsHere", "Quit the application"))
        box.setText(
            translate(
                "WhoIsHere",
                "{} changes have not reached the server yet. They are sent the next time this "
                "console runs, not before. Quit the application anyway?",
            ).format(i18n.number(waiting))
        )
        quit_button = box.addButton(
            translate("WhoIsHere", "Quit the application"), QMessageBox.ButtonRole.DestructiveRole
        )
        quit_button.setObjectName("quitAnyway")
        stay = box.addButton(
            translate("WhoIsHere", "Keep working"), QMessageBox.ButtonRole.RejectRole
        )
        stay.setObjectName("keepWorking")
        box.setDefaultButton(stay)

        def answered() -> None:
            if box.clickedButton() is quit_button:
                self.closing_allowed = True
                self._window.close()

        box.finished.connect(answered)
        self.quit_box = box
        box.open()

    # --- the lock --------------------------------------------------------------------

    def lock_screen(self) -> None:
        if self.lock.locked:
            return
        self.lock.lock()
        for action in self._window.findChildren(QAction):
            if action.isEnabled():
                action.setEnabled(False)
                self._disabled.append(action)
        for widget in [self._window.menuBar(), *self._window.findChildren(QDockWidget)]:
            if widget.isEnabled():
                widget.setEnabled(False)
                self._disabled.append(widget)
        self._retranslate()
        self.overlay.setGeometry(self._window.rect())
        self.overlay.error.clear()
        self.overlay.password.clear()
        self.overlay.show()
        self.overlay.raise_()
        self.overlay.password.setFocus()
        self.locked_changed.emit(True)

    def try_unlock(self) -> None:
        """Check the password off the GUI thread; the answer comes back in :meth:`_on_answer`."""
        if not self.lock.locked:
            return
        self.overlay.unlock_button.setEnabled(False)
        self.overlay.error.setText(translate("WhoIsHere", "Checking…"))
        QThreadPool.globalInstance().start(
            _Check(self.lock, self.overlay.password.text(), self._relay)
        )

    def _on_answer(self, refusal: Message | None) -> None:
        self.overlay.unlock_button.setEnabled(True)
        if refusal is not None:
            self.overlay.error.setText(refusal.text(i18n.current_language()))
            self.overlay.password.selectAll()
            self.overlay.password.setFocus()
            return
        self.lock.unlock()
        for item in self._disabled:
            item.setEnabled(True)  # type: ignore[attr-defined]
        self._disabled.clear()
        self.overlay.password.clear()
        self.overlay.hide()
        self.locked_changed.emit(False)

    # --- words -----------------------------------------------------------------------

    def _retranslate(self) -> None:
        who = who_text(self.username, self.role)
        # Words, not an emoji: a workstation's fonts may have no glyph for it.
        self.label.setText(translate("WhoIsHere", "Signed in: {}").format(who))
        self.lock_action.setText(translate("WhoIsHere", "Lock the screen"))
        self.overlay.label.setText(translate("WhoIsHere", "Locked by {}. Password:").format(who))
        self.overlay.unlock_button.setText(translate("WhoIsHere", "Unlock"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is not self._window:
            return False
        kind = event.type()
        if kind == QEvent.Type.Close and isinstance(event, QCloseEvent):
            return self._close_requested(event)
        if kind == QEvent.Type.Resize and self.overlay.isVisible():
            self.overlay.setGeometry(self._window.rect())
        elif kind == QEvent.Type.LanguageChange:
            self._retranslate()
        return False
