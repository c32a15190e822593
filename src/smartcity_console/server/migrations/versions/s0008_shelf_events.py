"""Shelving (issue 17): a shelf's events live in ``events`` under the shelf's id.

A ``shelve`` or ``unshelve`` op names its shelf (a UUIDv5 of rule and
target, core/incidents/shelving.py) where other ops name a ticket, and its
event is numbered and pulled like any other, so the foreign key from
``events.ticket_id`` to ``tickets`` goes; the index stays. No shelf table:
a shelf is what its events say (docs/sync.md). Issue 16's s0007 drops the
same key for its handover reads: whichever runs second finds it gone and
leaves it so, and the downgrade leaves the key to s0007's downgrade.

Revision ID: s0008
Revises: s0007
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0008"
down_revision: str | None = "s0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_KEY = "fk_events_ticket_id_tickets"


def upgrade() -> None:
    keys = sa.inspect(op.get_bind()).get_foreign_keys("events")
    if any(key.get("name") == _KEY for key in keys):
        with op.batch_alter_table("events") as batch:
            batch.drop_constraint(op.f(_KEY), type_="foreignkey")


def downgrade() -> None:
    op.execute("DELETE FROM events WHERE kind IN ('shelve', 'unshelve')")
