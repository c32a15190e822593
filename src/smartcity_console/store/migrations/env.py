"""Alembic environment for the local incident database.

``open_database`` runs the migrations on a connection it opened itself, inside
one transaction, so a failed upgrade leaves the file as it was; batch mode
needs the named constraints of ``db/naming.py``.
"""

from smartcity_console.db.engine import make_engine
from smartcity_console.db.migrations import run_env
from smartcity_console.store.models import Base

run_env(Base.metadata, "the incident database", make_engine)
