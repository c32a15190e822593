"""Acknowledgement deadlines: when a ticket escalates and how long is left.

Pure functions of the ticket's times and a clock value, so the list, the
countdown and the server agree, and tests need no waiting.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timedelta

from smartcity_console.core.incidents.lifecycle import DEFAULT_ACK_DEADLINES, Severity, Status


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: incident times are timezone-aware (UTC)")
    return moment


def deadlines_from_minutes(minutes: Mapping[str, float]) -> dict[Severity, timedelta]:
    """Config ``{severity: minutes}`` over the defaults; ValueError names a bad entry."""
    deadlines = dict(DEFAULT_ACK_DEADLINES)
    for key, value in minutes.items():
        severity = Severity(key)
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"acknowledgement deadline for {key}: {value} is not > 0 minutes")
        deadlines[severity] = timedelta(minutes=value)
    return deadlines


def ack_deadline(
    created_at: datetime,
    severity: Severity,
    deadlines: Mapping[Severity, timedelta] = DEFAULT_ACK_DEADLINES,
) -> datetime:
    """When a ticket raised at ``created_at`` must be acknowledged."""
    return _aware(created_at) + deadlines[severity]


def ack_time_left(
    created_at: datetime,
    acknowledged_at: datetime | None,
    severity: Severity,
    now: datetime,
    deadlines: Mapping[Severity, timedelta] = DEFAULT_ACK_DEADLINES,
    *,
    status: Status | None = None,
) -> timedelta | None:
    """Time left to acknowledge: None once acknowledged or closed, negative when overdue.

    An alarm that cleared on its own still counts down (ISA-18.2: a cleared,
    unacknowledged alarm still needs an acknowledgement).
    """
    if acknowledged_at is not None or status is Status.CLOSED:
        return None
    return ack_deadline(created_at, severity, deadlines) - _aware(now)


def is_escalated(
    ticket_created_at: datetime,
    acknowledged_at: datetime | None,
    severity: Severity,
    now: datetime,
    deadlines: Mapping[Severity, timedelta] = DEFAULT_ACK_DEADLINES,
    *,
    status: Status | None = None,
) -> bool:
    """Unacknowledged (and not closed) when its deadline came: no time is left."""
    left = ack_time_left(
        ticket_created_at, acknowledged_at, severity, now, deadlines, status=status
    )
    return left is not None and left <= timedelta(0)
