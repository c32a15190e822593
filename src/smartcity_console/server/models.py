"""The sync server's tables: users, tokens, and the incidents consoles push and pull.

The server keeps no state outside its database (docs/contracts.md, Components), so a
token is a row here, not an entry in some process's memory: any instance
behind a load balancer can check any token. Only a SHA-256 of each token is
stored, so a copy of the database (a backup, a support dump) logs nobody in.

Every constraint has a name from the naming convention the console's store
uses too (db/naming.py says why).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from smartcity_console.contract.history_api import SERIES_MAX as SERIES_NAME_MAX
from smartcity_console.contract.history_api import UNIT_MAX
from smartcity_console.core.incidents import USERNAME_MAX, Role
from smartcity_console.db.naming import named_metadata
from smartcity_console.db.types import UtcDateTime

DISPLAY_NAME_MAX = 200
PASSWORD_HASH_MAX = 255  # an argon2id PHC string is about 100 characters
TOKEN_HASH_LENGTH = 64  # hex SHA-256
THROTTLE_KEY_MAX = 120  # "user:" + a user name, or "address:" + an IPv6 address or /64
# timestamptz on PostgreSQL, UTC text without offset on SQLite, as s0001 made them (db/types.py).
_TIME = UtcDateTime()


class Base(DeclarativeBase):
    metadata = named_metadata()


_ROLES = ", ".join(repr(str(role)) for role in Role)


class UserRow(Base):
    """A person who may log in; ``role`` is a :class:`Role` wire string."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN ({_ROLES})", name="role"),)

    username: Mapped[str] = mapped_column(String(USERNAME_MAX), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(DISPLAY_NAME_MAX))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(PASSWORD_HASH_MAX))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(_TIME)


class TokenRow(Base):
    """One login: the token's SHA-256 (never the token), whose it is, and until when."""

    __tablename__ = "tokens"

    token_hash: Mapped[str] = mapped_column(String(TOKEN_HASH_LENGTH), primary_key=True)
    username: Mapped[str] = mapped_column(
        ForeignKey("users.username", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime] = mapped_column(_TIME, index=True)
    created_at: Mapped[datetime] = mapped_column(_TIME)


class ClientRow(Base):
    """A console's client id, bound to the user who first pushed with it.

    ``last_seq`` is written in the same transaction as the ops it counts, so a
    retried push (the answer was lost) finds them already processed.
    """

    __tablename__ = "clients"

    client_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(ForeignKey("users.username"), index=True)
    workstation: Mapped[str | None] = mapped_column(String(200))
    last_seq: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(_TIME)
    last_push_at: Mapped[datetime] = mapped_column(_TIME)


class OpResultRow(Base):
    """Every op the server processed and what became of it, so a duplicate can say."""

    __tablename__ = "op_results"

    client_id: Mapped[str] = mapped_column(ForeignKey("clients.client_id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # Not unique: an op that reuses an op_id is recorded too, as rejected
    # (events.id, the ops that applied, is unique).
    op_id: Mapped[str] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)


class TicketRow(Base):
    """The authoritative ticket; ``change_seq`` is the event that last changed it."""

    __tablename__ = "tickets"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    program: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    station: Mapped[str | None] = mapped_column(String(200))
    series: Mapped[str | None] = mapped_column(String(200))
    assignee: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(_TIME)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64))
    acknowledged_at: Mapped[datetime | None] = mapped_column(_TIME)
    updated_at: Mapped[datetime] = mapped_column(_TIME)
    close_reason: Mapped[str | None] = mapped_column(String(32))
    alarm_rule: Mapped[str | None] = mapped_column(String(200))
    alarm_active: Mapped[bool] = mapped_column(Boolean)
    alarm_cleared_at: Mapped[datetime | None] = mapped_column(_TIME)
    change_seq: Mapped[int] = mapped_column(BigInteger, index=True)


