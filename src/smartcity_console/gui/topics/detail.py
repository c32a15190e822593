"""The topic browser's detail pane: one topic's last message, in full.

"In full" within what the catalog keeps (the first KiB): a longer payload
says how much was cut. JSON is pretty-printed, anything else is shown as
UTF-8 with invalid bytes escaped. The pane only rewrites its text when the
payload changed, so an operator reading or selecting in it is not
interrupted four times a second by a topic whose payload stays the same.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from smartcity_console.core.clock import wib_text
from smartcity_console.core.places import PlaceBook, station_of
from smartcity_console.core.positions import PositionError, positions_of
from smartcity_console.core.topic_catalog import TopicSnapshot
from smartcity_console.gui import i18n
from smartcity_console.gui.formatting import format_value, payload_text
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.widgets.retranslating import Retranslating
from smartcity_console.sim.places import SIM_PLACES

_CONTEXT = "TopicBrowser"


class TopicDetail(Retranslating, QWidget):
    """A heading (topic, counts, time in WIB) above the last payload."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown: TopicSnapshot | None = None
        # Where stations stand; the shell gives the console's (config over simulator).
        self.places = PlaceBook(SIM_PLACES)
        self.meta = QLabel(
            translate("TopicBrowser", "Select a topic to see its last payload."), self
        )
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.payload = QPlainTextEdit(self)
        self.payload.setReadOnly(True)
        self.payload.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.meta)
        layout.addWidget(self.payload, 1)

    def retranslate(self) -> None:
        self._show_meta(self._shown)

    @property
    def snapshot(self) -> TopicSnapshot | None:
        return self._shown

    def show_snapshot(self, snap: TopicSnapshot | None) -> None:
        previous, self._shown = self._shown, snap
        self._show_meta(snap)
        if snap is None:
            self.payload.clear()
            return
        if previous is not None and (previous.topic, previous.payload) == (
            snap.topic,
            snap.payload,
        ):
            return  # same payload: keep the operator's scroll position and selection
        body = payload_text(snap.payload)
        if snap.truncated:
            body += translate("TopicBrowser", "\n\n… (cut: {kept} of {size} bytes kept)").format(
                kept=i18n.number(len(snap.payload)), size=i18n.number(snap.payload_size)
            )
        self.payload.setPlainText(body)

    def _show_meta(self, snap: TopicSnapshot | None) -> None:
        if snap is None:
            self.meta.setText(translate("TopicBrowser", "Select a topic to see its last payload."))
            return
        retained = (
            translate("TopicBrowser", "yes") if snap.retained else translate("TopicBrowser", "no")
        )
        self.meta.setText(
            translate(
                "TopicBrowser",
                "{topic}\nMessages: {messages} · last value: {value} · {size} bytes"
                " · retained: {retained}\nLast: {last}",
            ).format(
                topic=snap.topic,
                messages=i18n.number(snap.messages),
                value=format_value(snap.value),
                size=i18n.number(snap.payload_size),
                retained=retained,
                last=wib_text(snap.last_seen),
            )
            + self._place_text(snap)
        )

    def _place_text(self, snap: TopicSnapshot) -> str:
        """``Place: ...`` lines: the topic's station, and positions its payload carries."""
        lines = []
        place = self.places.get(station_of(snap.topic))
        if place is not None:
            lines.append(translate("TopicBrowser", "Place: {place}").format(place=place.describe()))
        try:
            carried = positions_of(snap.topic, snap.payload)
        except PositionError as exc:
            carried = []
            lines.append(translate("TopicBrowser", "Position refused: {why}").format(why=exc))
        lines.extend(
            translate("TopicBrowser", "Position: {where}").format(where=p.describe())
            for p in carried
        )
        return "".join("\n" + line for line in lines)
