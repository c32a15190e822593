"""The Rembang simulator: plausible feeds for all six programs, with planted anomalies.

Demos, load tests and alarm tests need data that looks like the regency (the
morning rush on the Pantura, the fish auction before dawn, the tide at
Pelabuhan Tasik Agung) and that breaks in known ways at known times, so that an
alarm rule can be checked against a schedule rather than eyeballed.

Three decisions shape this module:

* **Stateless values.** A reading is a pure function of (seed, series, time):
  noise comes from a counter-based hash, never from a stateful generator.
  Two publishers with the same seed publish the same value for the same
  timestamp, however they step, and a test can evaluate a week of one series
  in one vectorised call (:meth:`Simulator.readings`).
* **Explicit anomaly schedule.** Anomalies are drawn per WIB calendar day from
  ``random.Random(f"rembang-sim/{seed}/{day}")`` and can be listed for any
  interval (:meth:`Simulator.anomalies_between`). Each anomaly, with its lead-in
  and recession, stays inside its day (00:30-23:30 WIB), so a run that starts
  at WIB midnight sees every anomaly of its days whole.
* **Normal means normal.** Outside anomalies every value lies within its
  series' ``[low, high]`` (one resolution step inside a non-zero bound, so
  ``>=`` rules stay quiet too); inside one, the value is clearly beyond
  ``high`` for the whole window, or the station is silent. A threshold or
  stale-feed rule on the normal range therefore fires once per anomaly and
  never otherwise.

Qt-free and without I/O: the only clock read is the default ``start``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import random
import time
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeAlias

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]
Payload: TypeAlias = dict[str, float | str]
Message: TypeAlias = tuple[str, Payload]

HOUR = 3600.0
DAY = 86400.0
WIB_OFFSET_S = 7 * 3600  # Western Indonesian Time, UTC+7, no daylight saving

# ---------------------------------------------------------------------------
# Local time (WIB)


def wib_hour(t: FloatArray) -> FloatArray:
    """Hour of the day in WIB, 0 <= h < 24."""
    return ((t + WIB_OFFSET_S) % DAY) / HOUR


def wib_day(t: FloatArray) -> FloatArray:
    """Days since 1970-01-01 WIB (a whole number per local calendar day)."""
    return np.floor((t + WIB_OFFSET_S) / DAY)


def weekday(t: FloatArray) -> FloatArray:
    """0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday)."""
    return (wib_day(t) + 3) % 7


def day_of_year(t: FloatArray) -> FloatArray:
    """Approximate day of the year (0 = 1 January); good enough for seasons."""
    return ((t + WIB_OFFSET_S) / DAY) % 365.2425


def wib_midnight(t: float) -> float:
    """Epoch seconds of the WIB midnight at or before ``t``."""
    return math.floor((t + WIB_OFFSET_S) / DAY) * DAY - WIB_OFFSET_S


def _bump(h: FloatArray, centre: float, width: float) -> FloatArray:
    """A Gaussian bump on the 24 h circle (peaks just before midnight wrap correctly)."""
    d = (h - centre + 12.0) % 24.0 - 12.0
    return np.exp(-0.5 * (d / width) ** 2)


def _window(
    h: FloatArray, open_h: float | FloatArray, close_h: float | FloatArray, edge: float
) -> FloatArray:
    """~1 between ``open_h`` and ``close_h`` with soft edges ``edge`` hours wide."""
    rise = 0.5 * (1.0 + np.tanh((h - open_h) / (2.0 * edge)))
    fall = 0.5 * (1.0 + np.tanh((close_h - h) / (2.0 * edge)))
    return rise * fall


# ---------------------------------------------------------------------------
# Deterministic noise


@functools.lru_cache(maxsize=4096)
def _key(seed: int, name: str, channel: str) -> int:
    digest = hashlib.blake2b(f"{seed}/{name}/{channel}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def _uniform(key: int, idx: IntArray) -> FloatArray:
    """SplitMix64 of ``key + idx * golden``: uniform in [0, 1), one number per index."""
    with np.errstate(over="ignore"):
        x = idx.astype(np.uint64) * _GOLDEN + np.uint64(key)
        x = (x ^ (x >> np.uint64(30))) * _MIX1
        x = (x ^ (x >> np.uint64(27))) * _MIX2
        x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(11)).astype(np.float64) * (1.0 / 2.0**53)


@dataclass(frozen=True, slots=True)
class Noise:
    """Noise for one name (a topic, or a shared name such as a commodity).

    Every method is a pure function of (seed, name, channel, time), which is
    what makes the simulator stateless and its output independent of how it
    is stepped.
    """

    seed: int
    name: str

    def uniform(self, channel: str, idx: IntArray) -> FloatArray:
        return _uniform(_key(self.seed, self.name, channel), idx)

    def smooth(self, channel: str, t: FloatArray, period: float) -> FloatArray:
        """Value noise in [-1, 1]: random knots every ``period`` s, smoothstep between."""
        x = t / period
        j = np.floor(x)
        f = x - j
        ji = j.astype(np.int64)
        a = self.uniform(channel, ji) * 2.0 - 1.0
        b = self.uniform(channel, ji + 1) * 2.0 - 1.0
        s = f * f * (3.0 - 2.0 * f)
        return a + (b - a) * s

    def jitter(self, channel: str, t: FloatArray) -> FloatArray:
        """Triangular white noise in [-1, 1], keyed on the millisecond of ``t``."""
        idx = np.round(t * 1000.0).astype(np.int64)
        return self.uniform(channel, idx) + self.uniform(channel + "'", idx) - 1.0


@dataclass(frozen=True, slots=True)
class ModelContext:
    """What a value model may use: its own noise and noise shared by name."""

    seed: int
    topic: str
    measurement: str

    @property
    def own(self) -> Noise:
        return Noise(self.seed, self.topic)

    def shared(self, name: str) -> Noise:
        return Noise(self.seed, name)


class Model(Protocol):
    """The normal behaviour of one series, vectorised over timestamps."""

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray: ...


# ---------------------------------------------------------------------------
# Value models (normal behaviour; anomalies are applied on top by Simulator)


@dataclass(frozen=True, slots=True)
class OfficeQueue:
    """People waiting at a public-service office, or (``minutes_per_person``) the wait.

    Offices open 08:00-15:00 Monday to Thursday and until 11:00 on Friday
    (Friday prayers); closed at weekends. The queue and its waiting time share
    the station's noise, so they rise and fall together.
    """

    peak: float
    minutes_per_person: float | None = None

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h, wd = wib_hour(t), weekday(t)
        close = np.where(wd == 4, 11.0, 15.0)
        open_ = np.where(wd < 5, _window(h, 8.0, close, 0.08), 0.0)
        station = ctx.shared(ctx.topic.rsplit("/", 1)[1] + "/office")
        crowd = 0.35 + 0.65 * _bump(h, 10.0, 1.6)
        crowd = crowd * (1.0 + 0.25 * station.smooth("crowd", t, HOUR))
        queue = self.peak * open_ * (crowd + 0.06 * station.jitter("q", t))
        if self.minutes_per_person is None:
            return np.maximum(queue, 0.0)
        pace = 1.0 + 0.1 * ctx.own.smooth("pace", t, 1800.0)
        return np.maximum(queue * self.minutes_per_person * pace, 0.0)


@dataclass(frozen=True, slots=True)
class ServiceLevel:
    """Share of requests served within their SLA: high, slowly wandering."""

    mean: float = 95.5

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        n = ctx.own
        return self.mean + 2.5 * n.smooth("trend", t, DAY) + 0.8 * n.smooth("hours", t, 3 * HOUR)


@dataclass(frozen=True, slots=True)
class HourlyCount:
    """A count per hour (complaints, citizen reports, 112 calls) with daily peaks."""

    base: float
    peaks: tuple[tuple[float, float, float], ...]  # (centre hour, width hours, amplitude)
    weekend: float = 1.0

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h = wib_hour(t)
        rate = np.full_like(t, self.base)
        for centre, width, amplitude in self.peaks:
            rate = rate + amplitude * _bump(h, centre, width)
        rate = rate * np.where(weekday(t) >= 5, self.weekend, 1.0)
        rate = rate * (1.0 + 0.25 * ctx.own.smooth("trend", t, 4 * HOUR))
        return np.maximum(rate + 0.8 * np.sqrt(rate) * ctx.own.jitter("n", t), 0.0)


@dataclass(frozen=True, slots=True)
class Visitors:
    """People on site at an attraction: open hours, an afternoon peak, busier weekends."""

    peak: float
    open_h: float
    close_h: float
    peak_h: float = 15.5
    width: float = 1.8
    weekend: float = 2.3
    closed_weekday: int | None = None

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h, wd = wib_hour(t), weekday(t)
        open_ = _window(h, self.open_h, self.close_h, 0.2)
        if self.closed_weekday is not None:
            open_ = np.where(wd == self.closed_weekday, 0.0, open_)
        shape = open_ * (0.12 + _bump(h, self.peak_h, self.width))
        shape = shape * np.where(wd >= 5, self.weekend, 1.0)
        n = ctx.own
        return (
            self.peak * shape * (1.0 + 0.2 * n.smooth("day", t, 2 * HOUR) + 0.06 * n.jitter("n", t))
        )


@dataclass(frozen=True, slots=True)
class EventCrowd:
    """Alun-alun Rembang: Car Free Day on Sunday morning, Saturday night crowds."""

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h, wd = wib_hour(t), weekday(t)
        car_free_day = np.where(wd == 6, 2200.0 * _bump(h, 7.0, 0.8), 0.0)
        saturday_night = np.where(wd == 5, 1400.0 * _bump(h, 20.5, 1.0), 0.0)
        evening = 220.0 * _bump(h, 20.0, 1.6)
        n = ctx.own
        wobble = 1.0 + 0.15 * n.smooth("day", t, 2 * HOUR) + 0.05 * n.jitter("n", t)
        return (car_free_day + saturday_night + evening) * wobble


@dataclass(frozen=True, slots=True)
class Price:
    """A staple's price at a market, in Rp/kg.

    Traders change the board only while the market is open (05:00-12:00 WIB);
    outside those hours the last price is repeated. Drift is shared across the
    regency's markets (``ctx.measurement``) plus a small local deviation.
    """

    nominal: float
    swing: float  # relative amplitude of the multi-day drift
    step: float  # traders quote in whole hundreds or five-hundreds of rupiah

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h = wib_hour(t)
        midnight = wib_day(t) * DAY - WIB_OFFSET_S
        board_t = np.where(
            h < 5.0, midnight - 12 * HOUR, np.where(h > 12.0, midnight + 12 * HOUR, t)
        )
        regency = ctx.shared(ctx.measurement)
        drift = self.swing * regency.smooth("trend", board_t, 4 * DAY)
        drift = drift + 0.35 * self.swing * ctx.own.smooth("local", board_t, DAY)
        return np.round(self.nominal * (1.0 + drift) / self.step) * self.step


@dataclass(frozen=True, slots=True)
class FishLanded:
    """Kilograms landed at a fish auction (TPI) in the last 5 minutes.

    Boats come in before dawn; landings end by mid-morning. Many boats stay in
    on Friday, and the catch varies over days with the sea.
    """

    peak: float

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h, wd = wib_hour(t), weekday(t)
        n = ctx.own
        catch = 1.0 + 0.3 * n.smooth("sea", t, 5 * DAY)
        friday = np.where(wd == 4, 0.35, 1.0)
        shape = _window(h, 2.5, 10.5, 0.3) * _bump(h, 5.5, 1.6)
        kg = self.peak * shape * catch * friday * (1.0 + 0.15 * n.jitter("n", t))
        return np.round(kg / 10.0) * 10.0


@dataclass(frozen=True, slots=True)
class MarketCrowd:
    """People in a traditional market: busiest around 07:00, empty after noon."""

    peak: float

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h, wd = wib_hour(t), weekday(t)
        shape = _window(h, 4.5, 12.5, 0.3) * (0.2 + _bump(h, 7.0, 1.8))
        shape = shape * np.where(wd >= 5, 1.15, 1.0)
        n = ctx.own
        return self.peak * shape * (1.0 + 0.15 * n.smooth("day", t, HOUR) + 0.05 * n.jitter("n", t))


@dataclass(frozen=True, slots=True)
class Traffic:
    """Vehicles counted in the last 5 minutes: peaks ~07:00 and ~16:30 WIB.

    ``night_floor`` is the share of the peak that never stops (the Pantura
    carries freight all night). Weekends lose most of the morning commute.
    """

    peak: float
    night_floor: float = 0.06

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h = wib_hour(t)
        workday = weekday(t) < 5
        morning = _bump(h, 7.0, 0.9) * np.where(workday, 1.0, 0.45)
        evening = _bump(h, 16.5, 1.1)
        daytime = 0.35 * _window(h, 5.5, 21.5, 0.6) + 0.12 * _bump(h, 12.0, 2.0)
        shape = np.maximum(0.06 + daytime + 0.55 * morning + 0.5 * evening, self.night_floor)
        n = ctx.own
        wobble = 1.0 + 0.1 * n.smooth("slow", t, HOUR) + 0.05 * n.jitter("n", t)
        return self.peak * shape * wobble


@dataclass(frozen=True, slots=True)
class StreetLight:
    """Street-lighting feeder power: on from dusk to dawn, dimmed 23:00-04:30."""

    rated_kw: float

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h = wib_hour(t)
        # Sunset at 6.7 deg S moves by about +-12 minutes over the year.
        shift = 0.2 * np.cos(2.0 * np.pi * (day_of_year(t) - 10.0) / 365.2425)
        dark = 1.0 - _window(h, 5.75 + shift, 17.75 + shift, 0.1)
        dim = 1.0 - 0.3 * (_window(h, 23.0, 24.5, 0.1) + _window(h, -0.5, 4.5, 0.1))
        n = ctx.own
        wobble = 1.0 + 0.02 * n.smooth("load", t, 6 * HOUR) + 0.01 * n.jitter("n", t)
        return self.rated_kw * dark * dim * wobble + 0.4  # controllers, always on


@dataclass(frozen=True, slots=True)
class WaterPressure:
    """PDAM network pressure: dips at the morning and evening demand peaks."""

    nominal: float = 2.5

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h = wib_hour(t)
        n = ctx.own
        return (
            self.nominal
            + 0.35 * _bump(h, 2.0, 2.5)
            - 0.6 * _bump(h, 6.0, 1.0)
            - 0.45 * _bump(h, 18.0, 1.3)
            + 0.1 * n.smooth("slow", t, 12 * HOUR)
            + 0.03 * n.jitter("n", t)
        )


@dataclass(frozen=True, slots=True)
class Occupancy:
    """Parking occupancy in percent: evenings around the alun-alun are busiest."""

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h = wib_hour(t)
        shape = _window(h, 7.0, 22.0, 0.5) * (0.45 + 0.55 * _bump(h, 19.5, 1.8))
        shape = shape * np.where(weekday(t) >= 5, 1.2, 1.0)
        n = ctx.own
        return 10.0 + 55.0 * shape * (
            1.0 + 0.1 * n.smooth("day", t, 2 * HOUR) + 0.03 * n.jitter("n", t)
        )


@dataclass(frozen=True, slots=True)
class WifiUsers:
    """Users on a public Wi-Fi hotspot: daytime use, an evening peak, more at weekends."""

    peak: float

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h = wib_hour(t)
        day = 0.35 * _window(h, 7.0, 23.0, 0.5) * (0.5 + 0.5 * _bump(h, 12.0, 3.0))
        shape = (0.04 + day + 0.6 * _bump(h, 20.0, 1.8)) * np.where(weekday(t) >= 5, 1.25, 1.0)
        n = ctx.own
        return self.peak * shape * (1.0 + 0.15 * n.smooth("day", t, HOUR) + 0.05 * n.jitter("n", t))


@dataclass(frozen=True, slots=True)
class Pm25:
    """PM2.5 with morning and evening traffic/cooking peaks and a clearer afternoon."""

    base: float

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h = wib_hour(t)
        shape = 1.0 + 0.35 * _bump(h, 7.0, 1.3) + 0.3 * _bump(h, 19.5, 1.8)
        shape = shape - 0.25 * _bump(h, 14.0, 2.2)
        n = ctx.own
        weather = 1.0 + 0.25 * n.smooth("weather", t, DAY) + 0.1 * n.smooth("hours", t, 2 * HOUR)
        return self.base * shape * weather + 1.5 * n.jitter("n", t)


def _diurnal(h: FloatArray) -> FloatArray:
    """-1 at 05:30, +1 at 13:30 WIB: warming for 8 h, cooling for 16 h."""
    since = (h - 5.5) % 24.0
    return np.where(since < 8.0, -np.cos(np.pi * since / 8.0), np.cos(np.pi * (since - 8.0) / 16.0))


@dataclass(frozen=True, slots=True)
class Temperature:
    """Air temperature: coolest at dawn, hottest early afternoon."""

    t_min: float = 24.5
    t_max: float = 32.5

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        mid, half = (self.t_min + self.t_max) / 2.0, (self.t_max - self.t_min) / 2.0
        n = ctx.own
        return (
            mid
            + half * _diurnal(wib_hour(t))
            + 1.0 * n.smooth("weather", t, DAY)
            + 0.15 * n.jitter("n", t)
        )


@dataclass(frozen=True, slots=True)
class Humidity:
    """Relative humidity, the mirror image of the temperature curve."""

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        n = ctx.own
        return (
            78.0
            - 14.0 * _diurnal(wib_hour(t))
            + 4.0 * n.smooth("weather", t, DAY)
            + n.jitter("n", t)
        )


def _showers(noise: Noise, slots: IntArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(start, duration, peak mm/h) of the shower in each hourly slot; peak 0 where none.

    Showers are likelier in the afternoon and in the wet season (peaking in
    January); each lasts 20-60 minutes and starts in the first 40 minutes of
    its slot, so it never reaches beyond the next slot.
    """
    slot_t = slots.astype(np.float64) * HOUR
    h = wib_hour(slot_t + HOUR / 2.0)
    season = 0.065 + 0.055 * np.cos(2.0 * np.pi * (day_of_year(slot_t) - 15.0) / 365.2425)
    chance = season * (0.4 + 1.6 * _bump(h, 15.5, 2.5))
    occurs = noise.uniform("rain?", slots) < chance
    start = slot_t + noise.uniform("rain@", slots) * 2400.0
    duration = 1200.0 + noise.uniform("rain~", slots) * 2400.0
    peak = np.where(occurs, 2.0 + 28.0 * noise.uniform("rain!", slots) ** 2, 0.0)
    return start, duration, peak


