"""The SQLite engine with the console's durability settings.

- WAL with ``synchronous=FULL``: readers never block the writer, and a commit
  is on disk (the WAL synced) before ``commit()`` returns, so a change shown
  as saved survives a power cut, not only a crash of the console.
- ``BEGIN IMMEDIATE`` for write transactions: the write lock is taken up
  front, so read-check-write (is this ticket still new?) cannot be overtaken,
  and a busy database fails at BEGIN after ``busy_timeout``, never half-way.
  pysqlite's own transaction handling is switched off (``isolation_level =
  None``) and BEGIN is emitted from the ``begin`` event: SQLAlchemy's pysqlite
  recipe. Reads get a plain (deferred) BEGIN, so they never wait for the lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event

# Execution option that makes a connection's transactions BEGIN IMMEDIATE.
IMMEDIATE = "smartcity_begin_immediate"


def make_engine(path: Path, *, busy_timeout_s: float = 5.0, foreign_keys: bool = True) -> Engine:
    """An engine on one SQLite file; ``foreign_keys=False`` only for batch migrations."""
    engine = create_engine(
        URL.create("sqlite+pysqlite", database=str(path)),
        connect_args={"timeout": busy_timeout_s},
    )
    timeout_ms = round(busy_timeout_s * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # BEGIN comes from _on_begin
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
