"""Engines with each database engine's settings, for the console's store and the server.

SQLite (the console's incident file; the sync server on one machine):

- WAL with ``synchronous=FULL``: readers never block the writer, and a commit
  is on disk (the WAL synced) before ``commit()`` returns, so a change shown
  as saved survives a power cut, not only a crash. SQLite's own default in
  WAL mode depends on how the library was built (NORMAL on macOS's system
  SQLite, which syncs only at checkpoints), so it is always set.
- ``BEGIN IMMEDIATE`` for write transactions: the write lock is taken up
  front, so read-check-write (is this ticket still new? is this user still
  enabled?) cannot be overtaken, and a busy database fails at BEGIN after
  ``busy_timeout``, never half-way. pysqlite's own transaction handling is
  switched off (``isolation_level = None``; it would not BEGIN before DDL,
  so a migration would not be atomic) and BEGIN is emitted from the
  ``begin`` event: SQLAlchemy's pysqlite recipe. Reads get a plain
  (deferred) BEGIN, so they never wait for the lock.
- ``foreign_keys = ON`` (off only while a migration rebuilds tables, as
  SQLite's table-rebuild procedure requires) and ``busy_timeout``.

PostgreSQL (the sync server in production): its defaults, plus a
pre-ping so a connection the server dropped is replaced, not handed out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url

# Execution option that makes a connection's transactions BEGIN IMMEDIATE on
# SQLite (other engines ignore it): ``engine.execution_options(**{IMMEDIATE: True})``.
IMMEDIATE = "smartcity_begin_immediate"
DEFAULT_BUSY_TIMEOUT_S = 5.0


def sqlite_url(path: Path) -> URL:
    """The URL of one SQLite file."""
    return URL.create("sqlite+pysqlite", database=str(path))


def make_engine(
    target: Path | str | URL,
    *,
    busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
    foreign_keys: bool = True,
) -> Engine:
    """An engine on a SQLite file (a ``Path``) or any database URL, with its settings.

    ``foreign_keys=False`` only for migrations (SQLite). Making the file
    private and translating driver errors is the caller's: the store and the
    server say different things to different people.
    """
    url = sqlite_url(target) if isinstance(target, Path) else make_url(target)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": busy_timeout_s})
    _sqlite_settings(
        engine, busy_timeout_ms=round(busy_timeout_s * 1000), foreign_keys=foreign_keys
    )
    return engine


def _sqlite_settings(engine: Engine, *, busy_timeout_ms: int, foreign_keys: bool) -> None:
    """The pragmas on each new connection; BEGIN (IMMEDIATE for writes) on each transaction."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # BEGIN comes from _on_begin
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
