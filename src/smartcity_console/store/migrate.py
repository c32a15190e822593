"""Schema upgrades at start: Alembic, programmatically, after a copy of the file.

The migration scripts live inside the package (``store/migrations``) and the
Alembic config is built in code, so the same upgrade runs from a source tree,
a wheel and a PyInstaller bundle (which must collect that folder with its
``.py`` files). The copy is made with SQLite's backup API, not a file copy:
recent commits may still sit in the ``-wal`` file, and the API copies those too.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.config import Config

from smartcity_console.db import migrations
from smartcity_console.db.engine import IMMEDIATE, make_engine
from smartcity_console.private_files import private_sqlite
from smartcity_console.store.errors import describe

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")


def alembic_config(*, url: str | None = None) -> Config:
    """Alembic's config, built in code; ``url`` only for a developer's own runs."""
    return migrations.alembic_config(MIGRATIONS_DIR, url=url)


def head_revision() -> str:
    return migrations.head_revision(MIGRATIONS_DIR)


def copy_aside(path: Path, revision: str, *, busy_timeout_s: float = 5.0) -> Path:
    """A consistent copy of the database as ``<name>.bak-<revision>``."""
    target = path.with_name(f"{path.name}.bak-{revision}")
    partial = target.with_name(f"{target.name}.partial")
    private_sqlite(partial)  # a copy of the incidents: as the original
    source = sqlite3.connect(path, timeout=busy_timeout_s)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    partial.replace(target)
    return target


def upgrade(path: Path, *, busy_timeout_s: float = 5.0) -> Path | None:
    """Apply pending migrations in one transaction; the backup's path, if one was made."""
    # Foreign keys off while batch mode rebuilds tables (SQLite's documented
    # procedure); foreign_key_check below proves the result is consistent.
    engine = make_engine(path, busy_timeout_s=busy_timeout_s, foreign_keys=False)
    try:
        state = migrations.schema_state(engine, MIGRATIONS_DIR)
        current = state.current
        if state.at_head:
            return None
        if state.newer:
            raise describe("newer", f"schema revision {current}", path)
        if state.foreign:
            raise describe("foreign", f"it has tables {', '.join(state.other_tables[:5])}", path)
        backup = (
            None if current is None else copy_aside(path, current, busy_timeout_s=busy_timeout_s)
        )
        with engine.execution_options(**{IMMEDIATE: True}).begin() as connection:
            migrations.upgrade_to_head(connection, MIGRATIONS_DIR)
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            if broken:
                raise describe("other", f"the upgrade would break {len(broken)} links", path)
        return backup
    finally:
        engine.dispose()
