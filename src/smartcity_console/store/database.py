"""Opening the local incident database: checked, migrated, with its sessions.

One engine and two sessionmakers, made once per database (style: one Session
per user action): reads start a deferred transaction (a consistent snapshot
for one page of the list plus its count), writes an immediate one (engine.py
and ``db/engine.py`` say why). Problems are :class:`StoreError` with a sentence for the user.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from smartcity_console import paths
from smartcity_console.db.engine import IMMEDIATE, make_engine
from smartcity_console.private_files import private_dir, private_sqlite
from smartcity_console.store.errors import StoreError, describe, translated
from smartcity_console.store.migrate import upgrade

DATABASE_FILE = "incidents.sqlite3"


def default_database_path() -> Path:
    """Where a console keeps its incidents: the user's data folder (platformdirs)."""
    return paths.user_data_dir() / DATABASE_FILE


class Database:
    """An open incident database: the engine, its sessions and the file's name."""

    def __init__(self, path: Path, engine: Engine, *, backup: Path | None = None) -> None:
        self.path = path
        self.engine = engine
        self.backup = backup  # the copy made before this open's migration, if any
        self._reads = sessionmaker(engine, expire_on_commit=False)
        self._writes = sessionmaker(
            engine.execution_options(**{IMMEDIATE: True}), expire_on_commit=False
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for one user action that only reads."""
        with translated(self.path), self._reads() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE): committed at the end, or nothing."""
        with translated(self.path), self._writes.begin() as session:
            yield session

    def pragma(self, name: str) -> Any:
        """The value of ``PRAGMA name`` on a pooled connection (settings, checks)."""
        with translated(self.path), self.engine.connect() as connection:
            return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

    def integrity_check(self) -> list[str]:
        """``PRAGMA integrity_check``: ``["ok"]`` for a healthy file."""
        with translated(self.path), self.engine.connect() as connection:
            return [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]

    def close(self) -> None:
        """Close every connection (the last one checkpoints the WAL into the file)."""
        self.engine.dispose()


def _check_access(path: Path) -> None:
    """Refuse read-only files and folders up front, with a sentence, not an SQLite code."""
    folder = path.parent
    try:
        private_dir(folder, tighten=folder == paths.user_data_dir())
    except OSError as exc:
        raise StoreError(
            f"the incident database at {path} cannot be created: its folder cannot be made ({exc})",
            problem="unopenable",
            path=path,
        ) from exc
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(
            f"the incident database at {path} is read-only; the console needs to write to it "
            "(check the file's permissions, or copy it to a writable folder)",
            problem="read_only",
            path=path,
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"the incident database at {path} cannot be used: its folder {folder} is read-only "
            "(SQLite needs to create the -wal and -shm files next to it)",
            problem="read_only",
            path=path,
        )


def _check_health(engine: Engine, path: Path) -> None:
    with engine.connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        problems = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise describe("corrupt", "; ".join(problems[:5]), path)
    if mode != "wal":
        raise StoreError(
            f"the incident database at {path} cannot switch to WAL mode (journal_mode={mode})",
            problem="other",
            path=path,
        )


def open_database(path: Path, *, busy_timeout_s: float = 5.0) -> Database:
    """Open (creating if needed), check and migrate the incident database at ``path``.

    Before pending migrations run, the file is copied aside as
    ``<name>.bak-<old revision>``. Raises :class:`StoreError` for a locked,
    read-only, damaged or newer-than-this-console file.
    """
    _check_access(path)
    # Incidents, names and the offline sign-in cache: the owner's alone (private_files.py).
    private_sqlite(path)
    engine = make_engine(path, busy_timeout_s=busy_timeout_s)
    try:
        with translated(path):
            _check_health(engine, path)
            backup = upgrade(path, busy_timeout_s=busy_timeout_s)
    except BaseException:
        engine.dispose()
        raise
    return Database(path, engine, backup=backup)
