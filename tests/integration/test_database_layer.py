"""The database layer both databases share (db/): the same SQLite settings, times kept
in the form each database's migrations made, on real files."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import StatementError

from smartcity_console.server.database import open_server_database
from smartcity_console.server.models import HealthProbeRow
from smartcity_console.store import open_database
from smartcity_console.store.models import PullStateRow


def _console(path: Path) -> tuple[Engine, Callable[[], None]]:
    db = open_database(path)
    return db.engine, db.close


def _server(path: Path) -> tuple[Engine, Callable[[], None]]:
    db = open_server_database(f"sqlite:///{path}")
    return db.engine, db.close


@pytest.fixture
def sqlite_defaults_to_normal_in_wal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every new SQLite connection starts as on a library whose WAL default is NORMAL.

    This machine's SQLite syncs every commit (FULL) by default, but macOS's
    system SQLite is built with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1 and syncs only
    at checkpoints. Setting NORMAL on each new connection before the engine's
    own settings run stands in for that library (SQLite keeps a value the
    application set when the file enters WAL), so the test fails unless the
    engine sets FULL itself.
    """
    connect = sqlite3.dbapi2.connect

    def normal_by_default(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = connect(*args, **kwargs)
        connection.execute("PRAGMA synchronous = NORMAL")
        return connection

    monkeypatch.setattr(sqlite3.dbapi2, "connect", normal_by_default)


@pytest.mark.usefixtures("sqlite_defaults_to_normal_in_wal")
@pytest.mark.parametrize("opener", [_console, _server], ids=["console", "server"])
def test_both_sqlite_databases_sync_every_commit(
    tmp_path: Path, opener: Callable[[Path], tuple[Engine, Callable[[], None]]]
) -> None:
    engine, close = opener(tmp_path / "db.sqlite3")
    try:
        with engine.connect() as connection:

            def pragma(name: str) -> object:
                return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

            assert pragma("synchronous") == 2  # FULL: a commit survives a power cut
            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == 5000
    finally:
        close()


def _raw(path: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_each_database_keeps_the_time_form_its_migrations_made(tmp_path: Path) -> None:
    """One UTC type, two storages: existing files must compare and read as before."""
    wib = timezone(timedelta(hours=7))
    moment = datetime(2025, 11, 28, 10, 20, 0, 250000, tzinfo=wib)  # 03:20:00.25 UTC

    console = open_database(tmp_path / "incidents.sqlite3")
    try:
        with console.write() as session:
            session.add(PullStateRow(id=1, cursor=0, pulled_at=moment))
        with console.read() as session:
            state = session.get(PullStateRow, 1)
            assert state is not None
            assert state.pulled_at == moment
            assert state.pulled_at.tzinfo is UTC
    finally:
        console.close()
    assert _raw(tmp_path / "incidents.sqlite3", "SELECT pulled_at FROM pull_state") == [
        ("2025-11-28T03:20:00.250000+00:00",)
    ]

    server = open_server_database(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    try:
        with server.write() as session:
            session.add(HealthProbeRow(id=2, checked_at=moment))  # s0003 made id 1
        with server.read() as session:
            probe = session.get(HealthProbeRow, 2)
            assert probe is not None
            assert probe.checked_at == moment
            assert probe.checked_at is not None
            assert probe.checked_at.tzinfo is UTC

        def write_naive() -> None:
            with server.write() as session:
                session.add(HealthProbeRow(id=3, checked_at=datetime(2025, 11, 28)))

        with pytest.raises(StatementError, match="naive datetime"):
            write_naive()
    finally:
        server.close()
    assert _raw(
        tmp_path / "server.sqlite3", "SELECT checked_at FROM health_probe WHERE id = 2"
    ) == [("2025-11-28 03:20:00.250000",)]
