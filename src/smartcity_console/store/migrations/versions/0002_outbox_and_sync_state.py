"""The outbox, sync state and users cache; tickets learn their close reason.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.String(32)  # UTC ISO 8601, see db/types.py (iso_text)


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("close_reason", sa.String(32), nullable=True))
        batch.add_column(sa.Column("server_snapshot", sa.JSON(), nullable=True))

    op.create_table(
        "sync_state",
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("workstation", sa.String(200), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_sync_state")),
        sa.UniqueConstraint(
            "username", "workstation", name=op.f("uq_sync_state_username_workstation")
        ),
    )
    op.create_table(
        "outbox",
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("ticket_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("client_ts", _TIME, nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'rejected')", name=op.f("ck_outbox_status")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["sync_state.client_id"], name=op.f("fk_outbox_client_id_sync_state")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_outbox_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("client_id", "seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("op_id", name=op.f("uq_outbox_op_id")),
    )
    op.create_index(op.f("ix_outbox_ticket_id"), "outbox", ["ticket_id"])
    op.create_index(
        op.f("ix_outbox_status_client_id_seq"), "outbox", ["status", "client_id", "seq"]
    )
    op.create_table(
        "users_cache",
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("cached_at", _TIME, nullable=False),
        sa.CheckConstraint(
            "role IN ('operator', 'supervisor', 'admin')", name=op.f("ck_users_cache_role")
        ),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_users_cache")),
    )


def downgrade() -> None:
    op.drop_table("users_cache")
    op.drop_index(op.f("ix_outbox_status_client_id_seq"), table_name="outbox")
    op.drop_index(op.f("ix_outbox_ticket_id"), table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("sync_state")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("server_snapshot")
        batch.drop_column("close_reason")
