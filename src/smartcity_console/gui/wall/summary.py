"""What the wall's banner says about incidents, read from the local store in one go.

Qt-free: two ``COUNT`` queries and one page of the most urgent tickets, in the
store's priority order (awaiting acknowledgement first, the soonest or longest
overdue deadline first). "Unacknowledged" means status ``new``, as in the
incidents panel; escalated tickets are the unacknowledged ones past their
deadline, so they are counted in both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from smartcity_console.core.incidents import Severity, Status
from smartcity_console.store import IncidentRepository, Ticket, TicketQuery

SHOWN = 3  # titles on the banner; more would not be read from 5 m


@dataclass(frozen=True, slots=True)
class BannerItem:
    id: str
    title: str
    severity: Severity
    escalated: bool
    ack_left: timedelta | None
    station: str | None


@dataclass(frozen=True, slots=True)
class IncidentSummary:
    unacknowledged: int
    escalated: int
    critical: int  # unacknowledged critical tickets: the banner flashes while there are any
    items: tuple[BannerItem, ...]

    @property
    def calm(self) -> bool:
        return self.unacknowledged == 0


def summarize(
    repository: IncidentRepository,
    now: datetime,
    deadlines: Mapping[Severity, timedelta],
    shown: int = SHOWN,
) -> IncidentSummary:
    waiting = frozenset({Status.NEW})
    unacknowledged = repository.count(TicketQuery(statuses=waiting))
    escalated = repository.count(TicketQuery(statuses=waiting, escalated=True))
    critical = repository.count(
        TicketQuery(statuses=waiting, severities=frozenset({Severity.CRITICAL}))
    )
    tickets = repository.list(TicketQuery(statuses=waiting, limit=shown)) if shown else []
    return IncidentSummary(
        unacknowledged, escalated, critical, tuple(_item(t, now, deadlines) for t in tickets)
    )


def _item(ticket: Ticket, now: datetime, deadlines: Mapping[Severity, timedelta]) -> BannerItem:
    return BannerItem(
        id=ticket.id,
        title=ticket.title,
        severity=ticket.severity,
        escalated=ticket.escalated(now, deadlines),
        ack_left=ticket.ack_time_left(now, deadlines),
        station=ticket.station,
    )
