"""The writes behind each incident change, inside the caller's transaction.

Each function changes the ticket row, then :func:`record` appends the event
(who, when, which workstation) and the outbox op with the client's next
``seq``. The repository runs each in one ``BEGIN IMMEDIATE`` transaction, so
the three are saved together or not at all. Status-dependent permission
checks happen here, after the row is read under the write lock.

:func:`record` is also the last guard of the journal rule (blueprint
amendment, December 2026): an op the sync server would refuse is never
written, whatever let it through the checks made when it was typed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcity_console.core.incidents import (
    Action,
    CloseReason,
    IncidentError,
    Role,
    Status,
    next_status,
    require,
)
from smartcity_console.core.incidents.journal_rules import check_op
from smartcity_console.core.incidents.journal_text import within_bounds
from smartcity_console.db.types import to_iso
from smartcity_console.store.models import EventRow, OutboxRow, SyncStateRow, TicketRow


@dataclass(frozen=True, slots=True)
class Actor:
    """The logged-in user at this workstation, and their client id for the outbox."""

    user: str
    role: Role
    workstation: str
    client_id: str


def current_state(session: Session, client_id: str) -> SyncStateRow | None:
    """The row of ``client_id``, or of the id that replaced it (sync_apply.rekey)."""
    state = session.get(SyncStateRow, client_id)
    seen = {client_id}
    while state is not None and state.replaced_by is not None and state.replaced_by not in seen:
        seen.add(state.replaced_by)
        state = session.get(SyncStateRow, state.replaced_by)
    return state


def _sync_state(session: Session, actor: Actor, at: datetime) -> SyncStateRow:
    state = current_state(session, actor.client_id)
    if state is None:
        taken = session.scalar(
            select(SyncStateRow.client_id).where(
                SyncStateRow.username == actor.user,
                SyncStateRow.workstation == actor.workstation,
                SyncStateRow.replaced_by.is_(None),
            )
        )
        if taken is not None:
            raise IncidentError(f"{actor.user} already has client id {taken} on this workstation.")
        state = SyncStateRow(
            client_id=actor.client_id,
            username=actor.user,
            workstation=actor.workstation,
            last_seq=0,
            cursor=0,
            created_at=at,
        )
        session.add(state)
        session.flush()
    elif state.username != actor.user:
        # The server refuses a client id used by a second user; refuse it here first.
        raise IncidentError(f"Client id {actor.client_id} belongs to {state.username}.")
    return state


def record(
    session: Session,
    actor: Actor,
    ticket_id: str,
    kind: str,
    data: dict[str, Any],
    at: datetime,
    *,
    event_data: dict[str, Any] | None = None,
    op_id: str | None = None,
) -> EventRow:
    """Append the event and the outbox op of one change; the event shares the op's id.

    The op goes under the actor's current client id: the one it signed in
    with, or the one that replaced it while it was signed in.

    Refused (IncidentError, nothing written) unless the op passes the journal
    rule exactly as the push will send it.
    """
    if not within_bounds(at):
        raise IncidentError(
            f"This workstation's clock says {at.isoformat()}: set the clock right, "
            "then make the change again.",
            f"Jam stasiun kerja ini menunjukkan {at.isoformat()}: betulkan jamnya, "
            "lalu ulangi perubahannya.",
        )
    check_op(kind, data, to_iso(at))
    state = _sync_state(session, actor, at)
    state.last_seq += 1
    op_id = op_id or str(uuid.uuid4())
    session.add(
        OutboxRow(
            client_id=state.client_id,
            seq=state.last_seq,
            op_id=op_id,
            ticket_id=ticket_id,
            kind=kind,
            data=data,
            client_ts=at,
            author=actor.user,
            status="pending",
            reason=None,
        )
    )
    event = EventRow(
        id=op_id,
        ticket_id=ticket_id,
        kind=kind,
        author=actor.user,
        workstation=actor.workstation,
        at=at,
        data=data if event_data is None else event_data,
    )
    session.add(event)
    return event


def load(session: Session, ticket_id: str) -> TicketRow:
    row = session.get(TicketRow, ticket_id)
    if row is None:
        raise IncidentError(
            f"No incident with id {ticket_id}.", f"Tidak ada insiden dengan id {ticket_id}."
        )
    return row


def create_ticket(
    session: Session,
    actor: Actor,
    fields: dict[str, str | None],
    *,
    ticket_id: str,
    at: datetime,
    alarm: dict[str, Any] | None = None,
) -> TicketRow:
    """A new ticket; ``fields`` come from ``validate_fields(..., creating=True)``."""
    row = TicketRow(
        id=ticket_id,
        title=fields["title"],
        program=fields["program"],
        severity=fields["severity"],
        status=Status.NEW,
        description=fields.get("description") or "",
        station=fields.get("station"),
        series=fields.get("series"),
        assignee=None,
        created_by=actor.user,
        created_at=at,
        acknowledged_by=None,
        acknowledged_at=None,
        updated_at=at,
        alarm_rule=None if alarm is None else alarm["rule"],
        alarm_active=alarm is not None,
        alarm_cleared_at=None,
        close_reason=None,
        server_snapshot=None,
    )
    session.add(row)
    session.flush()  # the ticket exists before the rows that refer to it
    data: dict[str, Any] = {k: None if v is None else str(v) for k, v in fields.items() if v}
    if alarm is not None:
        data["alarm"] = alarm
    record(session, actor, ticket_id, "create", data, at)
    return row


def edit_ticket(
    session: Session, actor: Actor, ticket_id: str, changes: dict[str, str | None], at: datetime
) -> TicketRow:
    """Change fields; nothing is written when no value actually changes."""
    row = load(session, ticket_id)
    require(actor.role, Action.EDIT, Status(row.status))
    if "description" in changes and changes["description"] is None:
        changes = {**changes, "description": ""}
    diff = {k: v for k, v in changes.items() if getattr(row, k) != v}
    if not diff:
        return row
    previous = {k: getattr(row, k) for k in diff}
    for key, value in diff.items():
        setattr(row, key, value)
    row.updated_at = at
    data = {k: None if v is None else str(v) for k, v in diff.items()}
    record(session, actor, ticket_id, "edit", data, at, event_data={**data, "previous": previous})
    return row


def transition_ticket(
    session: Session,
    actor: Actor,
    ticket_id: str,
    action: Action,
    at: datetime,
    *,
    note: str | None = None,
    reason: CloseReason | None = None,
) -> TicketRow:
    row = load(session, ticket_id)
    current = Status(row.status)
    require(actor.role, action, current)
    new = next_status(current, action)
    row.status = new
    row.updated_at = at
    if action is Action.ACKNOWLEDGE:
        row.acknowledged_by = actor.user
        row.acknowledged_at = at
    if action is Action.CLOSE:
        row.close_reason = reason
    data = {"to": str(new), "from": str(current), "note": note, "reason": reason and str(reason)}
    record(session, actor, ticket_id, "transition", data, at)
    return row


def assign_ticket(
    session: Session, actor: Actor, ticket_id: str, username: str | None, at: datetime
) -> TicketRow:
    """Assign to ``username`` (None: nobody); nothing is written when it is unchanged."""
    row = load(session, ticket_id)
    require(actor.role, Action.ASSIGN, Status(row.status))
    if row.assignee == username:
        return row
    previous, row.assignee, row.updated_at = row.assignee, username, at
    event = {"username": username, "previous": previous}
    record(session, actor, ticket_id, "assign", {"username": username}, at, event_data=event)
    return row


def add_comment(
    session: Session, actor: Actor, ticket_id: str, text: str, at: datetime
) -> EventRow:
    row = load(session, ticket_id)
    require(actor.role, Action.COMMENT, Status(row.status))
    comment_id = str(uuid.uuid4())
    data = {"comment_id": comment_id, "text": text}
    return record(session, actor, ticket_id, "comment", data, at, op_id=comment_id)


def set_alarm(
    session: Session, actor: Actor, ticket_id: str, active: bool, at: datetime, now: datetime
) -> TicketRow:
    """Record that the ticket's alarm is active again or cleared (at ``at``), as an edit.

    The status is untouched: a cleared alarm still needs acknowledging (ISA-18.2).
    """
    row = load(session, ticket_id)
    if row.alarm_rule is None:
        raise IncidentError(f"Incident {ticket_id} was not raised by an alarm.")
    if row.alarm_active == active:
        return row
    # A device's clock far off (or reset to 1970) must not lose the clear: the
    # console's own time stands in for a time the journal cannot hold.
    at = at if within_bounds(at) else now
    row.alarm_active = active
    row.alarm_cleared_at = None if active else at
    row.updated_at = now
    alarm = {"rule": row.alarm_rule, "active": active, "cleared_at": None if active else to_iso(at)}
    record(session, actor, ticket_id, "edit", {"alarm": alarm}, now)
    return row
