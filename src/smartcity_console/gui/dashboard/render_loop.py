"""One frame timer for every dashboard: redraw what changed, within a budget per frame.

Ingest writes the series store in batches on its own thread; nothing here runs
per message. Each tick of the timer (``config.display.frame_rate``, 30 fps by
default) walks the registered panels, oldest drawn first, and redraws those
that are visible and whose data or time window moved, until the frame's
budget is spent; the rest wait for the next tick. A panel's cost is learned
(its last redraw plus its last paint), so the budget holds for thick pens and
big plots alike, and when everything is dirty every panel still gets its turn
within a few frames instead of one frame taking 50 ms.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

# Share of the frame interval the loop may spend on redraws and their paint;
# the rest is left for input, the status bar and the asyncio work of qasync.
# Measured with bench/render.py (24 plots, 3-px pens, grids): 0.8 and 0.75
# lowered publish-to-frame at 5,000 msg/s only within the noise while the
# burst's heartbeat lag p99 rose to 86-90 ms, near its 100 ms limit. A click
# answered promptly matters more than a curve 100 ms sooner, so the budget
# stays at half a frame (docs/dashboards.md).
BUDGET_SHARE = 0.5


class Renderable(Protocol):
    """What the loop redraws: a panel of a dashboard."""

    last_drawn: float  # monotonic time of the last redraw (0: never)
    # Optional ``data_pending: bool``: True when new readings (not just time) wait.
    cost_ms: float  # learned cost of one redraw, paint included

    def is_shown(self) -> bool: ...

    def wants_redraw(self, now: float) -> bool: ...

    def redraw(self, now: float) -> None: ...


class RenderLoop(QObject):
    """The frame timer shared by every dashboard of the application.

    Signals:
        frame_done(float): a tick redrew something; how many milliseconds it took
            (the redraws; their paint follows in Qt's paint events and is
            learned into each panel's ``cost_ms``).
    """

    frame_done = Signal(float)

    def __init__(self, frame_rate: float = 30.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._targets: list[Renderable] = []
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(1000 / frame_rate)))
        self._timer.timeout.connect(self._on_tick)
        self.frame_rate = frame_rate
        self.budget_ms = 1000 / frame_rate * BUDGET_SHARE
        self.ticks = 0
        self.frames = 0
        self.redraws = 0
        self.deferred = 0  # dirty panels left for a later tick because the budget was spent
        self.frame_ms: deque[float] = deque(maxlen=600)

    def add(self, target: Renderable) -> None:
        if target not in self._targets:
            self._targets.append(target)

    def remove(self, target: Renderable) -> None:
        if target in self._targets:
            self._targets.remove(target)

    @property
    def targets(self) -> list[Renderable]:
        return list(self._targets)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def _on_tick(self) -> None:
        self.run_frame()

    def run_frame(self, now: float | None = None, budget_ms: float | None = None) -> int:
        """Redraw dirty visible panels, least recently drawn first, within the budget."""
        started = time.perf_counter()
        self.ticks += 1
        now = time.time() if now is None else now
        budget = self.budget_ms if budget_ms is None else budget_ms
        dirty = []
        for target in list(self._targets):
            try:
                if target.is_shown() and target.wants_redraw(now):
                    dirty.append(target)
            except RuntimeError:  # its C++ widget was deleted without remove(): forget it
                self._targets.remove(target)
        if not dirty:
            return 0
        # New data first (what publish-to-screen latency is about), then panels that
        # only need their time axis moved; least recently drawn first within each.
        dirty.sort(key=lambda t: (not getattr(t, "data_pending", True), t.last_drawn))
        spent = 0.0
        drawn = 0
        for target in dirty:
            # Always draw at least one, so an expensive panel cannot starve.
            if drawn and spent + target.cost_ms > budget:
                self.deferred += len(dirty) - drawn
                break
            t0 = time.perf_counter()
            target.redraw(now)
            target.last_drawn = time.monotonic()
            spent += max(target.cost_ms, (time.perf_counter() - t0) * 1000)
            drawn += 1
        self.frames += 1
        self.redraws += drawn
        elapsed = (time.perf_counter() - started) * 1000
        self.frame_ms.append(elapsed)
        self.frame_done.emit(elapsed)
        return drawn
