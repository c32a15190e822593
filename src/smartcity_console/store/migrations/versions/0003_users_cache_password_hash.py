"""The users cache keeps an argon2 hash of the last online login's password.

So a user can log in while the server is down (docs/contracts.md, Sync contract),
checked against what their last online login proved. The column is
nullable: users cached before this revision (or whose cache was cleared by a
refused online login) have no hash and need the server once more.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users_cache") as batch:
        batch.add_column(sa.Column("password_hash", sa.String(255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users_cache") as batch:
        batch.drop_column("password_hash")
