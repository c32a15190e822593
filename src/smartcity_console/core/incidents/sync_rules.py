"""The contract's rule for applying a ``transition`` op (sync server, replay).

Ops cross in flight: two supervisors acknowledge the same alarm, or one closes
what another just reopened. Forward moves are idempotent; reopen and close say
what they saw and are refused when it changed. Kept pure so the server, and
the console (applying its own changes, and replaying pending ops over a pulled
snapshot), share one rule (through :func:`~smartcity_console.core.incidents.apply_op`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from smartcity_console.core.incidents.fields import validate_close, validate_note
from smartcity_console.core.incidents.lifecycle import (
    TRANSITIONS,
    Action,
    IncidentError,
    Role,
    Status,
    at_or_past,
    next_status,
    require,
)


@dataclass(frozen=True, slots=True)
class TransitionOutcome:
    """What applying one transition op did: ``changed`` is False for a no-op.

    ``reason`` is the refusal in English (the wire's language); ``error`` is
    the same refusal in both languages, for a console showing it to its user.
    """

    result: Literal["applied", "rejected"]
    status: Status
    changed: bool = False
    reason: str | None = None
    error: IncidentError | None = field(default=None, compare=False, repr=False)


def action_for(to: Status, from_: Status | None) -> Action:
    """The action a transition op stands for (``to`` in_progress from resolved is reopen)."""
    if to is Status.IN_PROGRESS:
        return Action.REOPEN if from_ is Status.RESOLVED else Action.START
    for action, transition in TRANSITIONS.items():
        if transition.target is to:
            return action
    raise IncidentError(f"No action leads to status {to}.")


def _parse_status(value: object, key: str) -> Status:
    try:
        return Status(value if isinstance(value, str) else "")
    except ValueError:
        raise IncidentError(f"transition {key!r}: unknown status {value!r}") from None


def apply_transition(current: Status, data: Mapping[str, Any], role: Role) -> TransitionOutcome:
    """Apply a ``transition`` op's data (``to``, ``from``, ``note``, ``reason``) by its author.

    Forward moves (acknowledge, start, resolve) on a ticket already at or past
    ``to`` are applied as no-ops; reopen and close are rejected when their
    ``from`` no longer holds; the author's role is checked first.
    """
    try:
        to = _parse_status(data.get("to"), "to")
        raw_from = data.get("from")
        from_ = None if raw_from is None else _parse_status(raw_from, "from")
        action = action_for(to, from_)
        require(role, action)
        note = validate_note(data.get("note"))
        if action is Action.CLOSE:
            validate_close(data.get("reason"), note)
        if action in (Action.REOPEN, Action.CLOSE):
            if from_ is None:
                raise IncidentError(f"A {action} must carry the status it was made from.")
            if from_ is not current:
                raise IncidentError(f"Cannot {action}: the incident is {current} now, not {from_}.")
        elif at_or_past(current, to):
            return TransitionOutcome("applied", current)
        return TransitionOutcome("applied", next_status(current, action), changed=True)
    except IncidentError as exc:
        return TransitionOutcome("rejected", current, reason=str(exc), error=exc)
