"""The diagnostics view: per feed, the message rate, decode errors and the last bad payload.

Bad input never stops ingestion (docs/contracts.md, Feed contract); this is where an
installer sees it instead. A view over :class:`FeedDiagnosticsModel`, whose
one-second timer runs while the view is visible; the selected feed's last bad
payload is shown in full below the table, escaped so that any bytes display.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QFontDatabase, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.gui import i18n
from smartcity_console.gui.diagnostics.model import (
    BAD_PAYLOAD,
    FILTER,
    LAST_ERROR,
    FeedDiagnosticsModel,
)
from smartcity_console.gui.formatting import format_rate, payload_text
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.widgets.retranslating import Retranslating

__all__ = ["DiagnosticsView", "FeedDiagnosticsModel"]

REFRESH_INTERVAL_MS = 1000

_CONTEXT = "FeedDiagnostics"


class DiagnosticsView(Retranslating, QWidget):
    """Totals, a table of feeds, and the selected feed's last bad payload."""

    def __init__(
        self,
        model: FeedDiagnosticsModel,
        interval_ms: int = REFRESH_INTERVAL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self.totals = QLabel(self)
        self.table = QTableView(self)
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FILTER, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(FILTER, 220)
        # The two free-text columns share what the counts leave; the detail pane
        # below shows the selected feed's error and bad payload in full.
        header.setSectionResizeMode(LAST_ERROR, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(BAD_PAYLOAD, QHeaderView.ResizeMode.Stretch)
        self.detail_label = QLabel(self)
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))

        pane = QWidget(self)
        pane_layout = QVBoxLayout(pane)
        pane_layout.setContentsMargins(0, 0, 0, 0)
        pane_layout.addWidget(self.detail_label)
        pane_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(pane)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.totals)
        layout.addWidget(splitter, 1)

        self._shown: tuple[int, str | None, bytes | None] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.refresh()

    def refresh(self, now: float | None = None) -> None:
        """Update rates, totals and the detail pane (the timer calls this while visible)."""
        self._model.refresh(time.time() if now is None else now)
        stats = self._model.stats
        self.totals.setText(
            translate(
                "FeedDiagnostics",
                "Total: {messages} messages ({rate} msg/s) · {readings} readings"
                " · {errors} errors · {unmatched} unmatched",
            ).format(
                messages=i18n.number(stats.messages),
                rate=format_rate(self._model.total_rate),
                readings=i18n.number(stats.readings),
                errors=i18n.number(stats.errors),
                unmatched=i18n.number(stats.unmatched),
            )
        )
        self._show_row(self.table.currentIndex().row())

    def retranslate(self) -> None:
        self._shown = None  # the detail line is words too
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.refresh()
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        self._timer.stop()
        super().hideEvent(event)

    def _on_current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_row(current.row())

    def _show_row(self, row: int) -> None:
        feed = self._model.feed(row)
        key = None if feed is None else (row, feed.last_error, feed.last_bad_payload)
        if key == self._shown:
            return  # unchanged: keep the operator's scroll position and selection
        self._shown = key
        if feed is None:
            self.detail_label.setText(
                translate("FeedDiagnostics", "Select a feed to see its last bad payload.")
            )
            self.detail.clear()
        elif feed.last_error is None:
            self.detail_label.setText(
                translate("FeedDiagnostics", "{feed}: no bad payload so far.").format(
                    feed=feed.topic_filter
                )
            )
            self.detail.clear()
        else:
            self.detail_label.setText(
                translate("FeedDiagnostics", "{feed} — last error: {error}").format(
                    feed=feed.topic_filter, error=feed.last_error
                )
            )
            bad = feed.last_bad_payload
            self.detail.setPlainText("" if bad is None else payload_text(bad))
