"""Timestamps in payloads: epoch numbers of any common precision, or ISO 8601 text.

Devices disagree on how to say "when": Unix seconds (the simulator, SenML),
milliseconds (JavaScript, most gateways), micro- or nanoseconds (Telegraf,
InfluxDB line protocol bridged to MQTT), or local wall-clock text without an
offset (Tasmota's ``Time``). Everything becomes float epoch seconds in UTC.

Epoch numbers are told apart by magnitude (``|x|`` below):

=====================  ============  ==========================================
``|x|``                read as       why the boundary is safe
=====================  ============  ==========================================
below 1e11             seconds       1e11 s is the year 5138
1e11 to below 1e14     milliseconds  1e11 ms is 1973-03-03; 1e14 ms is 5138
1e14 to below 1e17     microseconds  same window, a thousand times finer
1e17 to below 1e20     nanoseconds   same window again
1e20 and above         error         no clock means that
=====================  ============  ==========================================

So a seconds timestamp is never mistaken for milliseconds before the year 5138,
and a milliseconds one only if it is before March 1973.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, tzinfo

_MS_FROM = 1e11
_US_FROM = 1e14
_NS_FROM = 1e17
_TOO_LARGE = 1e20

NUMBER_PATTERN = r"[+-]?+(?:\d++(?:\.\d*+)?+|\.\d++)(?:[eE][+-]?+\d++)?+"
r"""A decimal number as devices write it: no ``nan``/``inf``, no ``_`` separators.

Possessive quantifiers (Python 3.11+) never give characters back, so a
256 KiB run of digits with junk at the end fails in one pass instead of
backtracking through every digit.
"""
NUMBER_TEXT = re.compile(NUMBER_PATTERN, re.ASCII)


class DecodeError(ValueError):
    """A payload that cannot be decoded; ``str()`` says what was wrong in plain words.

    The only exception a decoder raises, so the ingest path can count it and
    move on. It lives in this module (the lowest of the decoding stack) so
    that timestamp parsing can raise it without an import cycle; import it
    from :mod:`smartcity_console.core.decoders`.
    """


def kind_of(value: object) -> str:
    """'a string', 'a boolean', ... : the JSON type of a value, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def preview(text: str, limit: int = 60) -> str:
    """A short quoted excerpt of untrusted text for an error message."""
    if len(text) > limit:
        return repr(text[:limit]) + "..."
    return repr(text)


def epoch_seconds(number: float, what: str = "timestamp") -> float:
    """Epoch seconds from an epoch number in s, ms, us or ns (see the module docstring)."""
    if not math.isfinite(number):
        raise DecodeError(f"{what} is not a finite number")
    size = abs(number)
    if size < _MS_FROM:
        return number
    if size < _US_FROM:
        return number / 1e3
    if size < _NS_FROM:
        return number / 1e6
    if size < _TOO_LARGE:
        return number / 1e9
    raise DecodeError(f"{what} {number!r} is too large to be an epoch time")


def parse_timestamp(value: object, tz: tzinfo = UTC, what: str = "timestamp") -> float:
    """Float epoch seconds (UTC) from a payload value, or :class:`DecodeError`.

    ``value`` may be a JSON number (not a boolean), a numeric string, or an ISO
    8601 string; ISO text without an offset is wall-clock time in ``tz`` (the
    mapping's ``timezone``). ``what`` names the value in error messages, e.g.
    ``"timestamp at 'Time'"``.
    """
    if isinstance(value, bool):
        raise DecodeError(f"{what} is a boolean, expected a number or an ISO 8601 string")
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            raise DecodeError(f"{what} is too large to be an epoch time") from None
        return epoch_seconds(number, what)
    if isinstance(value, str):
        return _parse_text(value.strip(), tz, what)
    raise DecodeError(f"{what} is {kind_of(value)}, expected a number or an ISO 8601 string")


def _parse_text(text: str, tz: tzinfo, what: str) -> float:
    if not text:
        raise DecodeError(f"{what} is an empty string")
    if NUMBER_TEXT.fullmatch(text):
        return epoch_seconds(float(text), what)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise DecodeError(
            f"{what} {preview(text)} is neither an epoch number nor an ISO 8601 time"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    try:
        return moment.timestamp()
    except (OverflowError, OSError, ValueError):
        raise DecodeError(f"{what} {preview(text)} is out of range") from None
