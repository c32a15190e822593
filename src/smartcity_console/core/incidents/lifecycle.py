"""The incident lifecycle and the permission matrix, as tables plus pure functions.

Tables rather than if-chains so the GUI (enable/disable, tooltips), the local
store (refuse before writing) and the sync server (reject an op) read one
source of truth, and the tests can check every state x action x role.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from types import MappingProxyType

from smartcity_console.core.i18n import Joined, Language, Message, TranslatedError


class IncidentError(TranslatedError, ValueError):
    """A refused change or bad input, in the catalog's context "Incident".

    The person who typed the input reads why in the console's language; a
    plain ``str`` (an internal error nobody is expected to fix by typing) is
    shown as is.
    """


class Status(StrEnum):
    """Declared in lifecycle order; the order is what "at or past" means in sync."""

    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Role(StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Action(StrEnum):
    CREATE = "create"
    COMMENT = "comment"
    EDIT = "edit"
    START = "start"
    RESOLVE = "resolve"
    ACKNOWLEDGE = "acknowledge"
    ASSIGN = "assign"
    CLOSE = "close"
    REOPEN = "reopen"
    MANAGE_USERS = "manage_users"


class CloseReason(StrEnum):
    """Why a ticket was closed; ``other`` needs a note that says why."""

    FALSE_ALARM = "false_alarm"
    DUPLICATE = "duplicate"
    RESOLVED = "resolved"
    OTHER = "other"


OPEN_STATUSES = frozenset(Status) - {Status.CLOSED}
_RANK = {status: rank for rank, status in enumerate(Status)}
SEVERITY_ORDER: tuple[Severity, ...] = tuple(Severity)  # most urgent first
DEFAULT_ACK_DEADLINES: Mapping[Severity, timedelta] = MappingProxyType(
    {
        Severity.CRITICAL: timedelta(minutes=5),
        Severity.HIGH: timedelta(minutes=15),
        Severity.MEDIUM: timedelta(minutes=60),
        Severity.LOW: timedelta(minutes=240),
    }
)

_EVERYONE = frozenset(Role)
_SUPERVISORS = frozenset({Role.SUPERVISOR, Role.ADMIN})
# The contract's permission matrix, one row per action.
PERMISSIONS: Mapping[Action, frozenset[Role]] = MappingProxyType(
    {
        Action.CREATE: _EVERYONE,
        Action.COMMENT: _EVERYONE,
        Action.EDIT: _EVERYONE,
        Action.START: _EVERYONE,
        Action.RESOLVE: _EVERYONE,
        Action.ACKNOWLEDGE: _SUPERVISORS,
        Action.ASSIGN: _SUPERVISORS,
        Action.CLOSE: _SUPERVISORS,
        Action.REOPEN: _SUPERVISORS,
        Action.MANAGE_USERS: frozenset({Role.ADMIN}),
    }
)


@dataclass(frozen=True, slots=True)
class Transition:
    sources: frozenset[Status]
    target: Status


# Start needs an acknowledged ticket: operators cannot acknowledge, so starting
# from new would let an alarm be worked without a supervisor ever confirming it.
TRANSITIONS: Mapping[Action, Transition] = MappingProxyType(
    {
        Action.ACKNOWLEDGE: Transition(frozenset({Status.NEW}), Status.ACKNOWLEDGED),
        Action.START: Transition(frozenset({Status.ACKNOWLEDGED}), Status.IN_PROGRESS),
        Action.RESOLVE: Transition(frozenset({Status.IN_PROGRESS}), Status.RESOLVED),
        Action.REOPEN: Transition(frozenset({Status.RESOLVED}), Status.IN_PROGRESS),
        Action.CLOSE: Transition(OPEN_STATUSES, Status.CLOSED),
    }
)
# Actions on a ticket that keep its status, and where they are allowed. A closed
# ticket is a record: it takes comments, nothing else. Create and manage_users
# concern no ticket and appear in neither table.
STATUS_KEEPING: Mapping[Action, frozenset[Status]] = MappingProxyType(
    {Action.COMMENT: frozenset(Status), Action.EDIT: OPEN_STATUSES, Action.ASSIGN: OPEN_STATUSES}
)

_STATUS_WORDS: Mapping[Status, Message] = MappingProxyType(
    {
        Status.NEW: Message.translate("Incident", "new"),
        Status.ACKNOWLEDGED: Message.translate("Incident", "acknowledged"),
        Status.IN_PROGRESS: Message.translate("Incident", "in progress"),
        Status.RESOLVED: Message.translate("Incident", "resolved"),
        Status.CLOSED: Message.translate("Incident", "closed"),
    }
)
_VERBS: Mapping[Action, Message] = MappingProxyType(
    {
        Action.CREATE: Message.translate("Incident", "create"),
        Action.COMMENT: Message.translate("Incident", "comment on"),
        Action.EDIT: Message.translate("Incident", "edit"),
        Action.START: Message.translate("Incident", "start work on"),
        Action.RESOLVE: Message.translate("Incident", "resolve"),
        Action.ACKNOWLEDGE: Message.translate("Incident", "acknowledge"),
        Action.ASSIGN: Message.translate("Incident", "assign"),
        Action.CLOSE: Message.translate("Incident", "close"),
        Action.REOPEN: Message.translate("Incident", "reopen"),
        Action.MANAGE_USERS: Message.translate("Incident", "manage"),
    }
)
_ROLE_WORDS: Mapping[Role, Message] = MappingProxyType(
    {
        Role.OPERATOR: Message.translate("Incident", "operators"),
        Role.SUPERVISOR: Message.translate("Incident", "supervisors"),
        Role.ADMIN: Message.translate("Incident", "administrators"),
    }
)
_AND = Message.translate("Incident", "and")
_OR = Message.translate("Incident", "or")


def _refusal(role: Role, action: Action, status: Status | None) -> Message | None:
    """Why ``role`` may not do ``action`` on a ticket in ``status``, or None."""
    verb = _VERBS[action]
    if role not in PERMISSIONS[action]:
        who = Joined(tuple(_ROLE_WORDS[r] for r in Role if r in PERMISSIONS[action]), _AND)
        only = (
            Message.translate("Incident", "Only {roles} can {verb} users.")
            if action is Action.MANAGE_USERS
            else Message.translate("Incident", "Only {roles} can {verb} incidents.")
        )
        return only.format(roles=who, verb=verb)
    transition = TRANSITIONS.get(action)
    sources = transition.sources if transition else STATUS_KEEPING.get(action)
    if status is None or sources is None or status in sources:
        return None
    if action is Action.START and status is Status.NEW:
        return Message.translate(
            "Incident",
            "Work starts after acknowledgement: a supervisor must acknowledge this incident first.",
        )
    if status is Status.CLOSED:
        return Message.translate("Incident", "Cannot {verb} this incident: it is {status}.").format(
            verb=verb, status=_STATUS_WORDS[status]
        )
    when = Joined(tuple(_STATUS_WORDS[s] for s in Status if s in sources), _OR)
    return Message.translate(
        "Incident", "Cannot {verb} this incident: it is {status} (possible only when it is {when})."
    ).format(verb=verb, status=_STATUS_WORDS[status], when=when)


def allowed(role: Role, action: Action) -> bool:
    """Whether the permission matrix lets ``role`` do ``action`` at all."""
    return role in PERMISSIONS[action]


def why_not(
    role: Role, action: Action, status: Status | None = None, language: Language = "en"
) -> str | None:
    """None when allowed, else the sentence the GUI shows on the disabled control."""
    refusal = _refusal(role, action, status)
    return None if refusal is None else refusal.text(language)


def require(role: Role, action: Action, status: Status | None = None) -> None:
    """Raise :class:`IncidentError` with :func:`why_not`'s sentence when refused."""
    refusal = _refusal(role, action, status)
    if refusal is not None:
        raise IncidentError(refusal)


def next_status(status: Status, action: Action) -> Status:
    """The status after ``action``; IncidentError when ``action`` cannot happen now."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise IncidentError(f"{action} does not change an incident's status")
    if status not in transition.sources:
        refusal = _refusal(Role.ADMIN, action, status)
        assert refusal is not None  # an admin may do everything, so only the state refuses
        raise IncidentError(refusal)
    return transition.target


def at_or_past(status: Status, target: Status) -> bool:
    """Whether ``status`` is ``target`` or later along new -> ... -> closed."""
    return _RANK[status] >= _RANK[target]
