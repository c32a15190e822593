"""The local incident database: tickets, their events, the outbox and sync state.

Status, severity and role are stored as their wire strings (with CHECK
constraints) so the file reads like the sync protocol. Every constraint has a
name from the naming convention, which Alembic's batch mode needs to rebuild
SQLite tables. Events are append-only (triggers refuse UPDATE and DELETE; see
migration 0001).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Computed,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from smartcity_console.core.incidents import Role, Severity, Status
from smartcity_console.db.naming import named_metadata
from smartcity_console.db.types import UtcDateTime
from smartcity_console.store import search_schema

# Times as fixed-width UTC ISO 8601 text, as migration 0001 made them (db/types.py).
_TIME = UtcDateTime(iso_text=True)
OUTBOX_STATES = ("pending", "sent", "rejected")


def _one_of(column: str, values: Any) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class Base(DeclarativeBase):
    metadata = named_metadata()


class TicketRow(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        CheckConstraint(_one_of("status", Status), name="status"),
        CheckConstraint(_one_of("severity", Severity), name="severity"),
        *(Index(name, *columns) for name, columns in search_schema.INDEXES),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    program: Mapped[str] = mapped_column(String(32), index=True)
    severity: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    description: Mapped[str] = mapped_column(Text)
    station: Mapped[str | None] = mapped_column(String(200))
    series: Mapped[str | None] = mapped_column(String(200))
    assignee: Mapped[str | None] = mapped_column(String(64), index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(_TIME, index=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64))
    acknowledged_at: Mapped[datetime | None] = mapped_column(_TIME)
    updated_at: Mapped[datetime] = mapped_column(_TIME)
    alarm_rule: Mapped[str | None] = mapped_column(String(200))
    alarm_active: Mapped[bool] = mapped_column(Boolean)
    alarm_cleared_at: Mapped[datetime | None] = mapped_column(_TIME)
    close_reason: Mapped[str | None] = mapped_column(String(32))
    # The last snapshot the server sent (sync, issue 5): pending ops replay on top of it.
    server_snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Sort keys (migration 0007, store/search_schema.py): computed by SQLite, never written.
    ack_rank: Mapped[int] = mapped_column(Integer, Computed(search_schema.ACK_RANK_SQL))
    closed_rank: Mapped[int] = mapped_column(Integer, Computed(search_schema.CLOSED_RANK_SQL))
    severity_rank: Mapped[int] = mapped_column(Integer, Computed(search_schema.SEVERITY_RANK_SQL))
    status_rank: Mapped[int] = mapped_column(Integer, Computed(search_schema.STATUS_RANK_SQL))
    newest_first: Mapped[float] = mapped_column(Float, Computed(search_schema.NEWEST_FIRST_SQL))


class EventRow(Base):
    """One change to a ticket; ``id`` is the op_id of the outbox op that carries it."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # An incident's id, or a shift report's for a handover_read (no foreign key since 0008).
    ticket_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(_TIME)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class SyncStateRow(Base):
    """One current client id per user per workstation: its op numbering and pull cursor.

    A replaced id (the server found its seqs reused, sync_apply.rekey) stays
    for the ops it delivered and names its successor in ``replaced_by``.
    """

    __tablename__ = "sync_state"
    __table_args__ = (
        Index(
            "uq_sync_state_current",
            "username",
            "workstation",
            unique=True,
            sqlite_where=text("replaced_by IS NULL"),
        ),
    )

    client_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str] = mapped_column(String(200))
    last_seq: Mapped[int] = mapped_column(Integer)  # the last seq given to an op
    cursor: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(_TIME)
    replaced_by: Mapped[str | None] = mapped_column(String(36))


class OutboxRow(Base):
    """An op waiting for (or done with) the push, in the contract's wire format."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(_one_of("status", OUTBOX_STATES), name="status"),
        Index("ix_outbox_status_client_id_seq", "status", "client_id", "seq"),
    )

    client_id: Mapped[str] = mapped_column(ForeignKey("sync_state.client_id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    # A ticket's id, a shift report's or a shelf's (no foreign key: 0008/0009).
    ticket_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    client_ts: Mapped[datetime] = mapped_column(_TIME)
    author: Mapped[str] = mapped_column(String(64))  # whose token must push it
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    seen: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class UserCacheRow(Base):
    """What the last online login said about a user, for logging in offline."""

    __tablename__ = "users_cache"
    __table_args__ = (CheckConstraint(_one_of("role", Role), name="role"),)

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    cached_at: Mapped[datetime] = mapped_column(_TIME)
    # argon2 hash of the password that last logged in online (sync/auth_client.py).
    password_hash: Mapped[str | None] = mapped_column(String(255))


class ServerEventRow(Base):
    """An event as the sync server recorded it; ``seq`` is the server's order."""

    __tablename__ = "server_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    ticket_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(_TIME)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ShelfRow(Base):
    """A shelf as its events leave it (store/shelves.py rebuilds it; migration 0009)."""

    __tablename__ = "shelves"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    rule: Mapped[str] = mapped_column(String(200))
    series: Mapped[str | None] = mapped_column(String(200))
    station: Mapped[str | None] = mapped_column(String(200))
    until: Mapped[datetime] = mapped_column(_TIME)
    reason: Mapped[str] = mapped_column(Text)
    shelved_by: Mapped[str] = mapped_column(String(64))
    shelved_at: Mapped[datetime] = mapped_column(_TIME)
    ended_by: Mapped[str | None] = mapped_column(String(64))
    ended_at: Mapped[datetime | None] = mapped_column(_TIME)


class PullStateRow(Base):
    """The one row saying how far this console has pulled (shared by all its users)."""

    __tablename__ = "pull_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    cursor: Mapped[int] = mapped_column(Integer)
    pulled_at: Mapped[datetime | None] = mapped_column(_TIME)


class DutyPeriodRow(Base):
    """One sign-in at this workstation, closed at sign-out (the shift report's who and when)."""

    __tablename__ = "duty_periods"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    workstation: Mapped[str] = mapped_column(String(200))
    signed_in_at: Mapped[datetime] = mapped_column(_TIME, index=True)
    signed_out_at: Mapped[datetime | None] = mapped_column(_TIME)
    handover_note: Mapped[str | None] = mapped_column(Text)


class HandoverReadRow(Base):
    """Someone confirmed reading a shift handover report (also journalled to the server)."""

    __tablename__ = "handover_reads"

    report_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    reader: Mapped[str] = mapped_column(String(64), primary_key=True)
    workstation: Mapped[str] = mapped_column(String(200))
    read_at: Mapped[datetime] = mapped_column(_TIME)
