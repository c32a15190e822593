"""Incidents on the server: tickets, the event log consoles pull, clients and op results.

Revision ID: s0002
Revises: s0001
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0002"
down_revision: str | None = "s0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.DateTime(timezone=True)  # see db/types.py


def upgrade() -> None:
    op.create_table(
        "clients",
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("workstation", sa.String(200), nullable=True),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("last_push_at", _TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["username"], ["users.username"], name=op.f("fk_clients_username_users")
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_clients")),
    )
    op.create_index(op.f("ix_clients_username"), "clients", ["username"])
    op.create_table(
        "op_results",
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.client_id"], name=op.f("fk_op_results_client_id_clients")
        ),
        sa.PrimaryKeyConstraint("client_id", "seq", name=op.f("pk_op_results")),
    )
    op.create_index(op.f("ix_op_results_op_id"), "op_results", ["op_id"])
    op.create_table(
        "tickets",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("program", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("station", sa.String(200), nullable=True),
        sa.Column("series", sa.String(200), nullable=True),
        sa.Column("assignee", sa.String(64), nullable=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("acknowledged_by", sa.String(64), nullable=True),
        sa.Column("acknowledged_at", _TIME, nullable=True),
        sa.Column("updated_at", _TIME, nullable=False),
        sa.Column("close_reason", sa.String(32), nullable=True),
        sa.Column("alarm_rule", sa.String(200), nullable=True),
        sa.Column("alarm_active", sa.Boolean(), nullable=False),
        sa.Column("alarm_cleared_at", _TIME, nullable=True),
        sa.Column("change_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
    )
    op.create_index(op.f("ix_tickets_change_seq"), "tickets", ["change_seq"])
    op.create_table(
        "events",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("ticket_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("workstation", sa.String(200), nullable=True),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("at", _TIME, nullable=False),
        sa.Column("recorded_at", _TIME, nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_events_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_events")),
        sa.UniqueConstraint("id", name=op.f("uq_events_id")),
    )
    op.create_index(op.f("ix_events_ticket_id"), "events", ["ticket_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_events_ticket_id"), table_name="events")
    op.drop_table("events")
    op.drop_index(op.f("ix_tickets_change_seq"), table_name="tickets")
    op.drop_table("tickets")
    op.drop_index(op.f("ix_op_results_op_id"), table_name="op_results")
    op.drop_table("op_results")
    op.drop_index(op.f("ix_clients_username"), table_name="clients")
    op.drop_table("clients")
