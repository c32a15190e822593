"""Alarm continuity: a restart, or a console that starts late, continues the open incident.

Found: a console that restarts, or starts late, during an ongoing alarm raised
a second incident for it, and the first stayed marked active for ever
(``AlarmEngine.restore_episode`` existed, but nothing called it). Each console
here is a real SQLite store with the real repository; the late console gets
the other's incident through a real sync server. Time is the readings' own
(a fake clock): one river reading a minute, no waiting.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smartcity_console.config import AppConfig, load_config
from smartcity_console.console.alarm_incidents import AlarmRecorder, StoreTickets
from smartcity_console.core.alarm_engine import AlarmEngine
from smartcity_console.core.incidents import Role
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.paths import bundled_config_file
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user
from smartcity_console.store import IncidentRepository, open_database
from smartcity_console.store.clients import client_id_for
from tests.support.auth_server import LiveServer, live_server
from tests.support.sync_consoles import PASSWORD, HeadlessConsole

RIVER = "rembang/environment/river_level/kali_babagan"
T0 = 1_764_300_000.0
# Minute by minute: normal for 5 minutes, in flood (river-flood: above 2.5 m,
# 2 minutes on-delay) until minute 60, then back below the 2.3 m deadband.
LEVELS = [1.5] * 5 + [3.0] * 55 + [2.0] * 10


@pytest.fixture(scope="module")
def config() -> AppConfig:
    return load_config(bundled_config_file())


class AlarmConsole:
    """One console's alarm path: decoder, engine, and the recorder over its incident store."""

    def __init__(self, config: AppConfig, repository: IncidentRepository, now: float) -> None:
        self.engine = AlarmEngine(config.alarms)
        self.ingest = FeedIngest(config.feeds, SeriesStore(), alarms=self.engine)
        self.recorder = AlarmRecorder(StoreTickets(repository), config.alarms, "en")
        self.restored = self.recorder.restore(self.engine, now)  # as Console.__init__ does

    def readings(self, first: int, last: int) -> None:
        """The river's readings of minutes [first, last), each arriving on time."""
        for minute in range(first, last):
            t = T0 + minute * 60
            payload = f'{{"ts": {t}, "value": {LEVELS[minute]}, "unit": "m"}}'.encode()
            self.ingest.handle(RIVER, payload, now=t)
            self.ingest.flush(now=t)

    def record(self) -> int:
        return self.recorder.record(self.ingest.alarm_events)


def test_a_restart_continues_its_incident_and_clears_it_when_the_flood_ends(
    config: AppConfig, tmp_path: Path
) -> None:
    db = open_database(tmp_path / "incidents.sqlite3")
    repository = IncidentRepository(
        db, "operator", Role.OPERATOR, "ruang-komando-1", client_id_for(db, "operator", "ws")
    )
    first = AlarmConsole(config, repository, T0)
    first.readings(0, 15)
    assert first.record() == 1
    (ticket,) = repository.list()
    assert ticket.alarm_active

    # Restart at minute 15, the river still in flood.
    second = AlarmConsole(config, repository, T0 + 15 * 60)
    assert second.restored == 1
    second.readings(15, 40)
    assert second.record() == 0
    assert [t.id for t in repository.list()] == [ticket.id]  # one incident
    assert repository.list()[0].alarm_active  # still marked active while the flood holds

    second.readings(40, 70)
    second.record()
    (after,) = repository.list()
    assert after.id == ticket.id
    assert not after.alarm_active  # cleared when the condition cleared
    assert after.alarm_cleared_at is not None
    assert after.alarm_cleared_at.timestamp() == T0 + 60 * 60
    db.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    server_db: ServerDatabase = app.state.server_db
    for name in ("sari", "budi"):
        add_user(server_db, name, Role.OPERATOR, PASSWORD)
    with live_server(app) as running:
        yield running
    server_db.close()


@pytest.mark.parametrize("pulled", ["before-it-starts", "after-its-engine-raised"])
def test_a_console_that_starts_late_attaches_to_the_open_incident(
    config: AppConfig, tmp_path: Path, server: LiveServer, pulled: str
) -> None:
    a = HeadlessConsole(tmp_path / "a" / "incidents.sqlite3", server.url, "ws-a")
    b = HeadlessConsole(tmp_path / "b" / "incidents.sqlite3", server.url, "ws-b")
    try:
        console_a = AlarmConsole(config, a.login("sari"), T0)
        console_a.readings(0, 20)
        assert console_a.record() == 1
        assert a.sync()
        (raised_by_a,) = a.tickets()

        # Console B starts 20 minutes in, the flood going on.
        repository_b = b.login("budi")
        if pulled == "before-it-starts":
            assert b.sync()  # A's incident is in B's store when B's engine starts
        console_b = AlarmConsole(config, repository_b, T0 + 20 * 60)
        assert console_b.restored == (1 if pulled == "before-it-starts" else 0)
        console_a.readings(20, 40)
        console_b.readings(20, 40)
        if pulled == "after-its-engine-raised":
            # B's own engine saw the flood start at minute 20 (another id); the pull
            # brings A's incident before B's recorder writes anything.
            assert [e.kind for e in console_b.ingest.alarm_events] == ["raised"]
            assert b.sync()
        assert console_b.record() == 0  # no incident of its own
        assert console_a.record() == 0

        # The flood ends; both consoles see it and say so on the one incident.
        console_a.readings(40, 70)
        console_b.readings(40, 70)
        console_b.record()
        console_a.record()
        assert b.sync()
        assert a.sync()
        assert b.sync()
        for console in (a, b):
            (ticket,) = console.r.list()  # one incident, everywhere
            assert ticket.id == raised_by_a
            assert not ticket.alarm_active
            assert ticket.alarm_cleared_at is not None
            assert ticket.alarm_cleared_at.timestamp() == T0 + 60 * 60
    finally:
        a.close()
        b.close()


def test_a_late_console_without_the_others_incident_raises_its_own(
    config: AppConfig, tmp_path: Path
) -> None:
    # The other side of attaching: with nothing open in its store, a console
    # that starts late does raise (it cannot know), and later ones attach to it.
    db = open_database(tmp_path / "incidents.sqlite3")
    repository = IncidentRepository(
        db, "operator", Role.OPERATOR, "ws", client_id_for(db, "operator", "ws")
    )
    late = AlarmConsole(config, repository, T0 + 20 * 60)
    late.readings(20, 30)
    assert late.record() == 1
    later = AlarmConsole(config, repository, T0 + 25 * 60)
    assert later.restored == 1
    db.close()
