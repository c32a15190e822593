"""When and where the anomalies happen: drawn per WIB calendar day, listable for any interval.

Anomalies of a day are drawn from ``random.Random(f"rembang-sim/{seed}/{day}")``,
so the schedule is a pure function of the seed, and a test can check an
alarm rule against it rather than eyeball a plot. Each anomaly, with its
lead-in and recession, stays inside its day (00:30-23:30 WIB), so a run that
starts at WIB midnight sees every anomaly of its days whole.
"""

from __future__ import annotations

import math
import random

from smartcity_console.core.clock import WIB_OFFSET_S
from smartcity_console.sim.anomalies import (
    ANOMALY_KINDS,
    PM25_FLOOR,
    RIVER_MARGIN,
    Anomaly,
    AnomalyKind,
    Episode,
)
from smartcity_console.sim.catalogue import CATALOGUE
from smartcity_console.sim.daytime import DAY, HOUR
from smartcity_console.sim.models.environment import RiverLevel
from smartcity_console.sim.series import Series, place_name

_DAY_MARGIN = 1800.0  # anomalies keep 30 minutes clear of WIB midnight
_GUARD = 1800.0  # and 30 minutes clear of another anomaly on the same topic


class AnomalySchedule:
    """The anomalies of ``series`` (the simulator's, at its rate) for ``seed``.

    ``anomaly_rate_per_day``: 4 is each kind exactly once a day; a fraction
    adds one more on that share of days; a day too crowded to fit one without
    overlap gets fewer.
    """

    def __init__(self, seed: int, series: tuple[Series, ...], anomaly_rate_per_day: float) -> None:
        self.seed = seed
        self.series = series
        self.anomaly_rate_per_day = anomaly_rate_per_day
        self._days: dict[int, tuple[Episode, ...]] = {}
        self._rivers = [s for s in series if s.measurement == "river_level"]
        self._pm25 = [s for s in series if s.measurement == "pm25"]
        self._chili = [s for s in series if s.measurement.startswith("price_cabai")]
        # Series that may go silent: alone at their station, fast, never another target.
        self.silent_candidates = self._pick_silent_candidates()

    def _pick_silent_candidates(self) -> tuple[Series, ...]:
        per_station: dict[str, int] = {}
        for s in self.series:
            per_station[s.station] = per_station.get(s.station, 0) + 1
        targets = {s.topic for s in (*self._rivers, *self._pm25, *self._chili)}
        nominal = {s.topic: s.interval_s for s in CATALOGUE}
        return tuple(
            s
            for s in self.series
            if per_station[s.station] == 1 and nominal[s.topic] <= 120 and s.topic not in targets
        )

    def anomalies_between(self, t0: float, t1: float) -> list[Anomaly]:
        """Anomalies active at some time in ``[t0, t1)``, by start time."""
        found = [
            ep.anomaly
            for ep in self.episodes_between(t0, t1)
            if ep.anomaly.end > t0 and ep.anomaly.start < t1
        ]
        return sorted(found, key=lambda a: (a.start, a.topic))

    def episodes_between(self, t0: float, t1: float) -> list[Episode]:
        """The episodes of every WIB day that ``[t0, t1]`` touches (the simulator's values)."""
        first = math.floor((t0 + WIB_OFFSET_S) / DAY)
        last = math.floor((t1 + WIB_OFFSET_S) / DAY)
        return [ep for day in range(first, last + 1) for ep in self._episodes_of_day(day)]

    def _episodes_of_day(self, day: int) -> tuple[Episode, ...]:
        cached = self._days.get(day)
        if cached is None:
            cached = self._draw_day(day)
            self._days[day] = cached
        return cached

    def _draw_day(self, day: int) -> tuple[Episode, ...]:
        rng = random.Random(f"rembang-sim/{self.seed}/{day}")
        whole = int(self.anomaly_rate_per_day)
        count = whole + (1 if rng.random() < self.anomaly_rate_per_day - whole else 0)
        first = rng.randrange(len(ANOMALY_KINDS))
        midnight = day * DAY - WIB_OFFSET_S
        episodes: list[Episode] = []
        for i in range(count):
            kind = ANOMALY_KINDS[(first + i) % len(ANOMALY_KINDS)]
            for _attempt in range(100):
                ep = self._draw_episode(kind, midnight, rng)
                if ep is not None and not any(_overlaps(ep, other) for other in episodes):
                    episodes.append(ep)
                    break
        return tuple(sorted(episodes, key=lambda e: e.anomaly.start))

    def _draw_episode(
        self, kind: AnomalyKind, midnight: float, rng: random.Random
    ) -> Episode | None:
        duration = round(rng.uniform(20.0, 90.0) * 60.0)
        day_lo, day_hi = midnight + _DAY_MARGIN, midnight + DAY - _DAY_MARGIN
        if kind == "river_rise":
            river = rng.choice(self._rivers)
            lead, recession = round(rng.uniform(60.0, 120.0) * 60.0), 90 * 60.0
            burst_s, burst_peak = round(rng.uniform(35.0, 55.0) * 60.0), rng.uniform(35.0, 60.0)
            crest = rng.uniform(0.6, 1.5)
            start = _place(rng, day_lo + lead, day_hi - duration - recession)
            rain_topic = river.model.rain_topic if isinstance(river.model, RiverLevel) else None
            rain_place = place_name(rain_topic.rsplit("/", 1)[1]) if rain_topic else "upstream"
            text = (
                f"{river.place} rises to {river.high + RIVER_MARGIN + crest:.1f} m "
                f"(normal up to {river.high:g} m) after a {burst_peak:.0f} mm/h downpour "
                f"at {rain_place}"
            )
            anomaly = Anomaly(kind, river.topic, start, start + duration, text)
            return Episode(anomaly, crest, rain_topic, lead, recession, burst_s, burst_peak)
        if kind == "pm25_spike":
            station = rng.choice(self._pm25)
            extra = rng.uniform(40.0, 200.0)
            start = _place(rng, day_lo, day_hi - duration)
            text = (
                f"PM2.5 at {station.place} reaches {PM25_FLOOR + extra:.0f} ug/m3 "
                f"(normal up to {station.high:g}): smoke from open burning"
            )
            return Episode(Anomaly(kind, station.topic, start, start + duration, text), extra)
        if kind == "price_jump":
            market = rng.choice(self._chili)
            factor = rng.uniform(1.4, 1.8)
            # Prices move while the market is open, 05:00-12:00 WIB.
            start = _place(rng, midnight + 5 * HOUR, midnight + 12 * HOUR - duration)
            commodity = market.measurement.removeprefix("price_").replace("_", " ")
            text = (
                f"{commodity.capitalize()} at {market.place} jumps by {factor - 1:.0%} or more, "
                f"above Rp {1.1 * market.high:,.0f}/kg"
            )
            return Episode(Anomaly(kind, market.topic, start, start + duration, text), factor)
        if not self.silent_candidates:
            return None
        station = rng.choice(self.silent_candidates)
        start = _place(rng, day_lo, day_hi - duration)
        text = (
            f"{station.place} stops publishing {station.measurement.replace('_', ' ')} "
            f"for {duration / 60:.0f} min"
        )
        return Episode(Anomaly(kind, station.topic, start, start + duration, text), 0.0)


def _place(rng: random.Random, lo: float, hi: float) -> float:
    """A whole second in ``[lo, hi]`` (``lo`` when the window is empty)."""
    return float(round(rng.uniform(lo, max(lo, hi))))


def _overlaps(a: Episode, b: Episode) -> bool:
    """Whether two episodes share a topic and come within ``_GUARD`` of each other."""
    if not set(a.topics) & set(b.topics):
        return False
    a0, a1 = a.footprint
    b0, b1 = b.footprint
    return a0 < b1 + _GUARD and b0 < a1 + _GUARD
