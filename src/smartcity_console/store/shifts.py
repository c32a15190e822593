"""Duty periods, handover reads and the journal of a period: what a shift report reads.

The shift handover report (console/shift_report.py) is built from the local
journal only, so it works offline and shows what this console knew. The
journal of a period is the server's events this console pulled plus its own
events the server has not confirmed yet (as :meth:`IncidentRepository.history`
merges them), so two consoles that have pulled everything report the same.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import literal_column, or_, select, update

from smartcity_console.core.incidents.journal_text import to_iso
from smartcity_console.store import changes
from smartcity_console.store.changes import Actor
from smartcity_console.store.database import Database
from smartcity_console.store.models import (
    DutyPeriodRow,
    EventRow,
    HandoverReadRow,
    OutboxRow,
    ServerEventRow,
    TicketRow,
)
from smartcity_console.store.records import Ticket, TicketEvent


@dataclass(frozen=True, slots=True)
class DutyPeriod:
    """Someone signed in at a workstation; ``signed_out_at`` None while still on duty."""

    id: str
    username: str
    role: str
    workstation: str
    signed_in_at: datetime
    signed_out_at: datetime | None
    handover_note: str | None

    @classmethod
    def of(cls, row: DutyPeriodRow) -> DutyPeriod:
        return cls(
            row.id,
            row.username,
            row.role,
            row.workstation,
            row.signed_in_at,
            row.signed_out_at,
            row.handover_note,
        )


@dataclass(frozen=True, slots=True)
class HandoverRead:
    report_id: str
    reader: str
    workstation: str
    read_at: datetime


def sign_in(db: Database, username: str, role: str, workstation: str, at: datetime) -> str:
    """Open a duty period; its id (kept by the console until sign-out)."""
    duty_id = str(uuid.uuid4())
    with db.write() as session:
        session.add(
            DutyPeriodRow(
                id=duty_id,
                username=username,
                role=role,
                workstation=workstation,
                signed_in_at=at,
                signed_out_at=None,
                handover_note=None,
            )
        )
    return duty_id


def sign_out(db: Database, duty_id: str, at: datetime, note: str | None) -> DutyPeriod | None:
    """Close a duty period with the departing operator's note; the period, if it exists."""
    with db.write() as session:
        session.execute(
            update(DutyPeriodRow)
            .where(DutyPeriodRow.id == duty_id)
            .values(signed_out_at=at, handover_note=note)
        )
        row = session.get(DutyPeriodRow, duty_id)
        return None if row is None else DutyPeriod.of(row)


def duty_periods(db: Database, start: datetime, end: datetime) -> list[DutyPeriod]:
    """Periods overlapping [start, end], by sign-in time (an open one counts as still on)."""
    statement = (
        select(DutyPeriodRow)
        .where(
            DutyPeriodRow.signed_in_at <= end,
            or_(DutyPeriodRow.signed_out_at.is_(None), DutyPeriodRow.signed_out_at >= start),
        )
        .order_by(DutyPeriodRow.signed_in_at)
    )
    with db.read() as session:
        return [DutyPeriod.of(row) for row in session.scalars(statement)]


def last_duty(db: Database, workstation: str | None = None) -> DutyPeriod | None:
    """The latest duty period (at ``workstation``), closed or not."""
    statement = select(DutyPeriodRow).order_by(DutyPeriodRow.signed_in_at.desc()).limit(1)
    if workstation is not None:
        statement = statement.where(DutyPeriodRow.workstation == workstation)
    with db.read() as session:
        row = session.scalars(statement).first()
        return None if row is None else DutyPeriod.of(row)


