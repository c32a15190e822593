"""Events may name what is not an incident: a shift handover read (issue 16).

A ``handover_read`` event's ``ticket_id`` is the shift report's id, so the
foreign key from ``events`` to ``tickets`` goes. Everything that writes an
event for an incident still writes its ticket in the same transaction.

Revision ID: s0007
Revises: s0006 (the lead re-chains at merge)
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "s0007"
down_revision: str | None = "s0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint(op.f("fk_events_ticket_id_tickets"), type_="foreignkey")


def downgrade() -> None:
    # Only if no event names anything but an incident: drop those first.
    with op.batch_alter_table("events") as batch:
        batch.create_foreign_key(
            op.f("fk_events_ticket_id_tickets"), "tickets", ["ticket_id"], ["id"]
        )
