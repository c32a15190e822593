"""The simulated day in Rembang: WIB hours, weekdays, seasons, and the soft shapes models draw with.

Vectorised over numpy arrays of epoch seconds, so a model evaluates a week of
one series in one call. The zone is the command center's (core/clock.py):
WIB, a fixed UTC+7.
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from smartcity_console.core.clock import DAY_S, WIB_OFFSET_S

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]

HOUR = 3600.0
DAY = DAY_S


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


def bump(h: FloatArray, centre: float, width: float) -> FloatArray:
    """A Gaussian bump on the 24 h circle (peaks just before midnight wrap correctly)."""
    d = (h - centre + 12.0) % 24.0 - 12.0
    return np.exp(-0.5 * (d / width) ** 2)


def window(
    h: FloatArray, open_h: float | FloatArray, close_h: float | FloatArray, edge: float
) -> FloatArray:
    """~1 between ``open_h`` and ``close_h`` with soft edges ``edge`` hours wide."""
    rise = 0.5 * (1.0 + np.tanh((h - open_h) / (2.0 * edge)))
    fall = 0.5 * (1.0 + np.tanh((close_h - h) / (2.0 * edge)))
    return rise * fall


def smoothstep(u: FloatArray) -> FloatArray:
    """0 below 0, 1 above 1, a smooth S between (for rising and falling water)."""
    u = np.clip(u, 0.0, 1.0)
    return u * u * (3.0 - 2.0 * u)
