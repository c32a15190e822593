"""The console's side of sync, in its own database: outbox results and pulled pages.

The shown ticket is always the server's last snapshot with this console's
unconfirmed ops replayed on top, by the same rule the server applies
(:func:`smartcity_console.core.incidents.apply_op`). "Unconfirmed" means
pending, or sent but not yet seen among the pulled events; an op the server
rejected drops out of the replay, so the ticket returns to the server's
state and the author is told why.

Every function here is one write transaction, so a crash between a push's
answer and its bookkeeping leaves ops pending: they are pushed again and
answer ``duplicate``, which is why a duplicate counts as delivered. The
server says ``duplicate`` only for the same client id, seq and op_id (or an
op_id this user already delivered); a seq reused with another op_id is a
409 ``seq_reused``, answered by :func:`rekey`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from smartcity_console.core.incidents import TICKET_KEYS, Role, apply_op
from smartcity_console.core.incidents.journal_text import to_iso
from smartcity_console.core.incidents.op_kinds import OP_SUBJECTS, SHELF_KINDS, Subject
from smartcity_console.store import shelves
from smartcity_console.store.changes import row_values, save
from smartcity_console.store.database import Database
from smartcity_console.store.models import (
    OutboxRow,
    PullStateRow,
    ServerEventRow,
    SyncStateRow,
    TicketRow,
    UserCacheRow,
)
from smartcity_console.store.records import PendingOp

_UNCONFIRMED = ("pending", "sent")
# The server's answer to a retried op that it had rejected the first time.
_REJECTED_BEFORE = "already processed (rejected"


@dataclass(frozen=True, slots=True)
class OpAnswer:
    """The server's result for one op (contract/sync_api.py ``OpResult``, without pydantic)."""

    op_id: str
    status: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """An op the server refused: shown to ``author`` with ``reason``."""

    op_id: str
    ticket_id: str
    kind: str
    author: str
    reason: str
    ticket_title: str | None


@dataclass(frozen=True, slots=True)
class ClientQueue:
    """One user's unsent ops at this workstation, in ``seq`` order."""

    client_id: str
    username: str
    workstation: str
    ops: tuple[PendingOp, ...]


def pending_queues(db: Database, limit: int) -> list[ClientQueue]:
    """Each client's first ``limit`` pending ops (clients with none are left out)."""
    with db.read() as session:
        states = session.scalars(select(SyncStateRow).order_by(SyncStateRow.created_at)).all()
        queues = []
        for state in states:
            rows = session.scalars(
                select(OutboxRow)
                .where(OutboxRow.client_id == state.client_id, OutboxRow.status == "pending")
                .order_by(OutboxRow.seq)
                .limit(limit)
            ).all()
            if rows:
                ops = tuple(PendingOp.of(r) for r in rows)
                queues.append(ClientQueue(state.client_id, state.username, state.workstation, ops))
        return queues


def pending_count(db: Database) -> int:
    with db.read() as session:
        statement = select(func.count()).select_from(OutboxRow).where(OutboxRow.status == "pending")
        return session.scalar(statement) or 0


def pending_authors(db: Database) -> dict[str, int]:
    """How many ops wait for each user (a user's ops go out only with that user's token)."""
    with db.read() as session:
        rows = session.execute(
            select(OutboxRow.author, func.count())
            .where(OutboxRow.status == "pending")
            .group_by(OutboxRow.author)
        ).all()
        return {str(author): int(count) for author, count in rows}


def record_results(db: Database, client_id: str, answers: Sequence[OpAnswer]) -> list[Rejection]:
    """Mark pushed ops sent or rejected; rejected ops' tickets return to the server's state."""
    rejections: list[Rejection] = []
    with db.write() as session:
        touched: set[str] = set()
        shelves_touched: set[str] = set()
        for answer in answers:
            row = session.scalar(
                select(OutboxRow).where(
                    OutboxRow.client_id == client_id, OutboxRow.op_id == answer.op_id
                )
            )
            if row is None:
                continue
            rejected = answer.status == "rejected" or (
                answer.status == "duplicate" and (answer.reason or "").startswith(_REJECTED_BEFORE)
            )
            if rejected:
                row.status, row.reason = "rejected", answer.reason or "rejected by the server"
                _note_touched(row.kind, row.ticket_id, touched, shelves_touched)
                ticket = session.get(TicketRow, row.ticket_id)
                title = None if ticket is None else ticket.title
                if row.kind in SHELF_KINDS:  # no ticket: name the shelf by its rule and target
                    title = shelves.title(session, row.ticket_id, row.data)
                rejections.append(
                    Rejection(row.op_id, row.ticket_id, row.kind, row.author, row.reason, title)
                )
            else:
                row.status, row.reason = "sent", None
        session.flush()
        for ticket_id in touched:
            rebuild(session, ticket_id)
        for shelf in shelves_touched:
            shelves.rebuild(session, shelf)
    return rejections


