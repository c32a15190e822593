"""Economy and infrastructure: market prices, fish landed, traffic, street lights, water."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from smartcity_console.core.clock import WIB_OFFSET_S
from smartcity_console.sim.daytime import (
    DAY,
    HOUR,
    FloatArray,
    bump,
    day_of_year,
    weekday,
    wib_day,
    wib_hour,
    window,
)
from smartcity_console.sim.series import ModelContext


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
        shape = window(h, 2.5, 10.5, 0.3) * bump(h, 5.5, 1.6)
        kg = self.peak * shape * catch * friday * (1.0 + 0.15 * n.jitter("n", t))
        return np.round(kg / 10.0) * 10.0


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
        morning = bump(h, 7.0, 0.9) * np.where(workday, 1.0, 0.45)
        evening = bump(h, 16.5, 1.1)
        daytime = 0.35 * window(h, 5.5, 21.5, 0.6) + 0.12 * bump(h, 12.0, 2.0)
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
        dark = 1.0 - window(h, 5.75 + shift, 17.75 + shift, 0.1)
        dim = 1.0 - 0.3 * (window(h, 23.0, 24.5, 0.1) + window(h, -0.5, 4.5, 0.1))
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
            + 0.35 * bump(h, 2.0, 2.5)
            - 0.6 * bump(h, 6.0, 1.0)
            - 0.45 * bump(h, 18.0, 1.3)
            + 0.1 * n.smooth("slow", t, 12 * HOUR)
            + 0.03 * n.jitter("n", t)
        )
