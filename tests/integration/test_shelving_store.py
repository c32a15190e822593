"""Shelving at one console: the shelves it keeps, and shelved alarms that raise no incident.

Real SQLite store, the real repository and alarm engine, the bundled rules.
Time is a settable clock (shelves) and the readings' own times (alarms): no
waiting. A shelved alarm raises nothing, and raises its incident once its
shelf ends, by itself or early, while the condition still holds.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smartcity_console.config import AppConfig, load_config
from smartcity_console.console.alarm_incidents import AlarmRecorder, StoreTickets
from smartcity_console.core.alarm_engine import AlarmEngine
from smartcity_console.core.incidents import IncidentError, Role
from smartcity_console.core.incidents.shelving import shelf_id
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.paths import bundled_config_file
from smartcity_console.store import Database, IncidentRepository, open_database
from smartcity_console.store.clients import client_id_for
from smartcity_console.store.shelves import ShelfBook
from tests.support.clock import Clock

RIVER = "rembang/environment/river_level/kali_babagan"
T0 = 1_764_300_000.0
START = datetime.fromtimestamp(T0, UTC)


@pytest.fixture(scope="module")
def config() -> AppConfig:
    return load_config(bundled_config_file())


def book(db: Database, clock: Clock, user: str, role: Role) -> ShelfBook:
    repo = IncidentRepository(db, user, role, "ws-1", client_id_for(db, user, "ws-1"), clock=clock)
    return ShelfBook(db, repo.actor, clock=clock)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "incidents.sqlite3")


def outbox(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT kind, ticket_id FROM outbox ORDER BY seq").fetchall()


def test_a_supervisor_shelves_and_ends_a_shelf_each_a_journalled_op(
    db: Database, tmp_path: Path
) -> None:
    clock = Clock(START)
    sari = book(db, clock, "sari", Role.SUPERVISOR)
    shelf = sari.shelve(
        "river-flood", series=RIVER, until=START + timedelta(hours=1), reason="sensor cleaned"
    )
    assert shelf.id == shelf_id("river-flood", RIVER, None)
    assert [(s.rule, s.series, s.shelved_by, s.reason) for s in sari.active()] == [
        ("river-flood", RIVER, "sari", "sensor cleaned")
    ]
    clock.advance(minutes=10)
    sari.unshelve(shelf.id)
    assert sari.active() == []
    assert outbox(tmp_path / "incidents.sqlite3") == [("shelve", shelf.id), ("unshelve", shelf.id)]
    with pytest.raises(IncidentError, match="not shelved"):
        sari.unshelve(shelf.id)


def test_an_operator_cannot_shelve_and_nothing_is_written(db: Database, tmp_path: Path) -> None:
    clock = Clock(START)
    budi = book(db, clock, "budi", Role.OPERATOR)
    with pytest.raises(IncidentError, match="Only a supervisor"):
        budi.shelve("river-flood", series=RIVER, until=START + timedelta(hours=1), reason="x")
    assert outbox(tmp_path / "incidents.sqlite3") == []
    assert budi.active() == []


def test_a_shelf_ends_by_itself_at_its_time(db: Database) -> None:
    clock = Clock(START)
    sari = book(db, clock, "sari", Role.SUPERVISOR)
    sari.shelve(
        "river-flood", station="Kali Babagan", until=START + timedelta(minutes=15), reason="r"
    )
    clock.advance(minutes=14, seconds=59)
    assert sari.covering("river-flood", RIVER, "Kali Babagan") is not None
    clock.advance(seconds=1)
    assert sari.covering("river-flood", RIVER, "Kali Babagan") is None
    assert sari.active() == []


class ShelvedConsole:
    """The alarm path of a console whose recorder asks the shelves, at the readings' time."""

    def __init__(self, config: AppConfig, db: Database, shelves: ShelfBook) -> None:
        self.repo = IncidentRepository(db, "sari", Role.SUPERVISOR, "ws-1", shelves.actor.client_id)
        self.engine = AlarmEngine(config.alarms)
        self.ingest = FeedIngest(config.feeds, SeriesStore(), alarms=self.engine)

        def is_shelved(rule: str, series: str, station: str, at: float) -> bool:
            when = datetime.fromtimestamp(at, UTC)
            return shelves.covering(rule, series, station, when) is not None

        self.recorder = AlarmRecorder(
            StoreTickets(self.repo), config.alarms, "en", shelved=is_shelved
        )

    def minute(self, minute: int, level: float) -> int:
        """One river reading at minute ``minute``, then the recorder's tick at that time."""
        t = T0 + minute * 60
        self.ingest.handle(RIVER, f'{{"ts": {t}, "value": {level}, "unit": "m"}}'.encode(), now=t)
        self.ingest.flush(now=t)
        return self.recorder.record(self.ingest.alarm_events, t)