def requeue_from(db: Database, client_id: str, last_seq: int) -> int:
    """After a 409 gap: ops after the server's ``last_seq`` go out again (how many)."""
    with db.write() as session:
        result = session.execute(
            update(OutboxRow)
            .where(OutboxRow.client_id == client_id, OutboxRow.seq > last_seq)
            .where(OutboxRow.status != "pending")
            .values(status="pending", reason=None)
        )
        count: int = result.rowcount  # type: ignore[attr-defined]  # CursorResult
        return count


def rekey(db: Database, client_id: str, now: datetime) -> tuple[str, int]:
    """After a ``seq_reused`` 409: a new client id, and the undelivered ops moved to it.

    The server processed some of this client id's seqs with other ops (this
    database was restored from a backup, or another workstation has the same
    client id), so these seqs can no longer say which op is which. The same
    user and workstation get a new client id; every op not known delivered
    (pending, or sent but never seen in a pull) moves to it, renumbered from 1
    in its old order, with its op_id unchanged. The server answers an op_id it
    already processed for this user as a duplicate, so resending one that did
    arrive applies nothing twice. Returns the new id and how many ops moved;
    an id already replaced returns its successor and 0.
    """
    with db.write() as session:
        old = session.get(SyncStateRow, client_id)
        if old is None:
            raise LookupError(f"unknown client id {client_id}")  # queues come from sync_state
        if old.replaced_by is not None:
            return old.replaced_by, 0
        seen_in_pull = select(ServerEventRow.id)
        seqs = session.scalars(
            select(OutboxRow.seq)
            .where(OutboxRow.client_id == client_id)
            .where(
                or_(
                    OutboxRow.status == "pending",
                    (OutboxRow.status == "sent") & OutboxRow.op_id.not_in(seen_in_pull),
                )
            )
            .order_by(OutboxRow.seq)
        ).all()
        new_id = str(uuid.uuid4())
        old.replaced_by = new_id
        session.flush()  # one current id per user and workstation (uq_sync_state_current)
        session.add(
            SyncStateRow(
                client_id=new_id,
                username=old.username,
                workstation=old.workstation,
                last_seq=len(seqs),
                cursor=old.cursor,
                created_at=now,
            )
        )
        session.flush()
        for new_seq, old_seq in enumerate(seqs, start=1):
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.client_id == client_id, OutboxRow.seq == old_seq)
                .values(client_id=new_id, seq=new_seq, status="pending", reason=None)
            )
        return new_id, len(seqs)


def refused_count(db: Database) -> int:
    """Ops the server refused for good whose author has not yet closed the notice."""
    with db.read() as session:
        statement = (
            select(func.count())
            .select_from(OutboxRow)
            .where(OutboxRow.status == "rejected", OutboxRow.seen.is_(False))
        )
        return session.scalar(statement) or 0


def mark_seen(db: Database, op_ids: Iterable[str]) -> None:
    """The author closed the notice of these refused ops."""
    ids = list(op_ids)
    if ids:
        with db.write() as session:
            session.execute(update(OutboxRow).where(OutboxRow.op_id.in_(ids)).values(seen=True))


def unseen_rejections(db: Database, author: str, *, mark: bool = True) -> list[Rejection]:
    """Rejections of ``author``'s ops not yet shown to them (marked seen unless ``mark`` is off)."""
    with db.write() as session:
        rows = session.scalars(
            select(OutboxRow)
            .where(OutboxRow.status == "rejected", OutboxRow.author == author)
            .where(OutboxRow.seen.is_(False))
            .order_by(OutboxRow.client_ts)
        ).all()
        out = []
        for row in rows:
            row.seen = row.seen or mark
            ticket = session.get(TicketRow, row.ticket_id)
            out.append(
                Rejection(
                    row.op_id,
                    row.ticket_id,
                    row.kind,
                    row.author,
                    row.reason or "rejected by the server",
                    None if ticket is None else ticket.title,
                )
            )
        return out


def cursor(db: Database) -> int:
    with db.read() as session:
        state = session.get(PullStateRow, 1)
        return 0 if state is None else state.cursor


def reset_cursor(db: Database) -> None:
    """Pull from the start again (the server lost events it had sent us).

    The server will number new events with numbers we already hold for lost
    ones, so the copy of its history goes too; pulling brings back what it kept.
    """
    with db.write() as session:
        session.execute(delete(ServerEventRow))
        state = session.get(PullStateRow, 1)
        if state is not None:
            state.cursor = 0


