"""Alembic environment for the local incident database.

``open_database`` runs the migrations on a connection it opened itself, inside
one transaction, so a failed upgrade leaves the file as it was; batch mode
needs the named constraints of ``models.NAMING_CONVENTION``.
"""

from smartcity_console.alembic_support import run_env
from smartcity_console.store.models import Base

run_env(Base.metadata, "the incident database")
