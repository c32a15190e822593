"""The ticket list's filters and sort orders, as SQL, for paging through SQLite.

The GUI's list model asks for one page at a time plus a count, so filtering
and sorting happen in the database. "Escalated" is computed in SQL from the
same rule as ``core.incidents.is_escalated``: not acknowledged, not closed,
and ``created_at <= now - deadline(severity)`` (times are sortable text).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    and_,
    case,
    column,
    false,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    table,
    tuple_,
)
from sqlalchemy.sql.elements import UnaryExpression

from smartcity_console.core.incidents import Severity, Status
from smartcity_console.store.models import TicketRow
from smartcity_console.store.search_schema import (
    SEARCH_IDS_TABLE,
    SEARCH_TABLE,
    match_expression,
)

_SEARCH = table(SEARCH_TABLE, column("rowid"))
_SEARCH_IDS = table(SEARCH_IDS_TABLE, column("n"), column("ticket_id"))


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
    """Not acknowledged and not closed: ``ack_rank`` (0007) is that, and its index finds them."""
    return TicketRow.ack_rank == 0


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
        where.append(text_clause(text))
    return where


def text_clause(text: str) -> ColumnElement[bool]:
    """Words as prefixes in title, description, comments or place (FTS5), or an id's start.

    Migration 0007 replaced ``LIKE '%...%'`` over every row: the index finds
    "pompa" in "Pompa air mati" and "kecamatan" in "Kécamatan", not "ompa".
    """
    matching = select(_SEARCH_IDS.c.ticket_id).where(
        _SEARCH_IDS.c.n.in_(
            select(_SEARCH.c.rowid).where(
                literal_column(SEARCH_TABLE).op("MATCH")(match_expression(text) or '""')
            )
        )
    )
    start = text.lower()
    return or_(
        TicketRow.id.in_(matching),
        and_(TicketRow.id >= start, TicketRow.id < start + "\U0010ffff"),
    )


@dataclass(frozen=True, slots=True)
class Segment:
    """Part of an order one index can serve: its rows, and the key that orders them.

    The priority order is two: tickets awaiting acknowledgement (few, sorted
    by deadline) and all the others (the index's order). Keyset pages compare
    the key as a row value, which SQLite answers with an index seek.
    """

    where: ColumnElement[bool] | None
    key: tuple[SQLColumnExpression[Any], ...]
    descending: bool

    def ordered(self) -> list[UnaryExpression[Any]]:
        return [k.desc() if self.descending else k.asc() for k in self.key]

    def after(self, values: tuple[Any, ...]) -> ColumnElement[bool]:
        row = tuple_(*self.key)
        bound = tuple_(
            *(literal(v, getattr(k, "type", None)) for v, k in zip(values, self.key, strict=True))
        )
        return row < bound if self.descending else row > bound


def deadline_key(deadlines: Mapping[Severity, timedelta]) -> SQLColumnExpression[Any]:
    minutes = case(
        {str(s): d.total_seconds() / 60 for s, d in deadlines.items()},
        value=TicketRow.severity,
    )
    return func.julianday(TicketRow.created_at) + minutes / 1440.0


def _unindexed(term: SQLColumnExpression[Any]) -> SQLColumnExpression[Any]:
    """The same value, but no index serves it: SQLite then finds rows by the filter and sorts."""
    return func.coalesce(term, term, type_=getattr(term, "type", None))


def _closed_rank(query: TicketQuery) -> ColumnElement[bool] | None:
    """Bound the index range by the status filter: open tickets are a small, contiguous part."""
    if not query.statuses:
        return None
    if Status.CLOSED not in query.statuses:
        return TicketRow.closed_rank == 0
    if query.statuses == {Status.CLOSED}:
        return TicketRow.closed_rank == 1
    return None


def segments(query: TicketQuery, deadlines: Mapping[Severity, timedelta]) -> list[Segment]:
    """The order of ``query`` as segments read one after the other.

    A text search or an assignee matches few tickets scattered over years:
    walking the order's index to find them would read the whole index, so
    for those the keys are given unindexed and SQLite finds the rows first
    (FTS, the assignee index) and sorts what it found.
    """
    down = query.descending
    open_only = bool(query.statuses) and Status.CLOSED not in query.statuses
    selective = (
        bool((query.text or "").strip())
        or query.assignee is not None
        or (bool(query.programs) and open_only)  # open tickets of one program: few
    )
    plain: Callable[[SQLColumnExpression[Any]], SQLColumnExpression[Any]] = (
        _unindexed if selective else lambda term: term
    )
    if query.sort is SortKey.PRIORITY and selective:
        # Few rows, found by their filter and sorted: one query, the whole order as the key.
        first = case(
            (TicketRow.ack_rank == 0, deadline_key(deadlines)), else_=TicketRow.closed_rank
        )
        terms = (TicketRow.ack_rank, first, TicketRow.severity_rank, TicketRow.newest_first)
        return [Segment(None, tuple(plain(t) for t in (*terms, TicketRow.id)), down)]
    if query.sort is SortKey.PRIORITY:
        # Awaiting acknowledgement first, soonest (or longest overdue) deadline first;
        # then open before closed, most severe, newest.
        rank = plain(TicketRow.ack_rank)
        awaiting = Segment(
            rank == 0,
            (
                deadline_key(deadlines),
                plain(TicketRow.severity_rank),
                plain(TicketRow.newest_first),
                plain(TicketRow.id),
            ),
            down,
        )
        bound = None if selective else _closed_rank(query)
        others = Segment(
            rank == 1 if bound is None else and_(rank == 1, bound),
            tuple(
                plain(term)
                for term in (
                    TicketRow.closed_rank,
                    TicketRow.severity_rank,
                    TicketRow.newest_first,
                    TicketRow.id,
                )
            ),
            down,
        )
        return [others, awaiting] if down else [awaiting, others]
    column: SQLColumnExpression[Any] = {
        SortKey.CREATED: TicketRow.created_at,
        SortKey.UPDATED: TicketRow.updated_at,
        SortKey.SEVERITY: TicketRow.severity_rank,
        SortKey.STATUS: TicketRow.status_rank,
        SortKey.TITLE: func.lower(TicketRow.title),
    }[query.sort]
    if selective:
        return [Segment(None, (plain(column), plain(TicketRow.id)), down)]
    return [Segment(None, (column, TicketRow.id), down)]
