"""The journal's schema: each op kind's ``data``, one rule for the console and the server.

Contract amendment (December 2026, docs/contracts.md): whatever enters the journal is text
within :mod:`journal_text`'s rule and its length limits, finite numbers,
times within bounds, and for each op kind a fixed set of keys (no free
extra keys, so no free depth: an op's data is at most two levels deep).

The same types are

- the sync server's request validation and its OpenAPI schema
  (``contract/sync_api.py`` builds the push body from :data:`OP_DATA`), so a
  push that breaks the rule is a 422 that changes nothing, and schemathesis
  generates against exactly this;
- the console's last guard before an op reaches its outbox
  (:func:`check_op`, called by ``store/changes.py``), behind the friendlier
  per-field checks of ``fields.py`` that run when a change is typed.

What the schema cannot decide stays with :func:`~smartcity_console.core.incidents.apply_op`
and answers ``rejected`` with a reason: a title of spaces only, an edit that
changes nothing, a transition the author's role or the ticket's status does
not allow, an assignee the server does not know.

Adding an op kind (as ``shelve`` and ``unshelve`` were): a TypedDict here,
an entry in :data:`OP_DATA`, an op model in ``contract/sync_api.py``, and its
rule in ``ops.py``. The depth test in ``tests/unit/test_journal_rules.py``
fails if the new data lets free objects in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Annotated, Any, NotRequired, Required

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    GetJsonSchemaHandler,
    StrictBool,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    with_config,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

# pydantic needs typing_extensions' TypedDict before Python 3.12.
from typing_extensions import TypedDict

from smartcity_console.core.i18n import Message
from smartcity_console.core.incidents.fields import (
    COMMENT_MAX,
    DESCRIPTION_MAX,
    NOTE_MAX,
    SHORT_MAX,
    TITLE_MAX,
    USERNAME_MAX,
)
from smartcity_console.core.incidents.journal_text import (
    MULTI_LINE_PATTERN,
    ONE_LINE_PATTERN,
    TIME_PATTERN,
    text_problem,
    time_problem,
)
from smartcity_console.core.incidents.lifecycle import (
    CloseReason,
    IncidentError,
    Severity,
    Status,
)
from smartcity_console.core.incidents.shelving import REASON_MAX
from smartcity_console.core.programs import PROGRAM_KEYS

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
WORKSTATION_MAX = SHORT_MAX


@dataclass(frozen=True, slots=True)
class _SchemaPattern:
    """Puts ``pattern`` in the JSON Schema only: the check itself is :func:`text_problem`,
    whose message names the character (a regular expression's mismatch would not)."""

    pattern: str

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema["pattern"] = self.pattern
        return schema


def _characters(multiline: bool) -> BeforeValidator:
    """Journal characters only; checked before pydantic's own str validation, which
    cannot read a lone surrogate and would only say "unable to parse raw data"."""

    def check(value: object) -> object:
        problem = text_problem(value, multiline=multiline) if isinstance(value, str) else None
        if problem is not None:
            raise PydanticCustomError("journal_text", "{problem}", {"problem": problem})
        return value

    return BeforeValidator(check)


def _choice(values: Iterable[str]) -> AfterValidator:
    """One of ``values`` (kept a plain str; the schema shows it as an enum)."""
    allowed = tuple(values)

    def check(value: str) -> str:
        if value not in allowed:
            raise PydanticCustomError(
                "journal_choice", "must be one of {allowed}", {"allowed": ", ".join(allowed)}
            )
        return value

    return AfterValidator(check)


def _enum_schema(values: Iterable[str]) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(values)})


_ONE_LINE = (_characters(multiline=False), _SchemaPattern(ONE_LINE_PATTERN))
_MULTI_LINE = (_characters(multiline=True), _SchemaPattern(MULTI_LINE_PATTERN))


def _time_text(value: object) -> str:
    problem = time_problem(value)
    if problem is not None:
        raise PydanticCustomError("journal_time", "{problem}", {"problem": problem})
    assert isinstance(value, str)  # time_problem said so
    return value


def _time(value: object) -> datetime:
    return datetime.fromisoformat(_time_text(value))


_TIME_SCHEMA = {"type": "string", "format": "date-time", "pattern": TIME_PATTERN}
# An RFC 3339 time with an offset, years 1970-2099, kept as the text that was sent.
TimeText = Annotated[str, BeforeValidator(_time_text), WithJsonSchema(_TIME_SCHEMA)]
# The same, parsed to an aware datetime (an op's client_ts).
JournalTime = Annotated[datetime, BeforeValidator(_time), WithJsonSchema(_TIME_SCHEMA)]
Uuid = Annotated[str, StringConstraints(pattern=UUID_PATTERN, to_lower=True)]

Title = Annotated[
    str, StringConstraints(min_length=1, max_length=TITLE_MAX), _ONE_LINE[0], _ONE_LINE[1]
]
ShortText = Annotated[  # station, series, alarm rule
    str, StringConstraints(max_length=SHORT_MAX), _ONE_LINE[0], _ONE_LINE[1]
]
Workstation = Annotated[
    str, StringConstraints(min_length=1, max_length=WORKSTATION_MAX), _ONE_LINE[0], _ONE_LINE[1]
]
Username = Annotated[
    str, StringConstraints(min_length=1, max_length=USERNAME_MAX), _ONE_LINE[0], _ONE_LINE[1]
]
Description = Annotated[
    str, StringConstraints(max_length=DESCRIPTION_MAX), _MULTI_LINE[0], _MULTI_LINE[1]
]
CommentText = Annotated[
    str, StringConstraints(min_length=1, max_length=COMMENT_MAX), _MULTI_LINE[0], _MULTI_LINE[1]
]
Note = Annotated[str, StringConstraints(max_length=NOTE_MAX), _MULTI_LINE[0], _MULTI_LINE[1]]
ProgramKey = Annotated[str, _choice(PROGRAM_KEYS), _enum_schema(PROGRAM_KEYS)]
SeverityName = Annotated[str, _choice(Severity), _enum_schema(Severity)]
StatusName = Annotated[str, _choice(Status), _enum_schema(Status)]
CloseReasonName = Annotated[str, _choice(CloseReason), _enum_schema(CloseReason)]
_CONFIG = ConfigDict(extra="forbid", allow_inf_nan=False)


