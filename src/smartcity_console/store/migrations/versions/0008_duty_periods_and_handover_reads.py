"""Who was on duty at this workstation, and who read which shift handover.

The shift handover report (issue 16) says who was on duty from when to when;
nothing recorded sign-in and sign-out before. ``duty_periods`` holds one row
per sign-in (closed at sign-out, with the departing operator's handover note);
``handover_reads`` records that the next person confirmed reading a report
(the same confirmation also goes to the sync server, docs/sync.md).

Revision ID: 0008
Revises: 0006 (the lead re-chains at merge)
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.String(32)  # UTC ISO 8601, see db/types.py (iso_text)


def upgrade() -> None:
    op.create_table(
        "duty_periods",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("workstation", sa.String(200), nullable=False),
        sa.Column("signed_in_at", _TIME, nullable=False),
        sa.Column("signed_out_at", _TIME, nullable=True),
        sa.Column("handover_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_periods")),
    )
    op.create_index(op.f("ix_duty_periods_signed_in_at"), "duty_periods", ["signed_in_at"])
    op.create_table(
        "handover_reads",
        sa.Column("report_id", sa.String(36), nullable=False),
        sa.Column("reader", sa.String(64), nullable=False),
        sa.Column("workstation", sa.String(200), nullable=False),
        sa.Column("read_at", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("report_id", "reader", name=op.f("pk_handover_reads")),
    )


def downgrade() -> None:
    op.drop_table("handover_reads")
    op.drop_index(op.f("ix_duty_periods_signed_in_at"), table_name="duty_periods")
    op.drop_table("duty_periods")
