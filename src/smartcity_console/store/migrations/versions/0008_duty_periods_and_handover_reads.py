"""Who was on duty at this workstation, and who read which shift handover.

The shift handover report (issue 16) says who was on duty from when to when;
nothing recorded sign-in and sign-out before. ``duty_periods`` holds one row
per sign-in (closed at sign-out, with the departing operator's handover note);
``handover_reads`` records that the next person confirmed reading a report
(the same confirmation also goes to the sync server, docs/sync.md).

The confirmation is a journal entry (op kind ``handover_read``) whose
``ticket_id`` is the report's id, not an incident's: the foreign keys from
``events`` and ``outbox`` to ``tickets`` go (batch mode rebuilds both tables;
SQLite drops triggers then, so the append-only triggers of 0001 come back).
Migration 0007's search triggers name ``events`` (a pulled comment reads the
local ones too), and SQLite refuses to rename a table a trigger names: they
are dropped before the rebuild and made again after it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from smartcity_console.store.migrations.rerun import drop_foreign_key_if_there, has_table
from smartcity_console.store.search_schema import (
    SEARCH_TABLE,
    SEARCH_TRIGGER_NAMES,
    SEARCH_TRIGGERS,
)

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.String(32)  # UTC ISO 8601, see db/types.py (iso_text)
_APPEND_ONLY = (
    "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
    "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
)


def upgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS events_append_only_update")
    op.execute("DROP TRIGGER IF EXISTS events_append_only_delete")
    for name in SEARCH_TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    # Only where it is still there: a downgrade leaves the keys off (see below).
    drop_foreign_key_if_there("events", "fk_events_ticket_id_tickets")
    for trigger in _APPEND_ONLY:
        op.execute(trigger)
    for trigger in SEARCH_TRIGGERS if has_table(SEARCH_TABLE) else ():
        op.execute(trigger)
    drop_foreign_key_if_there("outbox", "fk_outbox_ticket_id_tickets")
    # Each step again on a file whose version was set back (migrations/rerun.py).
    if not has_table("duty_periods"):
        _create_tables()


def _create_tables() -> None:
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
    # The foreign keys stay off: a handover_read in the journal has no ticket to refer to.
