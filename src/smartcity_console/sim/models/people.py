"""People and their counts: offices, complaints, visitors, crowds, parking, Wi-Fi users."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from smartcity_console.sim.daytime import DAY, HOUR, FloatArray, bump, weekday, wib_hour, window
from smartcity_console.sim.series import ModelContext


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
        open_ = np.where(wd < 5, window(h, 8.0, close, 0.08), 0.0)
        station = ctx.shared(ctx.topic.rsplit("/", 1)[1] + "/office")
        crowd = 0.35 + 0.65 * bump(h, 10.0, 1.6)
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
            rate = rate + amplitude * bump(h, centre, width)
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
        open_ = window(h, self.open_h, self.close_h, 0.2)
        if self.closed_weekday is not None:
            open_ = np.where(wd == self.closed_weekday, 0.0, open_)
        shape = open_ * (0.12 + bump(h, self.peak_h, self.width))
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
        car_free_day = np.where(wd == 6, 2200.0 * bump(h, 7.0, 0.8), 0.0)
        saturday_night = np.where(wd == 5, 1400.0 * bump(h, 20.5, 1.0), 0.0)
        evening = 220.0 * bump(h, 20.0, 1.6)
        n = ctx.own
        wobble = 1.0 + 0.15 * n.smooth("day", t, 2 * HOUR) + 0.05 * n.jitter("n", t)
        return (car_free_day + saturday_night + evening) * wobble


@dataclass(frozen=True, slots=True)
class MarketCrowd:
    """People in a traditional market: busiest around 07:00, empty after noon."""

    peak: float

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h, wd = wib_hour(t), weekday(t)
        shape = window(h, 4.5, 12.5, 0.3) * (0.2 + bump(h, 7.0, 1.8))
        shape = shape * np.where(wd >= 5, 1.15, 1.0)
        n = ctx.own
        return self.peak * shape * (1.0 + 0.15 * n.smooth("day", t, HOUR) + 0.05 * n.jitter("n", t))


@dataclass(frozen=True, slots=True)
class Occupancy:
    """Parking occupancy in percent: evenings around the alun-alun are busiest."""

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray:
        h = wib_hour(t)
        shape = window(h, 7.0, 22.0, 0.5) * (0.45 + 0.55 * bump(h, 19.5, 1.8))
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
        day = 0.35 * window(h, 7.0, 23.0, 0.5) * (0.5 + 0.5 * bump(h, 12.0, 3.0))
        shape = (0.04 + day + 0.6 * bump(h, 20.0, 1.8)) * np.where(weekday(t) >= 5, 1.25, 1.0)
        n = ctx.own
        return self.peak * shape * (1.0 + 0.15 * n.smooth("day", t, HOUR) + 0.05 * n.jitter("n", t))
