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

import logging
from collections.abc import Callable, Collection, Iterable, Mapping
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from smartcity_console.core.geo import BaseMap
from smartcity_console.core.incidents.escalation import ack_deadline, is_escalated
from smartcity_console.core.incidents.lifecycle import DEFAULT_ACK_DEADLINES, Severity, Status
from smartcity_console.core.incidents.shelving import Shelf
from smartcity_console.core.places import PlaceBook, StationPlace, station_of

Deadlines = Mapping[Severity, timedelta]
_Reading = tuple[list["IncidentMark"], set[str] | None]

log = logging.getLogger(__name__)


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


def rank(state: MarkerState) -> int:
    """How bad ``state`` is: 0 for normal, higher for worse (the order above)."""
    return _RANK[state]


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


def next_escalation(
    marks: Iterable[IncidentMark], now: datetime, deadlines: Deadlines = DEFAULT_ACK_DEADLINES
) -> float | None:
    """When (epoch s) the next waiting incident escalates: a marker turns red with no new data."""
    due = [
        ack_deadline(m.created_at, m.severity, deadlines).timestamp()
        for m in marks
        if incident_state(m, now, deadlines) == MarkerState.UNACKNOWLEDGED
    ]
    return min(due) if due else None


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


class MapBoard:
    """What every map panel of a console shares: places, base map, open incidents, shelving.

    Qt-free and cheap to poll: the panels compare :attr:`version` each frame
    and redraw only when it moved. ``ticket_source`` (set by the shell) reads
    the open incidents; :meth:`poll` calls it at most every ``poll_s`` seconds,
    so a wall of map panels costs one query per interval, not one per panel.
    With an ``executor`` the read runs there (the console's: off the GUI
    thread, which polls each frame) and a later poll takes its answer; without
    one it runs in the poll (tests, tools).
    """

    def __init__(
        self,
        places: PlaceBook,
        base_map: BaseMap,
        deadlines: Deadlines = DEFAULT_ACK_DEADLINES,
        silent_share: float = 0.5,
        poll_s: float = 2.0,
        executor: Executor | None = None,
    ) -> None:
        self.places = places
        self.base_map = base_map
        self.deadlines = deadlines
        self.silent_share = silent_share
        self.poll_s = poll_s
        self.executor = executor
        self._in_flight: Future[_Reading] | None = None
        self.ticket_source: Callable[[], Iterable[IncidentMark]] | None = None
        # Station slugs with a shelved alarm, read with the tickets (the shell sets it).
        self.shelf_source: Callable[[], Iterable[str]] | None = None
        self.version = 0
        self._incidents: tuple[IncidentMark, ...] = ()
        self._shelved: frozenset[str] = frozenset()
        self._polled_at: float | None = None
        self.focus: str | None = None  # a station "show on map" asked for

    @property
    def incidents(self) -> tuple[IncidentMark, ...]:
        return self._incidents

    @property
    def shelved(self) -> frozenset[str]:
        return self._shelved

    def set_incidents(self, marks: Iterable[IncidentMark]) -> None:
        new = tuple(sorted(marks, key=lambda m: m.id))
        if new != self._incidents:
            self._incidents = new
            self.version += 1

    def set_shelved(self, stations: Iterable[str]) -> None:
        """Stations whose alarms are shelved (the alarm engine's shelving feeds this)."""
        new = frozenset(stations)
        if new != self._shelved:
            self._shelved = new
            self.version += 1

    def show_station(self, station: str) -> None:
        """Ask the map panels to centre on ``station`` (the incident pane's "show on map")."""
        self.focus = station
        self.version += 1

    def poll(self, monotonic_now: float) -> None:
        self._take_answer()
        if self.ticket_source is None:
            return
        if self._polled_at is not None and monotonic_now - self._polled_at < self.poll_s:
            return
        if self._in_flight is not None:
            return  # the last read has not answered yet: never two at once
        self._polled_at = monotonic_now
        if self.executor is None:
            self._apply(self._read())
        else:
            self._in_flight = self.executor.submit(self._read)

    def _read(self) -> _Reading:
        assert self.ticket_source is not None
        marks = list(self.ticket_source())
        shelved = set(self.shelf_source()) if self.shelf_source is not None else None
        return marks, shelved

    def _apply(self, reading: _Reading) -> None:
        marks, shelved = reading
        self.set_incidents(marks)
        if shelved is not None:
            self.set_shelved(shelved)

    def _take_answer(self) -> None:
        future = self._in_flight
        if future is None or not future.done():
            return
        self._in_flight = None
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:  # the map keeps what it showed; the next poll tries again
            log.warning("map: reading open incidents failed: %s", error)
            return
        self._apply(future.result())

    def unplaced_incidents(self) -> list[IncidentMark]:
        """Open incidents the map cannot place: no station, or a station without a place."""
        return [
            m
            for m in self._incidents
            if m.status != Status.CLOSED and (m.station is None or m.station not in self.places)
        ]


def map_station(station: str | None, series: str | None) -> str | None:
    """Where a ticket stands on the map: its series' station, else its Station text.

    An alarm's ticket names its station as people read it ("Kali Sedan"); the
    map keys places by the series' station slug (``kali_sedan``), which the
    ticket's series carries.
    """
    return station_of(series) if series else station


def mark_of(ticket: Any) -> IncidentMark:
    """An :class:`IncidentMark` of anything with a ticket's fields (store.records.Ticket)."""
    return IncidentMark(
        id=ticket.id,
        title=ticket.title,
        station=map_station(ticket.station, ticket.series),
        severity=ticket.severity,
        status=ticket.status,
        created_at=ticket.created_at,
        acknowledged_at=ticket.acknowledged_at,
    )


def shelved_stations(places: PlaceBook, shelves: Iterable[Shelf]) -> set[str]:
    """Stations with a shelved alarm: a station's shelf, or the station of a series' shelf."""
    out: set[str] = set()
    for shelf in shelves:
        if shelf.station is not None:
            out.add(shelf.station)
        elif shelf.series is not None:
            place = places.of_series(shelf.series)
            out.add(place.station if place is not None else station_of(shelf.series))
    return out
