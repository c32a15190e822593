"""A window of series at screen resolution, from the table that has it cheapest.

``points`` is how many buckets the caller can draw. With the window's span
over ``points`` as the finest useful width:

- under a minute: the raw readings, as stored, if there are at most
  ``2 * points`` of them (a short window); else the raw readings in buckets;
- under 5 minutes: the minute rollup, merged into buckets of whole minutes;
- under an hour: the 5-minute rollup, merged into buckets of whole 5 minutes;
- otherwise the hour rollup, merged into buckets of whole hours.

A bucket as wide as its rollup's is read as stored, without merging: a week
at 2,000 points reads 2,016 rows a series from the 5-minute rollup, where
merging the minute rollup read 10,080 (bench: 180-400 ms for 24 series).

Buckets keep min and max (what a plot's envelope needs: a one-second spike
stays visible in a 7-day window) and the count and sum for the mean. They are
aligned on multiples of their width since the epoch, so two requests that
overlap agree on the buckets they share. One query for all series of a request.

No Python object per row: on PostgreSQL the rows come as a binary ``COPY``
parsed by numpy in one call, unordered (an ``ORDER BY`` across the day
partitions spilled a sort to disk and cost a third of the query), then are
sorted and split per series by numpy. The answer is :class:`ColumnsAnswer`
(arrays), written as binary (contract/history_columns.py) or JSON.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import Connection, bindparam, text

from smartcity_console.contract.history_api import (
    CatalogueResponse,
    HistoryResponse,
    Resolution,
    SeriesInfo,
    SeriesWindow,
)
from smartcity_console.contract.history_columns import ColumnsAnswer, ColumnsWindow, empty

_NATIVE_WIDTH = {"history_rollup_1m": 60.0, "history_rollup_5m": 300.0, "history_rollup_1h": 3600.0}
_FLOOR = {
    "postgresql": "floor({x} / {{w}}) * {{w}}",
    "sqlite": "CAST({x} / {{w}} AS INTEGER) * {{w}}",
}
# A binary COPY's header: signature, flags, header-extension length (PostgreSQL's docs).
_COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\0"


def choose(span_s: float, points: int) -> tuple[Resolution, float]:
    """The source table and the bucket width for ``points`` buckets over ``span_s``."""
    width = span_s / points
    if width < 60:
        return "raw", max(width, 1e-3)
    if width < 300:
        return "1m", math.floor(width / 60) * 60.0
    if width < 3600:
        return "5m", math.floor(width / 300) * 300.0
    return "1h", math.floor(width / 3600) * 3600.0


def catalogue(connection: Connection) -> CatalogueResponse:
    rows = connection.execute(
        text("SELECT name, unit, state, first_t, last_t FROM history_series ORDER BY name")
    )
    return CatalogueResponse(
        series=[
            SeriesInfo(
                name=r.name, unit=r.unit, state=bool(r.state), first_t=r.first_t, last_t=r.last_t
            )
            for r in rows
        ]
    )


# t, min, max, mean, count of one series, oldest first.
Columns = tuple[Any, Any, Any, Any, Any]


def window(
    connection: Connection, names: Sequence[str], start: float, end: float, points: int
) -> ColumnsAnswer:
    """Each of ``names`` over ``[start, end)`` in at most about ``points`` buckets."""
    found = {
        r.name: (r.id, r.unit, bool(r.state))
        for r in connection.execute(
            text(
                "SELECT id, name, unit, state FROM history_series WHERE name IN :names"
            ).bindparams(bindparam("names", expanding=True)),
            {"names": list(dict.fromkeys(names))},
        )
    }
    resolution, width = choose(max(end - start, 0.0), points)
    ids = [series_id for series_id, _unit, _state in found.values()] if end > start else []
    columns: dict[int, tuple[Resolution, float, Columns]] = {}
    if ids:
        if resolution == "raw":
            raw_ids, bucketed_ids = _split_by_count(connection, ids, start, end, 2 * points)
            for series_id, cols in _raw(connection, raw_ids, start, end).items():
                columns[series_id] = ("raw", 0.0, cols)
            if bucketed_ids:
                for series_id, cols in _buckets(
                    connection, "history_readings", "t", bucketed_ids, start, end, width
                ).items():
                    columns[series_id] = ("raw", width, cols)
        else:
            table = f"history_rollup_{resolution}"
            for series_id, cols in _buckets(
                connection, table, "bucket", ids, start, end, width
            ).items():
                columns[series_id] = (resolution, width, cols)
    windows = []
    for name in names:
        series_id, unit, state = found.get(name, (None, None, False))
        known = series_id is not None
        got = columns.get(series_id if series_id is not None else -1)
        if got is None:
            windows.append(empty(name, unit, known, state, resolution))
            continue
        kind, bucket_s, (t, low, high, mean, count) = got
        windows.append(
            ColumnsWindow(name, unit, known, state, kind, bucket_s, t, low, high, mean, count)
        )
    return ColumnsAnswer(from_t=start, to_t=end, points=points, series=windows)


def as_json(answer: ColumnsAnswer) -> HistoryResponse:
    """The JSON answer of the same window (non-finite means go out as null)."""
    # Built without validation: every value comes from the database's own columns,
    # and validating 5 x 2,000 numbers a series cost more than fetching them.
    return HistoryResponse.model_construct(
        from_t=answer.from_t,
        to_t=answer.to_t,
        points=answer.points,
        series=[
            SeriesWindow.model_construct(
                name=w.name,
                unit=w.unit,
                known=w.known,
                state=w.state,
                resolution=w.resolution,
                bucket_s=w.bucket_s,
                t=w.t.tolist(),
                min=w.min.tolist(),
                max=w.max.tolist(),
                mean=w.mean.tolist(),
                count=w.count.tolist(),
            )
            for w in answer.series
        ],
    )


def _rows(connection: Connection, sql: str, ids: list[int], width: int, **params: float) -> Any:
    """The rows of ``sql`` (``width`` numeric columns) as an (n, width) float64 array.

    ``{ids}`` is replaced by our own integers and ``{name}`` by the named
    floats. On PostgreSQL a binary ``COPY`` of the query, every column cast to
    ``float8``, read by numpy in one call; SQLite's cursor elsewhere.
    """
    id_list = ", ".join(str(int(i)) for i in ids)
    if connection.dialect.name == "postgresql":
        text_sql = sql.replace("{ids}", id_list)
        for key, value in params.items():
            # repr() of a float is exact and a valid SQL literal (COPY takes no parameters).
            text_sql = text_sql.replace("{" + key + "}", f"{float(value)!r}::float8")
        return _copy_rows(connection, text_sql, width)
    text_sql = sql.replace("{ids}", id_list)
    for key in params:
        text_sql = text_sql.replace("{" + key + "}", f":{key}")
    cursor = connection.connection.cursor()
    try:
        cursor.execute(text_sql, params)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return np.asarray(rows, dtype=np.float64).reshape(-1, width)


def _copy_rows(connection: Connection, sql: str, width: int) -> Any:
    raw = connection.connection.driver_connection
    assert raw is not None
    casted = f"SELECT {', '.join(f'c{i}::float8' for i in range(width))} FROM ({sql}) AS q"  # noqa: S608
    with raw.cursor() as cursor, cursor.copy(f"COPY ({casted}) TO STDOUT (FORMAT binary)") as copy:
        data = b"".join(bytes(block) for block in copy)
    if not data.startswith(_COPY_SIGNATURE):
        raise RuntimeError("PostgreSQL's binary COPY has no signature")
    extension = int.from_bytes(data[15:19], "big")
    body = memoryview(data)[19 + extension : len(data) - 2]  # the trailer: int16 -1
    fields: list[tuple[str, str]] = [("fields", ">i2")]
    for i in range(width):
        fields += [(f"l{i}", ">i4"), (f"c{i}", ">f8")]
    rows = np.frombuffer(body, dtype=np.dtype(fields))
    if (rows["fields"] != width).any() or any((rows[f"l{i}"] != 8).any() for i in range(width)):
        raise RuntimeError("a history query returned a null")  # never: NOT NULL columns
    out = np.empty((len(rows), width), dtype=np.float64)
    for i in range(width):
        out[:, i] = rows[f"c{i}"]
    return out


def _split_by_count(
    connection: Connection, ids: list[int], start: float, end: float, most: int
) -> tuple[list[int], list[int]]:
    """The series with at most ``most`` readings in the window, and the others."""
    counts = dict.fromkeys(ids, 0)
    for series_id, count in _rows(
        connection,
        "SELECT series_id AS c0, count(*) AS c1 FROM history_readings "
        "WHERE series_id IN ({ids}) AND t >= {lo} AND t < {hi} GROUP BY series_id",
        ids,
        2,
        lo=start,
        hi=end,
    ).tolist():
        counts[int(series_id)] = int(count)
    raw = [i for i, n in counts.items() if n <= most]
    return raw, [i for i, n in counts.items() if n > most]


def _raw(connection: Connection, ids: list[int], start: float, end: float) -> dict[int, Columns]:
    if not ids:
        return {}
    rows = _rows(
        connection,
        "SELECT series_id AS c0, t AS c1, value AS c2 FROM history_readings "
        "WHERE series_id IN ({ids}) AND t >= {lo} AND t < {hi}",
        ids,
        3,
        lo=start,
        hi=end,
    )
    out: dict[int, Columns] = {}
    for series_id, part in _per_series(rows):
        values = part[:, 2].copy()
        out[series_id] = (
            part[:, 1].copy(),
            values,
            values,
            values,
            np.ones(len(part), dtype=np.int64),
        )
    return out


def _buckets(
    connection: Connection,
    table: str,
    column: str,
    ids: list[int],
    start: float,
    end: float,
    width: float,
) -> dict[int, Columns]:
    """min, max, mean and count per bucket of ``width`` from readings or a rollup."""
    native = _NATIVE_WIDTH.get(table)
    if native is not None and width == native:
        # The rollup's own buckets: read as stored (no grouping).
        sql = (
            "SELECT series_id AS c0, bucket AS c1, n AS c2, vmin AS c3, vmax AS c4, "  # noqa: S608
            f"total AS c5 FROM {table} "
            "WHERE series_id IN ({ids}) AND bucket >= {lo} AND bucket < {hi}"
        )
        rows = _rows(connection, sql, ids, 6, lo=math.floor(start / width) * width, hi=end)
        return _columns(rows)
    bucket = _FLOOR[connection.dialect.name].format(x=column)
    if table == "history_readings":
        aggregates = "count(*) AS c2, min(value) AS c3, max(value) AS c4, sum(value) AS c5"
        low = start
    else:
        aggregates = "sum(n) AS c2, min(vmin) AS c3, max(vmax) AS c4, sum(total) AS c5"
        # Rollup rows are stamped with their start: the one holding `start` begins before it.
        low = math.floor(start / width) * width
    sql = (
        f"SELECT series_id AS c0, {bucket} AS c1, {aggregates} FROM {table} "  # noqa: S608
        f"WHERE series_id IN ({{ids}}) AND {column} >= {{lo}} AND {column} < {{hi}} "
        f"GROUP BY series_id, {bucket}"
    )
    return _columns(_rows(connection, sql, ids, 6, lo=low, hi=end, w=width))


def _per_series(rows: Any) -> list[tuple[int, Any]]:
    """``rows`` (series, time, ...) sorted by series and time, split per series."""
    if not len(rows):
        return []
    rows = rows[np.lexsort((rows[:, 1], rows[:, 0]))]
    starts = np.flatnonzero(np.r_[True, rows[1:, 0] != rows[:-1, 0]])
    return [(int(part[0, 0]), part) for part in np.split(rows, starts[1:]) if len(part)]


def _columns(rows: Any) -> dict[int, Columns]:
    """(series, bucket, n, min, max, sum) rows as columns per series.

    The mean is divided here: a sum that overflowed makes it infinite, which
    goes out as NaN (binary) or null (JSON).
    """
    out: dict[int, Columns] = {}
    with np.errstate(all="ignore"):
        for series_id, part in _per_series(rows):
            count = part[:, 2]
            mean = part[:, 5] / count
            mean[~np.isfinite(mean)] = np.nan
            out[series_id] = (
                part[:, 1].copy(),
                part[:, 3].copy(),
                part[:, 4].copy(),
                mean,
                count.astype(np.int64),
            )
    return out
