"""The incident list at a million tickets: sort keys, indexes, and FTS5 text search.

Virtual generated columns give the priority order (awaiting acknowledgement,
open before closed, most severe, newest) as ascending keys, one index serves
it and keyset pages; a (program, status) index serves the filter bar and its
counts. Text search moves from LIKE over every row to an FTS5 index over
title, description, comments and place, kept in step by triggers and filled
here from the tickets and events already in the file. See store/search_schema.py.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from smartcity_console.store import search_schema as s

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Idempotent: a file whose version was set back (tests do; a restore might) upgrades again.
    connection = op.get_bind()
    columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_xinfo(tickets)")}
    for name, kind, expression in s.GENERATED_COLUMNS:
        if name not in columns:
            generated = f"GENERATED ALWAYS AS ({expression}) VIRTUAL"
            op.execute(f"ALTER TABLE tickets ADD COLUMN {name} {kind} {generated}")
    for name, indexed in s.INDEXES:
        op.create_index(name, "tickets", list(indexed), if_not_exists=True)
    for statement in (*s.SEARCH_TABLES, *s.BACKFILL, *s.SEARCH_TRIGGERS):
        op.execute(
            statement.replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", 1)
            .replace("CREATE VIRTUAL TABLE ", "CREATE VIRTUAL TABLE IF NOT EXISTS ", 1)
            .replace("CREATE TRIGGER ", "CREATE TRIGGER IF NOT EXISTS ", 1)
        )


def downgrade() -> None:
    for trigger in s.SEARCH_TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute(f"DROP TABLE IF EXISTS {s.SEARCH_TABLE}")
    op.execute(f"DROP TABLE IF EXISTS {s.SEARCH_IDS_TABLE}")
    for name, _columns in s.INDEXES:
        op.drop_index(name, table_name="tickets")
    for name, _kind, _expression in reversed(s.GENERATED_COLUMNS):
        op.execute(f"ALTER TABLE tickets DROP COLUMN {name}")
