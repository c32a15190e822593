"""The past beyond what the console holds: a plot scrolled back past 7 days asks the historian.

The store keeps 7 days of 10-minute buckets (core/series.py); the backfill
fills it (console/history_backfill.py). A plot scrolled back further has
nothing in the store to draw, so it asks this archive for its window
(:meth:`HistoryArchive.ask`, from the GUI thread, never blocking) and draws
what :meth:`HistoryArchive.snapshot` has when the answer is in. One request
at a time on a worker thread of its own; a window asked while one is on
the way is asked next (only the newest: the operator scrolled on). The
window is widened to a fiftieth of its span on each side, so scrolling by
small steps is answered from what came already. It is a cache of one window
per series, not a second store: what it holds is dropped when another
window replaces it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import httpx

from smartcity_console.core.series import SeriesSnapshot
from smartcity_console.history.client import HistoryUnavailable, HistoryWindow, fetch_window

log = logging.getLogger(__name__)

POINTS = 2000  # a wall's plot is about 2,000 pixels wide


@dataclass(frozen=True, slots=True)
class _Ask:
    names: tuple[str, ...]
    since: float
    until: float

    def covers(self, names: Sequence[str], since: float, until: float) -> bool:
        return self.since <= since and until <= self.until and set(names) <= set(self.names)


class HistoryArchive:
    """Windows of the historian past the store's horizon, fetched off the GUI thread."""

    def __init__(self, client: Callable[[], httpx.Client], points: int = POINTS) -> None:
        self._client = client
        self._points = points
        self._executor: ThreadPoolExecutor | None = None
        self._running: tuple[_Ask, Future[dict[str, HistoryWindow]]] | None = None
        self._next: _Ask | None = None
        self._held: _Ask | None = None
        self._windows: dict[str, HistoryWindow] = {}
        self.version = 0  # moves when an answer came in: plots showing the past redraw
        self.error = ""  # why the last request failed ("" when it did not)

    def ask(self, names: Sequence[str], since: float, until: float) -> None:
        """A plot shows ``names`` over ``[since, until]``: fetch it unless held or on the way."""
        if not names or until <= since:
            return
        for ask in (self._held, self._running[0] if self._running else None, self._next):
            if ask is not None and ask.covers(names, since, until):
                return
        margin = (until - since) / 50
        wanted = _Ask(
            tuple(sorted(set(names) | set(self._held.names if self._held else ()))),
            math.floor((since - margin) / 60) * 60,
            math.ceil((until + margin) / 60) * 60,
        )
        if self._running is None:
            self._submit(wanted)
        else:
            self._next = wanted

    def snapshot(self, name: str, since: float, until: float) -> SeriesSnapshot | None:
        """What the archive holds of ``name`` within ``[since, until]``, or None."""
        window = self._windows.get(name)
        if window is None or not window.known:
            return None
        keep = (window.t >= since) & (window.t <= until)
        if not keep.any():
            return None
        bucketed = window.bucket_s > 0
        return SeriesSnapshot(
            name,
            window.unit,
            "10min" if bucketed else "raw",
            window.t[keep],
            window.mean[keep],
            window.min[keep] if bucketed else None,
            window.max[keep] if bucketed else None,
            window.state,
        )

    def collect(self) -> bool:
        """Take a finished answer (the thread that ticks); True when there was one."""
        if self._running is None or not self._running[1].done():
            return False
        ask, future = self._running
        self._running = None
        got = False
        try:
            self._windows = future.result()
            self._held = ask
            self.error = ""
            self.version += 1
            got = True
        except HistoryUnavailable as exc:
            self.error = str(exc)
            log.warning("the historian's past could not be fetched: %s", exc)
        except Exception as exc:  # a bug must not stop the console; say so and go on
            log.exception("the historian's past could not be fetched")
            self.error = repr(exc)
        if self._next is not None:
            wanted, self._next = self._next, None
            self._submit(wanted)
        return got

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def _submit(self, ask: _Ask) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="history-archive")
        make_client = self._client
        points = self._points

        def job() -> dict[str, HistoryWindow]:
            with make_client() as client:
                return fetch_window(client, ask.names, ask.since, ask.until, points)

        self._running = (ask, self._executor.submit(job))
