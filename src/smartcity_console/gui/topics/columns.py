"""What each column of the topic tree shows, in the operator's language.

Kept apart from the tree model so the model is only structure and batching;
everything here is a pure function of one topic's snapshot and rate.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from smartcity_console.core.topic_catalog import TopicSnapshot
from smartcity_console.gui import i18n
from smartcity_console.gui.formatting import format_rate, format_value, payload_preview
from smartcity_console.gui.i18n import QT_TRANSLATE_NOOP, translate

NAME, VALUE, PAYLOAD, MESSAGES, RATE, RETAINED = range(6)
COLUMN_COUNT = 6

TOPIC_ROLE = Qt.ItemDataRole.UserRole + 1
"""The full path of a level (``a/b`` for level ``b`` under ``a``); what search matches."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
"""A value that sorts naturally per column (numbers as numbers)."""

_CONTEXT = "TopicBrowser"
_HEADERS = (
    QT_TRANSLATE_NOOP("TopicBrowser", "Topic"),
    QT_TRANSLATE_NOOP("TopicBrowser", "Last value"),
    QT_TRANSLATE_NOOP("TopicBrowser", "Last payload"),
    QT_TRANSLATE_NOOP("TopicBrowser", "Messages"),
    QT_TRANSLATE_NOOP("TopicBrowser", "Rate (msg/s)"),
    QT_TRANSLATE_NOOP("TopicBrowser", "Retained"),
)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter.value)


class TopicColumns:
    """Text, sort keys, tooltips and alignment of the topic tree's columns."""

    def __init__(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        """Look the words up again (the tree calls this when the language changed)."""
        self._headers = [translate(_CONTEXT, text) for text in _HEADERS]
        self._yes = translate("TopicBrowser", "yes")
        self._empty = translate("TopicBrowser", "(empty)")

    def header(self, column: int) -> str | None:
        return self._headers[column] if 0 <= column < COLUMN_COUNT else None

    def display(
        self, name: str, snap: TopicSnapshot | None, rate: float, column: int
    ) -> str | None:
        if column == NAME:
            return name or self._empty  # a level between two slashes: a//b
        if snap is None:  # a level that is no topic shows only its name
            return None
        if column == VALUE:
            return format_value(snap.value)
        if column == PAYLOAD:
            return payload_preview(snap.payload)
        if column == MESSAGES:
            return i18n.number(snap.messages)
        if column == RATE:
            return format_rate(rate)
        if column == RETAINED:
            return self._yes if snap.retained else ""
        return None

    @staticmethod
    def sort_key(
        name: str, snap: TopicSnapshot | None, rate: float, column: int
    ) -> str | float | int:
        if column == NAME:
            return name.casefold()
        if column == PAYLOAD:
            return "" if snap is None else payload_preview(snap.payload)
        if column == RATE:
            return rate
        if snap is None:
            return -1
        if column == VALUE:
            return float("-inf") if snap.value is None else snap.value
        if column == MESSAGES:
            return snap.messages
        return int(snap.retained)

    @staticmethod
    def tooltip(path: str, snap: TopicSnapshot | None, column: int) -> str | None:
        if column == NAME:
            return path
        if column == PAYLOAD and snap is not None:
            return payload_preview(snap.payload, 400)
        return None

    @staticmethod
    def alignment(column: int) -> int | None:
        if column in (VALUE, MESSAGES, RATE):
            return _RIGHT
        if column == RETAINED:
            return _CENTRE
        return None
