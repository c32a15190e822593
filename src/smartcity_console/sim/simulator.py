"""The Rembang simulator: plausible feeds for all six programs, with planted anomalies.

Demos, load tests and alarm tests need data that looks like the regency (the
morning rush on the Pantura, the fish auction before dawn, the tide at
Pelabuhan Tasik Agung) and that breaks in known ways at known times, so that an
alarm rule can be checked against a schedule rather than eyeballed.

Three decisions shape the simulator:

* **Stateless values.** A reading is a pure function of (seed, series, time):
  noise comes from a counter-based hash (sim/noise.py), never from a stateful
  generator. Two publishers with the same seed publish the same value for
  the same timestamp, however they step, and a test can evaluate a week of
  one series in one vectorised call (:meth:`Simulator.readings`).
* **Explicit anomaly schedule.** Anomalies are drawn per WIB calendar day and
  can be listed for any interval (:meth:`Simulator.anomalies_between`,
  sim/schedule.py).
* **Normal means normal.** Outside anomalies every value lies within its
  series' ``[low, high]`` (one resolution step inside a non-zero bound, so
  ``>=`` rules stay quiet too); inside one, the value is clearly beyond
  ``high`` for the whole window, or the station is silent (sim/anomalies.py).

This module steps the catalogue (sim/catalogue.py) through time: which ticks
are due, their values, the anomalies applied. Qt-free and without I/O: the
only clock read is the default ``start``.
"""

from __future__ import annotations

import dataclasses
import math
import time

import numpy as np
import numpy.typing as npt

from smartcity_console.sim.anomalies import Anomaly, shape_anomaly, shape_before_clip
from smartcity_console.sim.catalogue import CATALOGUE
from smartcity_console.sim.daytime import FloatArray
from smartcity_console.sim.noise import Noise
from smartcity_console.sim.schedule import AnomalySchedule
from smartcity_console.sim.series import Message, ModelContext, Payload, Series

_BLOCK = 256  # ticks computed together by Simulator.step


