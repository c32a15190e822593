"""The desk's window geometry, dock layout and shown dashboard, kept per user and workstation.

An operator arranges the desk once (a wider incidents dock, the economy
dashboard in front) and finds it so after a restart and after the next
shift signs in: the arrangement is saved when the window closes (sign-out
and quit both close it) and restored when the console opens.

Without a saved arrangement (the first start, or a user new at this
workstation) the window fills the primary screen, maximised, and the
incidents dock starts at :data:`DOCK_SHARE` of its height: at 1920x1080
that leaves every program plot at least :data:`PLOT_MIN_PX` tall (measured
by tests/gui/test_desk_layout.py); half the height, Qt's own choice for a
bottom dock, left them 25-30 px at 1600x900.

Kept in ``<user data dir>/desk.ini`` (QSettings, INI), one group per
workstation and user, beside the dashboards' layout files; the theme
(gui/shell/theme_menu.py) is kept in the same file for the workstation.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow

from smartcity_console.gui.dashboard.tabs import DashboardTabs
from smartcity_console.paths import user_data_dir

log = logging.getLogger(__name__)

DOCK_SHARE = 0.27  # of the window's height, for the incidents dock at first start
DOCK_MIN_PX = 220  # the list's header, filter bar and three rows still show
PLOT_MIN_PX = 160  # what a program plot keeps at 1920x1080 (the measure)
_STATE_VERSION = 1  # saveState's version: a dock layout from another build is ignored


def desk_settings() -> QSettings:
    """The desk's settings file (created on first write)."""
    path = user_data_dir() / "desk.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


def _group(workstation: str, user: str) -> str:
    # QSettings reads "/" as a nesting and "\\" as an escape: keep names as one key each.
    clean = [part.replace("/", "_").replace("\\", "_") or "_" for part in (workstation, user)]
    return "desk/" + "/".join(clean)


class DeskState:
    """Save and restore one user's desk on one workstation."""

    def __init__(self, workstation: str, user: str, settings: QSettings | None = None) -> None:
        self._settings = settings or desk_settings()
        self._group = _group(workstation, user)

    def _value(self, key: str) -> object:
        return self._settings.value(f"{self._group}/{key}")

    @property
    def saved(self) -> bool:
        return isinstance(self._value("geometry"), QByteArray | bytes)

    def save(self, window: QMainWindow, tabs: DashboardTabs) -> None:
        """Keep the window's geometry, its docks and the dashboard shown."""
        settings = self._settings
        settings.setValue(f"{self._group}/geometry", window.saveGeometry())
        settings.setValue(f"{self._group}/state", window.saveState(_STATE_VERSION))
        key = tabs.current_view.key
        settings.setValue(f"{self._group}/dashboard", key)
        settings.sync()
        if settings.status() != QSettings.Status.NoError:
            log.warning("desk layout not saved in %s", settings.fileName())

    def restore(self, window: QMainWindow, tabs: DashboardTabs, dock: QDockWidget | None) -> bool:
        """Put the window back as this user left it; False (and the first-start layout) if new.

        Call before the window is shown; show it with :func:`show_desk`.
        """
        geometry, state = self._value("geometry"), self._value("state")
        restored = False
        if isinstance(geometry, QByteArray | bytes) and isinstance(state, QByteArray | bytes):
            restored = window.restoreGeometry(QByteArray(geometry))
            restored = window.restoreState(QByteArray(state), _STATE_VERSION) and restored
        if not restored:
            first_start(window, dock)
        key = self._value("dashboard")
        if isinstance(key, str) and key in tabs.views:
            tabs.show_dashboard(key)
        return restored


def primary_area() -> QRect:
    """The primary screen's available geometry (the desk opens there)."""
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1920, 1080)


def first_start(window: QMainWindow, dock: QDockWidget | None, area: QRect | None = None) -> None:
    """Fill ``area`` (the primary screen), maximised, with the dock at its share of the height."""
    area = area if area is not None else primary_area()
    window.setGeometry(area)
    window.setWindowState(Qt.WindowState.WindowMaximized)
    if dock is not None:
        size_incidents_dock(window, dock, area.height())


def size_incidents_dock(window: QMainWindow, dock: QDockWidget, window_height: int) -> None:
    """The dock's first-start height for a window ``window_height`` tall."""
    height = max(DOCK_MIN_PX, round(window_height * DOCK_SHARE))
    window.resizeDocks([dock], [height], Qt.Orientation.Vertical)
