"""Alembic environment for the sync server's database (PostgreSQL or SQLite).

``server.database.upgrade`` runs the migrations on a connection it opened
itself, inside one transaction it holds a lock for; batch mode needs the
named constraints of ``db/naming.py``.
"""

from smartcity_console.db.migrations import run_env
from smartcity_console.server.database import make_engine
from smartcity_console.server.models import Base

run_env(Base.metadata, "the server database", make_engine)
