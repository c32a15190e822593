"""The incidents the rules raised in replay, in the incidents dock, marked as replay.

A replay runs the alarm rules over the past (console/replay.py) and keeps
what they raise in :attr:`ReplaySession.raised`, never in the journal: the
incidents list (a view of the journal) cannot hold them, and must not look
as if it did. So they get a list of their own at the top of the dock, red
and titled "In replay, not recorded", each row starting "REPLAY", shown
while a replay runs and emptied and hidden when it ends.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from smartcity_console.console.replay import ReplaySession
from smartcity_console.core.clock import wib
from smartcity_console.core.i18n import current_language
from smartcity_console.gui.i18n import translate

_STYLE = (
    "QWidget#replayIncidents { background: #fee2e2; border: 2px solid #b91c1c; }"
    " QLabel#replayIncidentsTitle { color: #b91c1c; font-weight: bold; }"
)


class ReplayIncidents(QWidget):
    """What the rules raised in the running replay, newest first; hidden when none runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replayIncidents")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # the red frame
        self.setStyleSheet(_STYLE)
        self.title = QLabel(self)
        self.title.setObjectName("replayIncidentsTitle")
        self.list = QListWidget(self)
        self.list.setObjectName("replayIncidentsList")
        self.list.setMaximumHeight(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self._shown: tuple[int, str] = (-1, "")
        self.hide()

    def rows(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def show_session(self, session: ReplaySession | None) -> None:
        if session is None:
            self.list.clear()
            self._shown = (-1, "")
            self.hide()
            return
        raised = [event for event in session.raised if event.kind == "raised"]
        language = current_language()
        if self._shown != (len(raised), language) or self.list.count() != len(raised):
            self._shown = (len(raised), language)
            self.title.setText(
                translate("Replay", "In replay, not recorded: {count}").format(count=len(raised))
            )
            mark = translate("Replay", "REPLAY")
            self.list.clear()
            for event in reversed(raised):
                title = event.title_en if language == "en" else event.title_id
                item = QListWidgetItem(
                    f"{mark} {wib(event.at):%Y-%m-%d %H:%M:%S} WIB · {title} · {event.series}"
                )
                self.list.addItem(item)
        self.show()
