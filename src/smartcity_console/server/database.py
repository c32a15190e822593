"""The sync server's database: engine, sessions, and its schema brought up to date.

PostgreSQL in production, a SQLite file for one machine (and ``demo``). The
server holds nothing but this (docs/contracts.md: no in-memory sessions), so
:func:`open_server_database` is all a server process or the ``users``
commands need. Problems come out as :class:`ServerDatabaseError` with one
sentence an administrator can act on, never a driver's traceback.

Migrations run at every open, in one transaction, serialized between
processes (an advisory lock on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so
several server instances starting together upgrade the schema exactly once.
The scripts live in ``server/migrations`` inside the package and the Alembic
config is built in code, so this works from a wheel and from the PyInstaller
bundle (which must collect that folder with its ``.py`` files).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from alembic.config import Config
from sqlalchemy import URL, Engine, make_url, text, update
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from smartcity_console import paths
from smartcity_console.db import engine as db_engine
from smartcity_console.db import migrations
from smartcity_console.db.engine import IMMEDIATE
from smartcity_console.private_files import private_dir, private_sqlite
from smartcity_console.server.models import HealthProbeRow

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
DATABASE_FILE = "server.sqlite3"
# Any constant works; it only has to be the same in every server process.
_MIGRATION_LOCK_KEY = 0x5C17_0001


class ServerDatabaseError(Exception):
    """The server's database cannot be used; ``str()`` says why and what to do."""


def default_database_url() -> str:
    """``serve``'s and the ``users`` commands' database without ``--database``."""
    return f"sqlite:///{paths.user_data_dir() / DATABASE_FILE}"


def display_url(url: str | URL) -> str:
    """The URL for messages, with any password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a database URL)"


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ServerDatabaseError(
            f"{url!r} is not a database URL; use sqlite:///PATH or "
            "postgresql+psycopg://USER:PASSWORD@HOST/NAME"
        ) from None
    # psycopg (3) is the PostgreSQL driver the server installs; a bare
    # postgresql:// would ask SQLAlchemy for psycopg2, which is not there.
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL, *, foreign_keys: bool = True) -> Engine:
    """An engine for the server's database (db/engine.py's settings); SQLite files
    get their folder made and are the server account's alone."""
    parsed = _parse(url) if isinstance(url, str) else url
    try:
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            # Users, password hashes and every incident: the server account's alone.
            file = Path(parsed.database)
            private_dir(file.parent, tighten=file.parent == paths.user_data_dir())
            private_sqlite(file)
        return db_engine.make_engine(parsed, foreign_keys=foreign_keys)
    except (NoSuchModuleError, ImportError) as exc:
        raise ServerDatabaseError(
            f"the database at {display_url(parsed)} needs a driver that is not installed "
            f"({exc}); use sqlite:///PATH or postgresql+psycopg://..."
        ) from None
    except OSError as exc:
        raise ServerDatabaseError(
            f"the database at {display_url(parsed)} cannot be created: {exc}"
        ) from None


def alembic_config(*, url: str | None = None) -> Config:
    """Alembic's config for the server schema; ``url`` only for a developer's own runs."""
    return migrations.alembic_config(MIGRATIONS_DIR, url=url)


def head_revision() -> str:
    return migrations.head_revision(MIGRATIONS_DIR)


def _first_line(exc: SQLAlchemyError) -> str:
    detail = str(getattr(exc, "orig", None) or exc).strip()
    return detail.splitlines()[0] if detail else type(exc).__name__


def upgrade(url: str | URL) -> str | None:
    """Bring the schema to head; the revision it was at, or ``None`` if nothing ran.

    On SQLite, servers started together can find the file locked by the one
    migrating it (switching a new file to WAL needs it alone, and busy_timeout
    does not cover that); they wait and look again, then find it migrated.
    """
    for attempt in range(_LOCKED_RETRIES):
        try:
            return _upgrade_once(url)
        except _LockedError:
            time.sleep(0.2 * 2**attempt)
    return _upgrade_once(url, last_try=True)


