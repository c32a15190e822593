"""The table behind the diagnostics view: per ``[[feeds]]`` mapping, is data arriving and good?

The model is a thin adapter over :class:`IngestStats`: its counters are
plain ints the MQTT thread writes and the GUI reads (each read is atomic
under the GIL), so the model keeps no copy of them, only the message rate it
works out from the change of each count between two refreshes. A one-second
timer in :class:`~smartcity_console.gui.diagnostics.view.DiagnosticsView` refreshes it.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont

from smartcity_console.core.clock import wib_text
from smartcity_console.gui import i18n
from smartcity_console.gui.formatting import age_text, format_rate, payload_preview
from smartcity_console.gui.i18n import QT_TRANSLATE_NOOP, translate
from smartcity_console.gui.table_model import Index, RowTableModel
from smartcity_console.ingest.stats import FeedCounters, IngestStats

(
    FILTER,
    MESSAGES,
    RATE,
    READINGS,
    ERRORS,
    OVERSIZED,
    IGNORED,
    GAPS,
    LAST_GOOD,
    LAST_ERROR,
    BAD_PAYLOAD,
) = range(11)
COLUMN_COUNT = 11

_CONTEXT = "FeedDiagnostics"
_HEADERS = (
    QT_TRANSLATE_NOOP("FeedDiagnostics", "Topic filter"),
    QT_TRANSLATE_NOOP("FeedDiagnostics", "Messages"),
    QT_TRANSLATE_NOOP("FeedDiagnostics", "Rate (msg/s)"),
    QT_TRANSLATE_NOOP("FeedDiagnostics", "Readings"),
    QT_TRANSLATE_NOOP("FeedDiagnostics", "Decode errors"),
    QT_TRANSLATE_NOOP("FeedDiagnostics", "Oversized"),
    QT_TRANSLATE_NOOP("FeedDiagnostics", "Ignored"),
    QT_TRANSLATE_NOOP("FeedDiagnostics", "Gaps"),
    QT_TRANSLATE_NOOP("FeedDiagnostics", "Last good reading"),
    QT_TRANSLATE_NOOP("FeedDiagnostics", "Last error"),
    QT_TRANSLATE_NOOP("FeedDiagnostics", "Last bad payload"),
)
_ERROR_COLOUR = QColor("#F85149")  # the theme's "disconnected" red
_WARN_COLOUR = QColor("#D29922")  # the theme's "connecting" amber
_NUMERIC = frozenset({MESSAGES, RATE, READINGS, ERRORS, OVERSIZED, IGNORED, GAPS})
_COUNTS = {
    MESSAGES: "messages",
    READINGS: "readings",
    ERRORS: "errors",
    OVERSIZED: "oversized",
    IGNORED: "ignored",
    GAPS: "gaps",  # readings that never arrived (ingest/gaps.py)
}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class FeedDiagnosticsModel(RowTableModel[FeedCounters]):
    """One row per feed mapping; :meth:`refresh` updates rates and repaints in one signal."""

    def __init__(self, stats: IngestStats, parent: QObject | None = None) -> None:
        super().__init__(_CONTEXT, _HEADERS, parent)
        self._stats = stats
        self._rows = list(stats.feeds)
        self._last_counts = [feed.messages for feed in self._rows]
        self._last_tick: float | None = None
        self.rates = [0.0] * len(self._rows)
        self.total_rate = 0.0
        self._last_total = stats.messages
        self._now = time.time()
        self._bold = QFont()
        self._bold.setBold(True)

    def retranslate(self) -> None:
        self.refresh(self._now)

    @property
    def stats(self) -> IngestStats:
        return self._stats

    def feed(self, row: int) -> FeedCounters | None:
        return self.item(row)

    def refresh(self, now: float | None = None) -> None:
        """Work out rates from the counts since the last refresh and repaint every row."""
        now = time.time() if now is None else now
        feeds = self._stats.feeds
        if len(feeds) != len(self._rows) or any(
            a is not b for a, b in zip(feeds, self._rows, strict=True)
        ):  # other mappings (a reloaded config)
            self.beginResetModel()
            self._rows = list(self._stats.feeds)
            self._last_counts = [feed.messages for feed in self._rows]
            self.rates = [0.0] * len(self._rows)
            self.endResetModel()
        elapsed = None if self._last_tick is None else now - self._last_tick
        counts = [feed.messages for feed in self._rows]
        total = self._stats.messages
        if elapsed is not None and elapsed > 0:
            self.rates = [
                max(0, new - old) / elapsed
                for new, old in zip(counts, self._last_counts, strict=True)
            ]
            self.total_rate = max(0, total - self._last_total) / elapsed
        self._last_counts, self._last_total, self._last_tick, self._now = counts, total, now, now
        self.repaint_rows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        feed = self.item_at(index)
        if feed is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(feed, index.row(), column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == LAST_ERROR:
                return feed.last_error
            if column == BAD_PAYLOAD and feed.last_bad_payload is not None:
                return payload_preview(feed.last_bad_payload, 400)
            if column == GAPS:
                return translate(
                    "FeedDiagnostics",
                    "Readings that never arrived, by the feed's sequence number or its "
                    "expected interval; sequence restarts: {}",
                ).format(i18n.number(feed.sequence_restarts))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(_RIGHT.value)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(feed, column)
        if role == Qt.ItemDataRole.FontRole and self._colour(feed, column) is _ERROR_COLOUR:
            return self._bold
        return None

    def _display(self, feed: FeedCounters, row: int, column: int) -> str | None:
        if column == FILTER:
            return feed.topic_filter
        if column == RATE:
            return format_rate(self.rates[row])
        if column == LAST_GOOD:
            if feed.last_good_at is None:
                return translate("FeedDiagnostics", "never")
            at = feed.last_good_at
            return f"{wib_text(at, self._now)} ({age_text(self._now - at)})"
        if column == LAST_ERROR:
            return feed.last_error or ""
        if column == BAD_PAYLOAD:
            bad = feed.last_bad_payload
            return "" if bad is None else payload_preview(bad, 60)
        if column in _COUNTS:
            return i18n.number(getattr(feed, _COUNTS[column]))
        return None

    @staticmethod
    def _colour(feed: FeedCounters, column: int) -> QColor | None:
        if column in (ERRORS, LAST_ERROR, BAD_PAYLOAD) and feed.errors:
            return _ERROR_COLOUR
        if column in (OVERSIZED, LAST_ERROR) and feed.oversized:
            return _ERROR_COLOUR
        if column == GAPS and feed.gaps:
            return _WARN_COLOUR
        if column == LAST_GOOD and feed.last_good_at is None and feed.messages:
            return _WARN_COLOUR
        return None
