"""Which characters and which times may enter the journal, for console and server alike.

The journal (every op a console makes, every event the server serves) holds
only what every part of the chain can carry: text that is Unicode scalar
values (a lone surrogate has no UTF-8 form; pydantic accepts it on input
but cannot serialize it, so one such comment made every later pull answer
500), without NUL (PostgreSQL refuses it in text), without other C0/C1
control characters (an ANSI escape repaints a log reader's terminal) and
without bidi embeddings, overrides or isolates (U+202A-U+202E,
U+2066-U+2069: "Laporan \\u202efdp.exe" shows as "Laporan exe.pdf").

Long text (a description, a comment, a note) may hold line breaks (LF) and
tabs; one-line text (a title, a station, a user name) may not, nor U+2028/
U+2029. A carriage return is never stored: the console turns CRLF and CR
into LF before checking (a text pasted from Windows is not an error), and
the server refuses it like any other control character.

Times must be RFC 3339 with an offset, in the years 1970 to 2099 as written:
``datetime`` overflows near year 1 and year 9999 once an offset is applied,
and nothing a command center records happened before 1970 or after 2099.

The patterns are also the OpenAPI schema's (``contract/sync_api.py``), so a
client generated from the schema makes only what the server takes.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from smartcity_console.core.i18n import Message
from smartcity_console.core.incidents.lifecycle import IncidentError

# Code points no journal text may hold; one-line text also refuses TAB, LF,
# U+2028 and U+2029. Surrogates are refused separately: in a JSON Schema
# pattern (ECMA 262 without the u flag) a surrogate range would also match
# every character outside the Basic Multilingual Plane.
_ALWAYS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_ONE_LINE = r"\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
ONE_LINE_PATTERN = rf"^[^{_ONE_LINE}]*$"
MULTI_LINE_PATTERN = rf"^[^{_ALWAYS}]*$"
_FORBIDDEN_ONE_LINE = re.compile(rf"[{_ONE_LINE}\ud800-\udfff]")
_FORBIDDEN_MULTI_LINE = re.compile(rf"[{_ALWAYS}\ud800-\udfff]")
REPLACEMENT = "\ufffd"
_LINE_BREAKS = re.compile(r"\r\n|[\t\n\r\u2028\u2029]")

EARLIEST_YEAR = 1970
LATEST_YEAR = 2099
# RFC 3339 date-time with a year from EARLIEST_YEAR to LATEST_YEAR as written.
# Days are checked against the month when parsed (as JSON Schema's date-time
# format does), the year range here keeps the arithmetic far from overflow.
TIME_PATTERN = (
    r"^(19[7-9][0-9]|20[0-9][0-9])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
_TIME = re.compile(TIME_PATTERN)

_LABELS: dict[str, Message] = {
    "title": Message.translate("Incident", "Title"),
    "description": Message.translate("Incident", "Description"),
    "comment": Message.translate("Incident", "Comment"),
    "note": Message.translate("Incident", "Note"),
    "station": Message.translate("Incident", "Station"),
    "series": Message.translate("Incident", "Series"),
    "username": Message.translate("Incident", "User name"),
    "workstation": Message.translate("Incident", "Workstation"),
    "alarm rule": Message.translate("Incident", "Alarm rule"),
}


def label(field: str) -> Message:
    """The field's name, for messages (translated with them)."""
    return _LABELS.get(field) or Message.verbatim(field)


def normalize_newlines(text: str) -> str:
    """CRLF and CR become LF: what a paste from another system brings is not an error."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def forbidden_character(text: str, *, multiline: bool) -> int | None:
    """The index of the first character the journal refuses in ``text``, or None."""
    found = (_FORBIDDEN_MULTI_LINE if multiline else _FORBIDDEN_ONE_LINE).search(text)
    return None if found is None else found.start()


def describe_character(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: the code point and its name, for a message."""
    code = f"U+{ord(char):04X}"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"{code} (a lone surrogate)"
    name = unicodedata.name(char, "")
    if not name:
        name = {0: "NUL", 9: "TAB", 10: "LINE FEED", 13: "CARRIAGE RETURN", 27: "ESCAPE"}.get(
            ord(char), "a control character"
        )
    return f"{code} {name}"


def text_problem(text: str, *, multiline: bool) -> str | None:
    """What is wrong with ``text``'s characters (English), or None when all may be stored."""
    index = forbidden_character(text, multiline=multiline)
    if index is None:
        return None
    return f"{describe_character(text[index])} at character {index + 1} cannot be stored"


def check_characters(field: str, text: str, *, multiline: bool) -> str:
    """``text`` unchanged, or IncidentError naming the character and where it is (en, id)."""
    index = forbidden_character(text, multiline=multiline)
    if index is None:
        return text
    name = label(field)
    char = describe_character(text[index])
    position = index + 1
    if not multiline and text[index] in "\n\t\u2028\u2029":
        raise IncidentError(
            Message.translate(
                "Incident", "{name} must be one line: it contains {char} at character {position}."
            ).format(name=name, char=char, position=position)
        )
    raise IncidentError(
        Message.translate(
            "Incident",
            "{name} contains a character that cannot be stored ({char}, character "
            "{position}); remove it and try again.",
        ).format(name=name, char=char, position=position)
    )


def repair_text(text: str, *, multiline: bool, maximum: int | None = None) -> str:
    """``text`` with every refused character replaced by U+FFFD, cut to ``maximum``.

    For text that nobody typed and that must not be lost: an alarm's series
    name comes from an MQTT topic, and rows an older server stored are kept.
    The replacement character shows that something was there; in one-line
    text a line break or a tab becomes a space instead.
    """
    text = normalize_newlines(text) if multiline else _LINE_BREAKS.sub(" ", text)
    pattern = _FORBIDDEN_MULTI_LINE if multiline else _FORBIDDEN_ONE_LINE
    repaired = pattern.sub(REPLACEMENT, text)
    if maximum is not None and len(repaired) > maximum:
        repaired = repaired[: maximum - 1] + "…"
    return repaired


def time_problem(value: object) -> str | None:
    """What is wrong with a journal time given as text (English), or None."""
    if not isinstance(value, str):
        return "a time must be RFC 3339 text, such as 2026-11-28T08:00:00+07:00"
    if not _TIME.fullmatch(value):
        return (
            f"{value[:40]!r} is not an RFC 3339 time with an offset in the years "
            f"{EARLIEST_YEAR} to {LATEST_YEAR}"
        )
    try:
        datetime.fromisoformat(value)
    except ValueError as exc:
        return f"{value!r} is not a time: {exc}"
    return None


def within_bounds(moment: datetime) -> bool:
    """Whether an aware time can be journalled (its year, as written, is 1970-2099)."""
    return moment.tzinfo is not None and EARLIEST_YEAR <= moment.year <= LATEST_YEAR


def to_iso(moment: datetime) -> str:
    """How the journal writes an aware time: UTC, microseconds, fixed width
    (``2025-11-28T03:00:00.000000+00:00``); the console's store keeps its times
    as this text too (``db/types.py``). A naive time is refused (ValueError)."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: journal times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
