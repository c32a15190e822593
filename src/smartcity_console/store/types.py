"""Column types: UTC times as fixed-width ISO 8601 text.

SQLite has no timestamp type, and SQLAlchemy's ``DateTime`` drops the offset
there, so a naive value would come back with no zone. Storing
``2025-11-28T03:20:00.250000+00:00`` keeps times readable in any SQLite
browser, identical to the sync protocol's format, and (fixed width, always
UTC) sortable and comparable as text, which the escalation filter relies on.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Dialect, String
from sqlalchemy.types import TypeDecorator


def to_iso(moment: datetime) -> str:
    """The stored and wire form of an aware time (UTC, microseconds)."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: incident times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime in, an aware UTC datetime out; naive values are refused."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else to_iso(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)