def last_pulled_at(db: Database) -> datetime | None:
    with db.read() as session:
        state = session.get(PullStateRow, 1)
        return None if state is None else state.pulled_at


def apply_pull(
    db: Database,
    tickets: Iterable[Mapping[str, Any]],
    events: Iterable[Mapping[str, Any]],
    new_cursor: int,
    now: datetime,
) -> set[str]:
    """Store one pulled page (snapshots with Python datetimes); the ids of tickets shown anew."""
    events = list(events)
    with db.write() as session:
        page_ids = [event["id"] for event in events]
        known = set(
            session.scalars(select(ServerEventRow.id).where(ServerEventRow.id.in_(page_ids)))
        )
        touched: set[str] = set()
        shelves_touched: set[str] = set()
        for event in events:
            if event["id"] in known:
                continue
            known.add(event["id"])
            _note_touched(event["kind"], event["ticket_id"], touched, shelves_touched)
            session.add(
                ServerEventRow(
                    seq=event["seq"],
                    id=event["id"],
                    ticket_id=event["ticket_id"],
                    kind=event["kind"],
                    author=event["author"],
                    workstation=event.get("workstation"),
                    at=event["at"],
                    data=dict(event["data"]),
                )
            )
        session.flush()
        for snapshot in tickets:
            row = session.get(TicketRow, snapshot["id"])
            stored = _to_json(snapshot)
            if row is None:
                row = TicketRow(**row_values(snapshot), server_snapshot=stored)
                session.add(row)
            else:
                row.server_snapshot = stored
            touched.add(snapshot["id"])
        session.flush()
        for ticket_id in touched:
            rebuild(session, ticket_id)
        for shelf in shelves_touched:
            shelves.rebuild(session, shelf)
        state = session.get(PullStateRow, 1)
        if state is None:
            session.add(PullStateRow(id=1, cursor=new_cursor, pulled_at=now))
        else:
            state.cursor, state.pulled_at = new_cursor, now
        return touched


def _note_touched(kind: str, target: str, tickets: set[str], shelves: set[str]) -> None:
    """Remember what an op of ``kind`` changed: a ticket or a shelf to rebuild (a report: none)."""
    subject = OP_SUBJECTS.get(kind, Subject.TICKET)
    if subject is Subject.TICKET:
        tickets.add(target)
    elif subject is Subject.SHELF:
        shelves.add(target)


def rebuild(session: Session, ticket_id: str) -> None:
    """Show the server's snapshot with the unconfirmed ops replayed on top."""
    row = session.get(TicketRow, ticket_id)
    if row is None:
        return
    confirmed = select(ServerEventRow.id).where(ServerEventRow.ticket_id == ticket_id)
    ops = session.scalars(
        select(OutboxRow)
        .where(OutboxRow.ticket_id == ticket_id, OutboxRow.status.in_(_UNCONFIRMED))
        .where(OutboxRow.op_id.not_in(confirmed))
        .order_by(OutboxRow.client_ts, OutboxRow.seq)
    ).all()
    if row.server_snapshot is None and not ops:
        return  # made here and never sent: nothing to rebuild from
    state: dict[str, Any] | None = (
        None if row.server_snapshot is None else _from_json(row.server_snapshot)
    )
    roles = _roles(session, {op.author for op in ops})
    for op in ops:
        after, _outcome = apply_op(
            state,
            op.kind,
            op.ticket_id,
            op.data,
            author=op.author,
            role=roles.get(op.author, Role.OPERATOR),
            at=op.client_ts,
        )
        state = after
    if state is None:
        return  # a local create the server refused: keep what was shown, flagged by its rejection
    save(row, state)


def _roles(session: Session, users: set[str]) -> dict[str, Role]:
    if not users:
        return {}
    rows = session.execute(
        select(UserCacheRow.username, UserCacheRow.role).where(UserCacheRow.username.in_(users))
    ).all()
    return {name: Role(role) for name, role in rows}


_TIME_KEYS = ("created_at", "acknowledged_at", "updated_at", "alarm_cleared_at")


def _to_json(ticket: Mapping[str, Any]) -> dict[str, Any]:
    out = {key: ticket.get(key) for key in TICKET_KEYS}
    for key in _TIME_KEYS:
        moment = out[key]
        if isinstance(moment, datetime):
            out[key] = to_iso(moment)
    return out


def _from_json(stored: Mapping[str, Any]) -> dict[str, Any]:
    out = {key: stored.get(key) for key in TICKET_KEYS}
    for key in _TIME_KEYS:
        text = out[key]
        if isinstance(text, str):
            out[key] = datetime.fromisoformat(text)
    out["alarm_active"] = bool(out["alarm_active"])
    return out
