"""The ticket list's filters and sort orders, as SQL, for paging through SQLite.

The GUI's list model asks for one page at a time plus a count, so filtering
and sorting happen in the database. "Escalated" is computed in SQL from the
same rule as ``core.incidents.is_escalated``: not acknowledged, not closed,
and ``created_at <= now - deadline(severity)`` (times are sortable text).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, case, false, func, not_, or_
from sqlalchemy.sql.elements import UnaryExpression

from smartcity_console.core.incidents import SEVERITY_ORDER, Severity, Status
from smartcity_console.store.models import TicketRow


class SortKey(StrEnum):
    """Ascending is the natural order: most urgent, oldest, lifecycle order, A-Z."""

    PRIORITY = "priority"
    CREATED = "created_at"
    UPDATED = "updated_at"
    SEVERITY = "severity"
    STATUS = "status"
    TITLE = "title"


@dataclass(frozen=True, slots=True)
class TicketQuery:
    """Which tickets, in which order, which page; empty sets mean "any"."""

    programs: frozenset[str] = frozenset()
    statuses: frozenset[Status] = frozenset()
    severities: frozenset[Severity] = frozenset()
    assignee: str | None = None
    escalated: bool | None = None
    text: str | None = None
    sort: SortKey = SortKey.PRIORITY
    descending: bool = False
    limit: int | None = None
    offset: int = 0


def awaiting_ack() -> ColumnElement[bool]:
    return and_(TicketRow.acknowledged_at.is_(None), TicketRow.status != Status.CLOSED)


def escalated_clause(now: datetime, deadlines: Mapping[Severity, timedelta]) -> ColumnElement[bool]:
    overdue = [
        and_(TicketRow.severity == severity, TicketRow.created_at <= now - deadline)
        for severity, deadline in deadlines.items()
    ]
    return and_(awaiting_ack(), or_(false(), *overdue))


def filters(
    query: TicketQuery, now: datetime, deadlines: Mapping[Severity, timedelta]
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if query.programs:
        where.append(TicketRow.program.in_(sorted(query.programs)))
    if query.statuses:
        where.append(TicketRow.status.in_(sorted(query.statuses)))
    if query.severities:
        where.append(TicketRow.severity.in_(sorted(query.severities)))
    if query.assignee is not None:
        where.append(TicketRow.assignee == query.assignee)
    if query.escalated is not None:
        clause = escalated_clause(now, deadlines)
        where.append(clause if query.escalated else not_(clause))
    text = (query.text or "").strip()
    if text:
        where.append(
            or_(
                TicketRow.title.contains(text, autoescape=True),
                TicketRow.description.contains(text, autoescape=True),
                TicketRow.station.contains(text, autoescape=True),
                TicketRow.series.contains(text, autoescape=True),
                TicketRow.id.startswith(text.lower(), autoescape=True),
            )
        )
    return where


def order(
    query: TicketQuery, deadlines: Mapping[Severity, timedelta]
) -> list[UnaryExpression[Any]]:
    """ORDER BY terms; the id comes last so pages never overlap or skip."""
    severity_rank = case(
        {str(s): rank for rank, s in enumerate(SEVERITY_ORDER)}, value=TicketRow.severity
    )
    status_rank = case({str(s): rank for rank, s in enumerate(Status)}, value=TicketRow.status)
    terms: list[SQLColumnExpression[Any]]
    if query.sort is SortKey.PRIORITY:
        # Awaiting acknowledgement first, soonest (or longest overdue) deadline first;
        # then open before closed, most severe, newest.
        minutes = case(
            {str(s): d.total_seconds() / 60 for s, d in deadlines.items()},
            value=TicketRow.severity,
        )
        deadline = func.julianday(TicketRow.created_at) + minutes / 1440.0
        terms = [
            case((awaiting_ack(), 0), else_=1),
            case((awaiting_ack(), deadline), else_=None),
            case((TicketRow.status == Status.CLOSED, 1), else_=0),
            severity_rank,
            -func.julianday(TicketRow.created_at),
        ]
    else:
        column = {
            SortKey.CREATED: TicketRow.created_at,
            SortKey.UPDATED: TicketRow.updated_at,
            SortKey.SEVERITY: severity_rank,
            SortKey.STATUS: status_rank,
            SortKey.TITLE: func.lower(TicketRow.title),
        }[query.sort]
        terms = [column]
    terms.append(TicketRow.id)
    return [t.desc() if query.descending else t.asc() for t in terms]
