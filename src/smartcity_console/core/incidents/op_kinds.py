"""Every kind of journal op and what it is about: one table for console, server and store.

The journal began with incidents only; shelving (issue 17) and handover
reads (issue 16) added ops whose ``ticket_id`` names a shelf or a shift
report. Each part of the product once kept its own list of those kinds (the
server's "keep the data" rule, the store's "which rows to rebuild", the op
rules' "no ticket here"); a new kind then had to be added in four places.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Literal, get_args


class Subject(StrEnum):
    """What an op's ``ticket_id`` names."""

    TICKET = "ticket"  # an incident: the op changes it, under the lifecycle's role rules
    SHELF = "shelf"  # a shelf (core/incidents/shelving.py shelf_id): its events are the shelf
    REPORT = "report"  # a shift report: someone confirms reading it; no ticket, no role rule


OpKind = Literal[
    "create", "edit", "transition", "comment", "assign", "handover_read", "shelve", "unshelve"
]
OP_SUBJECTS: Mapping[str, Subject] = MappingProxyType(
    {
        "create": Subject.TICKET,
        "edit": Subject.TICKET,
        "transition": Subject.TICKET,
        "comment": Subject.TICKET,
        "assign": Subject.TICKET,
        "handover_read": Subject.REPORT,
        "shelve": Subject.SHELF,
        "unshelve": Subject.SHELF,
    }
)
assert tuple(OP_SUBJECTS) == get_args(OpKind), "OpKind and OP_SUBJECTS name the same kinds"

OP_KINDS: tuple[str, ...] = tuple(OP_SUBJECTS)
SHELF_KINDS: tuple[str, ...] = tuple(k for k, s in OP_SUBJECTS.items() if s is Subject.SHELF)
# Journal entries about something other than an incident: no ticket, no role rule.
NOT_TICKET_KINDS: tuple[str, ...] = tuple(k for k, s in OP_SUBJECTS.items() if s is Subject.REPORT)
# Ops that say something rather than change fields: their data is the event even when
# no field of a ticket moved (the server marks other unchanged ops "noop").
SAYING_KINDS = frozenset({"comment", "handover_read"})


def is_about_ticket(kind: str) -> bool:
    """Whether an op of ``kind`` changes an incident (an unknown kind does not)."""
    return OP_SUBJECTS.get(kind) is Subject.TICKET
