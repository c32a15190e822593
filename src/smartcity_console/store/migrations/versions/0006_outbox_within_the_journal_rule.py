"""Ops an older console queued are repaired to the journal rule before they are pushed.

An older console accepted a NUL, a tab in a title, an ANSI escape or a bidi
override when a change was typed, and its outbox may still hold such an op.
The sync server now refuses a push that breaks the rule as a whole (422),
so one such op would hold back every op of its user behind it. The ops
still to be delivered (pending, or sent and not yet confirmed) are repaired
the way the server repairs its own old rows (``core/incidents/journal_repair.py``:
a refused character becomes U+FFFD, keys outside the kind's schema go), and
a ``client_ts`` outside 1970-2099 is brought to the nearest bound (the
server clamps it to its own clock anyway). The local history (``events``)
keeps what was typed; the server's copy replaces it once pulled.

No schema change. Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from smartcity_console.core.incidents.journal_repair import repair_event_data

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OUTBOX = sa.table(
    "outbox",
    sa.column("client_id", sa.String()),
    sa.column("seq", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("data", sa.JSON()),
    sa.column("client_ts", sa.String()),
    sa.column("status", sa.String()),
)
# Fixed-width UTC text (db/types.py, iso_text), so the bounds compare as text.
_EARLIEST = "1970-01-01T00:00:00.000000+00:00"
_LATEST = "2099-12-31T23:59:59.000000+00:00"


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            _OUTBOX.c.client_id, _OUTBOX.c.seq, _OUTBOX.c.kind, _OUTBOX.c.data, _OUTBOX.c.client_ts
        ).where(_OUTBOX.c.status.in_(("pending", "sent")))
    ).all()
    changes: list[dict[str, Any]] = []
    for client_id, seq, kind, data, client_ts in rows:
        repaired = repair_event_data(kind, data)
        when = min(max(client_ts, _EARLIEST), _LATEST)
        if repaired != data or when != client_ts:
            changes.append(
                {"b_client": client_id, "b_seq": seq, "data": repaired, "client_ts": when}
            )
    if changes:
        connection.execute(
            sa.update(_OUTBOX)
            .where(_OUTBOX.c.client_id == sa.bindparam("b_client"))
            .where(_OUTBOX.c.seq == sa.bindparam("b_seq"))
            .values(
                data=sa.bindparam("data", type_=sa.JSON()), client_ts=sa.bindparam("client_ts")
            ),
            changes,
        )


def downgrade() -> None:
    pass  # repaired ops stay repaired: the older schema holds them as well
