"""Alembic set up in code, shared by the two schemas (the console's incident
store and the sync server's database).

Both run their migrations from a directory inside the package (so a wheel and
the PyInstaller bundle find them), on a connection the caller opened and
passes in ``config.attributes["connection"]``, with ``render_as_batch`` so
ALTERs rebuild tables the way SQLite needs (plain ALTER on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import context
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, create_engine


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
