"""What the sync server said: its events, the pull cursor, and seen rejections.

``server_events`` is the confirmed history pulled from the server, in the
server's order; the local ``events`` stay as the journal of what was done at
this console (append-only). A ticket's history shows the server's events and
then the local ones not yet confirmed. ``outbox.seen`` records that the
author was shown a rejection, so it is shown once and not at every start.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.String(32)  # UTC ISO 8601, see db/types.py (iso_text)


def upgrade() -> None:
    op.create_table(
        "server_events",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("ticket_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("workstation", sa.String(200), nullable=True),
        sa.Column("at", _TIME, nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_server_events")),
        sa.UniqueConstraint("id", name=op.f("uq_server_events_id")),
    )
    op.create_index(op.f("ix_server_events_ticket_id"), "server_events", ["ticket_id"])
    op.create_table(
        "pull_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("pulled_at", _TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pull_state")),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("seen", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("seen")
    op.drop_table("pull_state")
    op.drop_index(op.f("ix_server_events_ticket_id"), table_name="server_events")
    op.drop_table("server_events")
