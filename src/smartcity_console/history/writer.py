"""Batches of readings into the historian, idempotent on (series, time), rollups kept.

A reading whose (series, time) is already stored is a duplicate and changes
nothing, rollups included: the rollups are fed only the rows that were new.
That is what lets two recorders write the same feeds (redundancy) and a
restarted recorder replay its broker session: whatever arrives twice is
stored once, and counted once.

PostgreSQL: a batch of new readings (the usual case) is COPYed straight
into the readings (psycopg's ``cursor.copy``, the fastest way in) under a
savepoint, and the rollups are computed from the batch and upserted. A
batch that holds a stored reading fails that COPY on the primary key; it is
then COPYed into a temporary staging table, and one statement inserts it
``ON CONFLICT DO NOTHING RETURNING`` the new rows and upserts the minute,
5-minute and hour rollups from exactly those. SQLite: the staging table is filled with
``executemany``, stripped of what is already stored, then inserted and rolled up.
Either way one batch is one transaction: all of it, or none.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import (
    Boolean,
    Connection,
    Engine,
    Integer,
    String,
    bindparam,
    column,
    select,
    table,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from smartcity_console.contract.history_api import SERIES_MAX, UNIT_MAX
from smartcity_console.core.readings import Reading
from smartcity_console.db.engine import IMMEDIATE
from smartcity_console.history import partitions
from smartcity_console.history.partitions import Retention

# The catalogue's columns the writer touches (server/models.py holds the whole table).
_SERIES = table(
    "history_series",
    column("id", Integer),
    column("name", String),
    column("unit", String),
    column("state", Boolean),
)

_PG_STAGE = (
    "CREATE TEMP TABLE IF NOT EXISTS history_stage "
    "(series_id integer, t double precision, value double precision) ON COMMIT DELETE ROWS"
)
_PG_ROLLUP = """
INSERT INTO {table} AS r (series_id, bucket, n, vmin, vmax, total)
SELECT series_id, floor(t / {width}) * {width}, count(*), min(value), max(value), sum(value)
FROM new GROUP BY 1, 2
ON CONFLICT (series_id, bucket) DO UPDATE SET
  n = r.n + excluded.n, vmin = least(r.vmin, excluded.vmin),
  vmax = greatest(r.vmax, excluded.vmax), total = r.total + excluded.total
"""
# One statement: the new rows (duplicates skipped), then both rollups from exactly those.
_PG_MERGE = "".join(
    (
        "WITH new AS (INSERT INTO history_readings (series_id, t, value) "
        "SELECT series_id, t, value FROM history_stage "
        "ON CONFLICT DO NOTHING RETURNING series_id, t, value), m AS (",
        _PG_ROLLUP.replace("{table}", "history_rollup_1m").replace("{width}", "60"),
        "), f AS (",
        _PG_ROLLUP.replace("{table}", "history_rollup_5m").replace("{width}", "300"),
        "), h AS (",
        _PG_ROLLUP.replace("{table}", "history_rollup_1h").replace("{width}", "3600"),
        ") SELECT count(*) FROM new",
    )
)

_ROLLUPS = ((60, "history_rollup_1m"), (300, "history_rollup_5m"), (3600, "history_rollup_1h"))
_PG_ROLLUP_STAGE = (
    "CREATE TEMP TABLE IF NOT EXISTS history_rollup_stage (width integer, series_id integer, "
    "bucket double precision, n integer, vmin double precision, vmax double precision, "
    "total double precision) ON COMMIT DELETE ROWS"
)
_PG_ROLLUP_UPSERT = """
INSERT INTO {table} AS r (series_id, bucket, n, vmin, vmax, total)
SELECT series_id, bucket, n, vmin, vmax, total FROM history_rollup_stage WHERE width = %s
ON CONFLICT (series_id, bucket) DO UPDATE SET
  n = r.n + excluded.n, vmin = least(r.vmin, excluded.vmin),
  vmax = greatest(r.vmax, excluded.vmax), total = r.total + excluded.total
