"""Writing one incident change, inside the caller's transaction: the ticket as the
one rule makes it, its event and its outbox op.

No rule of its own lives here. :func:`apply` hands the ticket's state and
the change's op (made by ``core/incidents/local_ops.py`` from the ticket as
the user saw it) to :func:`~smartcity_console.core.incidents.apply_op`, the
function the sync server applies to every pushed op, and writes what it
returns: the ticket row, then, through :func:`record`, the event (who,
when, which workstation) and the outbox op with the client's next ``seq``.
The repository runs each change in one ``BEGIN IMMEDIATE`` transaction, with
the row read under the write lock, so the three are saved together or not
at all, and the status the rule checks cannot change before they are.

:func:`record` is also the last guard of the journal rule (docs/contracts.md,
amendment, December 2026): an op the sync server would refuse is never
written, whatever let it through the checks made when it was typed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcity_console.core.i18n import Message
from smartcity_console.core.incidents import TICKET_KEYS, IncidentError, OpOutcome, Role, apply_op
from smartcity_console.core.incidents.journal_rules import check_op
from smartcity_console.core.incidents.journal_text import to_iso, within_bounds
from smartcity_console.core.incidents.local_ops import LocalOp
from smartcity_console.core.incidents.ops import EmptyEditError
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
    ticket_event: bool = True,
) -> EventRow:
    """Append the event and the outbox op of one change; the event shares the op's id.

    The op goes under the actor's current client id: the one it signed in
    with, or the one that replaced it while it was signed in.

    Refused (IncidentError, nothing written) unless the op passes the journal
    rule exactly as the push will send it. ``ticket_event=False`` (a shelf
    op, store/shelves.py) writes the outbox op only: the returned event is not
    added to the tickets' history.
    """
    if not within_bounds(at):
        raise IncidentError(
            Message.translate(
                "Incident",
                "This workstation's clock says {value}: set the clock right, then make the "
                "change again.",
            ).format(value=at.isoformat())
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
    if ticket_event:
        session.add(event)
    return event


def load(session: Session, ticket_id: str) -> TicketRow:
    """The ticket's row, read under the caller's transaction (its write lock)."""
    row = session.get(TicketRow, ticket_id)
    if row is None:
        raise IncidentError(
            Message.translate("Incident", "No incident with id {ticket_id}.").format(
                ticket_id=ticket_id
            )
        )
    return row


def state_of(row: TicketRow) -> dict[str, Any]:
    """The ticket as :func:`apply_op` takes it: the snapshot's keys, Python values."""
    return {key: getattr(row, key) for key in TICKET_KEYS}


def row_values(ticket: Mapping[str, Any]) -> dict[str, Any]:
    """The row's columns for a ticket :func:`apply_op` returned (or the server sent)."""
    values = {key: ticket.get(key) for key in TICKET_KEYS}
    values["alarm_active"] = bool(values["alarm_active"])
    values["description"] = values["description"] or ""
    return values


def save(row: TicketRow, ticket: Mapping[str, Any]) -> None:
    """Write ``ticket`` into ``row``, touching only the columns that differ."""
    for key, value in row_values(ticket).items():
        if getattr(row, key) != value:
            setattr(row, key, value)


@dataclass(frozen=True, slots=True)
class Applied:
    """What one change did: the ticket's row, the rule's outcome, the event written.

    ``event`` is None when nothing was written: an op that changed nothing (an
    edit or assignment to what the ticket already holds, an empty edit), or
    the create of a ticket that exists (``outcome.status == "duplicate"``).
    """

    row: TicketRow | None
    outcome: OpOutcome
    event: EventRow | None


def apply(
    session: Session,
    actor: Actor,
    ticket_id: str,
    op: LocalOp,
    at: datetime,
    *,
    row: TicketRow | None = None,
) -> Applied:
    """Apply ``op`` by ``actor`` at ``at`` to the ticket in ``row`` (None: none yet) and
    write the result with its event and outbox op; IncidentError (both languages)
    and nothing written when the rule refuses it."""
    before = None if row is None else state_of(row)
    after, outcome = apply_op(
        before, op.kind, ticket_id, op.data, author=actor.user, role=actor.role, at=at
    )
    if outcome.status == "rejected":
        if isinstance(outcome.error, EmptyEditError):
            return Applied(row, outcome, None)  # nothing typed differs: no op to make
        raise outcome.error or IncidentError(outcome.reason or f"{op.kind} refused")
    # A comment changes no field but is an event all the same; other no-ops write nothing.
    if outcome.status == "duplicate" or (not outcome.changed and op.kind != "comment"):
        return Applied(row, outcome, None)
    assert after is not None  # applied to a ticket that exists, or created it
    if row is None:
        row = TicketRow(**row_values(after), server_snapshot=None)
        session.add(row)
        session.flush()  # the ticket exists before the rows that refer to it
    else:
        save(row, after)
    event = record(
        session, actor, ticket_id, op.kind, op.data, at, event_data=op.event_data, op_id=op.op_id
    )
    return Applied(row, outcome, event)
