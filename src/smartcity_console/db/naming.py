"""The constraint names of both schemas (the console's store and the sync server's).

Every constraint needs a name: Alembic's batch mode rebuilds SQLite tables
by name, and PostgreSQL's generated names would differ from SQLite's,
making later migrations dialect-specific. The existing migrations of both
schemas created their constraints with exactly these names, so this
convention can never change: a new name would not match the constraints
of databases already out there.
"""

from __future__ import annotations

from types import MappingProxyType

from sqlalchemy import MetaData

NAMING_CONVENTION = MappingProxyType(
    {
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def named_metadata() -> MetaData:
    """A schema's ``MetaData`` whose constraints are named by :data:`NAMING_CONVENTION`."""
    return MetaData(naming_convention=dict(NAMING_CONVENTION))