class EventRow(Base):
    """One applied op, append-only; ``seq`` orders all events and is the pull cursor."""

    __tablename__ = "events"

    # Numbered by the server under its push lock (max + 1), not by a database
    # sequence: a sequence hands out numbers in a different order than
    # concurrent transactions commit, and a pull would skip the late ones.
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    # A ticket's id, a shift report's for a handover_read (s0007), or a shelf's
    # (s0008): no foreign key, the journal also records what is not an incident.
    ticket_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str | None] = mapped_column(String(200))
    client_id: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(_TIME)
    recorded_at: Mapped[datetime] = mapped_column(_TIME)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # A comment's own id (its data's comment_id), unique: a comment_id used again
    # is rejected, and the database says so too. NULL for every other kind.
    comment_id: Mapped[str | None] = mapped_column(String(36), unique=True)


class HealthProbeRow(Base):
    """The row ``/api/v1/health`` updates to prove the database takes a committed write."""

    __tablename__ = "health_probe"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    checked_at: Mapped[datetime | None] = mapped_column(_TIME)


class LoginThrottleRow(Base):
    """Failed sign-ins counted per user name or client address (server/login_throttle.py).

    A row here, not a counter in a process's memory: every server instance
    behind a load balancer sees the same count, and a restart does not reset
    an attacker's backoff.
    """

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(THROTTLE_KEY_MAX), primary_key=True)
    failures: Mapped[int] = mapped_column(BigInteger)
    last_failure_at: Mapped[datetime] = mapped_column(_TIME, index=True)
    blocked_until: Mapped[datetime | None] = mapped_column(_TIME)


# --- the historian (history/; docs/history.md) ------------------------------------------
# Times are epoch seconds (UTC) as double precision: what a decoded Reading carries, what
# COPY takes without a conversion per row, and what the history API sends; 8 bytes like
# timestamptz, with sub-microsecond resolution for the next century.


class HistorySeriesRow(Base):
    """One recorded series: its name (the console's series name), unit and time span.

    ``first_t``/``last_t`` are kept by the writer, so the catalogue never scans readings.
    """

    __tablename__ = "history_series"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(SERIES_NAME_MAX), unique=True)
    unit: Mapped[str | None] = mapped_column(String(UNIT_MAX))
    # A two-valued series (Reading.state): plots draw steps (s0009).
    state: Mapped[bool] = mapped_column(Boolean, server_default=false())
    first_t: Mapped[float | None] = mapped_column(Double)
    last_t: Mapped[float | None] = mapped_column(Double)


class HistoryReadingRow(Base):
    """One reading. On PostgreSQL the table is partitioned by day on ``t`` (s0006), with a
    BRIN index on ``t`` per partition; the primary key makes inserts idempotent."""

    __tablename__ = "history_readings"
    __table_args__ = (Index(None, "t", postgresql_using="brin"),)

    series_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    t: Mapped[float] = mapped_column(Double, primary_key=True)
    value: Mapped[float] = mapped_column(Double)


class _RollupColumns:
    """min/max/sum/count per bucket; mean is ``total / n`` (a sum merges, a mean does not)."""

    series_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    bucket: Mapped[float] = mapped_column(Double, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    vmin: Mapped[float] = mapped_column(Double)
    vmax: Mapped[float] = mapped_column(Double)
    total: Mapped[float] = mapped_column(Double)


class HistoryMinuteRow(_RollupColumns, Base):
    """Per-minute rollup; on PostgreSQL partitioned by day like the readings."""

    __tablename__ = "history_rollup_1m"


class HistoryFiveMinuteRow(_RollupColumns, Base):
    """Per-5-minute rollup, partitioned like the minutes: a week at 2,000 points (the wall's
    7-day plot) reads its rows as they are instead of merging 5 minute rows per point."""

    __tablename__ = "history_rollup_5m"


class HistoryHourRow(_RollupColumns, Base):
    """Per-hour rollup: 24 rows a series-day, one plain table."""

    __tablename__ = "history_rollup_1h"
