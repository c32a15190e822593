"""The historian's tables: series catalogue, readings, 1-minute, 5-minute and 1-hour rollups.

On PostgreSQL the readings and the minute and 5-minute rollups are partitioned by UTC day
on ``t``/``bucket`` (declarative ``PARTITION BY RANGE``); the writer creates
each day's partition as readings for it arrive and retention drops whole
partitions (history/partitions.py). The readings carry a BRIN index on ``t``
(a few pages per partition: rows arrive in time order). No partition is
created here: a partitioned table without one refuses rows, and the writer
makes the one it needs. On SQLite the same tables are plain.

Revision ID: s0006
Revises: s0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0006"
down_revision: str | None = "s0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ROLLUP_COLUMNS = (
    "series_id integer NOT NULL, bucket double precision NOT NULL, n integer NOT NULL, "
    "vmin double precision NOT NULL, vmax double precision NOT NULL, "
    "total double precision NOT NULL"
)


def upgrade() -> None:
    op.create_table(
        "history_series",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(400), nullable=False),
        sa.Column("unit", sa.String(40), nullable=True),
        sa.Column("first_t", sa.Double(), nullable=True),
        sa.Column("last_t", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_series")),
        sa.UniqueConstraint("name", name=op.f("uq_history_series_name")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE history_readings (series_id integer NOT NULL, "
            "t double precision NOT NULL, value double precision NOT NULL, "
            "CONSTRAINT pk_history_readings PRIMARY KEY (series_id, t)) PARTITION BY RANGE (t)"
        )
        op.execute("CREATE INDEX ix_history_readings_t ON history_readings USING brin (t)")
        for name in ("history_rollup_1m", "history_rollup_5m"):
            op.execute(
                f"CREATE TABLE {name} ({_ROLLUP_COLUMNS}, "
                f"CONSTRAINT pk_{name} PRIMARY KEY (series_id, bucket)) "
                "PARTITION BY RANGE (bucket)"
            )
    else:
        op.create_table(
            "history_readings",
            sa.Column("series_id", sa.Integer(), nullable=False, autoincrement=False),
            sa.Column("t", sa.Double(), nullable=False),
            sa.Column("value", sa.Double(), nullable=False),
            sa.PrimaryKeyConstraint("series_id", "t", name=op.f("pk_history_readings")),
        )
        op.create_index(op.f("ix_history_readings_t"), "history_readings", ["t"])
        _rollup("history_rollup_1m")
        _rollup("history_rollup_5m")
    _rollup("history_rollup_1h")


def _rollup(name: str) -> None:
    op.create_table(
        name,
        sa.Column("series_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("bucket", sa.Double(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("vmin", sa.Double(), nullable=False),
        sa.Column("vmax", sa.Double(), nullable=False),
        sa.Column("total", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("series_id", "bucket", name=op.f(f"pk_{name}")),
    )


def downgrade() -> None:
    # Dropping a partitioned table drops its partitions.
    for name in (
        "history_rollup_1h",
        "history_rollup_5m",
        "history_rollup_1m",
        "history_readings",
        "history_series",
    ):
        op.drop_table(name)
