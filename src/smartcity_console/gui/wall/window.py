"""One wall window: header (page, cycle state, clock), incident banner, the page, health.

Full screen on one monitor, driven from the keyboard only: Space pauses or
resumes the cycle, Left/Right step through the pages, Esc leaves wall mode.
Any key or mouse activity pins the current page for the pin time. The
window watches keys and mouse through an application event filter, so a
plot that has focus cannot swallow the arrow keys, and the mouse pointer is
hidden while nobody touches it. Type sizes follow the window's height (see
gui/shell/theme.py, ``@px``), so the wall reads the same on a 1080p or 4K screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.gui.i18n import translate
from smartcity_console.gui.shell.theme import theme_qss
from smartcity_console.gui.wall.banner import IncidentBanner
from smartcity_console.gui.wall.cycler import PAUSED, PINNED, PageCycler
from smartcity_console.gui.wall.pages import Refreshable, WallPage
from smartcity_console.gui.wall.status import HealthStrip, SyncState, WallClock
from smartcity_console.gui.widgets.retranslating import Retranslating
from smartcity_console.mqtt.status import ConnectionStatus

REFERENCE_HEIGHT = 1080
_ACTIVITY = frozenset(
    {
        QEvent.Type.MouseMove,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.KeyPress,
        QEvent.Type.TouchBegin,
    }
)


def _set_state(label: QLabel, state: str) -> None:
    if label.property("state") != state:
        label.setProperty("state", state)
        label.style().unpolish(label)
        label.style().polish(label)


class WallWindow(Retranslating, QWidget):
    """A wall on one screen.

    Signals:
        leave_requested(): Esc (or the window was closed): leave wall mode.
    """

    leave_requested = Signal()

    def __init__(
        self,
        pages: Sequence[WallPage],
        connection: Callable[[], ConnectionStatus],
        *,
        sync_state: SyncState | None = None,
        cycle_ms: int = 20_000,
        pin_ms: int = 60_000,
        frame_rate: float | None = None,
        start: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("wall")
        self.setWindowTitle("smartcity-console — wall")
        self.setMouseTracking(True)
        self._pages = list(pages)
        self._unit = 0.0
        self.page_title = self._label("wallPageTitle")
        self.page_count = self._label("wallPageCount")
        self.cycle_label = self._label("wallCycle")
        self.clock = WallClock(self)
        self.banner = IncidentBanner(self)
        self.stack = QStackedWidget(self)
        # A full-screen window cannot grow: a page wider than the screen is clipped
        # rather than pushing the banner and clock off the edge.
        ignored = QSizePolicy.Policy.Ignored
        self.stack.setSizePolicy(ignored, ignored)
        self.widgets = [page.build(self.stack) for page in self._pages]
        for widget in self.widgets:
            self.stack.addWidget(widget)
            for child in (widget, *widget.findChildren(QWidget)):
                child.setMouseTracking(True)
                child.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys are the wall's
        self.health = HealthStrip(connection, sync_state, self)
        self.keys = self._label("wallKeys")

        header = QHBoxLayout()
        header.setSpacing(0)
        header.addWidget(self.page_title)
        header.addWidget(self.page_count)
        header.addWidget(self.cycle_label)
        header.addStretch(1)
        header.addWidget(self.clock)
        footer = QHBoxLayout()
        footer.addWidget(self.health, 1)
        footer.addWidget(self.keys)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addLayout(footer)

        self.cycler = PageCycler(len(self._pages), cycle_ms, pin_ms, start, self)
        self.cycler.page_changed.connect(self._show_page)
        self.cycler.state_changed.connect(lambda _state: self._show_cycle())
        # Dashboards are drawn by the console's render loop; a frame rate here is
        # for pages that only have ``refresh`` (see pages.py).
        self._frame = QTimer(self)
        self._frame.setInterval(max(1, round(1000 / (frame_rate or 1.0))))
        self._frame.timeout.connect(self._on_frame)
        self._own_frames = frame_rate is not None
        self._second = QTimer(self)
        self._second.setInterval(1000)
        self._second.timeout.connect(self.tick)
        self._filtering = False
        self._show_page(self.cycler.index)
        self._apply_style(self.height())

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        return label

    # --- running -----------------------------------------------------------------------

    def start(self) -> None:
        """Begin cycling, drawing and watching the keyboard and mouse."""
        app = QApplication.instance()
        if app is not None and not self._filtering:
            app.installEventFilter(self)
            self._filtering = True
        self.cycler.start()
        if self._own_frames:
            self._frame.start()
        self._second.start()
        self.tick()
        self._on_frame()

    def release(self) -> None:
        """Let go of the pages' widgets (they unregister from whatever draws them)."""
        for page, widget in zip(self._pages, self.widgets, strict=True):
            if page.release is not None:
                page.release(widget)

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None and self._filtering:
            app.removeEventFilter(self)
            self._filtering = False
        self.cycler.stop()
        self._frame.stop()
        self._second.stop()

    def tick(self) -> None:
        """Once a second: clock, health, the cycle countdown."""
        self.clock.tick()
        self.health.tick()
        self._show_cycle()

    def current_page(self) -> WallPage | None:
        index = self.cycler.index
        return self._pages[index] if 0 <= index < len(self._pages) else None

    def _on_frame(self) -> None:
        widget = self.stack.currentWidget()
        if isinstance(widget, Refreshable):
            widget.refresh(time.time())

    def _show_page(self, index: int) -> None:
        if not self._pages:
            self.page_title.setText(translate("WallWindow", "No dashboards configured"))
            return
        self.stack.setCurrentIndex(index)
        self._set_texts()
        if self._frame.isActive():
            self._on_frame()

    def _show_cycle(self) -> None:
        state = self.cycler.state
        if state == PAUSED:
            # "❚❚" and "☝", not "⏸" and "✋": no font of a stock Linux workstation
            # has those two, and the wall showed an empty box (test_wall checks).
            text = "❚❚ " + translate("WallWindow", "PAUSED")
        elif state == PINNED:
            text = "☝ " + translate("WallWindow", "HELD")
        else:
            left = self.cycler.remaining_ms()
            text = f"▶ {max(0, left) // 1000 + 1} s" if left >= 0 else ""
        self.cycle_label.setText(text)
        _set_state(self.cycle_label, state)
        # The pointer shows only while someone uses it.
        shape = Qt.CursorShape.BlankCursor if state != PINNED else Qt.CursorShape.ArrowCursor
        if self.cursor().shape() != shape:
            self.setCursor(shape)

    def _set_texts(self) -> None:
        page = self.current_page()
        if page is not None:
            self.page_title.setText(page.title())
            self.page_count.setText(f"{self.cycler.index + 1}/{len(self._pages)}")
        self.keys.setText(translate("WallWindow", "Space: pause · ← →: page · Esc: leave"))
        self._show_cycle()

    # --- the operator --------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind not in _ACTIVITY or not self._owns(watched):
            return False
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._on_key(event)
        self.cycler.touch()
        return False

    def _owns(self, watched: QObject) -> bool:
        if isinstance(watched, QWidget):
            return watched.window() is self
        return watched is self.windowHandle()

    def _on_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Space:
            self.cycler.touch()
            self.cycler.toggle_pause()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown):
            self.cycler.step(+1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.cycler.step(-1)
        elif key == Qt.Key.Key_Escape:
            self.leave_requested.emit()
        else:
            self.cycler.touch()
            return False
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # Reached only when the filter is not installed (before start()): same keys.
        if not self._on_key(event):
            super().keyPressEvent(event)

    # --- Qt --------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self._set_texts()
        self.tick()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._apply_style(event.size().height())

    def _apply_style(self, height: int) -> None:
        unit = max(0.5, height / REFERENCE_HEIGHT)
        if abs(unit - self._unit) > 0.02:
            self._unit = unit
            self.setStyleSheet(theme_qss("wall", unit))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.stop()
        self.leave_requested.emit()
        super().closeEvent(event)
