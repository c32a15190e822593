"""Bounded, multi-resolution history per series.

Each series keeps three views of its past, so a plot of any window reads few
points and still shows the true peaks:

* raw readings for ``raw_window_s`` (default 1 h), at most ``max_raw_points``;
* per-minute min, max, mean and count for ``minute_tier_s`` (default 24 h);
* per-10-minute min, max, mean and count for ``coarse_tier_s`` (default 7 d).

Memory is fixed per series by configuration, never by uptime. Storage is
``array.array`` (compact like numpy, but cheap to write one element at a
time from Python, which is what ingest does); readers get numpy copies.

Ingest appends from the MQTT thread in batches and the GUI reads at frame
time; one lock guards the whole store and is held per batch, never per
message.
"""

from __future__ import annotations

import bisect
import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from smartcity_console.core.readings import Reading
from smartcity_console.core.tiers import Tier, TierView
from smartcity_console.core.topics import matches

FloatArray = npt.NDArray[np.float64]

# Raw arrays may grow this much past their bound before the oldest part is cut
# in one move, so trimming costs O(1) amortised per reading.
_SLACK = 1.1
# A series is stale after this many of its usual intervals without a reading.
STALE_FACTOR = 3.0
_MIN_STALE_S = 5.0
# Tiers number their buckets in 32 bits; later times are refused as clock faults.
_LATEST_T = 1e11


