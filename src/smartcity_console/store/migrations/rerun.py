"""What a migration asks before a step, so that it can run again on the same file.

A console file can come back to an older version number with the newer
tables still in it (a test rewinds a store to 0005, an installer restores an
older console's file over a newer one's folder): each step of 0007 and later
checks first and skips what is already there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def has_table(name: str) -> bool:
    return bool(sa.inspect(op.get_bind()).has_table(name))


def drop_foreign_key_if_there(table: str, name: str) -> None:
    """Drop ``table``'s foreign key ``name`` (batch mode: SQLite rebuilds the table)."""
    keys = sa.inspect(op.get_bind()).get_foreign_keys(table)
    if any(key.get("name") == name for key in keys):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(name), type_="foreignkey")