@dataclass(frozen=True, slots=True)
class Rain:
    """Rainfall intensity: zero most of the time, with short showers."""

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        slot = np.floor(t / HOUR).astype(np.int64)
        total = np.zeros_like(t)
        for back in (0, 1):
            start, duration, peak = _showers(ctx.own, slot - back)
            u = (t - start) / duration
            inside = (u >= 0.0) & (u < 1.0)
            total = total + np.where(inside, peak * np.sin(np.pi * np.clip(u, 0.0, 1.0)), 0.0)
        return total


@dataclass(frozen=True, slots=True)
class RiverLevel:
    """River level that answers the showers at ``rain_topic`` about two hours later."""

    base: float
    rain_topic: str
    metres_per_mm: float = 0.03

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        rain = ctx.shared(self.rain_topic)
        season = 0.2 * np.cos(2.0 * np.pi * (day_of_year(t) - 30.0) / 365.2425)
        level = self.base + season + 0.1 * ctx.own.smooth("slow", t, 3 * DAY)
        slot = np.floor(t / HOUR).astype(np.int64)
        for back in range(14):
            start, duration, peak = _showers(rain, slot - back)
            volume = peak * duration / HOUR * (2.0 / np.pi)  # mm: mean of a sine pulse
            x = (t - (start + duration / 2.0)) / (2.0 * HOUR)
            response = np.where(x > 0.0, x * np.exp(1.0 - x), 0.0)
            level = level + self.metres_per_mm * volume * response
        return level + 0.01 * ctx.own.jitter("n", t)


