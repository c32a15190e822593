"""The op each change made at a console becomes, before :func:`apply_op` applies it.

The console applies its own changes with the sync server's rule
(:func:`~smartcity_console.core.incidents.ops.apply_op`, in
``store/changes.py``), so the ticket it shows is the ticket the server makes
of the same op. What is decided here is only which op a user's action makes,
from the ticket as that user sees it:

- A transition is a move the lifecycle table allows from the status shown,
  checked by :func:`require`, the rule behind the buttons' tooltips; the op
  carries that status as ``from``. The server takes the same op more
  leniently, on purpose: by the time it arrives another console may have
  moved the ticket on, and a forward move already made is applied there as
  a no-op. At the console nothing has crossed in flight: acknowledging a
  ticket shown as acknowledged is refused with the tooltip's sentence, not
  queued as a no-op.
- An edit carries only the fields whose value differs from the ticket's, and
  its event keeps their previous values (an edit that differs in nothing
  makes an empty edit, which :func:`apply_op` refuses with
  :class:`EmptyEditError` and the console writes nothing for); an
  assignment's event keeps the previous assignee.
- An alarm's state is an edit of ``alarm``. A state already recorded makes no
  op, so the first clear's time stands; a device time the journal cannot
  hold gives way to the console's own.
- A comment's id is its op's id, so the sync client can match the server's
  copy of the event to the local one.
- A shelf op names its shelf (uuid5 of rule and target) where other ops name
  a ticket; the role and the shelf's rule are checked before it is queued.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from smartcity_console.core.incidents.journal_text import to_iso, within_bounds
from smartcity_console.core.incidents.lifecycle import (
    Action,
    CloseReason,
    Role,
    Status,
    next_status,
    require,
)
from smartcity_console.core.incidents.op_kinds import OpKind
from smartcity_console.core.incidents.shelving import check_shelve, check_shelver, shelf_id


@dataclass(frozen=True, slots=True)
class LocalOp:
    """One change as the console journals it: the op, and its event's data and id."""

    kind: OpKind
    data: dict[str, Any]
    event_data: dict[str, Any] | None = None  # None: the op's data
    op_id: str | None = None  # None: a new one


def _wire(value: object) -> str | None:
    return None if value is None else str(value)


def create_op(fields: Mapping[str, object], alarm: Mapping[str, object] | None = None) -> LocalOp:
    """A new ticket's op; ``fields`` as ``validate_fields(..., creating=True)`` gives them."""
    data: dict[str, Any] = {key: _wire(value) for key, value in fields.items() if value}
    if alarm is not None:
        data["alarm"] = dict(alarm)
    return LocalOp("create", data)


def edit_op(ticket: Mapping[str, Any], fields: Mapping[str, object]) -> LocalOp:
    """The fields of ``fields`` that differ from ``ticket``; ``fields`` already validated."""
    values = {k: "" if k == "description" and v is None else v for k, v in fields.items()}
    changed = {key: value for key, value in values.items() if ticket[key] != value}
    data = {key: _wire(value) for key, value in changed.items()}
    previous = {key: ticket[key] for key in changed}
    return LocalOp("edit", data, {**data, "previous": previous})


def transition_op(
    ticket: Mapping[str, Any],
    role: Role,
    action: Action,
    *,
    note: str | None = None,
    reason: CloseReason | None = None,
) -> LocalOp:
    """``action`` from the status ``ticket`` shows (IncidentError when the table refuses it)."""
    current = Status(ticket["status"])
    require(role, action, current)
    target = next_status(current, action)
    data = {"to": str(target), "from": str(current), "note": note, "reason": _wire(reason)}
    return LocalOp("transition", data)


def assign_op(ticket: Mapping[str, Any], username: str | None) -> LocalOp:
    """Assign to ``username`` (None: nobody); the event keeps who it was before."""
    event = {"username": username, "previous": ticket["assignee"]}
    return LocalOp("assign", {"username": username}, event)


def comment_op(text: str) -> LocalOp:
    """A comment (``text`` already validated) whose id is its op's."""
    comment_id = str(uuid.uuid4())
    return LocalOp("comment", {"comment_id": comment_id, "text": text}, op_id=comment_id)


def alarm_op(
    ticket: Mapping[str, Any], active: bool, at: datetime, now: datetime
) -> LocalOp | None:
    """The ticket's alarm is active again, or cleared at ``at``; None when already so.

    A ticket no alarm raised still gets its op, for :func:`apply_op` to refuse.
    """
    if ticket["alarm_rule"] is not None and ticket["alarm_active"] == active:
        return None
    # A device's clock far off (or reset to 1970) must not lose the clear: the
    # console's own time stands in for a time the journal cannot hold.
    when = at if within_bounds(at) else now
    alarm = {
        "rule": ticket["alarm_rule"],
        "active": active,
        "cleared_at": None if active else to_iso(when),
    }
    return LocalOp("edit", {"alarm": alarm})


def shelve_op(
    role: Role,
    rule: str,
    series: str | None,
    station: str | None,
    until: datetime,
    reason: str,
    now: datetime,
) -> tuple[str, LocalOp]:
    """The shelf's id and its ``shelve`` op; IncidentError when the rule refuses it now."""
    check_shelver(role)
    series, station = series or None, station or None
    target = shelf_id(rule, series, station)
    data = {
        "rule": rule,
        "series": series,
        "station": station,
        "until": to_iso(until),
        "reason": reason.strip(),
    }
    check_shelve(target, data, now)
    return target, LocalOp("shelve", data)


def unshelve_op(role: Role) -> LocalOp:
    """End a shelf now (the op names it by its ticket id); IncidentError for an operator."""
    check_shelver(role)
    return LocalOp("unshelve", {})
