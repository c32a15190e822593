"""The map's link to the incidents: open tickets in, "show on map" out.

Kept out of the shell's hot files: the shell calls :func:`connect_map` once
with its repository and incident pane. The console gives the board a thread
of its own (:func:`map_reader`): the open tickets and shelves were read on the
GUI thread every two seconds, a frozen frame at a few years of incidents.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from smartcity_console.core.incidents import OPEN_STATUSES, Status
from smartcity_console.core.map_states import IncidentMark, MapBoard, mark_of, shelved_stations
from smartcity_console.store import IncidentRepository
from smartcity_console.store.queries import TicketQuery
from smartcity_console.store.shelves import ShelfBook

# Resolved tickets wait for closing only; their station is no longer in trouble.
_ON_MAP = frozenset(OPEN_STATUSES) - {Status.RESOLVED}
MAX_MARKS = 2000


def map_reader() -> ThreadPoolExecutor:
    """The one thread the board reads on; shut it down (waiting) before the database closes."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="map-board")


def open_marks(repository: IncidentRepository) -> Callable[[], list[IncidentMark]]:
    query = TicketQuery(statuses=_ON_MAP, limit=MAX_MARKS)
    return lambda: [mark_of(t) for t in repository.list(query)]


def connect_map(
    board: MapBoard,
    repository: IncidentRepository,
    on_show: Callable[[], None],
    shelves: ShelfBook | None = None,
) -> Callable[[str], None]:
    """Feed ``board`` from ``repository`` (and ``shelves``); returns what "show on map" calls.

    ``on_show`` brings a dashboard with a map into view (the desk's overview).
    """
    board.ticket_source = open_marks(repository)
    if shelves is not None:
        book = shelves
        board.shelf_source = lambda: shelved_stations(board.places, book.active())

    def show(station: str) -> None:
        board.show_station(station)
        on_show()

    return show