# Tidal constituents (period hours, amplitude m, phase hours): semi-diurnal M2
# dominates; S2 beats against it (spring/neap every 14.8 days); K1 and O1 add
# the diurnal inequality typical of the Java Sea.
_TIDE = ((12.4206, 0.42, 3.1), (12.0, 0.16, 1.0), (23.9345, 0.22, 7.5), (25.8193, 0.10, 4.2))


@dataclass(frozen=True, slots=True)
class Tide:
    """Sea level relative to mean sea level at Pelabuhan Tasik Agung."""

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        level = np.zeros_like(t)
        for period_h, amplitude, phase_h in _TIDE:
            level = level + amplitude * np.cos(2.0 * np.pi * (t / HOUR - phase_h) / period_h)
        n = ctx.own
        return level + 0.03 * n.smooth("surge", t, 6 * HOUR) + 0.01 * n.jitter("n", t)


# ---------------------------------------------------------------------------
# The catalogue


@dataclass(frozen=True, slots=True)
class Series:
    """One simulated feed: where it is published and what is normal for it.

    ``low``/``high`` bound every value outside anomalies; alarm rules can use
    them as thresholds. ``interval_s`` is the publish interval (already divided
    by the simulator's ``rate``).
    """

    program: str
    measurement: str
    station: str
    unit: str
    interval_s: float
    low: float
    high: float
    decimals: int
    model: Model = field(repr=False, compare=False)

    @property
    def topic(self) -> str:
        return f"rembang/{self.program}/{self.measurement}/{self.station}"

    @property
    def place(self) -> str:
        return place_name(self.station)

    def is_normal(self, value: float) -> bool:
        return self.low <= value <= self.high


