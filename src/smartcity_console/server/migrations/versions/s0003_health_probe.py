"""One row that ``/api/v1/health`` writes, so health says whether the database takes writes.

A database can answer ``SELECT 1`` and still refuse every write (a full disk,
a read-only file, a replica in recovery after a wrong failover); pushes and
logins then fail while health said ok. Health now commits a tiny update here.

Revision ID: s0003
Revises: s0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0003"
down_revision: str | None = "s0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.DateTime(timezone=True)  # see db/types.py


def upgrade() -> None:
    op.create_table(
        "health_probe",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("checked_at", _TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_probe")),
    )
    op.execute("INSERT INTO health_probe (id, checked_at) VALUES (1, NULL)")


def downgrade() -> None:
    op.drop_table("health_probe")