class Simulator:
    """Deterministic feeds for the whole catalogue plus a queryable anomaly schedule.

    ``seed`` fixes every value and the anomaly schedule; ``start`` is where
    :meth:`step` begins (default: now); ``rate`` multiplies how often each
    series publishes; ``anomaly_rate_per_day`` is the number of anomalies per
    WIB day (4: each kind exactly once a day; a fraction adds one more on that
    share of days; a day too crowded to fit one without overlap gets fewer).
    """

    def __init__(
        self,
        seed: int = 0,
        start: float | None = None,
        anomaly_rate_per_day: float = 4.0,
        rate: float = 1.0,
    ) -> None:
        if not rate > 0:
            raise ValueError(f"rate must be positive, not {rate!r}")
        if not anomaly_rate_per_day >= 0:
            raise ValueError(f"anomaly_rate_per_day must be >= 0, not {anomaly_rate_per_day!r}")
        self.seed = seed
        self.start = time.time() if start is None else float(start)
        self.anomaly_rate_per_day = anomaly_rate_per_day
        self.rate = rate
        self.series: tuple[Series, ...] = tuple(
            dataclasses.replace(s, interval_s=s.interval_s / rate) for s in CATALOGUE
        )
        self._index = {s.topic: i for i, s in enumerate(self.series)}
        self._phase = [self._draw_phase(s) for s in self.series]
        self._next = [self._first_tick(i, self.start) for i in range(len(self.series))]
        self._cursor = self.start
        self._blocks: dict[int, tuple[int, list[float], list[float | None]]] = {}
        self.schedule = AnomalySchedule(seed, self.series, anomaly_rate_per_day)

    # -- catalogue ---------------------------------------------------------

    def _draw_phase(self, s: Series) -> float:
        """Offset of a series' ticks within its interval, so feeds don't publish in lockstep."""
        u = Noise(self.seed, s.topic).uniform("phase", np.zeros(1, dtype=np.int64))[0]
        return round(float(u) * s.interval_s, 3)

    def series_for(self, topic: str) -> Series:
        return self.series[self._index[topic]]

    @property
    def topics(self) -> list[str]:
        return [s.topic for s in self.series]

    @property
    def silent_candidates(self) -> tuple[Series, ...]:
        """Series that may go silent: alone at their station, fast, never another target."""
        return self.schedule.silent_candidates

    def anomalies_between(self, t0: float, t1: float) -> list[Anomaly]:
        """Anomalies active at some time in ``[t0, t1)``, by start time."""
        return self.schedule.anomalies_between(t0, t1)

    # -- values ------------------------------------------------------------

    def values(self, series: Series, t: npt.ArrayLike) -> FloatArray:
        """The series' values at times ``t``, anomalies included (silence is not applied)."""
        ts = np.asarray(t, dtype=np.float64).reshape(-1)
        if not ts.size:
            return ts.copy()
        ctx = ModelContext(self.seed, series.topic, series.measurement)
        v = series.model.normal(ctx, ts)
        episodes = [
            ep
            for ep in self.schedule.episodes_between(float(ts.min()), float(ts.max()))
            if series.topic in ep.topics
        ]
        for ep in episodes:
            v = shape_before_clip(ep, series, ts, v)
        step = 10.0**-series.decimals
        lo = series.low if series.low == 0 else series.low + step
        v = np.clip(v, lo, series.high - step)
        for ep in episodes:
            v = shape_anomaly(ep, series, ts, v)
        return np.round(v, series.decimals)

    def silent_mask(self, topic: str, t: FloatArray) -> npt.NDArray[np.bool_]:
        """True where ``topic`` is silenced by a ``station_silent`` anomaly."""
        mask = np.zeros(t.shape, dtype=np.bool_)
        if not t.size:
            return mask
        for ep in self.schedule.episodes_between(float(t.min()), float(t.max())):
            a = ep.anomaly
            if a.kind == "station_silent" and a.topic == topic:
                mask |= (t >= a.start) & (t < a.end)
        return mask

    # -- publishing schedule -----------------------------------------------

    def _first_tick(self, i: int, t: float) -> int:
        """Index of the first tick of series ``i`` at or after ``t``."""
        return math.ceil((t - self._phase[i]) / self.series[i].interval_s)

    def _tick_times(self, i: int, k0: int, k1: int) -> FloatArray:
        """Publish times of ticks ``k0 <= k < k1`` of series ``i`` (ms resolution)."""
        k = np.arange(k0, k1, dtype=np.float64)
        return np.round(k * self.series[i].interval_s + self._phase[i], 3)

    def readings(self, series: Series, t0: float, t1: float) -> tuple[FloatArray, FloatArray]:
        """Everything ``series`` publishes in ``[t0, t1)``: (times, values), silence applied.

        The same numbers :meth:`step` yields, computed in one vectorised call.
        """
        i = self._index[series.topic]
        ts = self._tick_times(i, self._first_tick(i, t0), self._first_tick(i, t1))
        ts = ts[~self.silent_mask(series.topic, ts)]
        return ts, self.values(series, ts)

    @property
    def cursor(self) -> float:
        """Simulated time of the last :meth:`step` (``start`` before the first)."""
        return self._cursor

    def next_due(self) -> float:
        """Simulated time of the next tick of any series (silenced ticks included)."""
        return min(
            k * s.interval_s + ph
            for k, s, ph in zip(self._next, self.series, self._phase, strict=True)
        )

    def step(self, t: float) -> list[Message]:
        """Messages due since the last step, up to and including simulated time ``t``.

        The first step starts at ``start`` (inclusive). Messages come in time
        order (catalogue order within the same millisecond); a silenced topic
        yields nothing while its anomaly lasts.
        """
        due: list[tuple[float, int, Message]] = []
        for i, s in enumerate(self.series):
            k1 = math.floor((t - self._phase[i]) / s.interval_s) + 1
            k0 = self._next[i]
            if k1 <= k0:
                continue
            self._next[i] = k1
            for k in range(k0, k1):
                when, value = self._tick(i, k)
                if value is not None:
                    # seq: the tick's number. A silent station keeps counting its
                    # measurements, so its silence shows as a gap in diagnostics.
                    payload: Payload = {"ts": when, "value": value, "unit": s.unit, "seq": k}
                    due.append((when, i, (s.topic, payload)))
        self._cursor = max(self._cursor, t)
        due.sort(key=lambda item: (item[0], item[1]))
        return [message for _, _, message in due]

    def _tick(self, i: int, k: int) -> tuple[float, float | None]:
        """Time and value of tick ``k`` of series ``i`` (None while silenced).

        Values are computed for a block of ticks at once: one numpy call per
        tick made stepping through a day take seconds. Values are pure
        functions of time, so computing ahead changes nothing.
        """
        block, j = divmod(k, _BLOCK)
        cached = self._blocks.get(i)
        if cached is None or cached[0] != block:
            s = self.series[i]
            ts = self._tick_times(i, block * _BLOCK, (block + 1) * _BLOCK)
            values = self.values(s, ts)
            silent = self.silent_mask(s.topic, ts)
            numbers: list[float | None] = [
                None if mute else (int(v) if s.decimals == 0 else v)
                for v, mute in zip(values.tolist(), silent.tolist(), strict=True)
            ]
            cached = (block, ts.tolist(), numbers)
            self._blocks[i] = cached
        return cached[1][j], cached[2][j]

    def skip(self, t: float) -> None:
        """Move the cursor to ``t`` without yielding what was due (a publisher's catch-up cap)."""
        for i in range(len(self.series)):
            self._next[i] = max(
                self._next[i], math.floor((t - self._phase[i]) / self.series[i].interval_s) + 1
            )
        self._cursor = max(self._cursor, t)
