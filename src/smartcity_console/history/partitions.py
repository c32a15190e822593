"""PostgreSQL's day partitions of the historian, and retention.

The readings and the minute and 5-minute rollups are partitioned by UTC day (s0006). A
partition is made the first time a reading for its day is written, and
retention drops whole partitions: no DELETE, no vacuum, no bloat. The hour
rollup is one plain table (24 rows a series-day) trimmed by DELETE.

Two recorders may write at once (redundancy): partitions are created under a
transaction-scoped advisory lock, so both never race on one ``CREATE``.
SQLite has no partitions: retention deletes rows there.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, text

DAY_S = 86_400
PARTITIONED = ("history_readings", "history_rollup_1m", "history_rollup_5m")
# Any constant works; it only has to be the same in every recorder.
_PARTITION_LOCK_KEY = 0x5C17_0018
_PARTITION_NAME = re.compile(r"^(history_readings|history_rollup_1m|history_rollup_5m)_d(\d{8})$")


@dataclass(frozen=True, slots=True)
class Retention:
    """How many days each table keeps; None keeps for ever.

    Defaults: a month of raw readings (any replay, any incident review), a
    quarter of minutes, 13 months of 5 minutes (a week a year ago at full
    resolution), ten years of hours (docs/history.md sizes them).
    """

    raw_days: int | None = 30
    minute_days: int | None = 90
    five_minute_days: int | None = 400
    hour_days: int | None = 3650

    def oldest_raw(self, now: float) -> float:
        """The oldest time a raw reading may have and still be written (whole UTC days)."""
        if self.raw_days is None:
            return -math.inf
        return (math.floor(now / DAY_S) - self.raw_days + 1) * DAY_S


def day_of(t: float) -> int:
    """The UTC day number (days since 1970-01-01) of epoch seconds ``t``."""
    return math.floor(t / DAY_S)


def partition_name(table: str, day: int) -> str:
    stamp = datetime.fromtimestamp(day * DAY_S, UTC).strftime("%Y%m%d")
    return f"{table}_d{stamp}"


def ensure_days(connection: Connection, days: set[int], known: set[int]) -> None:
    """Create the partitions of ``days`` not in ``known`` (then added to it); PostgreSQL only."""
    missing = sorted(days - known)
    if not missing:
        return
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PARTITION_LOCK_KEY})
    for day in missing:
        for table in PARTITIONED:
            name = partition_name(table, day)
            # Names and bounds are made here from integers, never from input.
            connection.exec_driver_sql(
                f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {table} "
                f"FOR VALUES FROM ({day * DAY_S}) TO ({(day + 1) * DAY_S})"
            )
    known.update(missing)


def partitions(connection: Connection) -> dict[str, list[int]]:
    """Each partitioned table's day partitions, as day numbers, oldest first."""
    rows = connection.execute(
        text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = ANY(:tables)"
        ),
        {"tables": list(PARTITIONED)},
    ).scalars()
    found: dict[str, list[int]] = {table: [] for table in PARTITIONED}
    for name in rows:
        match = _PARTITION_NAME.match(name)
        if match is None:
            continue  # an administrator's own partition: not ours to drop
        day = datetime.strptime(match.group(2), "%Y%m%d").replace(tzinfo=UTC)
        found[match.group(1)].append(int(day.timestamp()) // DAY_S)
    return {table: sorted(days) for table, days in found.items()}


def apply_retention(connection: Connection, retention: Retention, now: float) -> list[str]:
    """Drop what is past retention; returns the partitions dropped (PostgreSQL) or ``[]``."""
    today = day_of(now)
    keep = {
        "history_readings": retention.raw_days,
        "history_rollup_1m": retention.minute_days,
        "history_rollup_5m": retention.five_minute_days,
    }
    dropped: list[str] = []
    if connection.dialect.name == "postgresql":
        for table, days in partitions(connection).items():
            kept = keep[table]
            if kept is None:
                continue
            for day in days:
                if day <= today - kept:
                    name = partition_name(table, day)
                    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
                    dropped.append(name)
    else:
        for table, kept in keep.items():
            if kept is not None:
                column = "t" if table == "history_readings" else "bucket"
                connection.execute(
                    text(f"DELETE FROM {table} WHERE {column} < :cut"),  # noqa: S608 (our names)
                    {"cut": (today - kept + 1) * DAY_S},
                )
    if retention.hour_days is not None:
        connection.execute(
            text("DELETE FROM history_rollup_1h WHERE bucket < :cut"),
            {"cut": (today - retention.hour_days + 1) * DAY_S},
        )
    return dropped
