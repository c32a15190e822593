"""Alembic set up in code, for the two schemas (the console's incident store and the
sync server's database), and where a database's schema stands.

Both run their migrations from a directory inside the package (so a wheel and
the PyInstaller bundle find them), on a connection the caller opened and
passes in ``config.attributes["connection"]``, with ``render_as_batch`` so
ALTERs rebuild tables the way SQLite needs (plain ALTER on PostgreSQL). The
two histories stay separate: console revisions are ``0001``..., server
revisions ``s0001``..., so neither can be mistaken for the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, create_engine, inspect


def alembic_config(migrations_dir: Path, *, url: str | None = None) -> Config:
    """Alembic's config for one schema; ``url`` only for a developer's own runs."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url)
    return config


def head_revision(migrations_dir: Path) -> str:
    head = ScriptDirectory.from_config(alembic_config(migrations_dir)).get_current_head()
    assert head is not None  # each schema ships its first migration
    return head


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Where a database stands against one schema's migrations."""

    current: str | None  # the database's revision; None: never migrated
    head: str
    known: frozenset[str]  # every revision of this schema
    other_tables: tuple[str, ...]  # tables besides alembic_version

    @property
    def at_head(self) -> bool:
        return self.current == self.head

    @property
    def newer(self) -> bool:
        """A revision this schema does not know: a newer version's, or another schema's."""
        return self.current is not None and self.current not in self.known

    @property
    def foreign(self) -> bool:
        """Tables but no revision: not a database of this schema."""
        return self.current is None and bool(self.other_tables)


def schema_state(engine: Engine, migrations_dir: Path) -> SchemaState:
    script = ScriptDirectory.from_config(alembic_config(migrations_dir))
    head = script.get_current_head()
    assert head is not None  # each schema ships its first migration
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        tables = tuple(t for t in inspect(connection).get_table_names() if t != "alembic_version")
    known = frozenset(revision.revision for revision in script.walk_revisions())
    return SchemaState(current, head, known, tables)


def upgrade_to_head(connection: Connection, migrations_dir: Path) -> None:
    """Run the pending migrations on ``connection``, inside the caller's transaction."""
    config = alembic_config(migrations_dir)
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def run_env(
    metadata: MetaData,
    schema: str,
    engine_factory: Callable[[str], Engine] = create_engine,
) -> None:
    """The whole of an ``env.py``: migrate the caller's connection, or a URL's database."""

    def run(connection: Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()

    if context.is_offline_mode():
        raise SystemExit(f"offline (--sql) migrations are not supported for {schema}")
    connection = context.config.attributes.get("connection")
    if isinstance(connection, Connection):
        run(connection)
        return
    # A developer's own run (e.g. `command.revision(..., autogenerate=True)` with a
    # config from alembic_config(..., url=...)).
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("no database: pass a connection or set sqlalchemy.url")
    engine = engine_factory(url)
    try:
        with engine.begin() as own:
            run(own)
    finally:
        engine.dispose()
