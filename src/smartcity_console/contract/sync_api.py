"""The sync contract's bodies (docs/contracts.md, Sync contract), shared by server and console.

One set of pydantic models is the server's request validation, its OpenAPI
schema and the console's parser of the answers, so the three cannot drift.
Limits are part of the contract: a push carries at most :data:`MAX_OPS` ops
and a pull pages at most :data:`MAX_PULL` events, so one request can neither
exhaust the server nor freeze a console.

What may enter the journal (contract amendment, December 2026; docs/contracts.md) is the
op models below, one per kind, whose ``data`` are
:mod:`smartcity_console.core.incidents.journal_rules`'s types: the same
rule the console applies before an op reaches its outbox. A push that
breaks it is a 422 that changes nothing, and the OpenAPI schema says exactly
what the rule takes (per-kind data, patterns, lengths, time bounds).

Additions to the contract (documented in OpenAPI and docs/sync.md):
``workstation`` on a push (it is recorded with each event, as the incidents
section asks of every change), ``close_reason`` and the ``alarm_*`` fields on
a snapshot, ``workstation`` and ``seq`` on an event, ``last_seq`` and ``conflict`` beside
``detail`` in a 409 answer, and the server's :class:`Limits` in its health
answer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from smartcity_console.core.incidents import USERNAME_MAX, Role
from smartcity_console.core.incidents.journal_rules import (
    AssignData,
    CommentData,
    CreateData,
    EditData,
    HandoverReadData,
    JournalTime,
    ShelveData,
    TransitionData,
    UnshelveData,
    Uuid,
    Workstation,
)
from smartcity_console.core.incidents.op_kinds import OpKind

MAX_OPS = 500
MAX_PULL = 1000
DEFAULT_PULL = 500
DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024
# The smallest body limit a server may be set to. The largest op a console can
# make (a create with every text field at its longest, every character one
# that JSON escapes as \uXXXX, in a push with the longest workstation name) is
# about 67,000 bytes: a smaller limit could leave a legal op unsendable for ever
# (tests/unit/test_sync_limits.py).
MIN_MAX_BODY_BYTES = 128 * 1024
OpStatus = Literal["applied", "duplicate", "rejected"]


class _OpBase(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    seq: Annotated[int, Field(ge=1, le=2**53)]
    op_id: Uuid
    ticket_id: Uuid
    client_ts: JournalTime


class CreateOp(_OpBase):
    kind: Literal["create"]
    data: CreateData


class EditOp(_OpBase):
    kind: Literal["edit"]
    data: EditData


class TransitionOp(_OpBase):
    kind: Literal["transition"]
    data: TransitionData


class CommentOp(_OpBase):
    kind: Literal["comment"]
    data: CommentData


class AssignOp(_OpBase):
    kind: Literal["assign"]
    data: AssignData


class HandoverReadOp(_OpBase):
    """Addition (issue 16): a shift handover was read; ``ticket_id`` is the report's id."""

    kind: Literal["handover_read"]
    data: HandoverReadData


class ShelveOp(_OpBase):
    """``ticket_id`` is the shelf's id (core/incidents/shelving.py ``shelf_id``)."""

    kind: Literal["shelve"]
    data: ShelveData


class UnshelveOp(_OpBase):
    kind: Literal["unshelve"]
    data: UnshelveData


# One change made at a console: its ``kind`` picks the schema of its ``data``.
Op = Annotated[
    CreateOp
    | EditOp
    | TransitionOp
    | CommentOp
    | AssignOp
    | HandoverReadOp
    | ShelveOp
    | UnshelveOp,
    Field(discriminator="kind"),
]


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: Uuid
    workstation: Workstation | None = Field(
        default=None,
        description="Addition: the console's workstation name, recorded with each event.",
    )
    ops: Annotated[list[Op], Field(max_length=MAX_OPS)]


class OpResult(BaseModel):
    op_id: str
    status: OpStatus
    reason: str | None = None


class PushResponse(BaseModel):
    results: list[OpResult]
    last_seq: int = Field(description="The last seq the server has processed for this client.")
    cursor: int = Field(description="The newest event number: pull up to here to see all.")


Conflict = Literal["gap", "seq_reused"]


class GapError(BaseModel):
    """409: the batch does not continue the client's ops; nothing was applied.

    ``conflict`` says what to do. ``gap``: resend from ``last_seq + 1`` (the
    server lost ops, or a batch skipped some). ``seq_reused``: the server
    already processed one of these seqs with another ``op_id`` (a console
    database restored from a backup, or two workstations with one client id);
    the console takes a new client id and resends what was not delivered.
    """

    detail: str
    last_seq: int = Field(description="The last seq the server has processed for this client.")
    conflict: Conflict = Field(
        default="gap",
        description="gap: resend from last_seq + 1; seq_reused: a seq at or below last_seq "
        "came with another op_id: resend the undelivered ops under a new client id",
    )


class Limits(BaseModel):
    """What one request may carry; the console splits its pushes to fit (``/health``)."""

    max_body_bytes: int = Field(description="The largest request body the server reads.")
    max_ops_per_push: int = Field(description="The most ops one push may carry.")
    max_pull: int = Field(description="The largest page a pull may ask for.")


class TicketSnapshot(BaseModel):
    id: str
    title: str
    program: str
    severity: str
    status: str
    description: str
    station: str | None
    series: str | None
    assignee: str | None
    created_by: str
    created_at: datetime
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    updated_at: datetime
    close_reason: str | None = None
    alarm_rule: str | None = None
    alarm_active: bool = False
    alarm_cleared_at: datetime | None = None


class Event(BaseModel):
    seq: int = Field(description="Addition: the event's number, the pull cursor's unit.")
    id: str
    ticket_id: str
    kind: OpKind
    author: Annotated[str, StringConstraints(max_length=USERNAME_MAX)]
    workstation: str | None = None
    at: datetime
    data: dict[str, Any]


class PullResponse(BaseModel):
    tickets: list[TicketSnapshot]
    events: list[Event]
    cursor: int
    more: bool


class Poke(BaseModel):
    """The MQTT message the server publishes after a push applied something."""

    cursor: int


class UserEntry(BaseModel):
    """A user as ``GET /api/v1/users`` lists them: never a password hash."""

    username: str
    display_name: str
    role: Role
    disabled: bool = False


class UserList(BaseModel):
    users: list[UserEntry]
