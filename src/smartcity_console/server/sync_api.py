"""``POST /api/v1/sync/push`` and ``GET /api/v1/sync/pull``: the protocol of docs/contracts.md.

A push is one transaction, serialized with every other push (an advisory
lock on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite). Serializing is what makes
the pull cursor sound: events are numbered ``max + 1`` under the lock, so
they commit in number order and a pull can never skip one that commits late.
The lock lives in the database, so any number of server instances share it.

Within the transaction the batch is applied set-wise: one query for the
tickets it touches, the ops applied in memory by the shared rule
(:func:`smartcity_console.core.incidents.apply_op`), then one bulk insert
each for events and op results. Per-op round trips would make a 500-op push
from a console that was offline for a shift take seconds.

The author of every op is the token's user, with that user's role now; the
op itself carries no author.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from smartcity_console.contract.sync_api import (
    DEFAULT_PULL,
    MAX_PULL,
    AssignOp,
    CommentOp,
    Conflict,
    Event,
    GapError,
    Op,
    OpResult,
    PullResponse,
    PushRequest,
    PushResponse,
    TicketSnapshot,
)
from smartcity_console.core.incidents import TICKET_KEYS, apply_op
from smartcity_console.core.incidents.op_kinds import SAYING_KINDS, is_about_ticket
from smartcity_console.core.incidents.ops import AssigneeCheck
from smartcity_console.server.auth import CurrentUser, Database, ErrorOut, auth_settings
from smartcity_console.server.models import (
    Base,
    ClientRow,
    EventRow,
    OpResultRow,
    TicketRow,
    UserRow,
)

log = logging.getLogger("smartcity_console.server.sync")
# Any constant works; it only has to be the same in every server process.
_PUSH_LOCK_KEY = 0x5C17_0002
_PROCESSED = "already processed"
_REUSED = "op_id already used"
# Which earlier result of an op_id says what became of it: it applied once at most.
_ORIGINAL_FIRST = ("applied", "rejected", "duplicate")

router = APIRouter(prefix="/api/v1/sync", tags=["sync"])
_TABLES = Base.metadata.tables  # Core tables for the bulk writes
Poke = Callable[[int], None]


class GapConflictError(Exception):
    """The batch does not continue the client's ops: refused whole (409 with ``last_seq``)."""

    def __init__(self, last_seq: int, message: str, conflict: Conflict = "gap") -> None:
        then = (
            f"push again from seq {last_seq + 1}"
            if conflict == "gap"
            else "resend the undelivered ops under a new client id"
        )
        super().__init__(f"{message}; nothing was applied: {then}")
        self.last_seq = last_seq
        self.conflict: Conflict = conflict


async def gap_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, GapConflictError)
    body = GapError(detail=str(exc), last_seq=exc.last_seq, conflict=exc.conflict)
    return JSONResponse(body.model_dump(), status_code=status.HTTP_409_CONFLICT)


def _serialize_pushes(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PUSH_LOCK_KEY})
    # SQLite: the write session began with BEGIN IMMEDIATE, which already serializes.


def _client(session: Session, body: PushRequest, username: str, now: datetime) -> ClientRow:
    client = session.get(ClientRow, body.client_id)
    if client is None:
        client = ClientRow(
            client_id=body.client_id,
            username=username,
            workstation=body.workstation,
            last_seq=0,
            created_at=now,
            last_push_at=now,
        )
        session.add(client)
    elif client.username != username:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"client id {body.client_id} belongs to another user; "
            "a console makes a new client id for each user",
        )
    elif body.workstation is not None:
        client.workstation = body.workstation
    client.last_push_at = now
    return client


def _check_order(ops: Sequence[Op], last_seq: int) -> list[Op]:
    """The ops after ``last_seq``; GapConflictError unless they follow it without a hole."""
    seqs = [op.seq for op in ops]
    if any(b <= a for a, b in itertools.pairwise(seqs)):
        raise GapConflictError(last_seq, "ops must be in increasing seq order")
    new = [op for op in ops if op.seq > last_seq]
    for expected, op in enumerate(new, start=last_seq + 1):
        if op.seq != expected:
            raise GapConflictError(last_seq, f"seq {expected} is missing before {op.seq}")
    return new


def _state(row: TicketRow) -> dict[str, Any]:
    return {key: getattr(row, key) for key in TICKET_KEYS}


