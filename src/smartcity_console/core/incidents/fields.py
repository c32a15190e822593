"""Field limits for incidents, checked before anything is written.

The limits keep one ticket readable on a wall display and bounded in the
outbox; each refusal names the field, its length and the limit (or the
character the journal refuses, :mod:`journal_text`), in English and
Indonesian, because the person who typed it has to fix it. These run when a
change is typed; :mod:`journal_rules` is the same rule as a schema, for the
server's door and the outbox's last guard.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TypeAlias

from smartcity_console.core.i18n import Message
from smartcity_console.core.incidents.journal_text import (
    check_characters,
    label,
    normalize_newlines,
)
from smartcity_console.core.incidents.lifecycle import CloseReason, IncidentError, Severity
from smartcity_console.core.programs import PROGRAM_KEYS

TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
COMMENT_MAX = 5_000
NOTE_MAX = 5_000
SHORT_MAX = 200  # station, series, alarm rule
USERNAME_MAX = 64
EDITABLE_FIELDS = ("title", "program", "severity", "description", "station", "series")


def clean_text(
    field: str, value: object, *, required: bool, maximum: int, multiline: bool = False
) -> str:
    """``value`` stripped, or IncidentError naming the field and what is wrong with it.

    Too long (its length and the limit), or a character the journal refuses
    (which one, and where: :mod:`journal_text`). ``multiline`` text may hold
    line breaks and tabs; its CRLF and CR become LF first.
    """
    name = label(field)
    if not isinstance(value, str):
        raise IncidentError(Message.translate("Incident", "{name} must be text.").format(name=name))
    text = (normalize_newlines(value) if multiline else value).strip()
    check_characters(field, text, multiline=multiline)
    if required and not text:
        raise IncidentError(Message.translate("Incident", "{name} is required.").format(name=name))
    if len(text) > maximum:
        raise IncidentError(
            Message.translate(
                "Incident", "{name} is too long: {text} characters, at most {maximum}."
            ).format(name=name, text=len(text), maximum=maximum)
        )
    return text


_Validator: TypeAlias = Callable[[object], str | None]


def _optional(field: str, maximum: int, *, multiline: bool = False) -> _Validator:
    def check(value: object) -> str | None:
        if value is None:
            return None
        return (
            clean_text(field, value, required=False, maximum=maximum, multiline=multiline) or None
        )

    return check


def validate_program(value: object) -> str:
    if value not in PROGRAM_KEYS:
        keys = ", ".join(PROGRAM_KEYS)
        raise IncidentError(
            Message.translate(
                "Incident", "Unknown program {value!r}; expected one of {keys}."
            ).format(value=value, keys=keys)
        )
    return str(value)


def validate_severity(value: object) -> Severity:
    try:
        return Severity(value if isinstance(value, str) else "")
    except ValueError:
        names = ", ".join(Severity)
        raise IncidentError(
            Message.translate(
                "Incident", "Unknown severity {value!r}; expected one of {names}."
            ).format(value=value, names=names)
        ) from None


_FIELD_CHECKS: Mapping[str, _Validator] = MappingProxyType(
    {
        "title": lambda v: clean_text("title", v, required=True, maximum=TITLE_MAX),
        "program": validate_program,
        "severity": validate_severity,
        "description": lambda v: clean_text(
            "description",
            "" if v is None else v,
            required=False,
            maximum=DESCRIPTION_MAX,
            multiline=True,
        ),
        "station": _optional("station", SHORT_MAX),
        "series": _optional("series", SHORT_MAX),
    }
)
validate_note = _optional("note", NOTE_MAX, multiline=True)


def validate_fields(data: Mapping[str, object], *, creating: bool) -> dict[str, str | None]:
    """Check a create or edit dict (the contract's op fields); cleaned values back."""
    unknown = sorted(set(data) - set(EDITABLE_FIELDS))
    if unknown:
        raise IncidentError(f"Unknown incident field(s): {', '.join(unknown)}.")
    missing = [f for f in ("title", "program", "severity") if creating and f not in data]
    if missing:
        raise IncidentError(f"Missing incident field(s): {', '.join(missing)}.")
    return {field: _FIELD_CHECKS[field](value) for field, value in data.items()}


def validate_comment(value: object) -> str:
    return clean_text("comment", value, required=True, maximum=COMMENT_MAX, multiline=True)


def validate_username(value: object) -> str:
    return clean_text("username", value, required=True, maximum=USERNAME_MAX)


def validate_close(reason: object, note: str | None) -> CloseReason:
    """A close needs one of :class:`CloseReason`; ``other`` also needs a note."""
    try:
        parsed = CloseReason(reason if isinstance(reason, str) else "")
    except ValueError:
        names = ", ".join(CloseReason)
        raise IncidentError(
            Message.translate("Incident", "Closing needs a reason: one of {names}.").format(
                names=names
            )
        ) from None
    if parsed is CloseReason.OTHER and not note:
        raise IncidentError(
            Message.translate("Incident", "Closing for another reason needs a note that says why.")
        )
    return parsed
