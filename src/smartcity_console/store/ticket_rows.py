"""A list page's rows as SQLite returned them, each made a :class:`Ticket` when first asked for.

The incident list reads a window of 300 rows a second (store/ticket_pages.py)
but the view shows a screenful. Building 300 frozen records, with four ISO
times parsed each, cost more than the query itself at a million tickets
(benchmark ``filter_ms``, docs/benchmarks.md), so a page keeps the plain
tuples and builds a ``Ticket`` on the first ``rows[i]``, once. What the model
needs for every row, the ids (to keep the selection on its ticket), comes
straight from the tuples.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any, overload

from smartcity_console.db.types import utc_from_iso_text
from smartcity_console.store.records import Ticket, ticket_enums

# The columns a page reads, in Ticket's field order: a row is (segment, *these, *key).
SHOWN_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Ticket))
_WIDTH = len(SHOWN_COLUMNS)
_SEVERITIES, _STATUSES, _REASONS = ticket_enums()


@dataclass(frozen=True, slots=True)
class PageKey:
    """Where a row sits in the order: its segment and its key there (opaque to callers)."""

    segment: int
    values: tuple[Any, ...]


def _time(text: str | None) -> Any:
    return None if text is None else utc_from_iso_text(text)


def _ticket(raw: Sequence[Any]) -> Ticket:
    """One row's Ticket, from the text SQLite stores (what the column types would convert)."""
    (
        id_,
        title,
        program,
        severity,
        status,
        description,
        station,
        series,
        assignee,
        created_by,
        created_at,
        acknowledged_by,
        acknowledged_at,
        updated_at,
        close_reason,
        alarm_rule,
        alarm_active,
        alarm_cleared_at,
    ) = raw[1 : _WIDTH + 1]
    return Ticket(
        id_,
        title,
        program,
        _SEVERITIES[severity],
        _STATUSES[status],
        description,
        station,
        series,
        assignee,
        created_by,
        utc_from_iso_text(created_at),
        acknowledged_by,
        _time(acknowledged_at),
        utc_from_iso_text(updated_at),
        None if close_reason is None else _REASONS[close_reason],
        alarm_rule,
        bool(alarm_active),
        _time(alarm_cleared_at),
    )


class TicketRows(Sequence[Ticket]):
    """Rows of a page, ``(segment, *SHOWN_COLUMNS, *key)`` each; a Ticket is built on access.

    Safe to hand from the reading thread to the GUI thread: the tuples never
    change, and building a row twice (two threads at once) gives equal Tickets.
    """

    __slots__ = ("_made", "_raw")

    def __init__(self, raw: Iterable[Sequence[Any]] = ()) -> None:
        self._raw: list[Sequence[Any]] = list(raw)
        self._made: list[Ticket | None] = [None] * len(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    @overload
    def __getitem__(self, index: int) -> Ticket: ...

    @overload
    def __getitem__(self, index: slice) -> list[Ticket]: ...

    def __getitem__(self, index: int | slice) -> Ticket | list[Ticket]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._raw)))]
        ticket = self._made[index]
        if ticket is None:
            ticket = self._made[index] = _ticket(self._raw[index])
        return ticket

    def __repr__(self) -> str:
        return f"TicketRows({len(self._raw)} rows)"

    @property
    def ids(self) -> list[str]:
        """Every row's ticket id, without building the rows."""
        return [raw[1] for raw in self._raw]

    def key(self, index: int) -> PageKey:
        """Where row ``index`` sits in the order (the next keyset page starts after it)."""
        raw = self._raw[index]
        return PageKey(raw[0], tuple(raw[_WIDTH + 1 :]))

    def keys(self) -> list[PageKey]:
        return [self.key(i) for i in range(len(self._raw))]


def ticket_ids(rows: Sequence[Ticket]) -> list[str]:
    """The ids of ``rows`` (a page, read cheaply, or any list of tickets)."""
    return rows.ids if isinstance(rows, TicketRows) else [t.id for t in rows]
