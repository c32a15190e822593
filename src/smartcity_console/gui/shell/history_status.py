"""The history backfill in the status bar: "Loading history…", or why there is none.

One permanent label over console/history_backfill.py's status; empty once
the past is in (the plots show it). The service calls its listeners on the
thread that ticks the console, the GUI's, so the label is set directly.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from smartcity_console.console.history_backfill import BackfillStatus, HistoryBackfill


class HistoryStatusLabel(QLabel):
    """Says what the backfill is doing when there is something to say."""

    def __init__(self, backfill: HistoryBackfill, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyStatus")
        self._backfill = backfill
        backfill.listeners.append(self.show_status)
        self.show_status(backfill.status)

    def show_status(self, status: BackfillStatus) -> None:
        message = status.message
        self.setText(message.text() if message is not None else "")
        self.setToolTip(status.detail)
        self.setVisible(message is not None)
