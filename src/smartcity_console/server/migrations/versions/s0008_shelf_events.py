"""Shelving (issue 17): a shelf's events live in ``events`` under the shelf's id.

A ``shelve`` or ``unshelve`` op names its shelf (a UUIDv5 of rule and
target, core/incidents/shelving.py) where other ops name a ticket, and its
event is numbered and pulled like any other, so the foreign key from
``events.ticket_id`` to ``tickets`` goes; the index stays. No shelf table:
a shelf is what its events say (docs/sync.md).

Revision ID: s0008
Revises: s0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "s0008"
down_revision: str | None = "s0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint(op.f("fk_events_ticket_id_tickets"), type_="foreignkey")


def downgrade() -> None:
    op.execute("DELETE FROM events WHERE kind IN ('shelve', 'unshelve')")
    with op.batch_alter_table("events") as batch:
        batch.create_foreign_key(
            op.f("fk_events_ticket_id_tickets"), "tickets", ["ticket_id"], ["id"]
        )