@with_config(_CONFIG)
class AlarmData(TypedDict, total=False):
    """``alarm`` of a create (rule, active, episode_start) or of an edit (active, cleared_at)."""

    rule: ShortText | None
    active: StrictBool  # JSON's true or false: "yes" or 1 is a client's bug, not a value
    episode_start: TimeText | None
    cleared_at: TimeText | None


@with_config(_CONFIG)
class CreateData(TypedDict):
    """A new ticket: title, program and severity, the rest when set."""

    title: Required[Title]
    program: Required[ProgramKey]
    severity: Required[SeverityName]
    description: NotRequired[Description | None]
    station: NotRequired[ShortText | None]
    series: NotRequired[ShortText | None]
    alarm: NotRequired[AlarmData | None]


@with_config(_CONFIG)
class EditData(TypedDict, total=False):
    """The fields that changed (title, program and severity cannot be emptied), or the alarm."""

    title: Title
    program: ProgramKey
    severity: SeverityName
    description: Description | None
    station: ShortText | None
    series: ShortText | None
    alarm: AlarmData


# "from" is a Python keyword: the functional form keeps the wire's key.
TransitionData = TypedDict(
    "TransitionData",
    {
        "to": Required[StatusName],
        "from": NotRequired[StatusName | None],
        "note": NotRequired[Note | None],
        "reason": NotRequired[CloseReasonName | None],
    },
)
with_config(_CONFIG)(TransitionData)


@with_config(_CONFIG)
class CommentData(TypedDict):
    """A comment with its own id (the console uses the op's id)."""

    comment_id: Required[Uuid]
    text: Required[CommentText]


@with_config(_CONFIG)
class AssignData(TypedDict):
    """``username`` must be there; ``null`` takes the assignment away."""

    username: Required[Username | None]


@with_config(_CONFIG)
class HandoverReadData(TypedDict):
    """Someone confirmed reading a shift handover report (issue 16; docs/sync.md).

    The op's ``ticket_id`` is the report's id, not an incident's: who handed
    over and when the shift ended say which handover it was on any console.
    """

    handed_over_by: Required[Username | None]
    shift_end: Required[TimeText]


ShelfRule = Annotated[
    str, StringConstraints(min_length=1, max_length=SHORT_MAX), _ONE_LINE[0], _ONE_LINE[1]
]
ShelfReason = Annotated[
    str, StringConstraints(min_length=1, max_length=REASON_MAX), _ONE_LINE[0], _ONE_LINE[1]
]


@with_config(_CONFIG)
class ShelveData(TypedDict):
    """Shelve ``rule`` on ``series`` or on ``station`` until ``until`` (shelving.py: the rest)."""

    rule: Required[ShelfRule]
    series: NotRequired[ShortText | None]
    station: NotRequired[ShortText | None]
    until: Required[TimeText]
    reason: Required[ShelfReason]


@with_config(_CONFIG)
class UnshelveData(TypedDict, total=False):
    """End the shelf named by the op's ticket id now; nothing else to say."""


OP_DATA: Mapping[str, Any] = MappingProxyType(
    {
        "create": CreateData,
        "edit": EditData,
        "transition": TransitionData,
        "comment": CommentData,
        "assign": AssignData,
        "handover_read": HandoverReadData,
        "shelve": ShelveData,
        "unshelve": UnshelveData,
    }
)
_ADAPTERS: Mapping[str, TypeAdapter[Any]] = MappingProxyType(
    {kind: TypeAdapter(data) for kind, data in OP_DATA.items()}
)
_CLIENT_TS: TypeAdapter[datetime] = TypeAdapter(JournalTime)


def op_problems(kind: str, data: object, client_ts: object | None = None) -> list[str]:
    """Every way an op breaks the journal's rule (English, one line each); empty if none."""
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        return [f"unknown op kind {kind!r}"]
    problems = _problems(adapter, data, "data")
    if client_ts is not None:
        problems += _problems(_CLIENT_TS, client_ts, "client_ts")
    return problems


def _problems(adapter: TypeAdapter[Any], value: object, where: str) -> list[str]:
    try:
        adapter.validate_python(value)
    except ValidationError as exc:
        return [
            f"{'.'.join([where, *(str(part) for part in error['loc'])])}: {error['msg']}"
            for error in exc.errors(include_input=False, include_url=False)
        ]
    return []


def check_op(kind: str, data: object, client_ts: object | None = None) -> None:
    """IncidentError, in both languages, unless the op may enter the journal as it is.

    The console's last guard: the per-field checks behind each dialog give
    the friendly message first, so this only speaks when something slipped past them.
    """
    problems = op_problems(kind, data, client_ts)
    if problems:
        detail = "; ".join(problems)
        raise IncidentError(
            Message.translate(
                "Incident",
                "This change cannot be saved because the sync server would refuse it: {detail}.",
            ).format(detail=detail)
        )
