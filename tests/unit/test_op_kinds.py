"""One table of journal op kinds: every part of the product agrees on it."""

from __future__ import annotations

from typing import get_args

from smartcity_console.contract.sync_api import Event
from smartcity_console.core.incidents.journal_rules import OP_DATA
from smartcity_console.core.incidents.op_kinds import (
    NOT_TICKET_KINDS,
    OP_KINDS,
    SAYING_KINDS,
    SHELF_KINDS,
    is_about_ticket,
)


def test_every_kind_has_its_data_schema_and_the_contract_accepts_exactly_those() -> None:
    assert set(OP_DATA) == set(OP_KINDS)
    assert set(get_args(Event.model_fields["kind"].annotation)) == set(OP_KINDS)


def test_shelves_and_reports_are_not_incidents() -> None:
    assert SHELF_KINDS == ("shelve", "unshelve")
    assert NOT_TICKET_KINDS == ("handover_read",)
    assert [k for k in OP_KINDS if is_about_ticket(k)] == [
        "create", "edit", "transition", "comment", "assign"
    ]  # fmt: skip
    assert not is_about_ticket("no_such_kind")
    assert set(OP_KINDS) >= SAYING_KINDS
