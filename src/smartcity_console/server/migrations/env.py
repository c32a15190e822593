"""Alembic environment for the sync server's database (PostgreSQL or SQLite).

``server.database.upgrade`` runs the migrations on a connection it opened
itself (passed in ``config.attributes["connection"]``), inside one
transaction it holds a lock for. ``render_as_batch`` makes ALTERs rebuild
tables the way SQLite needs (and is plain ALTER on PostgreSQL), which in turn
needs the named constraints of ``models.NAMING_CONVENTION``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from smartcity_console.server.database import make_engine
from smartcity_console.server.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported for the server database")

_connection = context.config.attributes.get("connection")
if isinstance(_connection, Connection):
    _run(_connection)
else:
    # A developer's own run (e.g. `command.revision(..., autogenerate=True)` with a
    # config from server.database.alembic_config(url=...)).
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("no database: pass a connection or set sqlalchemy.url")
    _engine = make_engine(url)
    try:
        with _engine.begin() as _own:
            _run(_own)
    finally:
        _engine.dispose()
