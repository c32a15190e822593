"""Shelving (issue 17): the shelves this console knows, and shelf ops in the outbox.

``shelves`` is a cache: each row is its shelf's pulled events folded in the
server's order with this console's unconfirmed ops on top
(store/shelves.py ``rebuild``), which the alarm recorder and the "Shelved"
window read. A shelf op names its shelf where other ops name a ticket, so
the outbox's foreign key to ``tickets`` goes (its index stays). Issue 16's
0008 drops the same key for its handover reads: whichever runs second finds
it gone and leaves it so, and the downgrade leaves the key to 0008's.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from smartcity_console.store.migrations.rerun import drop_foreign_key_if_there, has_table

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEY = "fk_outbox_ticket_id_tickets"
_TIME = sa.String(32)  # UTC ISO 8601, see db/types.py (iso_text)


def upgrade() -> None:
    # Each step again on a file whose version was set back (migrations/rerun.py).
    if not has_table("shelves"):
        _create_shelves()
    drop_foreign_key_if_there("outbox", _KEY)


def _create_shelves() -> None:
    op.create_table(
        "shelves",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("rule", sa.String(200), nullable=False),
        sa.Column("series", sa.String(200), nullable=True),
        sa.Column("station", sa.String(200), nullable=True),
        sa.Column("until", _TIME, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("shelved_by", sa.String(64), nullable=False),
        sa.Column("shelved_at", _TIME, nullable=False),
        sa.Column("ended_by", sa.String(64), nullable=True),
        sa.Column("ended_at", _TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shelves")),
    )


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE kind IN ('shelve', 'unshelve')")
    op.drop_table("shelves")
