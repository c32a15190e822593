"""The command center's clock: WIB (UTC+7), whatever the workstation's zone.

Times are kept in UTC (incident times, epoch seconds of readings) and shown
in WIB, the zone the command center logs in, even on a workstation set to
another zone. WIB has had no daylight saving since 1964, so the zone is a
fixed offset: the same number serves ``datetime`` here, the simulator's
vectorised day arithmetic (sim/daytime.py) and the plots' Qt time axis,
which builds its ``QTimeZone`` from :data:`WIB_OFFSET_S` (gui/dashboard/time_axis.py).
"""

from __future__ import annotations

import contextlib
import math
from datetime import UTC, datetime, timedelta, timezone

WIB_OFFSET_S = 7 * 3600
"""Seconds east of UTC."""
WIB_LABEL = "WIB"
WIB = timezone(timedelta(seconds=WIB_OFFSET_S), WIB_LABEL)
DAY_S = 86400.0


def utc_now() -> datetime:
    """Now, timezone-aware in UTC: how every incident time is kept."""
    return datetime.now(UTC)


def wib(t: float) -> datetime:
    """Epoch seconds as a WIB ``datetime``."""
    return datetime.fromtimestamp(t, WIB)


def _epoch(moment: datetime | float) -> float:
    return moment.timestamp() if isinstance(moment, datetime) else moment


def wib_text(moment: datetime | float, now: datetime | float | None = None) -> str:
    """``HH:MM:SS WIB`` when ``moment`` falls on the same WIB day as ``now``, else with the date.

    ``moment`` and ``now`` are aware datetimes or epoch seconds; without
    ``now`` the date is always shown.
    """
    at = wib(_epoch(moment))
    if now is not None and at.date() == wib(_epoch(now)).date():
        return f"{at:%H:%M:%S} {WIB_LABEL}"
    return f"{at:%Y-%m-%d %H:%M:%S} {WIB_LABEL}"


def wib_midnight(t: float) -> float:
    """Epoch seconds of the WIB midnight at or before ``t``."""
    return math.floor((t + WIB_OFFSET_S) / DAY_S) * DAY_S - WIB_OFFSET_S


def parse_time(text: str) -> float:
    """Epoch seconds from a command line's time: epoch seconds, or ISO 8601 (WIB when no offset).

    An operator types the time of the wall clock, so a time without offset is
    WIB, whatever the workstation's zone. Raises ``ValueError`` with an example.
    """
    with contextlib.suppress(ValueError):
        value = float(text)
        if math.isfinite(value):
            return value
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"expected ISO 8601 such as 2025-11-28T10:00+07:00 or epoch seconds, not {text!r}"
        ) from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=WIB)).timestamp()
