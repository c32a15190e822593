"""The journal rule: rows an older server stored are repaired; comments get a unique id column.

Before the rule a push could store what no pull can serve: a lone surrogate
in a comment made every later pull containing it answer 500, for ever. This
repairs every stored row the way ``core/incidents/journal_repair.py`` says
(refused characters become U+FFFD, keys outside an op kind's schema are
dropped, out-of-bounds alarm times become null), so a pull serves it again,
and fills ``events.comment_id`` so a reused comment id is refused (the first
comment with an id keeps it; a later copy keeps its text, without the id
column).

Rows are read and written in pages of 1,000, and only changed rows are
written, so a large journal is migrated in bounded memory.

Revision ID: s0005
Revises: s0004
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from smartcity_console.core.incidents.journal_repair import repair_column, repair_event_data

revision: str = "s0005"
down_revision: str | None = "s0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PAGE = 1000
_EVENTS = sa.table(
    "events",
    sa.column("seq", sa.BigInteger()),
    sa.column("kind", sa.String()),
    sa.column("workstation", sa.String()),
    sa.column("data", sa.JSON()),
    sa.column("comment_id", sa.String()),
)
_TICKET_TEXT = (
    "title",
    "description",
    "station",
    "series",
    "assignee",
    "created_by",
    "acknowledged_by",
    "close_reason",
    "alarm_rule",
)
_TICKETS = sa.table(
    "tickets", sa.column("id", sa.String()), *(sa.column(c, sa.String()) for c in _TICKET_TEXT)
)
_CLIENTS = sa.table(
    "clients", sa.column("client_id", sa.String()), sa.column("workstation", sa.String())
)


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("comment_id", sa.String(36), nullable=True))
        batch.create_unique_constraint(op.f("uq_events_comment_id"), ["comment_id"])
    connection = op.get_bind()
    _repair_events(connection)
    _repair_rows(connection, _TICKETS, "id", _TICKET_TEXT)
    _repair_rows(connection, _CLIENTS, "client_id", ("workstation",))


def _repair_events(connection: sa.Connection) -> None:
    comment_ids: set[str] = set()
    after = -1
    while True:
        page = connection.execute(
            sa.select(_EVENTS.c.seq, _EVENTS.c.kind, _EVENTS.c.workstation, _EVENTS.c.data)
            .where(_EVENTS.c.seq > after)
            .order_by(_EVENTS.c.seq)
            .limit(_PAGE)
        ).all()
        if not page:
            return
        changes: list[dict[str, Any]] = []
        for seq, kind, workstation, data in page:
            repaired = repair_event_data(kind, data)
            station = repair_column("workstation", workstation)
            comment_id = repaired.get("comment_id") if kind == "comment" else None
            if comment_id in comment_ids:
                comment_id = None
            elif comment_id is not None:
                comment_ids.add(comment_id)
            if repaired != data or station != workstation or comment_id is not None:
                changes.append(
                    {
                        "b_seq": seq,
                        "data": repaired,
                        "workstation": station,
                        "comment_id": comment_id,
                    }
                )
        if changes:
            connection.execute(
                sa.update(_EVENTS)
                .where(_EVENTS.c.seq == sa.bindparam("b_seq"))
                .values(
                    data=sa.bindparam("data", type_=sa.JSON()),
                    workstation=sa.bindparam("workstation"),
                    comment_id=sa.bindparam("comment_id"),
                ),
                changes,
            )
        after = page[-1][0]


def _repair_rows(
    connection: sa.Connection, table: sa.TableClause, key: str, columns: Sequence[str]
) -> None:
    after = ""
    while True:
        page = connection.execute(
            sa.select(table.c[key], *(table.c[c] for c in columns))
            .where(table.c[key] > after)
            .order_by(table.c[key])
            .limit(_PAGE)
        ).all()
        if not page:
            return
        changes = []
        for row in page:
            values = dict(zip(columns, row[1:], strict=True))
            repaired = {c: repair_column(c, v) for c, v in values.items()}
            if repaired != values:
                changes.append({"b_key": row[0], **repaired})
        if changes:
            connection.execute(
                sa.update(table)
                .where(table.c[key] == sa.bindparam("b_key"))
                .values({c: sa.bindparam(c) for c in columns}),
                changes,
            )
        after = page[-1][0]


def downgrade() -> None:
    # The repaired rows stay repaired: the old schema serves them as well.
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint(op.f("uq_events_comment_id"), type_="unique")
        batch.drop_column("comment_id")
