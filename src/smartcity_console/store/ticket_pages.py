"""Reading the ticket list a page at a time, by offset or after a key (keyset).

The order is read segment by segment (queries.segments): each is one index
range, so the first page of a million tickets reads a hundred index entries,
not a million rows to sort. A keyset page (``after``) seeks straight to the
row after the last one shown, so paging on is as fast at row 500,000 as at
row 0 and a ticket inserted meanwhile neither repeats nor hides a row. An
offset (jumping to a scroll position) counts index entries without reading
the rows they point to.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, String, func, literal, select, type_coerce
from sqlalchemy.orm import Session

from smartcity_console.core.incidents import Severity
from smartcity_console.db.types import UtcDateTime
from smartcity_console.store.models import TicketRow
from smartcity_console.store.queries import Segment, TicketQuery, filters, segments
from smartcity_console.store.records import Ticket
from smartcity_console.store.ticket_rows import SHOWN_COLUMNS, PageKey, TicketRows

__all__ = ["PageKey", "TicketRows", "count", "key_at", "read", "read_rows"]


def _as_stored(name: str) -> ColumnElement[Any]:
    """A shown column as SQLite stores it: times stay text, the flag 0/1 (TicketRows converts)."""
    column = TicketRow.__table__.c[name]
    if isinstance(column.type, UtcDateTime):
        return type_coerce(column, String).label(name)
    if name == "alarm_active":
        return type_coerce(column, Integer).label(name)
    return column


# What a list row shows (no snapshot JSON, no sort keys), in Ticket's field order, read
# as plain tuples: building 300 Tickets up front was most of a page's cost.
_SHOWN = tuple(_as_stored(name) for name in SHOWN_COLUMNS)


def _where(segment: Segment, base: list[ColumnElement[bool]]) -> list[ColumnElement[bool]]:
    return base if segment.where is None else [*base, segment.where]


# --- statements built once per filter --------------------------------------------------------
# The list reads the same window every second. Building its statement anew each time (and
# SQLAlchemy deriving the statement's cache key from it) cost about as much as reading
# 300 rows, so a filter's statements are kept; only "escalated" depends on the time.

Frozen = tuple[tuple[Severity, timedelta], ...]
_UNUSED_NOW = datetime.min.replace(tzinfo=UTC)  # filters without "escalated" ignore the time


def _frozen(deadlines: Mapping[Severity, timedelta]) -> Frozen:
    return tuple(deadlines.items())


@lru_cache(maxsize=64)
def _segments(query: TicketQuery, deadlines: Frozen) -> tuple[Segment, ...]:
    return tuple(segments(query, dict(deadlines)))


@lru_cache(maxsize=64)
def _timeless_filters(query: TicketQuery, deadlines: Frozen) -> tuple[ColumnElement[bool], ...]:
    return tuple(filters(query, _UNUSED_NOW, dict(deadlines)))


def _filters(
    query: TicketQuery, now: datetime, deadlines: Mapping[Severity, timedelta]
) -> list[ColumnElement[bool]]:
    if query.escalated is None:
        return list(_timeless_filters(query, _frozen(deadlines)))
    return filters(query, now, deadlines)


def _rows_select(
    segment: Segment, number: int, where: list[ColumnElement[bool]], skip: int, limit: int | None
) -> Select[Any]:
    keys: list[Any] = [k.label(f"k{i}") for i, k in enumerate(segment.key)]
    return (
        select(literal(number).label("segment"), *_SHOWN, *keys)
        .where(*where)
        .order_by(*segment.ordered())
        .offset(skip or None)
        .limit(limit)
    )


@lru_cache(maxsize=64)
def _first_rows(
    query: TicketQuery, deadlines: Frozen, number: int, limit: int | None
) -> Select[Any]:
    """The rows of segment ``number`` from its start (a window at the top of the list)."""
    segment = _segments(query, deadlines)[number]
    where = _where(segment, list(_timeless_filters(query, deadlines)))
    return _rows_select(segment, number, where, 0, limit)


@lru_cache(maxsize=64)
def _timeless_count(query: TicketQuery, deadlines: Frozen) -> Select[Any]:
    where = _timeless_filters(query, deadlines)
    return select(func.count()).select_from(TicketRow).where(*where)


def read(
    session: Session,
    query: TicketQuery,
    now: datetime,
    deadlines: Mapping[Severity, timedelta],
    *,
    limit: int | None,
    offset: int = 0,
    after: PageKey | None = None,
) -> list[tuple[Ticket, PageKey]]:
    """Up to ``limit`` rows after ``after`` (or from ``offset``), each with its key."""
    rows = read_rows(session, query, now, deadlines, limit=limit, offset=offset, after=after)
    return list(zip(rows, rows.keys(), strict=True))


def read_rows(
    session: Session,
    query: TicketQuery,
    now: datetime,
    deadlines: Mapping[Severity, timedelta],
    *,
    limit: int | None,
    offset: int = 0,
    after: PageKey | None = None,
) -> TicketRows:
    """As :func:`read`, the rows kept as read: a Ticket is built when a row is asked for."""
    frozen = _frozen(deadlines)
    base = _filters(query, now, deadlines)
    parts = _segments(query, frozen)
    found: list[Any] = []
    skip = offset
    start = 0 if after is None else after.segment
    for number in range(start, len(parts)):
        segment = parts[number]
        if limit is not None and len(found) >= limit:
            break
        where = _where(segment, base)
        if after is not None and number == after.segment:
            where = [*where, segment.after(after.values)]
        if skip and number < len(parts) - 1:
            size = session.scalar(select(func.count()).select_from(TicketRow).where(*where)) or 0
            if size <= skip:
                skip -= size
                continue
        wanted = None if limit is None else limit - len(found)
        if skip or query.escalated is not None or (after is not None and number == after.segment):
            statement = _rows_select(segment, number, where, skip, wanted)
        else:
            statement = _first_rows(query, frozen, number, wanted)
        skip = 0
        # Core, not the ORM's result machinery: plain tuples, a third faster at 300 rows.
        found.extend(session.connection().execute(statement).all())
    return TicketRows(found)


def count(
    session: Session,
    query: TicketQuery,
    now: datetime,
    deadlines: Mapping[Severity, timedelta],
) -> int:
    """How many tickets match ``query``."""
    if query.escalated is None:
        statement = _timeless_count(query, _frozen(deadlines))
    else:
        statement = (
            select(func.count()).select_from(TicketRow).where(*filters(query, now, deadlines))
        )
    return session.connection().execute(statement).scalar() or 0


def key_at(
    session: Session,
    query: TicketQuery,
    now: datetime,
    deadlines: Mapping[Severity, timedelta],
    position: int,
) -> PageKey | None:
    """The key of the row at ``position`` (0-based), read from the index alone."""
    base = filters(query, now, deadlines)
    skip = position
    for number, segment in enumerate(segments(query, deadlines)):
        where = _where(segment, base)
        statement = select(*segment.key).where(*where).order_by(*segment.ordered())
        row = session.execute(statement.offset(skip or None).limit(1)).first()
        if row is not None:
            return PageKey(number, tuple(row))
        size = session.scalar(select(func.count()).select_from(TicketRow).where(*where)) or 0
        skip -= size
        if skip < 0:
            return None
    return None
