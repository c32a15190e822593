"""Bounded per-series history in numpy arrays.

Ingest appends from the MQTT thread in batches, the GUI reads at frame time;
one lock guards the whole store and is held for a batch, never per message.
Each series keeps its samples in time order in a linear array twice its
capacity: appends are O(1), and when the array fills the older half is
discarded in one copy, so a plot reads a contiguous slice without wrap-around.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from smartcity_console.core.readings import Reading
from smartcity_console.core.topics import matches

FloatArray = npt.NDArray[np.float64]


class SeriesBuffer:
    """Samples of one series, oldest first, at most ``capacity`` kept after a trim."""

    __slots__ = ("_n", "_t", "_v", "capacity", "last_arrival", "out_of_order", "too_old", "unit")

    def __init__(self, capacity: int, unit: str | None = None) -> None:
        self.capacity = capacity
        self.unit = unit
        self._t: FloatArray = np.empty(2 * capacity, dtype=np.float64)
        self._v: FloatArray = np.empty(2 * capacity, dtype=np.float64)
        self._n = 0
        self.out_of_order = 0  # placed correctly although they arrived late
        self.too_old = 0  # older than everything kept: counted, not stored
        self.last_arrival = 0.0

    def __len__(self) -> int:
        return self._n

    def append(self, t: float, value: float) -> None:
        n = self._n
        if n == 2 * self.capacity:
            keep = self.capacity
            self._t[:keep] = self._t[n - keep : n]
            self._v[:keep] = self._v[n - keep : n]
            n = keep
        if n and t < self._t[n - 1]:
            self._insert_late(n, t, value)
            return
        self._t[n] = t
        self._v[n] = value
        self._n = n + 1

    def _insert_late(self, n: int, t: float, value: float) -> None:
        if t < self._t[0]:
            self._n = n
            self.too_old += 1
            return
        i = int(np.searchsorted(self._t[:n], t, side="right"))
        self._t[i + 1 : n + 1] = self._t[i:n].copy()
        self._v[i + 1 : n + 1] = self._v[i:n].copy()
        self._t[i] = t
        self._v[i] = value
        self._n = n + 1
        self.out_of_order += 1

    def window(self, since: float = -np.inf) -> tuple[FloatArray, FloatArray]:
        """Copies of the samples at or after ``since`` (safe to use outside the lock)."""
        n = self._n
        start = int(np.searchsorted(self._t[:n], since, side="left")) if n else 0
        return self._t[start:n].copy(), self._v[start:n].copy()

    def last(self) -> tuple[float, float] | None:
        if not self._n:
            return None
        return float(self._t[self._n - 1]), float(self._v[self._n - 1])


@dataclass(frozen=True, slots=True)
class SeriesSnapshot:
    name: str
    unit: str | None
    t: FloatArray
    v: FloatArray


class SeriesStore:
    """All series the console has seen, shared between the ingest thread and the GUI."""

    def __init__(self, capacity: int = 7200) -> None:
        self.capacity = capacity
        self.lock = threading.Lock()
        self._series: dict[str, SeriesBuffer] = {}
        self._versions: dict[str, int] = {}
        self.version = 0  # bumped once per batch; the GUI redraws only when it moved

    def append_batch(self, readings: Iterable[Reading], arrival: float) -> int:
        """Store decoded readings; a reading without time takes the batch's arrival time."""
        count = 0
        with self.lock:
            series = self._series
            versions = self._versions
            version = self.version + 1
            for name, t, value, unit in readings:
                buf = series.get(name)
                if buf is None:
                    buf = series[name] = SeriesBuffer(self.capacity, unit)
                elif unit is not None and buf.unit != unit:
                    buf.unit = unit
                buf.append(arrival if t is None else t, value)
                buf.last_arrival = arrival
                versions[name] = version
                count += 1
            if count:
                self.version = version
        return count

    def names(self, topic_filter: str = "#") -> list[str]:
        """Series whose name (topic, or topic#path) matches an MQTT filter, sorted."""
        with self.lock:
            names = list(self._series)
        return sorted(n for n in names if matches(topic_filter, n.split("#", 1)[0]))

    def series_version(self, name: str) -> int:
        return self._versions.get(name, 0)

    def snapshot(self, name: str, since: float = -np.inf) -> SeriesSnapshot | None:
        with self.lock:
            buf = self._series.get(name)
            if buf is None:
                return None
            t, v = buf.window(since)
            return SeriesSnapshot(name, buf.unit, t, v)

    def __len__(self) -> int:
        return len(self._series)
