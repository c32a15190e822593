"""The historian keeps which series are two-valued (Reading.state: doors, pumps, contacts).

A door's "open/closed" is stored as 1.0/0.0 like any reading; without the
flag the history API gave it back as a number, and a backfilled or replayed
door plotted as a slanted line between 0 and 1 instead of steps. The flag
belongs to the series (a device profile decides it), so it is one column of
the catalogue, not one per reading.

Revision ID: s0009
Revises: s0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0009"
down_revision: str | None = "s0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("history_series") as batch:
        batch.add_column(
            sa.Column("state", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("history_series") as batch:
        batch.drop_column("state")