def record_read(
    db: Database,
    report_id: str,
    reader: str,
    workstation: str,
    at: datetime,
    *,
    journal_as: Actor | None = None,
    handed_over_by: str | None = None,
    shift_end: datetime | None = None,
) -> None:
    """The reader confirmed the report; a second confirmation keeps the first time.

    With ``journal_as`` (the reader's actor) the confirmation is also a journal
    entry, op kind ``handover_read``, in the same transaction: the sync server
    receives it and every console pulls it (docs/sync.md).
    """
    with db.write() as session:
        if session.get(HandoverReadRow, (report_id, reader)) is not None:
            return
        session.add(
            HandoverReadRow(report_id=report_id, reader=reader, workstation=workstation, read_at=at)
        )
        if journal_as is not None:
            data = {
                "handed_over_by": handed_over_by,
                "shift_end": to_iso(shift_end or at),
            }
            changes.record(session, journal_as, report_id, "handover_read", data, at)


def reads(db: Database, report_id: str | None = None) -> list[HandoverRead]:
    """Confirmations recorded here and those pulled from the sync server, oldest first."""
    local = select(HandoverReadRow)
    pulled = select(ServerEventRow).where(ServerEventRow.kind == "handover_read")
    if report_id is not None:
        local = local.where(HandoverReadRow.report_id == report_id)
        pulled = pulled.where(ServerEventRow.ticket_id == report_id)
    found: dict[tuple[str, str], HandoverRead] = {}
    with db.read() as session:
        for e in session.scalars(pulled):
            found.setdefault(
                (e.ticket_id, e.author),
                HandoverRead(e.ticket_id, e.author, e.workstation or "", e.at),
            )
        for r in session.scalars(local):
            found[(r.report_id, r.reader)] = HandoverRead(
                r.report_id, r.reader, r.workstation, r.read_at
            )
    return sorted(found.values(), key=lambda r: r.read_at)


def journal(db: Database, start: datetime, end: datetime) -> list[TicketEvent]:
    """Every incident event in [start, end] this console knows, in time order."""
    server = select(ServerEventRow).where(ServerEventRow.at >= start, ServerEventRow.at <= end)
    local = (
        select(EventRow)
        .join(OutboxRow, OutboxRow.op_id == EventRow.id, isouter=True)
        .where(EventRow.at >= start, EventRow.at <= end)
        .where(or_(OutboxRow.status.is_(None), OutboxRow.status.in_(("pending", "sent"))))
        .where(EventRow.id.not_in(select(ServerEventRow.id)))
        .order_by(EventRow.at, literal_column("events.rowid"))
    )
    with db.read() as session:
        events = [TicketEvent.of_server(r) for r in session.scalars(server)]
        events += [TicketEvent.of(r) for r in session.scalars(local)]
    events.sort(key=lambda e: e.at)
    return events


def journal_of(db: Database, ticket_ids: set[str], end: datetime) -> list[TicketEvent]:
    """The events of some tickets up to ``end``, in time order (their last note)."""
    server = select(ServerEventRow).where(
        ServerEventRow.ticket_id.in_(ticket_ids), ServerEventRow.at <= end
    )
    local = (
        select(EventRow)
        .where(EventRow.ticket_id.in_(ticket_ids), EventRow.at <= end)
        .where(EventRow.id.not_in(select(ServerEventRow.id)))
    )
    with db.read() as session:
        events = [TicketEvent.of_server(r) for r in session.scalars(server)]
        events += [TicketEvent.of(r) for r in session.scalars(local)]
    events.sort(key=lambda e: e.at)
    return events


def tickets(db: Database, ids: set[str] | None = None) -> dict[str, Ticket]:
    """Tickets by id (all of them without ``ids``; a report reads a few thousand at most)."""
    statement = select(TicketRow)
    if ids is not None:
        statement = statement.where(TicketRow.id.in_(ids))
    with db.read() as session:
        return {row.id: Ticket.of(row) for row in session.scalars(statement)}


def tickets_open_or_alarmed(db: Database, since: datetime) -> dict[str, Ticket]:
    """Tickets not closed, and alarm tickets raised or cleared since ``since``."""
    statement = select(TicketRow).where(
        or_(
            TicketRow.status != "closed",
            TicketRow.created_at >= since,
            TicketRow.alarm_cleared_at >= since,
            TicketRow.alarm_active,
        )
    )
    with db.read() as session:
        return {row.id: Ticket.of(row) for row in session.scalars(statement)}
