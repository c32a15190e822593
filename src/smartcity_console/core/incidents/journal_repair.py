"""Journal rows written before the rule, made servable: what the migrations run.

An older server stored whatever a push carried: a lone surrogate in a
comment (then every pull that contained it answered 500, for ever), JSON
nested hundreds of levels deep in a free extra key, NaN, a NUL or a bidi
override in a title. The rows are history and are kept; what in them breaks
the rule is repaired the way :func:`journal_text.repair_text` says (a
refused character becomes U+FFFD, a line break in one-line text a space),
keys outside the kind's schema are dropped (that is where the deep JSON and
the NaN lived), and a time out of bounds becomes null.

Pure functions over plain values, so a migration can call them on the rows
it reads without importing the application's models.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smartcity_console.core.incidents.fields import (
    COMMENT_MAX,
    DESCRIPTION_MAX,
    NOTE_MAX,
    SHORT_MAX,
    TITLE_MAX,
    USERNAME_MAX,
)
from smartcity_console.core.incidents.journal_text import repair_text, time_problem

# (multiline, maximum) of every text the journal holds, by key.
_TEXT: Mapping[str, tuple[bool, int]] = {
    "title": (False, TITLE_MAX),
    "description": (True, DESCRIPTION_MAX),
    "station": (False, SHORT_MAX),
    "series": (False, SHORT_MAX),
    "rule": (False, SHORT_MAX),
    "text": (True, COMMENT_MAX),
    "note": (True, NOTE_MAX),
    "username": (False, USERNAME_MAX),
    "comment_id": (False, 36),
    # Names from the closed lists (programs, severities, statuses, close reasons):
    # the old server checked them, so only their characters are looked at.
    "program": (False, SHORT_MAX),
    "severity": (False, SHORT_MAX),
    "to": (False, SHORT_MAX),
    "from": (False, SHORT_MAX),
    "reason": (False, SHORT_MAX),
}
_TIMES = ("episode_start", "cleared_at")
_FLAGS = ("active", "noop")
# Each kind's keys (the contract's), plus the server's own "noop" on an applied no-op.
EVENT_KEYS: Mapping[str, frozenset[str]] = {
    "create": frozenset(
        {"title", "program", "severity", "description", "station", "series", "alarm"}
    ),
    "edit": frozenset(
        {"title", "program", "severity", "description", "station", "series", "alarm", "noop"}
    ),
    "transition": frozenset({"to", "from", "note", "reason", "noop"}),
    "comment": frozenset({"comment_id", "text"}),
    "assign": frozenset({"username", "noop"}),
    "handover_read": frozenset({"handed_over_by", "shift_end"}),
    "shelve": frozenset({"rule", "series", "station", "until", "reason", "noop"}),
    "unshelve": frozenset({"noop"}),
}
_ALARM_KEYS = frozenset({"rule", "active", "episode_start", "cleared_at"})


def repair_column(key: str, value: str | None) -> str | None:
    """A ticket's or client's text column (``title``, ``workstation``, ...) within the rule."""
    if value is None:
        return None
    multiline, maximum = _TEXT.get(key, (False, SHORT_MAX))
    return repair_text(value, multiline=multiline, maximum=maximum)


def _scalar(key: str, value: object) -> object:
    """One kept value, repaired; ``None`` for what cannot be kept as its key's type."""
    if key in _TEXT:
        return repair_column(key, value) if isinstance(value, str) else None
    if key in _FLAGS:
        return value if isinstance(value, bool) else None
    if key in _TIMES:
        return value if time_problem(value) is None else None
    return None


def repair_event_data(kind: str, data: object) -> dict[str, Any]:
    """An event's data with only its kind's keys, each repaired (see the module's docstring)."""
    if not isinstance(data, Mapping):
        return {}
    allowed = EVENT_KEYS.get(kind, frozenset())
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in allowed:
            continue
        if key == "alarm":
            out[key] = (
                {k: _scalar(k, v) for k, v in value.items() if k in _ALARM_KEYS}
                if isinstance(value, Mapping)
                else None
            )
        else:
            out[key] = _scalar(key, value)
    return out