_ACRONYMS = {"pdam": "PDAM", "tpi": "TPI", "mpp": "MPP", "ncc": "NCC"}


def place_name(slug: str) -> str:
    """``alun_alun_rembang`` -> ``Alun-alun Rembang``; ``tpi_sarang`` -> ``TPI Sarang``."""
    words = " ".join(_ACRONYMS.get(w, w.capitalize()) for w in slug.split("_"))
    return words.replace("Alun Alun", "Alun-alun")


def _catalogue() -> tuple[Series, ...]:
    def s(
        program: str,
        measurement: str,
        station: str,
        unit: str,
        interval_s: float,
        low: float,
        high: float,
        decimals: int,
        model: Model,
    ) -> Series:
        return Series(program, measurement, station, unit, interval_s, low, high, decimals, model)

    rain = "rembang/environment/rainfall/"
    return (
        # governance: public-service offices, LAPOR! complaints, SLA
        s("governance", "queue_length", "mpp_rembang", "people", 60, 0, 120, 0, OfficeQueue(45)),
        s("governance", "waiting_time", "mpp_rembang", "min", 60, 0, 120, 0, OfficeQueue(45, 0.6)),
        s("governance", "queue_length", "disdukcapil", "people", 60, 0, 100, 0, OfficeQueue(35)),
        s("governance", "waiting_time", "disdukcapil", "min", 60, 0, 120, 0, OfficeQueue(35, 0.9)),
        s("governance", "queue_length", "kecamatan_lasem", "people", 60, 0, 40, 0, OfficeQueue(12)),
        s("governance", "lapor_complaints", "kabupaten_rembang", "reports/h", 300, 0, 25, 0,
          HourlyCount(0.5, ((10.0, 2.5, 5.0),), weekend=0.3)),
        s("governance", "service_sla", "mpp_rembang", "%", 300, 85, 100, 1, ServiceLevel()),
        # branding: visitors and events
        s("branding", "visitors", "pantai_kartini", "people", 120, 0, 2500, 0,
          Visitors(350, 7.0, 18.0, peak_h=16.0, weekend=2.4)),
        s("branding", "visitors", "pantai_karang_jahe", "people", 120, 0, 3000, 0,
          Visitors(300, 6.5, 18.0, peak_h=16.0, weekend=2.8)),
        s("branding", "visitors", "lasem_heritage", "people", 120, 0, 1200, 0,
          Visitors(150, 8.0, 17.0, peak_h=14.0, width=2.2, weekend=2.5)),
        s("branding", "visitors", "museum_kartini", "people", 120, 0, 400, 0,
          Visitors(60, 8.0, 15.0, peak_h=11.0, width=2.0, weekend=1.8, closed_weekday=0)),
        s("branding", "event_attendance", "alun_alun_rembang", "people", 300, 0, 6000, 0,
          EventCrowd()),
        # economy: staple prices, the fish auctions, market crowd
        s("economy", "price_beras", "pasar_rembang", "Rp/kg", 300, 10000, 18000, 0,
          Price(13500, 0.04, 100)),
        s("economy", "price_cabai_rawit", "pasar_rembang", "Rp/kg", 300, 25000, 70000, 0,
          Price(45000, 0.15, 500)),
        s("economy", "price_cabai_merah", "pasar_rembang", "Rp/kg", 300, 20000, 60000, 0,
          Price(38000, 0.15, 500)),
        s("economy", "price_bawang_merah", "pasar_rembang", "Rp/kg", 300, 20000, 50000, 0,
          Price(32000, 0.10, 500)),
        s("economy", "price_beras", "pasar_lasem", "Rp/kg", 300, 10000, 18000, 0,
          Price(13700, 0.04, 100)),
        s("economy", "price_cabai_rawit", "pasar_lasem", "Rp/kg", 300, 25000, 70000, 0,
          Price(46000, 0.15, 500)),
        s("economy", "price_bawang_merah", "pasar_lasem", "Rp/kg", 300, 20000, 50000, 0,
          Price(32500, 0.10, 500)),
        s("economy", "fish_landed", "tpi_tasik_agung", "kg", 300, 0, 6000, 0, FishLanded(2500)),
        s("economy", "fish_landed", "tpi_sarang", "kg", 300, 0, 2500, 0, FishLanded(800)),
        s("economy", "market_visitors", "pasar_rembang", "people", 120, 0, 5000, 0,
          MarketCrowd(2200)),
        # living: traffic, street lights, PDAM, parking
        s("living", "traffic", "alun_alun_rembang", "vehicles/5min", 60, 0, 400, 0, Traffic(220)),
        s("living", "traffic", "pantura_kaliori", "vehicles/5min", 60, 0, 650, 0,
          Traffic(380, night_floor=0.4)),
        s("living", "traffic", "pantura_sluke", "vehicles/5min", 60, 0, 600, 0,
          Traffic(340, night_floor=0.4)),
        s("living", "traffic", "simpang_lasem", "vehicles/5min", 60, 0, 320, 0, Traffic(180)),
        s("living", "traffic", "simpang_sulang", "vehicles/5min", 60, 0, 220, 0, Traffic(120)),
        s("living", "streetlight_power", "rembang", "kW", 60, 0, 230, 1, StreetLight(180)),
        s("living", "streetlight_power", "lasem", "kW", 60, 0, 150, 1, StreetLight(120)),
        s("living", "streetlight_power", "kragan", "kW", 60, 0, 100, 1, StreetLight(80)),
        s("living", "streetlight_power", "sarang", "kW", 60, 0, 90, 1, StreetLight(70)),
        s("living", "water_pressure", "pdam_rembang", "bar", 60, 1.0, 4.0, 2, WaterPressure(2.5)),
        s("living", "water_pressure", "pdam_lasem", "bar", 60, 1.0, 4.0, 2, WaterPressure(2.4)),
        s("living", "water_pressure", "pdam_kragan", "bar", 60, 1.0, 4.0, 2, WaterPressure(2.2)),
        s("living", "parking_occupancy", "alun_alun_rembang", "%", 120, 0, 100, 0, Occupancy()),
        # society: citizen reports, 112, public Wi-Fi
        s("society", "citizen_reports", "kabupaten_rembang", "reports/h", 300, 0, 40, 0,
          HourlyCount(1.0, ((9.0, 2.0, 6.0), (19.5, 2.0, 4.0)), weekend=0.8)),
        s("society", "emergency_calls", "ncc_112", "calls/h", 300, 0, 30, 0,
          HourlyCount(2.0, ((8.0, 2.0, 3.0), (19.0, 2.5, 5.0)), weekend=1.2)),
        s("society", "wifi_users", "alun_alun_rembang", "users", 60, 0, 660, 0, WifiUsers(220)),
        s("society", "wifi_users", "pantai_kartini", "users", 60, 0, 450, 0, WifiUsers(150)),
        s("society", "wifi_users", "alun_alun_lasem", "users", 60, 0, 360, 0, WifiUsers(120)),
        s("society", "wifi_users", "kragan", "users", 60, 0, 180, 0, WifiUsers(60)),
        s("society", "wifi_users", "sarang", "users", 60, 0, 150, 0, WifiUsers(50)),
        s("society", "wifi_users", "sulang", "users", 60, 0, 120, 0, WifiUsers(40)),
        s("society", "wifi_users", "pamotan", "users", 60, 0, 135, 0, WifiUsers(45)),
        s("society", "wifi_users", "gunem", "users", 60, 0, 90, 0, WifiUsers(25)),
        # environment: air, weather, rivers, sea
        s("environment", "pm25", "alun_alun_rembang", "ug/m3", 60, 0, 55, 1, Pm25(24)),
        s("environment", "pm25", "lasem", "ug/m3", 60, 0, 55, 1, Pm25(20)),
        s("environment", "pm25", "kragan", "ug/m3", 60, 0, 55, 1, Pm25(18)),
        s("environment", "pm25", "gunem", "ug/m3", 60, 0, 55, 1, Pm25(26)),
        s("environment", "temperature", "alun_alun_rembang", "degC", 300, 18, 40, 1,
          Temperature(24.5, 32.5)),
        s("environment", "temperature", "lasem", "degC", 300, 18, 40, 1, Temperature(24.5, 32.8)),
        s("environment", "temperature", "sale", "degC", 300, 18, 40, 1, Temperature(22.5, 31.5)),
        s("environment", "temperature", "gunem", "degC", 300, 18, 40, 1, Temperature(22.0, 31.5)),
        s("environment", "humidity", "alun_alun_rembang", "%", 300, 40, 100, 0, Humidity()),
        s("environment", "rainfall", "rembang", "mm/h", 300, 0, 80, 1, Rain()),
        s("environment", "rainfall", "lasem", "mm/h", 300, 0, 80, 1, Rain()),
        s("environment", "rainfall", "sedan", "mm/h", 300, 0, 80, 1, Rain()),
        s("environment", "rainfall", "pamotan", "mm/h", 300, 0, 80, 1, Rain()),
        s("environment", "river_level", "kali_babagan", "m", 60, 0, 2.5, 2,
          RiverLevel(1.0, rain + "lasem")),
        s("environment", "river_level", "kali_sedan", "m", 60, 0, 2.5, 2,
          RiverLevel(0.8, rain + "sedan")),
        s("environment", "river_level", "kali_pamotan", "m", 60, 0, 2.5, 2,
          RiverLevel(0.9, rain + "pamotan")),
        s("environment", "tide", "pelabuhan_tasik_agung", "m", 300, -1.2, 1.2, 2, Tide()),
    )  # fmt: skip


