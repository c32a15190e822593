"""A client id can be replaced: ``sync_state.replaced_by`` and one current id per user here.

The server answers a seq it already processed with another op_id as a
conflict (a console database restored from a backup, two workstations given
one client id). The console then takes a new client id for the same user and
workstation and moves its undelivered ops to it (sync_apply.rekey). The old
row stays, for the ops it delivered, with ``replaced_by`` naming its successor;
only one row per user and workstation may be current.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CURRENT = sa.text("replaced_by IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.add_column(sa.Column("replaced_by", sa.String(36), nullable=True))
        batch.drop_constraint("uq_sync_state_username_workstation", type_="unique")
    op.create_index(
        "uq_sync_state_current",
        "sync_state",
        ["username", "workstation"],
        unique=True,
        sqlite_where=_CURRENT,
    )


def downgrade() -> None:
    op.drop_index("uq_sync_state_current", table_name="sync_state")
    op.execute("DELETE FROM sync_state WHERE replaced_by IS NOT NULL")  # best effort
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("replaced_by")
        batch.create_unique_constraint(
            "uq_sync_state_username_workstation", ["username", "workstation"]
        )