@dataclass(frozen=True, slots=True)
class HistoryLimits:
    raw_window_s: float = 3600.0
    max_raw_points: int = 3600
    minute_tier_s: float = 86_400.0
    coarse_tier_s: float = 7 * 86_400.0

    def tiers(self) -> tuple[tuple[float, int], ...]:
        """(bucket seconds, slots) of each aggregate tier; one spare slot for the open bucket."""
        return (
            (60.0, int(self.minute_tier_s // 60) + 1),
            (600.0, int(self.coarse_tier_s // 600) + 1),
        )


class SeriesBuffer:
    """History of one series: raw readings in time order, plus aggregate tiers."""

    __slots__ = (
        "_t",
        "_v",
        "dead",
        "duplicates",
        "expected_interval_s",
        "interval_ewma",
        "last_arrival",
        "limits",
        "out_of_order",
        "raw_complete_since",
        "state",
        "tiers",
        "too_old",
        "unit",
    )

    def __init__(self, limits: HistoryLimits, unit: str | None = None) -> None:
        self.limits = limits
        self.unit = unit
        # A two-valued series (0/1: a contact, a motion sensor, a relay): drawn as steps.
        self.state = False
        self._t = array("d")
        self._v = array("d")
        self.tiers = tuple(Tier(bucket_s, slots) for bucket_s, slots in limits.tiers())
        self.out_of_order = 0  # arrived late, placed in time order
        # Raw readings hold everything from this time on (-inf until the first trim).
        self.raw_complete_since = -np.inf
        self.too_old = 0  # older than every tier's horizon: counted, not stored
        # The same time and value again: a QoS 1 redelivery (MQTT delivers at least
        # once; a broker restarted from its persistence file, a failover), counted.
        self.duplicates = 0
        self.last_arrival = 0.0
        self.interval_ewma = 0.0  # learned spacing of readings, for stale detection
        self.expected_interval_s: float | None = None  # from the feed mapping, when given
        # Its source said it is gone (a Sparkplug B DEATH): stale at once, until a reading.
        self.dead = False

    def __len__(self) -> int:
        return len(self._t)

    def append(self, t: float, value: float, arrival: float, *, own_time: bool = True) -> None:
        """Add one reading; ``own_time`` is False when ``t`` is the arrival time.

        A reading with its own time that the raw history already holds (same
        time, same value) is a redelivery, counted in ``duplicates``; readings
        stamped on arrival are never taken for one.
        """
        # The usual interval is learned from the readings' own times, not their
        # arrival: a backlog delivered in one burst (a persistent session after
        # a night away, the demo's backfill) must not teach "every 50 ms".
        if self._t and t > self._t[-1]:
            gap = t - self._t[-1]
            ewma = self.interval_ewma
            self.interval_ewma = gap if not ewma else ewma + 0.2 * (gap - ewma)
        self.last_arrival = arrival
        self.dead = False
        if not 0.0 <= t < _LATEST_T:
            self.too_old += 1  # before 1970 or after the year 5000: a device clock fault
            return

        ts, vs = self._t, self._v
        if own_time and ts and t <= ts[-1] and self._holds(t, value):
            self.duplicates += 1
            return
        stored = False
        for tier in self.tiers:
            stored = tier.add(t, value) or stored
        if ts and t < ts[-1]:
            if t >= self.raw_complete_since and t >= ts[-1] - self.limits.raw_window_s:
                i = bisect.bisect_right(ts, t)
                ts.insert(i, t)
                vs.insert(i, value)
                self.out_of_order += 1
                stored = True
        else:
            ts.append(t)
            vs.append(value)
            stored = True
            self._trim(t)
        if not stored:
            self.too_old += 1

    def merge_raw(self, t: FloatArray, v: FloatArray, since: float) -> int:
        """Put readings from elsewhere (the historian) under the live ones; how many were new.

        ``t``/``v`` are every reading from ``since`` on that the other side
        holds. A time the buffer already holds keeps the buffer's reading (a
        live reading is the same reading). Afterwards the raw readings are
        complete from ``since`` on, unless live readings older than ``since``
        were complete before it already; the usual bounds then trim the oldest.
        The tiers are not touched: the caller merges the historian's buckets
        into them (:meth:`Tier.merge`), which already count these readings.
        """
        t = np.asarray(t, dtype=np.float64)
        v = np.asarray(v, dtype=np.float64)
        live_t = np.frombuffer(self._t, dtype=np.float64)
        live_v = np.frombuffer(self._v, dtype=np.float64)
        fine = (t >= since) & (t >= 0.0) & (t < _LATEST_T) & ~np.isin(t, live_t)
        if not fine.any():
            return 0
        added = int(fine.sum())
        all_t = np.concatenate([live_t, t[fine]])
        all_v = np.concatenate([live_v, v[fine]])
        order = np.argsort(all_t, kind="stable")
        first_live = live_t[0] if len(live_t) else np.inf
        if self.raw_complete_since == -np.inf:
            complete = since if since <= first_live else -np.inf
        else:
            complete = min(self.raw_complete_since, since)
        self._t = array("d", all_t[order].tobytes())
        self._v = array("d", all_v[order].tobytes())
        self.raw_complete_since = complete
        newest = self._t[-1]
        if (
            newest - self.limits.raw_window_s > self._t[0]
            or len(self._t) > self.limits.max_raw_points
        ):
            cut = max(
                bisect.bisect_left(self._t, newest - self.limits.raw_window_s),
                len(self._t) - self.limits.max_raw_points,
            )
            if cut > 0:
                del self._t[:cut]
                del self._v[:cut]
                self.raw_complete_since = max(self.raw_complete_since, self._t[0])
        return added

    def _holds(self, t: float, value: float) -> bool:
        """Whether the raw readings already hold this time with this value."""
        ts, vs = self._t, self._v
        i = bisect.bisect_right(ts, t) - 1
        while i >= 0 and ts[i] == t:
            if vs[i] == value:
                return True
            i -= 1
        return False

    def _trim(self, newest: float) -> None:
        ts = self._t
        limits = self.limits
        excess = len(ts) - limits.max_raw_points
        if excess > limits.max_raw_points * (_SLACK - 1):
            cut = excess
        elif ts[0] < newest - limits.raw_window_s * _SLACK:
            cut = bisect.bisect_left(ts, newest - limits.raw_window_s)
        else:
            return
        del ts[:cut]
        del self._v[:cut]
        self.raw_complete_since = ts[0]

    def window(self, since: float = -np.inf) -> tuple[FloatArray, FloatArray]:
        """Copies of the raw samples at or after ``since``."""
        start = bisect.bisect_left(self._t, since) if since > -np.inf else 0
        t = np.frombuffer(self._t, dtype=np.float64)[start:].copy()
        v = np.frombuffer(self._v, dtype=np.float64)[start:].copy()
        return t, v

    def first_raw_time(self) -> float | None:
        """The oldest raw reading held, or None."""
        return self._t[0] if self._t else None

    def last(self) -> tuple[float, float] | None:
        if not self._t:
            return None
        return self._t[-1], self._v[-1]

    def is_stale(self, now: float) -> bool:
        """No reading for ``STALE_FACTOR`` expected intervals (configured, or learned).

        Or its source announced its end (:meth:`SeriesStore.mark_stale`), until
        the next reading.
        """
        if self.dead:
            return True
        interval = self.expected_interval_s or self.interval_ewma
        if not interval or not self.last_arrival:
            return False
        return now - self.last_arrival > max(STALE_FACTOR * interval, _MIN_STALE_S)


@dataclass(frozen=True, slots=True)
class SeriesSnapshot:
    """What a plot draws: raw points, or per-bucket mean with a min/max envelope."""

    name: str
    unit: str | None
    resolution: Literal["raw", "1min", "10min"]
    t: FloatArray
    v: FloatArray
    v_min: FloatArray | None = None
    v_max: FloatArray | None = None
    state: bool = False
    """A two-valued series (Reading.state): plots draw steps, tiles say on/off."""


_TIER_NAMES: tuple[Literal["1min"], Literal["10min"]] = ("1min", "10min")


def _from_tier(
    name: str, unit: str | None, index: int, view: TierView, state: bool
) -> SeriesSnapshot:
    return SeriesSnapshot(
        name, unit, _TIER_NAMES[index], view.t, view.mean, view.min, view.max, state
    )


class SeriesStore:
    """All series the console has seen, shared between the ingest thread and the GUI."""

    def __init__(self, limits: HistoryLimits | None = None) -> None:
        self.limits = limits or HistoryLimits()
        self.lock = threading.Lock()
        self._series: dict[str, SeriesBuffer] = {}
        self._versions: dict[str, int] = {}
        self.version = 0  # bumped once per batch; the GUI redraws only when it moved

    def append_batch(
        self,
        readings: Iterable[Reading],
        arrival: float,
        expected_intervals: dict[str, float] | None = None,
    ) -> int:
        """Store decoded readings; a reading without time takes the batch's arrival time.

        ``expected_intervals`` carries the feed mapping's ``expected_interval_s``
        for the batch's series, which then overrides the learned interval.
        """
        count = 0
        with self.lock:
            series = self._series
            versions = self._versions
            version = self.version + 1
            for name, t, value, unit, state in readings:
                buf = series.get(name)
                if buf is None:
                    buf = series[name] = SeriesBuffer(self.limits, unit)
                    buf.state = state
                elif unit is not None and buf.unit != unit:
                    buf.unit = unit
                if t is None:
                    buf.append(arrival, value, arrival, own_time=False)
                else:
                    buf.append(t, value, arrival)
                versions[name] = version
                count += 1
            if count:
                self.version = version
            for name, interval in (expected_intervals or {}).items():
                if name in series:
                    series[name].expected_interval_s = interval
        return count

    def merge_history(
        self,
        name: str,
        unit: str | None,
        raw: tuple[FloatArray, FloatArray, float] | None = None,
        buckets: Iterable[tuple[float, TierView]] = (),
        *,
        state: bool = False,
    ) -> int:
        """Merge the historian's past of one series below its live readings; how many went in.

        ``raw`` is ``(t, v, since)``: every reading from ``since`` on;
        ``buckets`` pairs a width in seconds with min/max/mean/count buckets
        of that width (``TierView``), each merged into the tier of that width,
        else the finest tier it divides (:meth:`Tier.merge`). The series is created when
        the console has not seen it live yet; its version moves, so plots redraw.
        ``state``: the historian says the series is two-valued (steps, on/off).
        """
        with self.lock:
            buf = self._series.get(name)
            if buf is None:
                buf = self._series[name] = SeriesBuffer(self.limits, unit)
            elif buf.unit is None:
                buf.unit = unit
            if state and not buf.state:
                buf.state = True
                self.version += 1
                self._versions[name] = self.version
            merged = 0
            oldest, newest = np.inf, -np.inf
            for width, view in buckets:
                exact = [tier for tier in buf.tiers if tier.bucket_s == width]
                coarser = [tier for tier in buf.tiers if tier.bucket_s % width == 0]
                for tier in exact or coarser[:1]:
                    # A mean the server could not give (its sum overflowed): the midrange.
                    mean = np.where(np.isnan(view.mean), (view.min + view.max) / 2, view.mean)
                    merged += tier.merge(view.t, view.min, view.max, mean * view.count, view.count)
                if len(view.t):
                    oldest = min(oldest, float(view.t[0]))
                    newest = max(newest, float(view.t[-1]) + width)
            first = buf.first_raw_time()
            if buf.raw_complete_since == -np.inf and oldest < (
                first if first is not None else np.inf
            ):
                # The tiers now reach back before the raw readings: these no longer hold
                # "everything", so a window before them is answered from the tiers.
                buf.raw_complete_since = first if first is not None else newest
            if raw is not None:
                merged += buf.merge_raw(*raw)
            if merged:
                self.version += 1
                self._versions[name] = self.version
            return merged

    def clear(self) -> None:
        """Forget every reading (a replay sought back starts over); plots redraw, empty."""
        with self.lock:
            self.version += 1
            for name in self._series:
                self._versions[name] = self.version
            self._series.clear()

    def names(self, topic_filter: str = "#") -> list[str]:
        """Series whose name (topic, or topic#path) matches an MQTT filter, sorted."""
        with self.lock:
            names = list(self._series)
        return sorted(n for n in names if matches(topic_filter, n.split("#", 1)[0]))

    def series_version(self, name: str) -> int:
        return self._versions.get(name, 0)

    def buffer(self, name: str) -> SeriesBuffer | None:
        """The live buffer; read its scalars freely, copy arrays only under ``lock``."""
        return self._series.get(name)

    def snapshot(
        self, name: str, since: float = -np.inf, until: float | None = None
    ) -> SeriesSnapshot | None:
        """The finest history that covers ``since``: raw, then 1-minute, then 10-minute."""
        with self.lock:
            buf = self._series.get(name)
            if buf is None:
                return None
            if since >= buf.raw_complete_since:
                t, v = buf.window(since)
                return SeriesSnapshot(name, buf.unit, "raw", t, v, state=buf.state)
            last = buf.last()
            end = until if until is not None else (last[0] if last else since)
            for index, tier in enumerate(buf.tiers):
                if tier.covers(since, end) or index == len(buf.tiers) - 1:
                    return _from_tier(name, buf.unit, index, tier.view(since, end), buf.state)
        raise AssertionError("unreachable: the last tier always answers")

    def mark_stale(self, names: Iterable[str]) -> None:
        """Stale now, without waiting for silence: the source said it is gone.

        A Sparkplug B NDEATH or DDEATH (core/sparkplug) names every series of
        that node or device; the next reading of a series ends it. Names the
        store does not hold are skipped.
        """
        with self.lock:
            series = self._series
            for name in names:
                buf = series.get(name)
                if buf is not None:
                    buf.dead = True
            self.version += 1

    def stale(self, now: float) -> set[str]:
        with self.lock:
            return {name for name, buf in self._series.items() if buf.is_stale(now)}

    def __len__(self) -> int:
        return len(self._series)
