"""Alarm events become incident tickets (Qt-free; the GUI thread calls it).

The alarm engine runs on the MQTT thread and only queues events; SQLite
writes happen here, on the GUI thread, once a second. A raised episode
creates its ticket with the engine's deterministic id, so a second console
(or a restart) raising the same episode finds the ticket and adds nothing;
clears and returns only flip the ticket's alarm state: an alarm that cleared
before anyone acknowledged it still needs an acknowledgement (ISA-18.2).
"""

from __future__ import annotations

import logging
from collections import deque
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from smartcity_console.core.alarm_engine import AlarmEvent
from smartcity_console.core.incidents import IncidentError
from smartcity_console.store import IncidentRepository, StoreError

log = logging.getLogger(__name__)
WIB = ZoneInfo("Asia/Jakarta")


def _when(epoch: float) -> str:
    """The episode's start in WIB; a device clock beyond what a date can say is shown as is."""
    try:
        return datetime.fromtimestamp(epoch, WIB).strftime("%Y-%m-%d %H:%M:%S WIB")
    except (OverflowError, OSError, ValueError):
        return f"{epoch:g} (epoch)"


def _description(event: AlarmEvent, language: str) -> str:
    when = _when(event.episode_start)
    other = event.title_en if language == "id" else event.title_id
    value = f"{event.value:g}"
    if language == "id":
        return f"Alarm {event.rule_id} pada {event.series} sejak {when} (nilai {value}).\n{other}"
    return f"Alarm {event.rule_id} on {event.series} since {when} (value {value}).\n{other}"


def record_alarm_events(
    repository: IncidentRepository, events: deque[AlarmEvent], language: str = "id"
) -> int:
    """Write queued events as tickets; returns how many tickets were created.

    An event that cannot be written (database locked or damaged) stays at the
    head of the queue for the next call, so no alarm is lost to a passing fault.
    """
    created = 0
    while events:
        event = events[0]
        try:
            if event.kind == "raised":
                _, new = repository.create_alarm_incident(
                    event.rule_id,
                    event.series,
                    event.episode_start,
                    title=event.title_id if language == "id" else event.title_en,
                    program=event.program,
                    severity=event.severity,
                    station=event.station,
                    description=_description(event, language),
                )
                created += int(new)
            else:
                repository.set_alarm_state(
                    str(event.incident_id),
                    event.kind == "returned",
                    datetime.fromtimestamp(event.at, UTC),
                )
        except StoreError as exc:
            log.warning("alarm %s on %s not recorded yet: %s", event.rule_id, event.series, exc)
            return created
        except IncidentError as exc:
            # Refused for good (e.g. its ticket was closed meanwhile): say so, move on.
            log.warning("alarm %s on %s refused: %s", event.rule_id, event.series, exc)
        events.popleft()
    return created
