"""What colour a station's marker has: the worst of its incidents and its data's freshness.

Qt-free so the rule is tested without a display and the wall, the desk and
the benchmark agree. Worst first:

``escalated`` (an alarm past its acknowledgement deadline) > ``unacknowledged``
(an alarm waiting for acknowledgement) > ``acknowledged`` (someone is on it)
> ``stale`` (no data) > ``shelved`` (an operator set the alarm aside for a
while: known, deliberately quiet) > ``normal``.

Stale ranks above shelved because a station that went silent is news, a
shelved alarm is not. Shelving itself belongs to the alarm engine; the map
only takes the set of shelved stations as input (:func:`station_states`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from smartcity_console.core.incidents.escalation import is_escalated
from smartcity_console.core.incidents.lifecycle import DEFAULT_ACK_DEADLINES, Severity, Status
from smartcity_console.core.places import StationPlace

Deadlines = Mapping[Severity, timedelta]


class MarkerState(StrEnum):
    NORMAL = "normal"
    SHELVED = "shelved"
    STALE = "stale"
    ACKNOWLEDGED = "acknowledged"
    UNACKNOWLEDGED = "unacknowledged"
    ESCALATED = "escalated"


# Declared mildest first; a later state wins.
_RANK = {state: rank for rank, state in enumerate(MarkerState)}

# Colour-blind-safe on the dark themes; the wall and the desk share them (docs/map.md).
MARKER_COLOURS: Mapping[MarkerState, str] = {
    MarkerState.NORMAL: "#2EA043",
    MarkerState.SHELVED: "#6E40C9",
    MarkerState.STALE: "#8B949E",
    MarkerState.ACKNOWLEDGED: "#F2C94C",
    MarkerState.UNACKNOWLEDGED: "#FF8C1A",
    MarkerState.ESCALATED: "#FF4D4F",
}


def worse(a: MarkerState, b: MarkerState) -> MarkerState:
    return a if _RANK[a] >= _RANK[b] else b


@dataclass(frozen=True, slots=True)
class IncidentMark:
    """The part of an open incident the map needs (a ticket, or a test's stand-in)."""

    id: str
    title: str
    station: str | None
    severity: Severity
    status: Status
    created_at: datetime
    acknowledged_at: datetime | None


def incident_state(
    mark: IncidentMark, now: datetime, deadlines: Deadlines = DEFAULT_ACK_DEADLINES
) -> MarkerState | None:
    """The state an open incident gives its station; None for a closed one."""
    if mark.status == Status.CLOSED:
        return None
    if is_escalated(
        mark.created_at, mark.acknowledged_at, mark.severity, now, deadlines, status=mark.status
    ):
        return MarkerState.ESCALATED
    if mark.acknowledged_at is None and mark.status == Status.NEW:
        return MarkerState.UNACKNOWLEDGED
    return MarkerState.ACKNOWLEDGED


def station_states(
    stations: Iterable[str],
    incidents: Iterable[IncidentMark],
    stale: Collection[str],
    now: datetime,
    shelved: Collection[str] = (),
    deadlines: Deadlines = DEFAULT_ACK_DEADLINES,
) -> dict[str, MarkerState]:
    """Each station's worst state; ``stale`` and ``shelved`` are sets of station slugs."""
    out: dict[str, MarkerState] = {}
    for station in stations:
        state = MarkerState.NORMAL
        if station in shelved:
            state = MarkerState.SHELVED
        if station in stale:
            state = worse(state, MarkerState.STALE)
        out[station] = state
    for mark in incidents:
        if mark.station is None or mark.station not in out:
            continue
        found = incident_state(mark, now, deadlines)
        if found is not None:
            out[mark.station] = worse(out[mark.station], found)
    return out


def silent_kecamatan(
    places: Iterable[StationPlace], silent: Collection[str], share: float = 0.5
) -> set[str]:
    """Kecamatan where more than ``share`` of the stations are silent (a power or network cut).

    One silent station of one is "most"; a kecamatan without stations is never shaded.
    """
    total: dict[str, int] = {}
    quiet: dict[str, int] = {}
    for place in places:
        total[place.kecamatan] = total.get(place.kecamatan, 0) + 1
        if place.station in silent:
            quiet[place.kecamatan] = quiet.get(place.kecamatan, 0) + 1
    return {k for k, n in total.items() if n and quiet.get(k, 0) / n > share}
