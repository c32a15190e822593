"""Collect Python's reference cycles on the GUI thread, never on a worker (see gc_policy.py)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from smartcity_console.gc_policy import collect_if_due

INTERVAL_MS = 500  # often enough that garbage never piles up between two checks


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects from a timer of the GUI thread."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(collect_if_due)
        self._timer.start()
