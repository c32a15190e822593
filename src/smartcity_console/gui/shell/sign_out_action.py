"""File → Sign out (shift change): the next person signs in on the same console.

Signing out keeps the user's token while their changes wait for the server
(docs/contracts.md), so the sync task still pushes them under their name after the
next user signs in; the next start does not resume the old session.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu


def _text() -> str:
    return QCoreApplication.translate("ShiftChange", "Sign out (shift change)…")


class _Retranslate(QObject):
    def __init__(self, action: QAction, parent: QMainWindow) -> None:
        super().__init__(parent)
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._action.setText(_text())
        return False


def install_sign_out(window: QMainWindow, menu: QMenu, sign_out: Callable[[], None]) -> QAction:
    """Put the action first in ``menu`` (File)."""
    action = QAction(_text(), window)
    action.setObjectName("signOutAction")
    action.triggered.connect(sign_out)
    actions = menu.actions()
    menu.insertAction(actions[0] if actions else None, action)  # type: ignore[arg-type]
    window.installEventFilter(_Retranslate(action, window))
    return action
