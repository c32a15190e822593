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

from smartcity_console.core.topic_catalog import TopicSnapshot
from smartcity_console.gui.feed_text import format_value, local_time, payload_text

_TEXT = {
    "id": {
        "none": "Pilih topik untuk melihat payload terakhirnya.",
        "meta": "{topic}\nPesan: {messages:,} · nilai terakhir: {value} · {size:,} bait"
        " · retained: {retained}\nTerakhir: {last}",
        "cut": "\n\n… (terpotong: {kept:,} dari {size:,} bait disimpan)",
        "yes": "ya",
        "no": "tidak",
    },
    "en": {
        "none": "Select a topic to see its last payload.",
        "meta": "{topic}\nMessages: {messages:,} · last value: {value} · {size:,} bytes"
        " · retained: {retained}\nLast: {last}",
        "cut": "\n\n… (cut: {kept:,} of {size:,} bytes kept)",
        "yes": "yes",
        "no": "no",
    },
}


class TopicDetail(QWidget):
    """A heading (topic, counts, time in WIB) above the last payload."""

    def __init__(self, language: str = "id", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = _TEXT.get(language, _TEXT["id"])
        self._shown: TopicSnapshot | None = None
        self.meta = QLabel(self._text["none"], self)
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.payload = QPlainTextEdit(self)
        self.payload.setReadOnly(True)
        self.payload.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.meta)
        layout.addWidget(self.payload, 1)

    @property
    def snapshot(self) -> TopicSnapshot | None:
        return self._shown

    def show_snapshot(self, snap: TopicSnapshot | None) -> None:
        previous, self._shown = self._shown, snap
        text = self._text
        if snap is None:
            self.meta.setText(text["none"])
            self.payload.clear()
            return
        self.meta.setText(
            text["meta"].format(
                topic=snap.topic,
                messages=snap.messages,
                value=format_value(snap.value),
                size=snap.payload_size,
                retained=text["yes"] if snap.retained else text["no"],
                last=local_time(snap.last_seen),
            )
        )
        if previous is not None and (previous.topic, previous.payload) == (
            snap.topic,
            snap.payload,
        ):
            return  # same payload: keep the operator's scroll position and selection
        body = payload_text(snap.payload)
        if snap.truncated:
            body += text["cut"].format(kept=len(snap.payload), size=snap.payload_size)
        self.payload.setPlainText(body)
