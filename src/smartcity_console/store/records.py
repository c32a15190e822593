"""Immutable views of stored rows, safe to hand to the GUI thread and keep.

The repository returns these instead of ORM objects: a session lives for one
user action, and a frozen record can neither lazy-load after it closed nor be
changed behind the store's back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row

from smartcity_console.core.incidents import (
    DEFAULT_ACK_DEADLINES,
    CloseReason,
    Severity,
    Status,
    ack_time_left,
    is_escalated,
)
from smartcity_console.core.incidents.journal_text import to_iso
from smartcity_console.store.models import EventRow, OutboxRow, ServerEventRow, TicketRow

Deadlines = Mapping[Severity, timedelta]


@dataclass(frozen=True, slots=True)
class AlarmTicket:
    """An alarm incident as the alarm engine needs it back: enough to continue its episode.

    ``episode_start`` comes from the ``alarm`` of the ticket's create (this
    console's, or the one another console pushed and this one pulled); when
    no create is known here, the ticket's ``created_at`` stands in for it.
    """

    id: str
    rule: str
    series: str | None
    episode_start: datetime
    active: bool
    cleared_at: datetime | None
    title: str
    status: Status


# Enum lookups by value: a list page builds hundreds of tickets, and Enum(value) is slow.
_SEVERITIES: Mapping[str, Severity] = {s.value: s for s in Severity}
_STATUSES: Mapping[str, Status] = {s.value: s for s in Status}
_REASONS: Mapping[str, CloseReason] = {r.value: r for r in CloseReason}


def ticket_enums() -> tuple[
    Mapping[str, Severity], Mapping[str, Status], Mapping[str, CloseReason]
]:
    """The lookups by stored value, for code that builds tickets from plain rows."""
    return _SEVERITIES, _STATUSES, _REASONS


@dataclass(frozen=True, slots=True)
class Ticket:
    id: str
    title: str
    program: str
    severity: Severity
    status: Status
    description: str
    station: str | None
    series: str | None
    assignee: str | None
    created_by: str
    created_at: datetime
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    updated_at: datetime
    close_reason: CloseReason | None
    alarm_rule: str | None
    alarm_active: bool
    alarm_cleared_at: datetime | None

    def ack_time_left(
        self, now: datetime, deadlines: Deadlines = DEFAULT_ACK_DEADLINES
    ) -> timedelta | None:
        """The countdown: None once acknowledged or closed, negative when overdue."""
        return ack_time_left(
            self.created_at, self.acknowledged_at, self.severity, now, deadlines, status=self.status
        )

    def escalated(self, now: datetime, deadlines: Deadlines = DEFAULT_ACK_DEADLINES) -> bool:
        return is_escalated(
            self.created_at, self.acknowledged_at, self.severity, now, deadlines, status=self.status
        )

    def snapshot(self) -> dict[str, Any]:
        """The contract's ticket snapshot (times as UTC ISO 8601)."""
        return {
            "id": self.id,
            "title": self.title,
            "program": self.program,
            "severity": str(self.severity),
            "status": str(self.status),
            "description": self.description,
            "station": self.station,
            "series": self.series,
            "assignee": self.assignee,
            "created_by": self.created_by,
            "created_at": to_iso(self.created_at),
            "acknowledged_by": self.acknowledged_by,
            "acknowledged_at": _iso(self.acknowledged_at),
            "updated_at": to_iso(self.updated_at),
        }

    @classmethod
    def of(cls, row: TicketRow | Row[Any]) -> Ticket:
        """From an ORM row or a Core row with the same column names (list pages)."""
        return cls(
            id=row.id,
            title=row.title,
            program=row.program,
            severity=_SEVERITIES[row.severity],
            status=_STATUSES[row.status],
            description=row.description,
            station=row.station,
            series=row.series,
            assignee=row.assignee,
            created_by=row.created_by,
            created_at=row.created_at,
            acknowledged_by=row.acknowledged_by,
            acknowledged_at=row.acknowledged_at,
            updated_at=row.updated_at,
            close_reason=None if row.close_reason is None else _REASONS[row.close_reason],
            alarm_rule=row.alarm_rule,
            alarm_active=row.alarm_active,
            alarm_cleared_at=row.alarm_cleared_at,
        )


@dataclass(frozen=True, slots=True)
class TicketEvent:
    """One entry of a ticket's history: who, when, what, from which workstation."""

    id: str
    ticket_id: str
    kind: str
    author: str
    workstation: str
    at: datetime
    data: Mapping[str, Any]

    @classmethod
    def of(cls, row: EventRow) -> TicketEvent:
        return cls(row.id, row.ticket_id, row.kind, row.author, row.workstation, row.at, row.data)

    @classmethod
    def of_server(cls, row: ServerEventRow) -> TicketEvent:
        return cls(
            row.id, row.ticket_id, row.kind, row.author, row.workstation or "", row.at, row.data
        )


@dataclass(frozen=True, slots=True)
class PendingOp:
    """An outbox op; :meth:`wire` is what the push sends."""

    client_id: str
    seq: int
    op_id: str
    ticket_id: str
    kind: str
    data: Mapping[str, Any]
    client_ts: datetime
    author: str
    status: str
    reason: str | None

    def wire(self) -> dict[str, Any]:
        """``{seq, op_id, ticket_id, kind, data, client_ts}`` as in the sync contract."""
        return {
            "seq": self.seq,
            "op_id": self.op_id,
            "ticket_id": self.ticket_id,
            "kind": self.kind,
            "data": dict(self.data),
            "client_ts": to_iso(self.client_ts),
        }

    @classmethod
    def of(cls, row: OutboxRow) -> PendingOp:
        return cls(
            row.client_id,
            row.seq,
            row.op_id,
            row.ticket_id,
            row.kind,
            row.data,
            row.client_ts,
            row.author,
            row.status,
            row.reason,
        )


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else to_iso(moment)
