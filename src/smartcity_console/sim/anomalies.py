"""The four planted anomalies: what each is, and how it bends a series' values.

Normal means normal: outside anomalies every value lies within its series'
``[low, high]``; inside one the value is clearly beyond ``high`` for the
whole window (river, PM2.5, price), or the station is silent. A threshold or
stale-feed rule on the normal range therefore fires once per anomaly and
never otherwise. When they happen is drawn by sim/schedule.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np

from smartcity_console.sim.daytime import FloatArray, smoothstep
from smartcity_console.sim.series import Series

AnomalyKind: TypeAlias = Literal["river_rise", "pm25_spike", "price_jump", "station_silent"]
ANOMALY_KINDS: tuple[AnomalyKind, ...] = (
    "river_rise",
    "pm25_spike",
    "price_jump",
    "station_silent",
)


@dataclass(frozen=True, slots=True)
class Anomaly:
    """One planted anomaly on one topic, active for ``start <= t < end`` (epoch s).

    During it the topic's values lie clearly above its ``high`` (river, PM2.5,
    price), or the topic publishes nothing (``station_silent``).
    """

    kind: AnomalyKind
    topic: str
    start: float
    end: float
    description: str

    def active(self, t: float) -> bool:
        return self.start <= t < self.end


@dataclass(frozen=True, slots=True)
class Episode:
    """An anomaly plus the shape parameters that make it (sim/ only)."""

    anomaly: Anomaly
    magnitude: float  # river: extra metres at the crest; pm25: extra ug/m3; price: factor
    rain_topic: str | None = None
    lead_s: float = 0.0  # river: rain and rising water before the level crosses ``high``
    recession_s: float = 0.0  # river: falling water after the anomaly
    burst_s: float = 0.0
    burst_peak: float = 0.0  # mm/h at the rain station, within its normal range

    @property
    def topics(self) -> tuple[str, ...]:
        a = self.anomaly
        return (a.topic, self.rain_topic) if self.rain_topic else (a.topic,)

    @property
    def footprint(self) -> tuple[float, float]:
        a = self.anomaly
        return a.start - self.lead_s, a.end + self.recession_s


PRICE_STEP = 500.0
RIVER_MARGIN = 0.4  # metres above ``high`` at the edges of a river-rise window
PM25_FLOOR = 160.0  # ug/m3: "very unhealthy" (ISPU) throughout a spike


def shape_before_clip(ep: Episode, s: Series, t: FloatArray, v: FloatArray) -> FloatArray:
    """Lead-in, recession and rain burst: the normal-range part of a river rise."""
    a = ep.anomaly
    if a.kind != "river_rise":
        return v
    if s.topic == ep.rain_topic:
        u = (t - (a.start - ep.lead_s)) / ep.burst_s
        burst = np.where((u >= 0) & (u < 1), ep.burst_peak * np.sin(np.pi * np.clip(u, 0, 1)), 0)
        return np.maximum(v, burst)
    if s.topic != a.topic:
        return v
    lead_in = (t >= a.start - ep.lead_s) & (t < a.start)
    rising = v + (s.high - 0.1 - v) * smoothstep((t - (a.start - ep.lead_s)) / ep.lead_s)
    after = (t >= a.end) & (t < a.end + ep.recession_s)
    falling = v + (s.high - 0.15 - v) * (1.0 - smoothstep((t - a.end) / ep.recession_s))
    return np.where(lead_in, rising, np.where(after, falling, v))


def shape_anomaly(ep: Episode, s: Series, t: FloatArray, v: FloatArray) -> FloatArray:
    """Values inside the anomaly window: clearly above ``high`` throughout."""
    a = ep.anomaly
    if s.topic != a.topic or a.kind == "station_silent":
        return v
    inside = (t >= a.start) & (t < a.end)
    crest = np.sin(np.pi * np.clip((t - a.start) / (a.end - a.start), 0.0, 1.0))
    if a.kind == "river_rise":
        abnormal = s.high + RIVER_MARGIN + ep.magnitude * crest
    elif a.kind == "pm25_spike":
        abnormal = PM25_FLOOR + ep.magnitude * crest
    else:  # price_jump: at least +40 % on the board and above the normal range
        jumped = np.maximum(v * ep.magnitude, 1.1 * s.high)
        abnormal = np.ceil(jumped / PRICE_STEP) * PRICE_STEP
    return np.where(inside, abnormal, v)