def test_a_shelved_alarm_raises_nothing_and_raises_again_once_the_shelf_expires(
    config: AppConfig, db: Database
) -> None:
    clock = Clock(START)
    sari = book(db, clock, "sari", Role.SUPERVISOR)
    sari.shelve("river-flood", series=RIVER, until=START + timedelta(minutes=30), reason="dredging")
    console = ShelvedConsole(config, db, sari)
    created = sum(console.minute(m, 1.5) for m in range(5))
    created += sum(console.minute(m, 3.0) for m in range(5, 30))  # in flood, shelved
    assert created == 0
    assert console.repo.list() == []
    assert console.recorder.held  # the episode waits for its shelf to end
    assert console.minute(30, 3.0) == 1  # the shelf expired at minute 30, the flood goes on
    (ticket,) = console.repo.list()
    assert ticket.alarm_rule == "river-flood"
    assert ticket.alarm_active
    assert not console.recorder.held


def test_ending_a_shelf_early_raises_the_alarm_still_active(
    config: AppConfig, db: Database
) -> None:
    clock = Clock(START)
    sari = book(db, clock, "sari", Role.SUPERVISOR)
    shelf = sari.shelve(
        "river-flood", station="Kali Babagan", until=START + timedelta(hours=8), reason="r"
    )
    console = ShelvedConsole(config, db, sari)
    assert sum(console.minute(m, 3.0) for m in range(0, 10)) == 0
    clock.advance(minutes=10)
    sari.unshelve(shelf.id)
    assert console.minute(10, 3.0) == 1
    assert len(console.repo.list()) == 1


def test_an_alarm_that_clears_while_shelved_raises_nothing_after(
    config: AppConfig, db: Database
) -> None:
    clock = Clock(START)
    sari = book(db, clock, "sari", Role.SUPERVISOR)
    sari.shelve("river-flood", series=RIVER, until=START + timedelta(minutes=40), reason="r")
    console = ShelvedConsole(config, db, sari)
    assert sum(console.minute(m, 3.0) for m in range(0, 10)) == 0
    assert sum(console.minute(m, 2.0) for m in range(10, 45)) == 0  # cleared, shelf over
    assert console.repo.list() == []
    assert not console.recorder.held


def test_an_alarm_of_another_rule_or_series_is_not_shelved(config: AppConfig, db: Database) -> None:
    clock = Clock(START)
    sari = book(db, clock, "sari", Role.SUPERVISOR)
    sari.shelve("river-flood", series=RIVER + "_hulu", until=START + timedelta(hours=1), reason="r")
    console = ShelvedConsole(config, db, sari)
    assert sum(console.minute(m, 3.0) for m in range(0, 10)) == 1


def test_a_shelf_marks_its_station_shelved_on_the_map_until_it_ends(db: Database) -> None:
    """The map (issue 19) shows what is shelved: a series' shelf marks that series' station."""
    from smartcity_console.core.geo import BaseMap
    from smartcity_console.core.map_states import MapBoard, MarkerState, station_states
    from smartcity_console.core.places import PlaceBook, StationPlace
    from smartcity_console.gui.dashboard.map_feed import connect_map

    clock = Clock(START)
    sari = book(db, clock, "sari", Role.SUPERVISOR)
    repo = IncidentRepository(
        db, "sari", Role.SUPERVISOR, "ws-1", client_id_for(db, "sari", "ws-1")
    )
    places = PlaceBook([StationPlace("kali_babagan", -6.70, 111.35, "Rembang")])
    board = MapBoard(places, BaseMap())
    connect_map(board, repo, lambda: None, sari)
    board.poll(0.0)
    assert board.shelved == frozenset()

    shelf = sari.shelve("river-flood", series=RIVER, until=START + timedelta(hours=1), reason="x")
    board.poll(1000.0)
    assert board.shelved == {"kali_babagan"}
    states = station_states(["kali_babagan"], board.incidents, (), START, board.shelved)
    assert states["kali_babagan"] is MarkerState.SHELVED

    sari.unshelve(shelf.id)
    board.poll(2000.0)
    assert board.shelved == frozenset()
