"""Console and server judge a change by one rule: every role x action x status, both ways.

Each case brings a ticket to a status in a real SQLite store, has a user of
the role make the change through the console's repository, and hands the op
that change puts on the wire to :func:`apply_op` (the server's function) on
the ticket as it was. Where the console allows the change, the server applies
its op to the identical ticket; where the console refuses, the server refuses
the same op with the same sentence, in both languages. The one exception is
the blueprint's: a forward move (acknowledge, start, resolve) on a ticket
already at or past it is applied by the server as a no-op, because there ops
cross in flight, while the console refuses it with the button's tooltip, as
it sees the ticket's status.
"""

from __future__ import annotations

import itertools
import re
import uuid
from typing import Any

import pytest

from smartcity_console.core.incidents import (
    TICKET_KEYS,
    TRANSITIONS,
    Action,
    IncidentError,
    Role,
    Status,
    action_for,
    allowed,
    apply_op,
    at_or_past,
    why_not,
)
from smartcity_console.store import Database, IncidentRepository, Ticket
from smartcity_console.store.clients import client_id_for
from tests.support.clock import Clock

WORKSTATION = "ruang-komando-1"
USERS = {Role.OPERATOR: "budi", Role.SUPERVISOR: "sari", Role.ADMIN: "admin"}
# The ticket actions of the blueprint's role table (create and manage users concern no ticket).
ACTIONS = [a for a in Action if a not in (Action.CREATE, Action.MANAGE_USERS)]
# How an administrator brings a new ticket to each status.
PATH = {
    Status.NEW: [],
    Status.ACKNOWLEDGED: [Action.ACKNOWLEDGE],
    Status.IN_PROGRESS: [Action.ACKNOWLEDGE, Action.START],
    Status.RESOLVED: [Action.ACKNOWLEDGE, Action.START, Action.RESOLVE],
    Status.CLOSED: [Action.ACKNOWLEDGE, Action.CLOSE],
}
FORWARD = (Action.ACKNOWLEDGE, Action.START, Action.RESOLVE)


def _repo(db: Database, clock: Clock, role: Role) -> IncidentRepository:
    user = USERS[role]
    return IncidentRepository(
        db, user, role, WORKSTATION, client_id_for(db, user, WORKSTATION), clock=clock
    )


def _state(ticket: Ticket) -> dict[str, Any]:
    return {key: getattr(ticket, key) for key in TICKET_KEYS}


def _console_change(repo: IncidentRepository, ticket_id: str, action: Action) -> None:
    """The change through the repository, as the GUI makes it."""
    if action is Action.COMMENT:
        repo.comment(ticket_id, "Petugas sudah di lokasi")
    elif action is Action.EDIT:
        repo.edit(ticket_id, {"title": "Banjir rob di Tasik Agung", "severity": "critical"})
    elif action is Action.ASSIGN:
        repo.assign(ticket_id, "budi")
    elif action is Action.CLOSE:
        repo.transition(ticket_id, action, note="sudah surut", reason="resolved")
    else:
        repo.transition(ticket_id, action, note="dicek")


def _wire_op(action: Action, status: Status) -> tuple[str, dict[str, Any]]:
    """The op the same change puts on the wire, made by a console that saw ``status``."""
    if action is Action.COMMENT:
        return "comment", {"comment_id": str(uuid.uuid4()), "text": "Petugas sudah di lokasi"}
    if action is Action.EDIT:
        return "edit", {"title": "Banjir rob di Tasik Agung", "severity": "critical"}
    if action is Action.ASSIGN:
        return "assign", {"username": "budi"}
    closing = action is Action.CLOSE
    data = {
        "to": str(TRANSITIONS[action].target),
        "from": str(status),
        "note": "sudah surut" if closing else "dicek",
        "reason": "resolved" if closing else None,
    }
    return "transition", data


def _wire_action(data: dict[str, Any]) -> Action:
    """The action the server reads from a transition op: its ``to`` and ``from``."""
    return action_for(Status(data["to"]), Status(data["from"]))


def _server_no_op(role: Role, action: Action, status: Status) -> bool:
    """The blueprint's forward move on a ticket already at or past it (applied, unchanged)."""
    if action not in FORWARD or not allowed(role, action):
        return False
    target = TRANSITIONS[action].target
    return at_or_past(status, target) and action_for(target, status) is action


@pytest.mark.parametrize(
    ("role", "action", "status"), list(itertools.product(Role, ACTIONS, Status))
)
def test_console_and_server_decide_every_change_alike(
    db: Database, clock: Clock, role: Role, action: Action, status: Status
) -> None:
    admin = _repo(db, clock, Role.ADMIN)
    ticket = admin.create("Banjir rob", "environment", "high", station="Tasik Agung")
    for step in PATH[status]:
        reason = "false_alarm" if step is Action.CLOSE else None
        admin.transition(ticket.id, step, reason=reason)
    before = admin.get(ticket.id)
    assert before is not None
    assert before.status is status
    user = _repo(db, clock, role)
    ops_before = user.pending_ops()
    clock.advance(minutes=1)

    kind, data = _wire_op(action, status)
    refusal = why_not(role, action, status, "en")  # the button's tooltip
    if kind == "transition" and _wire_action(data) is not action:
        # On the wire a transition is its to and from: start on a resolved ticket
        # would read as a reopen, a reopen of anything but a resolved ticket as a
        # start. The console refuses both, so no such op is ever made; the rows
        # of the action the server would read cover that op.
        assert refusal is not None
        with pytest.raises(IncidentError, match=re.escape(refusal)):
            _console_change(user, ticket.id, action)
        assert user.pending_ops() == ops_before
        return
    server, outcome = apply_op(
        _state(before), kind, ticket.id, data, author=USERS[role], role=role, at=clock.now
    )

    if refusal is not None:
        with pytest.raises(IncidentError) as refused:
            _console_change(user, ticket.id, action)
        assert str(refused.value) == refusal
        assert user.pending_ops() == ops_before  # nothing written
        assert admin.get(ticket.id) == before
        if _server_no_op(role, action, status):
            assert (outcome.status, outcome.changed, server) == ("applied", False, _state(before))
        else:
            assert outcome.status == "rejected"
            assert outcome.reason == refusal
            assert outcome.error is not None
            assert outcome.error.text("id") == refused.value.text("id")
        return

    _console_change(user, ticket.id, action)
    assert outcome.status == "applied"
    after = admin.get(ticket.id)
    assert after is not None
    assert server == _state(after)  # the same ticket, every field
    [op] = user.pending_ops()[len(ops_before) :]
    assert op.kind == kind
    if kind == "comment":
        assert op.data["text"] == data["text"]
    else:
        assert op.data == data