class _LockedError(Exception):
    pass


_LOCKED_RETRIES = 6  # 0.2 + 0.4 + ... + 6.4 s: well past any migration here


def _upgrade_once(url: str | URL, *, last_try: bool = False) -> str | None:
    parsed = _parse(url) if isinstance(url, str) else url
    shown = display_url(parsed)
    # Foreign keys off while batch mode rebuilds SQLite tables (SQLite's procedure).
    engine = make_engine(parsed, foreign_keys=False)
    try:
        state = migrations.schema_state(engine, MIGRATIONS_DIR)
        current = state.current
        if state.at_head:
            return None
        if state.newer:
            raise ServerDatabaseError(
                f"the database at {shown} has schema revision {current!r}, which this server "
                "does not know: it was written by a newer version of the server (install that "
                "version or later), or it is not a sync server database"
            )
        if state.foreign:
            raise ServerDatabaseError(
                f"the database at {shown} is not a sync server database (it has tables "
                f"{', '.join(sorted(state.other_tables)[:5])}); choose an empty database"
            )
        with engine.execution_options(**{IMMEDIATE: True}).begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
                )
            migrations.upgrade_to_head(connection, MIGRATIONS_DIR)
        return current or "base"
    except SQLAlchemyError as exc:
        if not last_try and "database is locked" in _first_line(exc):
            raise _LockedError from None
        raise ServerDatabaseError(
            f"cannot use the database at {shown}: {_first_line(exc)}"
        ) from None
    finally:
        engine.dispose()


class ServerDatabase:
    """An open, migrated server database: its engine and one sessionmaker per kind."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = display_url(engine.url)
        self._reads = sessionmaker(engine, expire_on_commit=False)
        self._writes = sessionmaker(
            engine.execution_options(**{IMMEDIATE: True}), expire_on_commit=False
        )
        # SQLite takes one writer at a time. Writers of this process queue on a
        # lock rather than in SQLite's busy handler, which sleeps and retries:
        # with 20 clients pushing at once (bench/sync.py), one login waited past
        # busy_timeout and got a 503. Other processes on the file still wait
        # busy_timeout; PostgreSQL needs no lock.
        self._write_lock: contextlib.AbstractContextManager[object] = (
            threading.Lock() if engine.dialect.name == "sqlite" else contextlib.nullcontext()
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for one request that only reads."""
        with self._reads() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed at the end, or nothing."""
        with self._write_lock, self._writes.begin() as session:
            yield session

    def ping(self) -> bool:
        """Whether the database answers a trivial query now."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def write_error(self, now: datetime) -> str | None:
        """Commit one small write; ``None`` if it went through, else the database's words.

        ``SELECT 1`` passes on a database that refuses every write (a full
        disk, a read-only file, a standby replica), while pushes and logins
        fail. A committed update also reaches the disk or the WAL, where a
        full disk shows.
        """
        try:
            with self.write() as session:
                found = session.execute(
                    update(HealthProbeRow).where(HealthProbeRow.id == 1).values(checked_at=now)
                )
                if not found.rowcount:  # type: ignore[attr-defined]  # CursorResult
                    session.add(HealthProbeRow(id=1, checked_at=now))
        except SQLAlchemyError as exc:
            # A SQLite connection opened while the file was read-only stays read-only:
            # start afresh, so health recovers when the file does.
            self.engine.dispose()
            return _first_line(exc)
        return None

    def close(self) -> None:
        self.engine.dispose()


def open_server_database(url: str | None = None) -> ServerDatabase:
    """Connect to (creating a SQLite file if needed) and migrate the server's database.

    Raises :class:`ServerDatabaseError` when the URL is wrong, the driver is
    missing, the server does not answer, or the schema is foreign or newer.
    """
    parsed = _parse(url or default_database_url())
    upgrade(parsed)
    return ServerDatabase(make_engine(parsed))