def _earlier_results(session: Session, client_id: str, old: Sequence[Op]) -> dict[int, OpResultRow]:
    if not old:
        return {}
    rows = session.scalars(
        select(OpResultRow).where(
            OpResultRow.client_id == client_id, OpResultRow.seq.in_([op.seq for op in old])
        )
    )
    return {row.seq: row for row in rows}


def _check_reused(old: Sequence[Op], earlier: dict[int, OpResultRow], last_seq: int) -> None:
    """A seq already processed must come back with its op_id; else the client must re-key.

    Answering ``duplicate`` here would tell the console that an op the server
    never saw was delivered (a console database restored from a backup, two
    workstations sharing a client id): it would be lost without a trace.
    """
    for op in old:
        row = earlier.get(op.seq)
        if row is None or row.op_id != op.op_id:
            raise GapConflictError(
                last_seq,
                f"seq {op.seq} was already processed for this client with another op_id",
                "seq_reused",
            )


def _duplicate(earlier: OpResultRow) -> OpResult:
    if earlier.status == "duplicate" and (earlier.reason or "").startswith(_PROCESSED):
        return OpResult(op_id=earlier.op_id, status="duplicate", reason=earlier.reason)
    said = earlier.status + (f": {earlier.reason}" if earlier.reason else "")
    return OpResult(op_id=earlier.op_id, status="duplicate", reason=f"{_PROCESSED} ({said})")


def _processed_elsewhere(session: Session, ops: Sequence[Op], username: str) -> dict[str, OpResult]:
    """Ops already processed under another client id of the same user: duplicates.

    A console that re-keys (a new client id after a ``seq_reused`` 409) resends
    every op it cannot prove delivered, under new seqs and the same op_ids;
    what the server already processed answers as it did then, so nothing
    applies twice. The same op_id from another user, or on another ticket or
    kind than the op it named, is a reuse and is rejected.
    """
    ids = [op.op_id for op in ops]
    if not ids:
        return {}
    rows = session.execute(
        select(OpResultRow, ClientRow.username)
        .join(ClientRow, ClientRow.client_id == OpResultRow.client_id)
        .where(OpResultRow.op_id.in_(ids))
    ).all()
    by_id: dict[str, list[tuple[OpResultRow, str]]] = {}
    for result, owner in rows:
        by_id.setdefault(result.op_id, []).append((result, owner))
    if not by_id:
        return {}  # the usual push: every op is new
    applied = {
        row.id: (row.ticket_id, row.kind)
        for row in session.execute(
            select(EventRow.id, EventRow.ticket_id, EventRow.kind).where(
                EventRow.id.in_(list(by_id))
            )
        )
    }
    answers: dict[str, OpResult] = {}
    for op in ops:
        if op.op_id in answers or op.op_id not in by_id:
            continue
        found = [(r, u) for r, u in by_id[op.op_id] if r.reason != _REUSED]
        same_op = applied.get(op.op_id, (op.ticket_id, op.kind)) == (op.ticket_id, op.kind)
        if not found or any(u != username for _, u in found) or not same_op:
            answers[op.op_id] = OpResult(op_id=op.op_id, status="rejected", reason=_REUSED)
            continue
        original = min(found, key=lambda f: _ORIGINAL_FIRST.index(f[0].status))[0]
        answers[op.op_id] = _duplicate(original)
    return answers


def _assignees(session: Session, ops: Sequence[Op]) -> AssigneeCheck:
    """Why a user named in the batch's assignments cannot be assigned, from one query.

    docs/contracts.md: assignees are existing, enabled users.
    """
    names = {op.data["username"] for op in ops if isinstance(op, AssignOp)} - {None}
    found: dict[str, bool] = {}
    if names:
        rows = session.execute(
            select(UserRow.username, UserRow.disabled).where(UserRow.username.in_(names))
        )
        found = dict(rows.tuples().all())

    def why_not(username: str) -> str | None:
        if username not in found:
            return f"no user {username!r} on the sync server: assign one of its users"
        if found[username]:
            return f"user {username!r} is disabled: assign an enabled user"
        return None

    return why_not


def _comment_ids_used(session: Session, ops: Sequence[Op]) -> set[str]:
    ids = [op.data["comment_id"] for op in ops if isinstance(op, CommentOp)]
    if not ids:
        return set()
    return set(session.scalars(select(EventRow.comment_id).where(EventRow.comment_id.in_(ids))))