"""


# PostgreSQL's binary COPY: signature, flags, no header extension; a trailer of -1.
_COPY_HEADER = b"PGCOPY\n\xff\r\n\0" + b"\0" * 8
_COPY_TRAILER = b"\xff\xff"


def _copy_body(columns: Sequence[tuple[npt.NDArray[Any], str]]) -> bytes:
    """A binary COPY of these columns ((values, big-endian dtype) each), built by numpy.

    One ``copy.write`` of this replaces a ``write_row`` per reading (about 2 µs each:
    the bulk of the writer's own time beside the database's, profiled).
    """
    n = len(columns[0][0])
    fields: list[tuple[str, str]] = [("fields", ">i2")]
    for i, (_values, dtype) in enumerate(columns):
        fields += [(f"l{i}", ">i4"), (f"c{i}", dtype)]
    rows = np.empty(n, dtype=np.dtype(fields))
    rows["fields"] = len(columns)
    for i, (values, dtype) in enumerate(columns):
        rows[f"l{i}"] = np.dtype(dtype).itemsize
        rows[f"c{i}"] = values
    return _COPY_HEADER + rows.tobytes() + _COPY_TRAILER


@dataclass(frozen=True, slots=True)
class _Batch:
    """One batch as columns: series id, time, value."""

    sid: npt.NDArray[np.int64]
    t: npt.NDArray[np.float64]
    v: npt.NDArray[np.float64]

    def copy_body(self) -> bytes:
        return _copy_body(((self.sid, ">i4"), (self.t, ">f8"), (self.v, ">f8")))

    def spans(self) -> dict[int, tuple[float, float]]:
        """Each series' first and last time in the batch."""
        order = np.argsort(self.sid, kind="stable")
        sid, t = self.sid[order], self.t[order]
        starts = np.flatnonzero(np.r_[True, sid[1:] != sid[:-1]])
        lows = np.minimum.reduceat(t, starts).tolist()
        highs = np.maximum.reduceat(t, starts).tolist()
        return {
            int(s): (lo, hi) for s, lo, hi in zip(sid[starts].tolist(), lows, highs, strict=True)
        }


