"""Shelving (ISA-18.2): a supervisor silences one alarm rule on one series or station for a while.

A shelf is journalled like any incident change (docs/contracts.md, Shelving):
op kinds ``shelve`` and ``unshelve``, checked by the same schema
(``journal_rules.py``) and by :func:`apply_shelf_op`, the one rule the sync
server and the console both apply. Ops carry a ticket id; a shelf's is
:func:`shelf_id`, a UUIDv5 of its rule and target, so every console that
shelves the same thing names the same shelf, a second ``shelve`` replaces
the first (a new time and reason), and ``unshelve`` needs nothing but the id.

A shelf's state is never stored as such on the server: it is what the
shelf's events say, folded in the server's order (:func:`fold`). The
console keeps the fold in a table for the alarm recorder and the
"Shelved" window, rebuilt from pulled events with its own unconfirmed ops on
top, exactly as it does for tickets.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from smartcity_console.core.clock import WIB
from smartcity_console.core.i18n import Message
from smartcity_console.core.incidents.lifecycle import IncidentError, Role

# Names every shelf: uuid5(SHELF_NAMESPACE, "rule\x1fseries-or-\x1fstation-or-").
SHELF_NAMESPACE = uuid.UUID("6f3c1a52-8d0e-5b7a-9c41-2e5d7b8a0f17")
# ISA-18.2 shelving is time-limited: the longest a shelf may last from when it is made.
MAX_SHELF = timedelta(hours=24)
REASON_MAX = 500
# The durations the shelve dialog offers; "until the end of the shift" is computed.
DURATIONS = (timedelta(minutes=15), timedelta(hours=1), timedelta(hours=8))
# The command center's three shifts change at 07:00, 15:00 and 23:00 WIB (docs/incidents.md).
SHIFT_CHANGES_WIB = (7, 15, 23)


def shift_end(now: datetime) -> datetime:
    """The next shift change after ``now`` (aware), in UTC: "until the end of the shift"."""
    local = now.astimezone(WIB)
    for day in (0, 1):
        for hour in SHIFT_CHANGES_WIB:
            change = (local + timedelta(days=day)).replace(
                hour=hour, minute=0, second=0, microsecond=0
            )
            if change > local:
                return change.astimezone(UTC)
    raise AssertionError("a shift change comes within a day")  # pragma: no cover


def shelf_id(rule: str, series: str | None, station: str | None) -> str:
    """The id of the shelf of ``rule`` on ``series`` or on ``station`` (exactly one)."""
    name = "\x1f".join((rule, series or "", station or ""))
    return str(uuid.uuid5(SHELF_NAMESPACE, name))


@dataclass(frozen=True, slots=True)
class Shelf:
    """One shelf as its events leave it; ``ended_at`` set when someone ended it early."""

    id: str
    rule: str
    series: str | None
    station: str | None
    until: datetime
    reason: str
    shelved_by: str
    shelved_at: datetime
    ended_by: str | None = None
    ended_at: datetime | None = None

    def active(self, now: datetime) -> bool:
        """Whether it still shelves at ``now``: not ended, and ``until`` not reached."""
        return self.ended_at is None and now < self.until

    def covers(self, rule: str, series: str | None, station: str | None) -> bool:
        """Whether an alarm of ``rule`` on ``series`` (at ``station``) falls under this shelf."""
        if rule != self.rule:
            return False
        if self.series is not None:
            return series == self.series
        return station is not None and station == self.station


def check_shelver(role: Role) -> None:
    """Only supervisors (and admins) shelve or end a shelf; the sentence an operator reads."""
    if role is Role.OPERATOR:
        raise IncidentError(
            Message.translate("Shelving", "Only a supervisor can shelve an alarm or end a shelf.")
        )


def _time(value: object, key: str) -> datetime:
    if not isinstance(value, str):
        raise IncidentError(f"{key} must be a time.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise IncidentError(f"{key} must be an ISO 8601 time.") from None
    if moment.tzinfo is None:
        raise IncidentError(f"{key} must carry its UTC offset.")
    return moment


def check_shelve(
    shelf: str, data: Mapping[str, Any], at: datetime
) -> tuple[str, str | None, str | None, datetime, str]:
    """What the journal schema cannot say: one target, the right id, a sane ``until``, a reason.

    Returns rule, series, station, until and the reason (stripped).
    """
    rule = data.get("rule")
    series = data.get("series") or None
    station = data.get("station") or None
    if not isinstance(rule, str) or not rule.strip():
        raise IncidentError(Message.translate("Shelving", "Name the alarm rule to shelve."))
    if (series is None) == (station is None):
        raise IncidentError(
            Message.translate(
                "Shelving", "Shelve one series or one station, not both and not neither."
            )
        )
    if shelf != shelf_id(rule, series, station):
        raise IncidentError("a shelf's id is uuid5 of its rule and target (docs/sync.md)")
    until = _time(data.get("until"), "until")
    if until <= at:
        raise IncidentError(Message.translate("Shelving", "A shelf must end after it begins."))
    if until - at > MAX_SHELF:
        raise IncidentError(Message.translate("Shelving", "A shelf lasts at most 24 hours."))
    reason = data.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise IncidentError(Message.translate("Shelving", "Say why the alarm is shelved."))
    if len(reason) > REASON_MAX:
        raise IncidentError(
            Message.translate("Shelving", "The reason is too long (at most 500 characters).")
        )
    return rule, series, station, until, reason.strip()


def check_shelf_op(
    kind: str, shelf: str, data: Mapping[str, Any], role: Role, at: datetime
) -> None:
    """IncidentError (both languages) unless ``role`` may make this shelf op as it is."""
    check_shelver(role)
    if kind == "shelve":
        check_shelve(shelf, data, at)


def apply_event(
    current: Shelf | None,
    kind: str,
    shelf: str,
    data: Mapping[str, Any],
    *,
    author: str,
    at: datetime,
) -> Shelf | None:
    """The shelf after one of its journalled events (already accepted by the rule)."""
    if kind == "shelve":
        try:
            rule, series, station, until, reason = check_shelve(shelf, data, at)
        except IncidentError:
            # An event the server accepted at its own clock: keep it as it was sent.
            rule = str(data.get("rule", ""))
            series, station = data.get("series"), data.get("station")
            until, reason = _time(data.get("until"), "until"), str(data.get("reason", ""))
        return Shelf(shelf, rule, series, station, until, reason, author, at)
    if kind == "unshelve" and current is not None and current.ended_at is None:
        return replace(current, ended_by=author, ended_at=at)
    return current


def fold(events: Iterable[tuple[str, str, Mapping[str, Any], str, datetime]]) -> dict[str, Shelf]:
    """Shelves from events ``(kind, shelf id, data, author, at)`` in journal order."""
    shelves: dict[str, Shelf] = {}
    for kind, shelf, data, author, at in events:
        after = apply_event(shelves.get(shelf), kind, shelf, data, author=author, at=at)
        if after is not None:
            shelves[shelf] = after
    return shelves


def shelved(
    shelves: Iterable[Shelf], rule: str, series: str | None, station: str | None, now: datetime
) -> Shelf | None:
    """The active shelf covering an alarm of ``rule`` on ``series`` at ``station``, if any."""
    for shelf in shelves:
        if shelf.active(now) and shelf.covers(rule, series, station):
            return shelf
    return None
