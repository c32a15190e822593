"""The one UTC datetime column type.

Every time in both databases is an aware datetime going in and an aware UTC
datetime coming out; a naive value is refused, so local time can never sneak
in. How it is stored is fixed by the migrations that created each column,
and must stay so for databases already out there:

- ``UtcDateTime()`` (the sync server): the database's own timestamp,
  ``timestamptz`` on PostgreSQL; on SQLite, which has no time zones,
  SQLAlchemy's DATETIME text of the UTC time without an offset
  (``2025-11-28 03:20:00.250000``), read back as UTC. Both dialects compare
  in time order.
- ``UtcDateTime(iso_text=True)`` (the console's store): fixed-width ISO 8601
  text with the offset (``2025-11-28T03:20:00.250000+00:00``, the journal's
  ``to_iso``), readable in any SQLite browser and identical to the sync
  protocol's format; always UTC and fixed width, so sortable and comparable
  as text, which the escalation filter relies on.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, String
from sqlalchemy.types import TypeDecorator, TypeEngine

from smartcity_console.core.incidents.journal_text import to_iso

ISO_TEXT_LENGTH = 32  # len("2025-11-28T03:20:00.250000+00:00")


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive datetime is refused (ValueError)."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: stored times must be timezone-aware")
    return moment.astimezone(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime in, an aware UTC datetime out; see the module for the two storages."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def __init__(self, *, iso_text: bool = False) -> None:
        super().__init__()
        self.iso_text = iso_text

    def __repr__(self) -> str:  # what Alembic's autogenerate writes into a new revision
        return "UtcDateTime(iso_text=True)" if self.iso_text else "UtcDateTime()"

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if self.iso_text:
            return dialect.type_descriptor(String(ISO_TEXT_LENGTH))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | str | None:
        if value is None:
            return None
        utc = as_utc(value)
        if self.iso_text:
            return to_iso(utc)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        assert isinstance(moment, datetime)
        return utc_moment(moment)


def utc_moment(moment: datetime) -> datetime:
    """A stored moment as aware UTC: a naive one (SQLite's DATETIME text) is UTC already."""
    if moment.tzinfo is UTC:
        return moment
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def utc_from_iso_text(value: str) -> datetime:
    """An ``iso_text`` column's raw text as the aware UTC datetime the column type reads.

    For rows read as plain text (a list page converts only the rows it shows).
    """
    return utc_moment(datetime.fromisoformat(value))
