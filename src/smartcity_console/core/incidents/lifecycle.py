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
from typing import Literal

Language = Literal["id", "en"]


class IncidentError(ValueError):
    """A refused change or bad input; ``str()`` is English, :meth:`text` picks a language."""

    def __init__(self, en: str, indonesian: str | None = None) -> None:
        super().__init__(en)
        self.en = en
        self.indonesian = indonesian or en

    def text(self, language: Language = "en") -> str:
        return self.en if language == "en" else self.indonesian


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

_STATUS_WORDS = {
    Status.NEW: ("new", "baru"),
    Status.ACKNOWLEDGED: ("acknowledged", "dikonfirmasi"),
    Status.IN_PROGRESS: ("in progress", "sedang ditangani"),
    Status.RESOLVED: ("resolved", "terselesaikan"),
    Status.CLOSED: ("closed", "ditutup"),
}
_VERBS = {
    Action.CREATE: ("create", "membuat"),
    Action.COMMENT: ("comment on", "mengomentari"),
    Action.EDIT: ("edit", "mengubah"),
    Action.START: ("start work on", "mulai menangani"),
    Action.RESOLVE: ("resolve", "menyelesaikan"),
    Action.ACKNOWLEDGE: ("acknowledge", "mengonfirmasi"),
    Action.ASSIGN: ("assign", "menugaskan"),
    Action.CLOSE: ("close", "menutup"),
    Action.REOPEN: ("reopen", "membuka kembali"),
    Action.MANAGE_USERS: ("manage", "mengelola"),
}
_ROLE_WORDS = {
    Role.OPERATOR: ("operators", "operator"),
    Role.SUPERVISOR: ("supervisors", "supervisor"),
    Role.ADMIN: ("administrators", "administrator"),
}


def _join(words: list[str], last: str) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def _refusal(role: Role, action: Action, status: Status | None) -> tuple[str, str] | None:
    """Why ``role`` may not do ``action`` on a ticket in ``status``, in (en, id)."""
    en_verb, id_verb = _VERBS[action]
    obj = ("users", "pengguna") if action is Action.MANAGE_USERS else ("incidents", "insiden")
    if role not in PERMISSIONS[action]:
        who = [_ROLE_WORDS[r] for r in Role if r in PERMISSIONS[action]]
        return (
            f"Only {_join([w[0] for w in who], 'and')} can {en_verb} {obj[0]}.",
            f"Hanya {_join([w[1] for w in who], 'dan')} yang dapat {id_verb} {obj[1]}.",
        )
    transition = TRANSITIONS.get(action)
    sources = transition.sources if transition else STATUS_KEEPING.get(action)
    if status is None or sources is None or status in sources:
        return None
    if action is Action.START and status is Status.NEW:
        return (
            "Work starts after acknowledgement: a supervisor must acknowledge this incident first.",
            "Penanganan dimulai setelah konfirmasi: supervisor harus mengonfirmasi insiden ini "
            "terlebih dahulu.",
        )
    en = f"Cannot {en_verb} this incident: it is {_STATUS_WORDS[status][0]}"
    ind = f"Tidak dapat {id_verb} insiden ini: statusnya {_STATUS_WORDS[status][1]}"
    if status is Status.CLOSED:
        return en + ".", ind + "."
    when = [_STATUS_WORDS[s] for s in Status if s in sources]
    return (
        f"{en} (possible only when it is {_join([w[0] for w in when], 'or')}).",
        f"{ind} (hanya bisa saat statusnya {_join([w[1] for w in when], 'atau')}).",
    )


def allowed(role: Role, action: Action) -> bool:
    """Whether the permission matrix lets ``role`` do ``action`` at all."""
    return role in PERMISSIONS[action]


def why_not(
    role: Role, action: Action, status: Status | None = None, language: Language = "en"
) -> str | None:
    """None when allowed, else the sentence the GUI shows on the disabled control."""
    texts = _refusal(role, action, status)
    return None if texts is None else texts[0 if language == "en" else 1]


def require(role: Role, action: Action, status: Status | None = None) -> None:
    """Raise :class:`IncidentError` with :func:`why_not`'s sentence when refused."""
    texts = _refusal(role, action, status)
    if texts is not None:
        raise IncidentError(*texts)


def next_status(status: Status, action: Action) -> Status:
    """The status after ``action``; IncidentError when ``action`` cannot happen now."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise IncidentError(f"{action} does not change an incident's status")
    if status not in transition.sources:
        refusal = _refusal(Role.ADMIN, action, status)
        assert refusal is not None  # an admin may do everything, so only the state refuses
        raise IncidentError(*refusal)
    return transition.target


def at_or_past(status: Status, target: Status) -> bool:
    """Whether ``status`` is ``target`` or later along new -> ... -> closed."""
    return _RANK[status] >= _RANK[target]
