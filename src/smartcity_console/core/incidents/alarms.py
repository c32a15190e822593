"""Ticket ids for alarm incidents, derived so that consoles converge.

Two consoles that see the same alarm episode offline each raise a ticket; a
name-based UUID (v5) makes both the same ticket, and the server answers the
second ``create`` with ``duplicate``.
"""

from __future__ import annotations

import json
import math
import uuid

# uuid5(NAMESPACE_URL, "https://rembangkab.go.id/smartcity-console/alarm-incident");
# fixed forever: changing it would split every console's alarm tickets in two.
ALARM_NAMESPACE = uuid.UUID("ee3a1e13-c6a8-5ee9-985c-828aa3ca7ef0")


def alarm_incident_id(rule_id: str, series: str, episode_start: float) -> uuid.UUID:
    """The ticket id every console derives for one alarm episode.

    ``episode_start`` (epoch seconds, from the reading's own timestamp) is
    floored to whole seconds; the name is a JSON array, so no separator
    inside a rule id or series name can make two episodes collide.
    """
    if not math.isfinite(episode_start):
        raise ValueError(f"episode start {episode_start!r} is not a finite time")
    name = json.dumps([rule_id, series, math.floor(episode_start)], separators=(",", ":"))
    return uuid.uuid5(ALARM_NAMESPACE, name)
