"""Air, weather, rivers and sea: PM2.5, temperature, humidity, rain, river levels, the tide."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from smartcity_console.sim.daytime import (
    DAY,
    HOUR,
    FloatArray,
    IntArray,
    bump,
    day_of_year,
    wib_hour,
)
from smartcity_console.sim.noise import Noise
from smartcity_console.sim.series import ModelContext


@dataclass(frozen=True, slots=True)
class Pm25:
    """PM2.5 with morning and evening traffic/cooking peaks and a clearer afternoon."""

    base: float

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h = wib_hour(t)
        shape = 1.0 + 0.35 * bump(h, 7.0, 1.3) + 0.3 * bump(h, 19.5, 1.8)
        shape = shape - 0.25 * bump(h, 14.0, 2.2)
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
    chance = season * (0.4 + 1.6 * bump(h, 15.5, 2.5))
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
