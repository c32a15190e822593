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
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, text

from smartcity_console.contract.history_api import (
    CatalogueResponse,
    HistoryResponse,
    Resolution,
    SeriesInfo,
    SeriesWindow,
)

_NATIVE_WIDTH = {"history_rollup_1m": 60.0, "history_rollup_5m": 300.0, "history_rollup_1h": 3600.0}
_FLOOR = {
    "postgresql": "floor({x} / {{w}}) * {{w}}",
    "sqlite": "CAST({x} / {{w}} AS INTEGER) * {{w}}",
}


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
        text("SELECT name, unit, first_t, last_t FROM history_series ORDER BY name")
    )
    return CatalogueResponse(
        series=[
            SeriesInfo(name=r.name, unit=r.unit, first_t=r.first_t, last_t=r.last_t) for r in rows
        ]
    )


Columns = tuple[list[float], list[float], list[float], list[float | None], list[int]]
_EMPTY: Columns = ([], [], [], [], [])


def window(
    connection: Connection, names: Sequence[str], start: float, end: float, points: int
) -> HistoryResponse:
    """Each of ``names`` over ``[start, end)`` in at most about ``points`` buckets."""
    found = {
        r.name: (r.id, r.unit)
        for r in connection.execute(
            text("SELECT id, name, unit FROM history_series WHERE name IN :names").bindparams(
                bindparam("names", expanding=True)
            ),
            {"names": list(dict.fromkeys(names))},
        )
    }
    resolution, width = choose(max(end - start, 0.0), points)
    ids = [series_id for series_id, _unit in found.values()] if end > start else []
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
        series_id, unit = found.get(name, (None, None))
        kind, bucket_s, (t, low, high, mean, count) = columns.get(
            series_id or -1, (resolution, 0.0, _EMPTY)
        )
        # Built without validation: every value comes from the database's own columns,
        # and validating 5 x 2,000 numbers a series cost more than fetching them.
        windows.append(
            SeriesWindow.model_construct(
                name=name,
                unit=unit,
                known=series_id is not None,
                resolution=kind,
                bucket_s=bucket_s if kind != "raw" or t else 0.0,
                t=t,
                min=low,
                max=high,
                mean=mean,
                count=count,
            )
        )
    return HistoryResponse.model_construct(from_t=start, to_t=end, points=points, series=windows)


def _execute(
    connection: Connection, sql: str, ids: list[int], **params: float
) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` with ``{ids}`` (our own integers) and named floats, as tuples.

    Straight from the driver's cursor: SQLAlchemy's result rows cost more than
    the query itself on a 48,000-row window (profiled).
    """
    mark = "%({})s" if connection.dialect.name == "postgresql" else ":{}"
    text_sql = sql.replace("{ids}", ", ".join(str(int(i)) for i in ids))
    for key in params:
        text_sql = text_sql.replace("{" + key + "}", mark.format(key))
    cursor = connection.connection.cursor()
    try:
        cursor.execute(text_sql, params)
        rows: list[tuple[Any, ...]] = list(cursor.fetchall())
    finally:
        cursor.close()
    return rows


def _split_by_count(
    connection: Connection, ids: list[int], start: float, end: float, most: int
) -> tuple[list[int], list[int]]:
    """The series with at most ``most`` readings in the window, and the others."""
    counts = dict.fromkeys(ids, 0)
    for series_id, count in _execute(
        connection,
        "SELECT series_id, count(*) FROM history_readings WHERE series_id IN ({ids}) "
        "AND t >= {lo} AND t < {hi} GROUP BY series_id",
        ids,
        lo=start,
        hi=end,
    ):
        counts[series_id] = count
    raw = [i for i, n in counts.items() if n <= most]
    return raw, [i for i, n in counts.items() if n > most]


def _raw(connection: Connection, ids: list[int], start: float, end: float) -> dict[int, Columns]:
    if not ids:
        return {}
    grouped: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in _execute(
        connection,
        "SELECT series_id, t, value FROM history_readings WHERE series_id IN ({ids}) "
        "AND t >= {lo} AND t < {hi} ORDER BY series_id, t",
        ids,
        lo=start,
        hi=end,
    ):
        grouped[row[0]].append(row)
    out: dict[int, Columns] = {}
    for series_id, rows in grouped.items():
        _sid, t, values = (list(column) for column in zip(*rows, strict=True))
        out[series_id] = (t, values, values, list(values), [1] * len(t))
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
        # The rollup's own buckets: read as stored (an index range scan, no grouping).
        sql = (
            f"SELECT series_id, bucket, n, vmin, vmax, total / n FROM {table} "  # noqa: S608
            "WHERE series_id IN ({ids}) AND bucket >= {lo} AND bucket < {hi} "
            "ORDER BY series_id, bucket"
        )
        return _columns(
            _execute(connection, sql, ids, lo=math.floor(start / width) * width, hi=end)
        )
    bucket = _FLOOR[connection.dialect.name].format(x=column)
    if table == "history_readings":
        aggregates = "count(*), min(value), max(value), avg(value)"
        low = start
    else:
        aggregates = "sum(n), min(vmin), max(vmax), sum(total) / sum(n)"
        # Rollup rows are stamped with their start: the one holding `start` begins before it.
        low = math.floor(start / width) * width
    sql = (
        f"SELECT series_id, {bucket} AS b, {aggregates} FROM {table} "  # noqa: S608 (our names)
        f"WHERE series_id IN ({{ids}}) AND {column} >= {{lo}} AND {column} < {{hi}} "
        "GROUP BY series_id, b ORDER BY series_id, b"
    )
    return _columns(_execute(connection, sql, ids, lo=low, hi=end, w=width))


def _columns(rows: list[tuple[Any, ...]]) -> dict[int, Columns]:
    """(series, bucket, n, min, max, mean) rows, ordered by series, as columns per series.

    The mean is divided by the database; a sum that overflowed makes it infinite,
    which goes out as null (pydantic writes non-finite floats as null).
    """
    grouped: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    out: dict[int, Columns] = {}
    for series_id, series_rows in grouped.items():
        _sid, b, n, low, high, mean = zip(*series_rows, strict=True)
        out[series_id] = (list(b), list(low), list(high), list(mean), list(n))
    return out
