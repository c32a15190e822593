"""The shelves this console knows, and a supervisor's shelve and unshelve (docs/incidents.md).

A shelf row is a cache of one fold (core/incidents/shelving.py): the
shelf's events as the server recorded them (``server_events``, pulled in
its order) with this console's unconfirmed ops (outbox, pending or sent and
not yet pulled) on top, the same way a ticket is the server's snapshot with
the pending ops replayed. :func:`rebuild` makes it; a shelve or unshelve
writes its outbox op and rebuilds in one transaction, a pull rebuilds the
shelves its page touched, and an op the server rejected drops out of the
fold, so the row returns to what the server holds.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from smartcity_console.core.i18n import Message
from smartcity_console.core.incidents import IncidentError, utc_now
from smartcity_console.core.incidents.local_ops import shelve_op, unshelve_op
from smartcity_console.core.incidents.shelving import Shelf, fold, shelved
from smartcity_console.store import changes
from smartcity_console.store.changes import Actor
from smartcity_console.store.database import Database
from smartcity_console.store.models import OutboxRow, ServerEventRow, ShelfRow

_UNCONFIRMED = ("pending", "sent")


def _shelf(row: ShelfRow) -> Shelf:
    return Shelf(
        row.id,
        row.rule,
        row.series,
        row.station,
        row.until,
        row.reason,
        row.shelved_by,
        row.shelved_at,
        row.ended_by,
        row.ended_at,
    )


def rebuild(session: Session, shelf: str) -> None:
    """The shelf's row from its pulled events and this console's unconfirmed ops."""
    confirmed = select(ServerEventRow.id).where(ServerEventRow.ticket_id == shelf)
    pulled = session.scalars(
        select(ServerEventRow).where(ServerEventRow.ticket_id == shelf).order_by(ServerEventRow.seq)
    ).all()
    pending = session.scalars(
        select(OutboxRow)
        .where(
            OutboxRow.ticket_id == shelf,
            OutboxRow.status.in_(_UNCONFIRMED),
            OutboxRow.op_id.not_in(confirmed),
        )
        .order_by(OutboxRow.client_ts, OutboxRow.seq)
    ).all()
    events = [(e.kind, shelf, e.data, e.author, e.at) for e in pulled]
    events += [(op.kind, shelf, op.data, op.author, op.client_ts) for op in pending]
    folded = fold(events).get(shelf)
    if folded is None:
        session.execute(delete(ShelfRow).where(ShelfRow.id == shelf))
        return
    row = session.get(ShelfRow, shelf)
    values = {
        "rule": folded.rule,
        "series": folded.series,
        "station": folded.station,
        "until": folded.until,
        "reason": folded.reason,
        "shelved_by": folded.shelved_by,
        "shelved_at": folded.shelved_at,
        "ended_by": folded.ended_by,
        "ended_at": folded.ended_at,
    }
    if row is None:
        session.add(ShelfRow(id=shelf, **values))
    else:
        for key, value in values.items():
            setattr(row, key, value)


def title(session: Session, shelf: str, data: Mapping[str, Any]) -> str | None:
    """How a refused shelf op names its shelf to its author: rule and target."""
    rule, target = data.get("rule"), data.get("series") or data.get("station")
    if rule is None:
        row = session.get(ShelfRow, shelf)
        if row is None:
            return None
        rule, target = row.rule, row.series or row.station
    return f"{rule} ({target})"


class ShelfBook:
    """Shelves as one user at one workstation reads and changes them (one Session each)."""

    def __init__(
        self, db: Database, actor: Actor, *, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self._db = db
        self._actor = actor
        self._clock = clock

    @property
    def actor(self) -> Actor:
        return self._actor

    def shelve(
        self,
        rule: str,
        *,
        series: str | None = None,
        station: str | None = None,
        until: datetime,
        reason: str,
    ) -> Shelf:
        """Shelve ``rule`` on ``series`` or ``station`` until ``until`` (IncidentError: refused)."""
        now = self._clock()
        target, op = shelve_op(self._actor.role, rule, series, station, until, reason, now)
        with self._db.write() as session:
            changes.record(session, self._actor, target, op.kind, op.data, now, ticket_event=False)
            session.flush()
            rebuild(session, target)
            session.flush()
            row = session.get(ShelfRow, target)
            assert row is not None  # the op just written folds into a shelf
            return _shelf(row)

    def unshelve(self, shelf: str) -> Shelf:
        """End ``shelf`` now; IncidentError when the role refuses or it is not shelved."""
        op = unshelve_op(self._actor.role)
        now = self._clock()
        with self._db.write() as session:
            row = session.get(ShelfRow, shelf)
            if row is None or not _shelf(row).active(now):
                raise IncidentError(
                    Message.translate("Shelving", "That alarm is not shelved any more.")
                )
            changes.record(session, self._actor, shelf, op.kind, op.data, now, ticket_event=False)
            session.flush()
            rebuild(session, shelf)
            session.flush()
            return _shelf(row)

    def active(self, now: datetime | None = None) -> builtins.list[Shelf]:
        """Shelves still shelving at ``now`` (default: the clock), ending soonest first."""
        when = self._clock() if now is None else now
        return active_shelves(self._db, when)

    def covering(
        self, rule: str, series: str | None, station: str | None, now: datetime | None = None
    ) -> Shelf | None:
        """The active shelf an alarm of ``rule`` on ``series`` at ``station`` falls under."""
        when = self._clock() if now is None else now
        return shelved(active_shelves(self._db, when), rule, series, station, when)


def active_shelves(db: Database, now: datetime) -> list[Shelf]:
    """Shelves not ended whose ``until`` is after ``now``, ending soonest first."""
    with db.read() as session:
        rows = session.scalars(
            select(ShelfRow)
            .where(ShelfRow.ended_at.is_(None), ShelfRow.until > now)
            .order_by(ShelfRow.until, ShelfRow.id)
        ).all()
        return [_shelf(row) for row in rows]
