"""The sync contract's bodies (blueprint, Sync contract), shared by server and console.

One set of pydantic models is the server's request validation, its OpenAPI
schema and the console's parser of the answers, so the three cannot drift.
Limits are part of the contract: a push carries at most :data:`MAX_OPS` ops
and a pull pages at most :data:`MAX_PULL` events, so one request can neither
exhaust the server nor freeze a console.

Additions to the blueprint (documented in OpenAPI and docs/sync.md):
``workstation`` on a push (it is recorded with each event, as the incidents
section asks of every change), ``close_reason`` and the ``alarm_*`` fields on
a snapshot, ``workstation`` and ``seq`` on an event, ``last_seq`` and ``conflict`` beside
``detail`` in a 409 answer, and the server's :class:`Limits` in its health
answer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from smartcity_console.core.incidents import SHORT_MAX, USERNAME_MAX

MAX_OPS = 500
MAX_PULL = 1000
DEFAULT_PULL = 500
MAX_DATA_KEYS = 16
DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024
# The smallest body limit a server may be set to. The largest op a console can
# make (a create with every text field at its longest, every character one
# that JSON escapes as \uXXXX, in a push with the longest workstation name) is
# about 67,000 bytes: a smaller limit could leave a legal op unsendable for ever
# (tests/unit/test_sync_limits.py).
MIN_MAX_BODY_BYTES = 128 * 1024
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

Uuid = Annotated[str, StringConstraints(pattern=UUID_PATTERN, to_lower=True)]
# No control characters: PostgreSQL refuses NUL in text, which would be a 500.
Workstation = Annotated[
    str, StringConstraints(min_length=1, max_length=SHORT_MAX, pattern=r"^[^\x00-\x1f\x7f]+$")
]
OpKind = Literal["create", "edit", "transition", "comment", "assign"]
OpStatus = Literal["applied", "duplicate", "rejected"]


class Op(BaseModel):
    """One change made at a console; ``data`` is checked per kind when it is applied."""

    model_config = ConfigDict(extra="forbid")

    seq: Annotated[int, Field(ge=1, le=2**53)]
    op_id: Uuid
    ticket_id: Uuid
    kind: OpKind
    data: Annotated[dict[str, Any], Field(max_length=MAX_DATA_KEYS)]
    client_ts: AwareDatetime


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