CATALOGUE: tuple[Series, ...] = _catalogue()
"""Every simulated series at its nominal publish interval (``rate`` 1)."""


# ---------------------------------------------------------------------------
# Anomalies

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
class _Episode:
    """An anomaly plus the shape parameters that make it (internal)."""

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


_BLOCK = 256  # ticks computed together by Simulator.step
_PRICE_STEP = 500.0
_RIVER_MARGIN = 0.4  # metres above ``high`` at the edges of a river-rise window
_PM25_FLOOR = 160.0  # ug/m3: "very unhealthy" (ISPU) throughout a spike
_DAY_MARGIN = 1800.0  # anomalies keep 30 minutes clear of WIB midnight
_GUARD = 1800.0  # and 30 minutes clear of another anomaly on the same topic


def _smoothstep(u: FloatArray) -> FloatArray:
    u = np.clip(u, 0.0, 1.0)
    return u * u * (3.0 - 2.0 * u)


# ---------------------------------------------------------------------------
# The simulator


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
        self._days: dict[int, tuple[_Episode, ...]] = {}
        self._blocks: dict[int, tuple[int, list[float], list[float | None]]] = {}
        self._rivers = [s for s in self.series if s.measurement == "river_level"]
        self._pm25 = [s for s in self.series if s.measurement == "pm25"]
        self._chili = [s for s in self.series if s.measurement.startswith("price_cabai")]
        self._silent_candidates = self._pick_silent_candidates()

    # -- catalogue ---------------------------------------------------------

    def _draw_phase(self, s: Series) -> float:
        """Offset of a series' ticks within its interval, so feeds don't publish in lockstep."""
        u = _uniform(_key(self.seed, s.topic, "phase"), np.zeros(1, dtype=np.int64))[0]
        return round(float(u) * s.interval_s, 3)

    def series_for(self, topic: str) -> Series:
        return self.series[self._index[topic]]

    @property
    def topics(self) -> list[str]:
        return [s.topic for s in self.series]

    @property
    def silent_candidates(self) -> tuple[Series, ...]:
        """Series that may go silent: alone at their station, fast, never another target."""
        return self._silent_candidates

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

    # -- anomaly schedule --------------------------------------------------

    def anomalies_between(self, t0: float, t1: float) -> list[Anomaly]:
        """Anomalies active at some time in ``[t0, t1)``, by start time."""
        found = [
            ep.anomaly
            for ep in self._episodes_between(t0, t1)
            if ep.anomaly.end > t0 and ep.anomaly.start < t1
        ]
        return sorted(found, key=lambda a: (a.start, a.topic))

    def _episodes_between(self, t0: float, t1: float) -> list[_Episode]:
        first = math.floor((t0 + WIB_OFFSET_S) / DAY)
        last = math.floor((t1 + WIB_OFFSET_S) / DAY)
        return [ep for day in range(first, last + 1) for ep in self._episodes_of_day(day)]

    def _episodes_of_day(self, day: int) -> tuple[_Episode, ...]:
        cached = self._days.get(day)
        if cached is None:
            cached = self._draw_day(day)
            self._days[day] = cached
        return cached

    def _draw_day(self, day: int) -> tuple[_Episode, ...]:
        rng = random.Random(f"rembang-sim/{self.seed}/{day}")
        whole = int(self.anomaly_rate_per_day)
        count = whole + (1 if rng.random() < self.anomaly_rate_per_day - whole else 0)
        first = rng.randrange(len(ANOMALY_KINDS))
        midnight = day * DAY - WIB_OFFSET_S
        episodes: list[_Episode] = []
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
    ) -> _Episode | None:
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
                f"{river.place} rises to {river.high + _RIVER_MARGIN + crest:.1f} m "
                f"(normal up to {river.high:g} m) after a {burst_peak:.0f} mm/h downpour "
                f"at {rain_place}"
            )
            anomaly = Anomaly(kind, river.topic, start, start + duration, text)
            return _Episode(anomaly, crest, rain_topic, lead, recession, burst_s, burst_peak)
        if kind == "pm25_spike":
            station = rng.choice(self._pm25)
            extra = rng.uniform(40.0, 200.0)
            start = _place(rng, day_lo, day_hi - duration)
            text = (
                f"PM2.5 at {station.place} reaches {_PM25_FLOOR + extra:.0f} ug/m3 "
                f"(normal up to {station.high:g}): smoke from open burning"
            )
            return _Episode(Anomaly(kind, station.topic, start, start + duration, text), extra)
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
            return _Episode(Anomaly(kind, market.topic, start, start + duration, text), factor)
        if not self._silent_candidates:
            return None
        station = rng.choice(self._silent_candidates)
        start = _place(rng, day_lo, day_hi - duration)
        text = (
            f"{station.place} stops publishing {station.measurement.replace('_', ' ')} "
            f"for {duration / 60:.0f} min"
        )
        return _Episode(Anomaly(kind, station.topic, start, start + duration, text), 0.0)

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
            for ep in self._episodes_between(float(ts.min()), float(ts.max()))
            if series.topic in ep.topics
        ]
        for ep in episodes:
            v = self._shape_before_clip(ep, series, ts, v)
        step = 10.0**-series.decimals
        lo = series.low if series.low == 0 else series.low + step
        v = np.clip(v, lo, series.high - step)
        for ep in episodes:
            v = self._shape_anomaly(ep, series, ts, v)
        return np.round(v, series.decimals)

    @staticmethod
    def _shape_before_clip(ep: _Episode, s: Series, t: FloatArray, v: FloatArray) -> FloatArray:
        """Lead-in, recession and rain burst: the normal-range part of a river rise."""
        a = ep.anomaly
        if a.kind != "river_rise":
            return v
        if s.topic == ep.rain_topic:
            u = (t - (a.start - ep.lead_s)) / ep.burst_s
            burst = np.where(
                (u >= 0) & (u < 1), ep.burst_peak * np.sin(np.pi * np.clip(u, 0, 1)), 0
            )
            return np.maximum(v, burst)
        if s.topic != a.topic:
            return v
        lead_in = (t >= a.start - ep.lead_s) & (t < a.start)
        rising = v + (s.high - 0.1 - v) * _smoothstep((t - (a.start - ep.lead_s)) / ep.lead_s)
        after = (t >= a.end) & (t < a.end + ep.recession_s)
        falling = v + (s.high - 0.15 - v) * (1.0 - _smoothstep((t - a.end) / ep.recession_s))
        return np.where(lead_in, rising, np.where(after, falling, v))

    @staticmethod
    def _shape_anomaly(ep: _Episode, s: Series, t: FloatArray, v: FloatArray) -> FloatArray:
        """Values inside the anomaly window: clearly above ``high`` throughout."""
        a = ep.anomaly
        if s.topic != a.topic or a.kind == "station_silent":
            return v
        inside = (t >= a.start) & (t < a.end)
        crest = np.sin(np.pi * np.clip((t - a.start) / (a.end - a.start), 0.0, 1.0))
        if a.kind == "river_rise":
            abnormal = s.high + _RIVER_MARGIN + ep.magnitude * crest
        elif a.kind == "pm25_spike":
            abnormal = _PM25_FLOOR + ep.magnitude * crest
        else:  # price_jump: at least +40 % on the board and above the normal range
            jumped = np.maximum(v * ep.magnitude, 1.1 * s.high)
            abnormal = np.ceil(jumped / _PRICE_STEP) * _PRICE_STEP
        return np.where(inside, abnormal, v)

    def silent_mask(self, topic: str, t: FloatArray) -> npt.NDArray[np.bool_]:
        """True where ``topic`` is silenced by a ``station_silent`` anomaly."""
        mask = np.zeros(t.shape, dtype=np.bool_)
        if not t.size:
            return mask
        for ep in self._episodes_between(float(t.min()), float(t.max())):
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


def _place(rng: random.Random, lo: float, hi: float) -> float:
    """A whole second in ``[lo, hi]`` (``lo`` when the window is empty)."""
    return float(round(rng.uniform(lo, max(lo, hi))))


def _overlaps(a: _Episode, b: _Episode) -> bool:
    """Whether two episodes share a topic and come within ``_GUARD`` of each other."""
    if not set(a.topics) & set(b.topics):
        return False
    a0, a1 = a.footprint
    b0, b1 = b.footprint
    return a0 < b1 + _GUARD and b0 < a1 + _GUARD
