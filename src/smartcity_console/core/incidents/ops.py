"""Applying one sync op to a ticket: the contract's rules, shared by server and console.

The sync server applies each pushed op in arrival order with this function;
the console applies each change its user makes with it (``store/changes.py``,
on the op :mod:`~smartcity_console.core.incidents.local_ops` makes of the
change) and replays its still-pending ops over the server's snapshot with it.
One rule in one place is what makes every console show what the server will
end up with.

A ticket here is a plain dict with the snapshot's keys (see
:data:`TICKET_KEYS`), holding Python values: :class:`datetime` for times,
wire strings for status, severity and close reason. The function never
mutates its input; it returns the new dict and an :class:`OpOutcome`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from smartcity_console.core.incidents.fields import (
    SHORT_MAX,
    clean_text,
    validate_comment,
    validate_fields,
    validate_username,
)
from smartcity_console.core.incidents.journal_text import time_problem
from smartcity_console.core.incidents.lifecycle import Action, IncidentError, Role, Status, require
from smartcity_console.core.incidents.op_kinds import (
    NOT_TICKET_KINDS,
    OP_KINDS,
    SHELF_KINDS,
)
from smartcity_console.core.incidents.shelving import check_shelf_op
from smartcity_console.core.incidents.sync_rules import apply_transition

OpStatus = Literal["applied", "duplicate", "rejected"]
TICKET_KEYS = (
    "id",
    "title",
    "program",
    "severity",
    "status",
    "description",
    "station",
    "series",
    "assignee",
    "created_by",
    "created_at",
    "acknowledged_by",
    "acknowledged_at",
    "updated_at",
    "close_reason",
    "alarm_rule",
    "alarm_active",
    "alarm_cleared_at",
)
Ticket = dict[str, Any]
# Why a user name cannot be assigned (None: it can). The server knows its users;
# a console replaying its own ops does not, and passes none.
AssigneeCheck = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class OpOutcome:
    """What one op did. ``changed`` is False for an applied no-op (an acknowledgement
    of a ticket someone else already acknowledged); ``reason`` says why it was
    rejected or a duplicate, in English (the wire's language)."""

    status: OpStatus
    reason: str | None = None
    changed: bool = False
    fields: tuple[str, ...] = field(default=())
    # The rejection in both languages (``reason`` is its English), for a console
    # that shows its user why their own change was refused.
    error: IncidentError | None = field(default=None, compare=False, repr=False)


class EmptyEditError(IncidentError):
    """An edit that names no field: refused on the wire; a console makes no op of it."""


def _parse_time(value: object, key: str) -> datetime | None:
    """A journal time (RFC 3339, years 1970-2099), so converting it cannot overflow."""
    if value is None:
        return None
    problem = time_problem(value)
    if problem is not None:
        raise IncidentError(f"{key}: {problem}.")
    assert isinstance(value, str)  # time_problem said so
    return datetime.fromisoformat(value).astimezone(UTC)


def _alarm(value: object, *, creating: bool) -> dict[str, Any]:
    """The ``alarm`` of a create (rule, active, episode_start) or an edit (active, cleared_at)."""
    if not isinstance(value, Mapping):
        raise IncidentError("alarm must be an object.")
    rule = clean_text("alarm rule", value.get("rule"), required=creating, maximum=SHORT_MAX)
    active = value.get("active", True)
    if not isinstance(active, bool):
        raise IncidentError("alarm active must be true or false.")
    cleared_at = None if active else _parse_time(value.get("cleared_at"), "alarm cleared_at")
    _parse_time(value.get("episode_start"), "alarm episode_start")
    return {"rule": rule or None, "active": active, "cleared_at": cleared_at}


def _create(ticket_id: str, data: Mapping[str, Any], author: str, at: datetime) -> Ticket:
    if "alarm" in data and data["alarm"] is not None:
        alarm: dict[str, Any] | None = _alarm(data["alarm"], creating=True)
    else:
        alarm = None
    fields = validate_fields({k: v for k, v in data.items() if k != "alarm"}, creating=True)
    return {
        "id": ticket_id,
        "title": fields["title"],
        "program": fields["program"],
        "severity": fields["severity"],
        "status": str(Status.NEW),
        "description": fields.get("description") or "",
        "station": fields.get("station"),
        "series": fields.get("series"),
        "assignee": None,
        "created_by": author,
        "created_at": at,
        "acknowledged_by": None,
        "acknowledged_at": None,
        "updated_at": at,
        "close_reason": None,
        "alarm_rule": None if alarm is None else alarm["rule"],
        "alarm_active": alarm is not None and alarm["active"],
        "alarm_cleared_at": None if alarm is None else alarm["cleared_at"],
    }


def _edit(ticket: Ticket, data: Mapping[str, Any], role: Role) -> list[str]:
    changed: list[str] = []
    if "alarm" in data:
        # The alarm's state is a fact about the feed, not an operator's edit:
        # it is recorded on a ticket in any status, by anyone.
        if ticket["alarm_rule"] is None:
            raise IncidentError("This incident was not raised by an alarm.")
        alarm = _alarm(data["alarm"], creating=False)
        for key, value in (
            ("alarm_active", alarm["active"]),
            ("alarm_cleared_at", alarm["cleared_at"]),
        ):
            if ticket[key] != value:
                ticket[key] = value
                changed.append(key)
    fields = {k: v for k, v in data.items() if k != "alarm"}
    if not fields and "alarm" in data:
        return changed
    require(role, Action.EDIT, Status(ticket["status"]))
    cleaned = validate_fields(fields, creating=False)
    if not cleaned:
        raise EmptyEditError("An edit must change at least one field.")
    for key, value in cleaned.items():
        value = "" if key == "description" and value is None else value
        value = None if value is None else str(value)
        if ticket[key] != value:
            ticket[key] = value
            changed.append(key)
    return changed


def _transition(
    ticket: Ticket, data: Mapping[str, Any], role: Role, author: str, at: datetime
) -> list[str]:
    current = Status(ticket["status"])
    outcome = apply_transition(current, data, role)
    if outcome.result == "rejected":
        raise outcome.error or IncidentError(outcome.reason or "transition refused")
    if not outcome.changed:
        return []
    ticket["status"] = str(outcome.status)
    changed = ["status"]
    if outcome.status is Status.ACKNOWLEDGED:
        ticket["acknowledged_by"], ticket["acknowledged_at"] = author, at
        changed += ["acknowledged_by", "acknowledged_at"]
    if outcome.status is Status.CLOSED:
        ticket["close_reason"] = data.get("reason")
        changed.append("close_reason")
    return changed


def _comment(ticket: Ticket, data: Mapping[str, Any], role: Role) -> None:
    require(role, Action.COMMENT, Status(ticket["status"]))
    comment_id = data.get("comment_id")
    try:
        uuid.UUID(comment_id if isinstance(comment_id, str) else "")
    except ValueError:
        raise IncidentError("comment_id must be a UUID.") from None
    validate_comment(data.get("text"))


def _assign(
    ticket: Ticket, data: Mapping[str, Any], role: Role, assignable: AssigneeCheck | None
) -> list[str]:
    require(role, Action.ASSIGN, Status(ticket["status"]))
    if "username" not in data:
        raise IncidentError("assign needs a username (null to unassign).")
    raw = data["username"]
    username = None if raw is None else validate_username(raw)
    if ticket["assignee"] == username:
        return []
    refusal = None if username is None or assignable is None else assignable(username)
    if refusal is not None:
        raise IncidentError(refusal)
    ticket["assignee"] = username
    return ["assignee"]


def apply_op(
    ticket: Mapping[str, Any] | None,
    kind: str,
    ticket_id: str,
    data: Mapping[str, Any],
    *,
    author: str,
    role: Role,
    at: datetime,
    assignable: AssigneeCheck | None = None,
) -> tuple[Ticket | None, OpOutcome]:
    """Apply one op by ``author`` (whose role is ``role``) made at ``at``.

    Returns the ticket after the op (the input when nothing changed, ``None``
    when there still is none) and what happened. ``at`` stamps the creation,
    acknowledgement and ``updated_at``; the server passes the op's client time
    (clamped to its own clock), the console the time the op was made.
    ``assignable`` says why a user cannot be assigned (the server passes its
    users: existing and enabled); it is asked after the role and status
    checks, and not when the ticket already has that assignee.
    """
    if kind not in OP_KINDS:
        return _same(ticket), OpOutcome("rejected", f"unknown op kind {kind!r}")
    if kind in NOT_TICKET_KINDS:
        # A handover read names the report, never an incident: anyone signed in
        # confirms their own reading; the schema (journal_rules) is the whole rule.
        if ticket is not None:
            return _same(ticket), OpOutcome("rejected", f"{ticket_id} is an incident")
        return None, OpOutcome("applied")
    if kind in SHELF_KINDS:
        # A shelf is no ticket (its id is shelving.shelf_id): checked, never a ticket change.
        try:
            check_shelf_op(kind, ticket_id, data, role, at)
        except IncidentError as exc:
            return None, OpOutcome("rejected", str(exc), error=exc)
        return None, OpOutcome("applied", changed=True)
    if kind == "create":
        if ticket is not None:
            return _same(ticket), OpOutcome("duplicate", "an incident with this id already exists")
        try:
            require(role, Action.CREATE)
            created = _create(ticket_id, data, author, at)
        except IncidentError as exc:
            return None, OpOutcome("rejected", str(exc), error=exc)
        return created, OpOutcome("applied", changed=True, fields=tuple(TICKET_KEYS))
    if ticket is None:
        return None, OpOutcome("rejected", f"no incident with id {ticket_id}")
    updated = dict(ticket)
    try:
        if kind == "edit":
            changed = _edit(updated, data, role)
        elif kind == "transition":
            changed = _transition(updated, data, role, author, at)
        elif kind == "assign":
            changed = _assign(updated, data, role, assignable)
        else:
            _comment(updated, data, role)
            changed = []
    except IncidentError as exc:
        return _same(ticket), OpOutcome("rejected", str(exc), error=exc)
    if not changed:
        return _same(ticket), OpOutcome("applied")
    updated["updated_at"] = at
    return updated, OpOutcome("applied", changed=True, fields=tuple(changed))


def _same(ticket: Mapping[str, Any] | None) -> Ticket | None:
    return None if ticket is None else dict(ticket)
