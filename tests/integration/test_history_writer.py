"""The historian's writer on a real PostgreSQL and a SQLite file.

What an operator would notice: a reading sent twice (a replay, a second
recorder) is stored and counted once, the rollups agree with the readings,
the catalogue knows each series' span, and on PostgreSQL each day is a
partition with a BRIN index that retention drops whole.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from smartcity_console.core.readings import Reading
from smartcity_console.history.partitions import DAY_S, Retention, partitions
from smartcity_console.history.writer import HistoryWriter
from smartcity_console.server.database import ServerDatabase, open_server_database

NOW = 1_764_300_000.0  # 2025-11-28 03:20 UTC
DAY0 = (NOW // DAY_S) * DAY_S


@pytest.fixture
def database(server_database_url: str) -> Iterator[ServerDatabase]:
    db = open_server_database(server_database_url)
    yield db
    db.close()


def _totals(db: ServerDatabase) -> tuple[int, int, int, float, float]:
    with db.engine.connect() as connection:
        readings, total = connection.execute(
            text("SELECT count(*), coalesce(sum(value), 0) FROM history_readings")
        ).one()
        minute_n, minute_total = connection.execute(
            text("SELECT coalesce(sum(n), 0), coalesce(sum(total), 0) FROM history_rollup_1m")
        ).one()
        hour_n = connection.execute(
            text("SELECT coalesce(sum(n), 0) FROM history_rollup_1h")
        ).scalar_one()
    assert minute_total == pytest.approx(total)
    return int(readings), int(minute_n), int(hour_n), float(total), float(minute_total)


def test_a_reading_written_twice_is_stored_and_rolled_up_once(database: ServerDatabase) -> None:
    writer = HistoryWriter(database.engine)
    batch = [
        Reading(f"rembang/air/pm25/{i % 3}", NOW - 7200 + i, float(i), "ug/m3") for i in range(3000)
    ]
    first = writer.write(batch, NOW)
    assert (first.inserted, first.duplicates) == (3000, 0)
    # A replay of half the batch, plus the same reading twice in one batch, plus one new.
    again = [
        *batch[:1500],
        Reading("rembang/new", NOW, 1.0, None),
        Reading("rembang/new", NOW, 1.0, None),
    ]
    second = writer.write(again, NOW)
    assert (second.inserted, second.duplicates) == (1, 1501)
    # A second recorder (its own writer, its own caches) sending the same readings.
    third = HistoryWriter(database.engine).write(batch, NOW)
    assert (third.inserted, third.duplicates) == (0, 3000)
    readings, minute_n, hour_n, _total, _ = _totals(database)
    assert readings == minute_n == hour_n == 3001


def test_the_rollups_hold_min_max_and_mean_of_each_minute(database: ServerDatabase) -> None:
    writer = HistoryWriter(database.engine)
    minute = DAY0 + 600.0
    # Two batches into the same minute: the second must merge, not overwrite.
    writer.write([Reading("s", minute + 1, 5.0, None), Reading("s", minute + 2, -3.0, None)], NOW)
    writer.write([Reading("s", minute + 30, 10.0, None)], NOW)
    with database.engine.connect() as connection:
        row = connection.execute(
            text("SELECT bucket, n, vmin, vmax, total FROM history_rollup_1m")
        ).one()
        five = connection.execute(text("SELECT bucket, n, vmax FROM history_rollup_5m")).one()
        hour = connection.execute(text("SELECT bucket, n FROM history_rollup_1h")).one()
    assert tuple(row) == (minute, 3, -3.0, 10.0, 12.0)
    assert tuple(five) == (minute, 3, 10.0)
    assert tuple(hour) == (DAY0, 3)


def test_the_catalogue_knows_units_and_first_and_last_times(database: ServerDatabase) -> None:
    writer = HistoryWriter(database.engine)
    writer.write([Reading("a", NOW - 50, 1.0, "cm"), Reading("b", None, 2.0, None)], NOW)
    writer.write([Reading("a", NOW - 100, 1.0, "cm"), Reading("a", NOW - 10, 1.0, "m")], NOW)
    with database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT name, unit, first_t, last_t FROM history_series ORDER BY name")
        ).all()
    # A reading without time is stamped on arrival; a unit that changed is the latest one.
    assert [tuple(r) for r in rows] == [("a", "m", NOW - 100, NOW - 10), ("b", None, NOW, NOW)]


def test_readings_past_retention_or_not_numbers_are_counted_not_stored(
    database: ServerDatabase,
) -> None:
    writer = HistoryWriter(database.engine, Retention(raw_days=2))
    counts = writer.write(
        [
            Reading("s", NOW - 3 * DAY_S, 1.0, None),
            Reading("s", NOW, float("nan"), None),
            Reading("x" * 401, NOW, 1.0, None),
            Reading("s", NOW, 2.0, None),
        ],
        NOW,
    )
    assert (counts.inserted, counts.expired, counts.refused) == (1, 1, 2)


def test_retention_keeps_whole_recent_days_and_removes_older_ones(
    database: ServerDatabase,
) -> None:
    writer = HistoryWriter(database.engine, Retention(raw_days=None, minute_days=None))
    writer.write([Reading("s", DAY0 - d * DAY_S + 60, float(d), None) for d in range(5)], NOW)
    writer.retention = Retention(raw_days=2, minute_days=3, hour_days=4)
    dropped = writer.apply_retention(NOW)
    with database.engine.connect() as connection:
        raw = connection.execute(text("SELECT value FROM history_readings ORDER BY t")).scalars()
        minutes = connection.execute(text("SELECT count(*) FROM history_rollup_1m")).scalar_one()
        hours = connection.execute(text("SELECT count(*) FROM history_rollup_1h")).scalar_one()
    assert list(raw) == [1.0, 0.0]  # today and yesterday
    assert (minutes, hours) == (3, 4)
    if database.engine.dialect.name == "postgresql":
        assert len(dropped) == 3 + 2  # raw: 3 older days; minutes: 2
        # Writing into a day whose partition was dropped makes it again.
        assert writer.write([Reading("s", DAY0 - 4 * DAY_S + 5, 9.0, None)], NOW).expired == 1
        assert writer.write([Reading("s", NOW - 1, 9.0, None)], NOW).inserted == 1


def test_on_postgresql_each_day_is_a_partition_with_a_brin_index(postgres_url: str) -> None:
    db = open_server_database(postgres_url)
    try:
        writer = HistoryWriter(db.engine)
        writer.write([Reading("s", DAY0 - d * DAY_S + 1, 1.0, None) for d in range(3)], NOW)
        with db.engine.connect() as connection:
            days = partitions(connection)
            methods = connection.execute(
                text(
                    "SELECT DISTINCT am.amname FROM pg_index i "
                    "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam "
                    "JOIN pg_class t ON t.oid = i.indrelid "
                    "WHERE t.relname LIKE 'history_readings_d%' AND am.amname = 'brin'"
                )
            ).scalars()
            assert list(methods) == ["brin"]
        today = int(DAY0 // DAY_S)
        assert days["history_readings"] == [today - 2, today - 1, today]
        assert days["history_rollup_1m"] == [today - 2, today - 1, today]
        assert days["history_rollup_5m"] == [today - 2, today - 1, today]
    finally:
        db.close()
