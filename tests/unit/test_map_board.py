"""The map board reads open incidents on the executor it is given, never in the frame's poll.

The console gives it a thread of its own: the poll runs in the GUI thread's
frame, and the read (open tickets and shelves) took a frame or more at a few
years of incidents.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from smartcity_console.core.geo import BaseMap
from smartcity_console.core.incidents import Severity, Status
from smartcity_console.core.map_states import IncidentMark, MapBoard
from smartcity_console.core.places import PlaceBook
from smartcity_console.sim.places import SIM_PLACES

MARK = IncidentMark(
    id="t1",
    title="Kali Lasem overflowing",
    station="gauge_c",
    severity=Severity.CRITICAL,
    status=Status.NEW,
    created_at=datetime(2026, 12, 2, 3, 0, tzinfo=UTC),
    acknowledged_at=None,
)


def test_a_poll_hands_the_read_to_the_executor_and_a_later_poll_takes_its_answer() -> None:
    release = threading.Event()
    readers: list[str] = []

    def held_read() -> list[IncidentMark]:
        readers.append(threading.current_thread().name)
        assert release.wait(30)
        return [MARK]

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="map-board") as executor:
        board = MapBoard(PlaceBook(SIM_PLACES), BaseMap(), executor=executor)
        board.ticket_source = held_read
        board.shelf_source = lambda: ["kali_sedan"]
        board.poll(0.0)  # returns while the read is held on the executor
        board.poll(10.0)  # due again, but one read at a time
        assert not board.incidents
        version = board.version
        release.set()
        executor.submit(lambda: None).result()  # one worker: the read is done
        board.poll(10.5)
        assert board.incidents == (MARK,)
        assert board.shelved == {"kali_sedan"}
        assert board.version > version
    assert readers[0].startswith("map-board")
    assert threading.current_thread().name not in readers


def test_a_failed_read_keeps_what_the_map_showed(caplog: pytest.LogCaptureFixture) -> None:
    with ThreadPoolExecutor(max_workers=1) as executor:
        board = MapBoard(PlaceBook(SIM_PLACES), BaseMap(), executor=executor)
        board.ticket_source = lambda: [MARK]
        board.poll(0.0)
        executor.submit(lambda: None).result()
        board.poll(0.1)
        assert board.incidents == (MARK,)

        def broken() -> list[IncidentMark]:
            raise OSError("database is locked")

        board.ticket_source = broken
        board.poll(5.0)
        executor.submit(lambda: None).result()
        with caplog.at_level(logging.WARNING):
            board.poll(5.1)
        assert board.incidents == (MARK,)
        assert "database is locked" in caplog.text
