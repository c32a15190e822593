"""One rule for the time of every reading, whatever its format: plausible, or refused.

A device clock can be wrong in ways no decoder can see: a gateway that sends
milliseconds where SenML wants seconds, an RTC that lost its battery and
counts from 1970 or 2000, a simulator whose clock runs ahead. Stored as it
is, one reading stamped years ahead makes its series' newest time jump: every
later, correct reading is then "older than the newest" and drops out of the
plot (``too_old``) and out of alarm evaluation (``late_readings``), so a
single bad message starves the series for years.

:class:`TimeRule` is checked once, at decode time, on every reading of every
format (:func:`smartcity_console.core.decoders.make_decoder`): a payload with
a reading stamped more than ``max_future_s`` ahead of the console's clock, or
before ``earliest``, is refused as a whole with a :class:`TimestampError`
that the feed's diagnostics show ("timestamp 3.9 years in the future"), like
any other decode error. Nothing is dropped silently later on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime

from smartcity_console.core.timestamps import DecodeError

DEFAULT_MAX_FUTURE_S = 300.0
"""Five minutes: the clock skew Kerberos tolerates between hosts by default
(krb5.conf ``clockskew``, 300 s; .NET's token validation uses the same), far above
what NTP-synchronised clocks drift, and far below a clock that is simply wrong."""

DEFAULT_EARLIEST = date(2010, 1, 1)
"""After the dates a clock that was never set shows (1970-01-01 for Unix time,
2000-01-01 for most RTC chips, 1999 for a GPS receiver caught by the 2019 week
rollover), and before any device still in service was made. Not later: sample
payloads and replayed recordings from past years (Tasmota's documentation shows
2018) must still decode."""

_YEAR_S = 365.25 * 86_400


class TimestampError(DecodeError):
    """A reading's time is implausible (see :class:`TimeRule`); counted per feed apart."""


def describe_span(seconds: float) -> str:
    """``42 s``, ``12 minutes``, ``5.5 hours``, ``3.0 days``, ``3.9 years``: for error messages."""
    seconds = abs(seconds)
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 2 * 86_400:
        return f"{seconds / 3600:.1f} hours"
    if seconds < _YEAR_S:
        return f"{seconds / 86_400:.1f} days"
    years = seconds / _YEAR_S
    return f"{years:.1f} years" if years < 1000 else f"{years:,.0f} years"


def _utc(t: float) -> str:
    try:
        return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (OverflowError, OSError, ValueError):
        return "beyond the year 9999"


@dataclass(frozen=True, slots=True)
class TimeRule:
    """Readings must lie in ``[earliest, now + max_future_s]`` (epoch seconds, UTC).

    ``now`` is the arrival time the decoder is given, so the rule follows the
    console's clock; keep it synchronised (NTP), as a command center must anyway.
    """

    max_future_s: float = DEFAULT_MAX_FUTURE_S
    earliest: float = datetime(
        DEFAULT_EARLIEST.year, DEFAULT_EARLIEST.month, DEFAULT_EARLIEST.day, tzinfo=UTC
    ).timestamp()

    def allows(self, t: float, now: float) -> bool:
        return self.earliest <= t <= now + self.max_future_s

    def check(self, t: float, now: float) -> None:
        """Raise :class:`TimestampError` unless ``t`` is plausible at ``now``."""
        if self.earliest <= t <= now + self.max_future_s:
            return
        raise TimestampError(self.reason(t, now))

    def reason(self, t: float, now: float) -> str:
        """Why ``t`` is refused, in the words the diagnostics view shows."""
        if not math.isfinite(t):
            return "timestamp is not a finite time"
        if t > now:
            text = (
                f"timestamp {describe_span(t - now)} in the future ({_utc(t)}); a reading may "
                f"be at most {self.max_future_s:g} s ahead of this console's clock "
                "([timestamps] max_future_s)"
            )
            if self.allows(t / 1000, now):
                text += "; milliseconds where seconds are expected?"
            return text
        floor = datetime.fromtimestamp(self.earliest, UTC).date().isoformat()
        return (
            f"timestamp {_utc(t)} is before {floor}, the earliest time a reading may carry "
            "([timestamps] earliest); a device clock that was never set?"
        )