def _apply_batch(
    session: Session,
    client: ClientRow,
    new: Sequence[Op],
    user: CurrentUser,
    now: datetime,
) -> tuple[dict[int, OpResult], int]:
    """Apply ``new`` in order; their results, and how many events were recorded."""
    ids = {op.ticket_id for op in new}
    rows = {row.id: row for row in session.scalars(select(TicketRow).where(TicketRow.id.in_(ids)))}
    tickets: dict[str, dict[str, Any] | None] = {
        i: _state(rows[i]) if i in rows else None for i in ids
    }
    elsewhere = _processed_elsewhere(session, new, user.username)
    taken: set[str] = set()
    assignable = _assignees(session, new)
    comment_ids = _comment_ids_used(session, new)
    next_event = (session.scalar(select(func.max(EventRow.seq))) or 0) + 1
    events: list[dict[str, Any]] = []
    results: dict[int, OpResult] = {}  # by seq: an op_id may come twice
    outcomes: list[dict[str, Any]] = []
    changed_at: dict[str, int] = {}
    for op in new:
        comment_id = op.data["comment_id"] if isinstance(op, CommentOp) else None
        if op.op_id in taken:
            result = OpResult(op_id=op.op_id, status="rejected", reason=_REUSED)
        elif op.op_id in elsewhere:
            taken.add(op.op_id)
            result = elsewhere[op.op_id]
        elif comment_id in comment_ids:
            taken.add(op.op_id)
            result = OpResult(op_id=op.op_id, status="rejected", reason="comment_id already used")
        else:
            taken.add(op.op_id)
            at = min(op.client_ts, now)
            after, outcome = apply_op(
                tickets[op.ticket_id],
                op.kind,
                op.ticket_id,
                op.data,
                author=user.username,
                role=user.role,
                at=at,
                assignable=assignable,
            )
            result = OpResult(op_id=op.op_id, status=outcome.status, reason=outcome.reason)
            if outcome.status == "applied":
                data = (
                    dict(op.data)
                    if outcome.changed or op.kind in SAYING_KINDS
                    else {
                        **op.data,
                        "noop": True,
                    }
                )
                events.append(
                    {
                        "seq": next_event,
                        "id": op.op_id,
                        "ticket_id": op.ticket_id,
                        "kind": op.kind,
                        "author": user.username,
                        "workstation": client.workstation,
                        "client_id": client.client_id,
                        "at": at,
                        "recorded_at": now,
                        "data": data,
                        "comment_id": comment_id,
                    }
                )
                if comment_id is not None:
                    comment_ids.add(comment_id)
                if outcome.changed and is_about_ticket(op.kind):  # a shelf is its events
                    tickets[op.ticket_id] = after
                    changed_at[op.ticket_id] = next_event
                next_event += 1
        results[op.seq] = result
        outcomes.append(
            {
                "client_id": client.client_id,
                "seq": op.seq,
                "op_id": op.op_id,
                "status": result.status,
                "reason": result.reason,
            }
        )
    _write_tickets(session, rows, tickets, changed_at)
    if events:
        session.execute(insert(_TABLES["events"]), events)
    if outcomes:
        session.execute(insert(_TABLES["op_results"]), outcomes)
    client.last_seq = new[-1].seq if new else client.last_seq
    return results, len(events)


def _write_tickets(
    session: Session,
    rows: dict[str, TicketRow],
    tickets: dict[str, dict[str, Any] | None],
    changed_at: dict[str, int],
) -> None:
    created = [
        {**tickets[i], "change_seq": seq}  # type: ignore[dict-item]
        for i, seq in changed_at.items()
        if i not in rows
    ]
    updated = [
        {**tickets[i], "change_seq": seq}  # type: ignore[dict-item]
        for i, seq in changed_at.items()
        if i in rows
    ]
    for row in rows.values():
        session.expunge(row)  # the bulk UPDATE below is the write; no ORM flush of stale rows
    table = _TABLES["tickets"]
    if created:
        session.execute(insert(table), created)
    if updated:
        # Core executemany: the ORM's bulk paths cost more than the SQL here.
        keyed = [{**row, "b_id": row["id"]} for row in updated]
        session.execute(update(table).where(table.c.id == bindparam("b_id")), keyed)