def _rollup_body(batch: _Batch) -> bytes:
    """(width, series, bucket, n, min, max, sum) of every rollup bucket the batch touches.

    The same buckets PostgreSQL's ``floor(t / width) * width`` makes (IEEE
    division and floor in both), so the staged merge and this agree.
    """
    parts: list[tuple[npt.NDArray[Any], ...]] = []
    for width, _table in _ROLLUPS:
        bucket = np.floor(batch.t / width)
        key = batch.sid * (1 << 34) + bucket.astype(np.int64)
        order = np.argsort(key, kind="stable")
        key, ordered = key[order], batch.v[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        counts = np.diff(np.r_[starts, len(key)])
        firsts = order[starts]
        parts.append(
            (
                np.full(len(starts), width, dtype=np.int32),
                batch.sid[firsts],
                bucket[firsts] * width,
                counts,
                np.minimum.reduceat(ordered, starts),
                np.maximum.reduceat(ordered, starts),
                np.add.reduceat(ordered, starts),
            )
        )
    columns = [np.concatenate(column) for column in zip(*parts, strict=True)]
    dtypes = (">i4", ">i4", ">f8", ">i4", ">f8", ">f8", ">f8")
    return _copy_body(list(zip(columns, dtypes, strict=True)))


_SQLITE_STAGE = (
    "CREATE TEMP TABLE IF NOT EXISTS history_stage "
    "(series_id INTEGER, t REAL, value REAL, m REAL, f REAL, h REAL)"
)
_SQLITE_ROLLUP = """
INSERT INTO {table} (series_id, bucket, n, vmin, vmax, total)
SELECT series_id, {column}, count(*), min(value), max(value), sum(value)
FROM temp.history_stage GROUP BY series_id, {column}
ON CONFLICT (series_id, bucket) DO UPDATE SET
  n = n + excluded.n, vmin = min(vmin, excluded.vmin),
  vmax = max(vmax, excluded.vmax), total = total + excluded.total
"""


@dataclass(slots=True)
class WriteCounts:
    """What became of the readings handed to :meth:`HistoryWriter.write` (running totals)."""

    inserted: int = 0
    duplicates: int = 0  # (series, time) already stored: by another recorder, or a replay
    expired: int = 0  # older than the raw retention: there is no partition to hold them
    refused: int = 0  # not a finite number, or a series name too long to store
    batches: int = 0

    def add(self, other: WriteCounts) -> None:
        self.inserted += other.inserted
        self.duplicates += other.duplicates
        self.expired += other.expired
        self.refused += other.refused
        self.batches += other.batches


@dataclass(slots=True)
class _Series:
    ids: dict[str, int] = field(default_factory=dict)
    units: dict[str, str | None] = field(default_factory=dict)
    states: dict[str, bool] = field(default_factory=dict)


class HistoryWriter:
    """Writes batches of readings into one database; safe to call from one thread at a time."""

    def __init__(self, engine: Engine, retention: Retention | None = None) -> None:
        self.engine = engine
        self.retention = retention or Retention()
        self.postgres = engine.dialect.name == "postgresql"
        self.counts = WriteCounts()
        self._series = _Series()
        self._days: set[int] = set()
        self._lock = threading.Lock()
        self._writes = engine.execution_options(**{IMMEDIATE: True})

    def write(self, readings: Sequence[Reading], arrival: float) -> WriteCounts:
        """Store one batch; a reading without time takes ``arrival`` (epoch s).

        The batch is taken apart into columns once (``zip``, numpy) and checked
        as arrays: a Python loop over 20,000 readings was a third of the
        writer's time beside the database's (profiled).
        """
        counts = WriteCounts(batches=1)
        if not readings:
            with self._lock:
                self.counts.add(counts)
            return counts
        oldest = self.retention.oldest_raw(arrival)
        n = len(readings)
        names, times, values, units_in, states_in = zip(*readings, strict=True)
        t = np.fromiter((arrival if x is None else x for x in times), dtype=np.float64, count=n)
        v = np.fromiter(values, dtype=np.float64, count=n)
        with np.errstate(invalid="ignore"):
            refused = ~(np.isfinite(v) & np.isfinite(t))
            refused |= np.fromiter(map(len, names), dtype=np.int64, count=n) > SERIES_MAX
            expired = ~refused & (t < oldest)
        counts.refused = int(refused.sum())
        counts.expired = int(expired.sum())
        keep = ~(refused | expired)
        if counts.refused or counts.expired:
            mask = keep.tolist()
            names = tuple(compress(names, mask))
            units_in = tuple(compress(units_in, mask))
            states_in = tuple(compress(states_in, mask))
            t, v = t[keep], v[keep]
        # The last unit a series' readings name (None only if none does), and its state:
        # a two-valued series (Reading.state) is stored as 1/0 values and flagged in the
        # catalogue, so the API, backfill and replay draw it as steps again.
        units: dict[str, str | None] = dict.fromkeys(names)
        units.update(
            (name, unit[:UNIT_MAX])
            for name, unit in zip(names, units_in, strict=True)
            if unit is not None
        )
        states: dict[str, bool] = dict(zip(names, states_in, strict=True))
        with self._lock:
            if names:
                counts.inserted = self._write_rows(list(names), t, v, units, states)
                counts.duplicates = len(names) - counts.inserted
            self.counts.add(counts)
        return counts

    def apply_retention(self, now: float) -> list[str]:
        """Drop (PostgreSQL) or delete (SQLite) what is past retention; what was dropped."""
        with self._lock, self._writes.begin() as connection:
            dropped = partitions.apply_retention(connection, self.retention, now)
            if dropped:
                self._days.clear()  # re-checked (IF NOT EXISTS) on the next write
            return dropped

    def _write_rows(
        self,
        names: list[str],
        t: npt.NDArray[np.float64],
        v: npt.NDArray[np.float64],
        units: dict[str, str | None],
        states: dict[str, bool],
    ) -> int:
        ids = self._series_ids(units, states)
        # Columns, not a tuple per reading: spans, days, rollups and the COPY body are
        # numpy (docs/history.md).
        batch = _Batch(
            np.fromiter(map(ids.__getitem__, names), dtype=np.int64, count=len(names)), t, v
        )
        spans = batch.spans()
        if self.postgres:
            days = set(np.unique(np.floor(batch.t / partitions.DAY_S)).astype(np.int64).tolist())
            if not days <= self._days:
                with self.engine.begin() as connection:
                    partitions.ensure_days(connection, days, self._days)
            with self.engine.begin() as connection:
                inserted = self._merge_postgres(connection, batch)
                self._widen(connection, spans)
        else:
            with self._writes.begin() as connection:
                staged = list(
                    zip(batch.sid.tolist(), batch.t.tolist(), batch.v.tolist(), strict=True)
                )
                inserted = self._merge_sqlite(connection, staged)
                self._widen(connection, spans)
        return inserted

    def _series_ids(self, units: dict[str, str | None], states: dict[str, bool]) -> dict[str, int]:
        known = self._series
        new = [name for name in units if name not in known.ids]
        changed = [
            name
            for name, unit in units.items()
            if name in known.ids
            and (
                (unit is not None and known.units.get(name) != unit)
                or known.states.get(name) != states[name]
            )
        ]
        if not new and not changed:
            return known.ids
        insert = pg_insert if self.postgres else sqlite_insert
        with self._writes.begin() as connection:
            if new:
                connection.execute(
                    insert(_SERIES).on_conflict_do_nothing(index_elements=["name"]),
                    [{"name": name, "unit": units[name], "state": states[name]} for name in new],
                )
            if changed:
                connection.execute(
                    update(_SERIES)
                    .where(_SERIES.c.name == bindparam("b_name"))
                    .values(unit=bindparam("b_unit"), state=bindparam("b_state")),
                    [
                        {
                            "b_name": name,
                            "b_unit": units[name]
                            if units[name] is not None
                            else known.units.get(name),
                            "b_state": states[name],
                        }
                        for name in changed
                    ],
                )
            for row in connection.execute(
                select(_SERIES.c.id, _SERIES.c.name, _SERIES.c.unit, _SERIES.c.state).where(
                    _SERIES.c.name.in_(new + changed)
                )
            ):
                known.ids[row.name] = row.id
                known.units[row.name] = row.unit
                known.states[row.name] = bool(row.state)
        return known.ids

    @staticmethod
    def _merge_postgres(connection: Connection, batch: _Batch) -> int:
        """The batch straight into the readings if none of it is stored yet, else the merge.

        The usual batch is all new: one COPY into the table under a savepoint,
        and the rollups computed here (numpy) from the batch itself; about the
        cost of a bare COPY. A batch holding a reading already stored (a
        replay, a second recorder) fails that COPY on the primary key, goes
        back to the savepoint and takes the staging merge, which skips the
        duplicates and rolls up only the rest.
        """
        # Imported here: the workstation bundle leaves psycopg out (it records
        # into SQLite there), and cli.py imports this module for `record`.
        import psycopg

        raw = connection.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor:
            cursor.execute("SAVEPOINT history_batch")
            try:
                with cursor.copy(
                    "COPY history_readings (series_id, t, value) FROM STDIN (FORMAT binary)"
                ) as copy:
                    copy.write(batch.copy_body())
            except psycopg.errors.UniqueViolation:
                cursor.execute("ROLLBACK TO SAVEPOINT history_batch")
                return HistoryWriter._merge_staged(connection, batch)
            cursor.execute("RELEASE SAVEPOINT history_batch")
            cursor.execute(_PG_ROLLUP_STAGE)
            with cursor.copy(
                "COPY history_rollup_stage (width, series_id, bucket, n, vmin, vmax, total) "
                "FROM STDIN (FORMAT binary)"
            ) as copy:
                copy.write(_rollup_body(batch))
            for width, table in _ROLLUPS:
                cursor.execute(_PG_ROLLUP_UPSERT.replace("{table}", table), (width,))
        return len(batch.t)

    @staticmethod
    def _merge_staged(connection: Connection, batch: _Batch) -> int:
        connection.exec_driver_sql(_PG_STAGE)
        raw = connection.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor:
            with cursor.copy(
                "COPY history_stage (series_id, t, value) FROM STDIN (FORMAT binary)"
            ) as copy:
                copy.write(batch.copy_body())
            cursor.execute(_PG_MERGE)
            found = cursor.fetchone()
        return int(found[0]) if found else 0

    @staticmethod
    def _merge_sqlite(connection: Connection, staged: list[tuple[int, float, float]]) -> int:
        connection.exec_driver_sql(_SQLITE_STAGE)
        connection.exec_driver_sql("DELETE FROM temp.history_stage")
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(
                "INSERT INTO temp.history_stage VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        sid,
                        t,
                        v,
                        math.floor(t / 60) * 60.0,
                        math.floor(t / 300) * 300.0,
                        math.floor(t / 3600) * 3600.0,
                    )
                    for sid, t, v in staged
                ],
            )
        finally:
            cursor.close()
        # The same (series, time) twice in one batch, then what is already stored.
        connection.exec_driver_sql(
            "DELETE FROM temp.history_stage WHERE rowid NOT IN "
            "(SELECT min(rowid) FROM temp.history_stage GROUP BY series_id, t)"
        )
        connection.exec_driver_sql(
            "DELETE FROM temp.history_stage WHERE EXISTS (SELECT 1 FROM history_readings r "
            "WHERE r.series_id = history_stage.series_id AND r.t = history_stage.t)"
        )
        inserted = connection.exec_driver_sql(
            "INSERT INTO history_readings (series_id, t, value) "
            "SELECT series_id, t, value FROM temp.history_stage"
        ).rowcount
        for rollup, stage_column in (
            ("history_rollup_1m", "m"),
            ("history_rollup_5m", "f"),
            ("history_rollup_1h", "h"),
        ):
            connection.exec_driver_sql(_SQLITE_ROLLUP.format(table=rollup, column=stage_column))
        return int(inserted)

    @staticmethod
    def _widen(connection: Connection, spans: dict[int, tuple[float, float]]) -> None:
        """Stretch each series' first/last time over this batch (the catalogue reads them)."""
        connection.execute(
            text(
                "UPDATE history_series SET "
                "first_t = CASE WHEN first_t IS NULL OR first_t > :lo THEN :lo ELSE first_t END, "
                "last_t = CASE WHEN last_t IS NULL OR last_t < :hi THEN :hi ELSE last_t END "
                "WHERE id = :id"
            ),
            [{"id": sid, "lo": lo, "hi": hi} for sid, (lo, hi) in spans.items()],
        )
