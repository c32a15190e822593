"""Wall mode: one full-screen wall window per chosen monitor, and leaving it again.

The windows share one :class:`IncidentFeed` (one set of store queries a
second, one beep per new critical ticket). With several monitors each wall
starts one page further on, so the room sees different dashboards at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from smartcity_console.config import WallConfig
from smartcity_console.core.incidents import Severity, utc_now
from smartcity_console.gui.wall.incident_feed import IncidentFeed
from smartcity_console.gui.wall.pages import WallPage
from smartcity_console.gui.wall.screens import choose_screens
from smartcity_console.gui.wall.status import SyncState
from smartcity_console.gui.wall.window import WallWindow
from smartcity_console.mqtt.status import ConnectionStatus
from smartcity_console.store import IncidentRepository


class WallMode(QObject):
    """Opens and closes the wall windows.

    Signals:
        closed(): every wall window is gone (Esc on any of them leaves wall mode).
    """

    closed = Signal()

    def __init__(
        self,
        pages: Callable[[], Sequence[WallPage]],
        repository: IncidentRepository,
        deadlines: Mapping[Severity, timedelta],
        connection: Callable[[], ConnectionStatus],
        *,
        config: WallConfig | None = None,
        sync_state: SyncState | None = None,
        frame_rate: float | None = None,
        clock: Callable[[], datetime] = utc_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pages = pages
        self._connection = connection
        self._sync_state = sync_state
        self._config = config or WallConfig()
        self._frame_rate = frame_rate
        self.feed = IncidentFeed(repository, deadlines, clock=clock, parent=self)
        self.feed.critical_arrived.connect(self._on_critical)
        self.windows: list[WallWindow] = []

    @property
    def active(self) -> bool:
        return bool(self.windows)

    def open(self, screen: int | None = None, *, full_screen: bool = True) -> list[WallWindow]:
        """A wall on screen ``screen`` (1-based) or on every screen; raises ScreenChoiceError."""
        if self.windows:
            return self.windows
        screens = QGuiApplication.screens()
        chosen = choose_screens([s.name() for s in screens], screen)
        pages = list(self._pages())
        for n, index in enumerate(chosen):
            window = WallWindow(
                pages,
                self._connection,
                sync_state=self._sync_state,
                cycle_ms=round(self._config.cycle_s * 1000),
                pin_ms=round(self._config.pin_s * 1000),
                frame_rate=self._frame_rate,
                start=n,
            )
            self.feed.changed.connect(window.banner.show_summary)
            window.leave_requested.connect(self.close)
            target = screens[index]
            window.setScreen(target)
            window.setGeometry(target.geometry())
            if full_screen:
                window.showFullScreen()
            else:
                window.show()
            window.start()
            self.windows.append(window)
        self.feed.start()
        return self.windows

    def close(self) -> None:
        """Close every wall window (Esc on one of them leaves wall mode on all)."""
        if not self.windows:
            return
        windows, self.windows = self.windows, []
        self.feed.stop()
        for window in windows:
            self.feed.changed.disconnect(window.banner.show_summary)
            window.leave_requested.disconnect(self.close)
            window.stop()
            window.release()
            window.close()
            window.deleteLater()
        self.closed.emit()

    def _on_critical(self, _title: str) -> None:
        # The annunciation (console/annunciation.py) sounds every high and critical
        # incident on desk and wall alike, until acknowledged or silenced; this older
        # system beep is only what [wall] sound = true still asks for (docs/wall.md).
        if self._config.sound and self.windows:
            QApplication.beep()