@router.post(
    "/push",
    responses={
        400: {"model": ErrorOut, "description": "the body cannot be read as JSON in UTF-8"},
        401: {"model": ErrorOut},
        403: {"model": ErrorOut, "description": "the client id belongs to another user"},
        409: {
            "model": GapError,
            "description": "nothing was applied: the batch has a gap (conflict gap) or a seq "
            "already processed came with another op_id (conflict seq_reused)",
        },
        413: {"model": ErrorOut},
        503: {"model": ErrorOut},
    },
)
def push(body: PushRequest, user: CurrentUser, db: Database, request: Request) -> PushResponse:
    """Apply a console's ops in order; each answers applied, duplicate or rejected.

    Ops at or below the client's last processed ``seq`` with the op_id it had
    are duplicates (a retry after a lost answer applies once); the same seq
    with another op_id, or a batch that does not continue from ``last_seq``,
    is refused whole with 409, ``last_seq`` and ``conflict``, so the console
    re-keys or resends from the right place. An op_id this user's other client
    id already delivered is a duplicate too. A rejected op never blocks the
    ops behind it.
    """
    started = time.perf_counter()
    now = auth_settings(request).clock()
    with db.write() as session:
        _serialize_pushes(session)
        client = _client(session, body, user.username, now)
        new = _check_order(body.ops, client.last_seq)
        old = [op for op in body.ops if op.seq <= client.last_seq]
        earlier = _earlier_results(session, client.client_id, old)
        _check_reused(old, earlier, client.last_seq)
        results = {op.seq: _duplicate(earlier[op.seq]) for op in old}
        applied, recorded = _apply_batch(session, client, new, user, now)
        results.update(applied)
        last_seq = client.last_seq
        cursor = session.scalar(select(func.max(EventRow.seq))) or 0
    ordered = [results[op.seq] for op in body.ops]
    counts = {s: sum(r.status == s for r in ordered) for s in ("applied", "duplicate", "rejected")}
    log.info(
        "push",
        extra={
            "fields": {
                "user": user.username,
                "client_id": body.client_id,
                "ops": len(body.ops),
                **counts,
                "events": recorded,
                "cursor": cursor,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
        },
    )
    if recorded:
        poke: Poke | None = request.app.state.poke
        if poke is not None:
            poke(cursor)
    return PushResponse(results=ordered, last_seq=last_seq, cursor=cursor)


def _event(row: EventRow) -> Event:
    return Event(
        seq=row.seq,
        id=row.id,
        ticket_id=row.ticket_id,
        kind=row.kind,  # only OpKind values are ever stored
        author=row.author,
        workstation=row.workstation,
        at=row.at,
        data=row.data,
    )


@router.get("/pull", responses={401: {"model": ErrorOut}, 503: {"model": ErrorOut}})
def pull(
    user: CurrentUser,
    db: Database,
    cursor: Annotated[int, Query(ge=0, le=2**62, description="the cursor of the last pull")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = DEFAULT_PULL,
) -> PullResponse:
    """Events after ``cursor`` (at most ``limit``), and the tickets they changed.

    Snapshots are the tickets' current state; a ticket changed again after
    this page comes with a later page. ``more`` says to pull again at once.
    """
    del user  # any logged-in user sees every incident (docs/contracts.md: one command center)
    with db.read() as session:
        rows = list(
            session.scalars(
                select(EventRow)
                .where(EventRow.seq > cursor)
                .order_by(EventRow.seq)
                .limit(limit + 1)
            )
        )
        more = len(rows) > limit
        page = rows[:limit]
        if page:
            new_cursor = page[-1].seq
        else:
            # Never past the newest event: a console whose cursor is ahead (the
            # server's database was restored from a backup) sees it and pulls again.
            new_cursor = min(cursor, session.scalar(select(func.max(EventRow.seq))) or 0)
        tickets: Sequence[TicketRow] = (
            session.scalars(
                select(TicketRow)
                .where(TicketRow.change_seq > cursor, TicketRow.change_seq <= new_cursor)
                .order_by(TicketRow.change_seq)
            ).all()
            if page
            else []
        )
        snapshots = [TicketSnapshot.model_validate(_state(t)) for t in tickets]
        return PullResponse(
            tickets=snapshots, events=[_event(r) for r in page], cursor=new_cursor, more=more
        )
