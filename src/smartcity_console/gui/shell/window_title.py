"""The desk window's title: how many incidents wait, the console's name, who is signed in.

Two features write into one title (annunciation: the waiting count; who is
here: user and role), so neither overwrites the other: each sets its part
here and the title is composed again, also after a language switch. The
count comes first: a taskbar cuts a title from the end.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from smartcity_console.core.incidents import Role
from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import QT_TRANSLATE_NOOP, translate

ROLE_TEXT = {  # the signed-in user's role, one word (title, status bar, lock screen)
    Role.OPERATOR: QT_TRANSLATE_NOOP("WhoIsHere", "operator"),
    Role.SUPERVISOR: QT_TRANSLATE_NOOP("WhoIsHere", "supervisor"),
    Role.ADMIN: QT_TRANSLATE_NOOP("WhoIsHere", "administrator"),
}


def role_text(role: Role) -> str:
    return translate("WhoIsHere", ROLE_TEXT[Role(role)])


def who_text(username: str, role: Role) -> str:
    return translate("WhoIsHere", "{user} ({role})").format(user=username, role=role_text(role))


class WindowTitle(QObject):
    """Composes ``window``'s title from its parts; recomposed on a language change."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.waiting = 0
        self.who: tuple[str, Role] | None = None
        window.installEventFilter(self)
        self.update()

    def set_waiting(self, count: int) -> None:
        self.waiting = count
        self.update()

    def set_who(self, username: str, role: Role) -> None:
        self.who = (username, Role(role))
        self.update()

    def text(self) -> str:
        title = translate("MainWindow", "Rembang Command Center")
        if self.who is not None:
            title += " — " + who_text(*self.who)
        if self.waiting:
            waiting = translate("Annunciation", "{} waiting for acknowledgement").format(
                i18n.number(self.waiting)
            )
            title = f"({waiting}) {title}"
        return title

    def update(self) -> None:
        text = self.text()
        if self._window.windowTitle() != text:
            self._window.setWindowTitle(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._window and event.type() == QEvent.Type.LanguageChange:
            # After the window's own retranslateUi, which sets the .ui's plain title.
            # Bound to this object: a window deleted meanwhile cancels the call.
            QTimer.singleShot(0, self, self.update)
        return False
