"""View → Wall mode: the menu entry that turns a desk console into a wall."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import translate

SHORTCUT = "Ctrl+Shift+W"


class WallAction(QAction):
    """The menu entry; retitles itself when the language changes."""

    def __init__(self, enter: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("actionWallMode")
        self.setShortcut(QKeySequence(SHORTCUT))
        self.triggered.connect(lambda _=False: enter())
        self.retranslate()
        # A bound method of this QObject: the connection ends when the action is deleted.
        i18n.notifier.changed.connect(self.retranslate)

    def retranslate(self) -> None:
        self.setText(translate("WallMode", "&Wall mode"))
        self.setStatusTip(translate("WallMode", "Full screen on every monitor; Esc leaves"))


def install_wall_action(window: QMainWindow, enter: Callable[[], None]) -> QAction:
    """Add "Wall mode" (Ctrl+Shift+W) to the window's View menu (or its menu bar)."""
    action = WallAction(enter, window)
    view = window.findChild(QMenu, "menuView")
    if view is not None:
        view.addAction(action)
    else:
        window.addAction(action)
    return action
