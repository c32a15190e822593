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
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from smartcity_console.core.incidents import Severity
from smartcity_console.store.models import TicketRow
from smartcity_console.store.queries import Segment, TicketQuery, filters, segments
from smartcity_console.store.records import Ticket


@dataclass(frozen=True, slots=True)
class PageKey:
    """Where a row sits in the order: its segment and its key there (opaque to callers)."""

    segment: int
    values: tuple[Any, ...]


# What a list row shows: no snapshot JSON, no sort keys; read as plain rows (Core, not
# ORM objects), which is most of a page's cost in Python at 300 rows.
_SHOWN = tuple(
    c for c in TicketRow.__table__.c if c.name != "server_snapshot" and c.computed is None
)


def _where(segment: Segment, base: list[ColumnElement[bool]]) -> list[ColumnElement[bool]]:
    return base if segment.where is None else [*base, segment.where]


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
    base = filters(query, now, deadlines)
    parts = segments(query, deadlines)
    found: list[tuple[Ticket, PageKey]] = []
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
        keys: list[Any] = [k.label(f"k{i}") for i, k in enumerate(segment.key)]
        statement = (
            select(*_SHOWN, *keys)
            .where(*where)
            .order_by(*segment.ordered())
            .offset(skip or None)
            .limit(None if limit is None else limit - len(found))
        )
        skip = 0
        width = len(_SHOWN)
        for row in session.execute(statement):
            found.append((Ticket.of(row), PageKey(number, tuple(row[width:]))))
    return found


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
