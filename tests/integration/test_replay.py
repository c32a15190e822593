"""Replay (console/replay.py) of a recorded period, headless, over a real sync server.

Real parts: the server with its history on SQLite and PostgreSQL, readings
written by the recorder's writer, Mosquitto and the console's MQTT client
(the console runs live beside the replay). The replay is ticked with the
times a one-second timer would pass, so 60x plays ten minutes in ten ticks
without waiting for them. River readings are the bundled config's
``rembang/environment/river_level/+`` feed in metres; its ``river-flood``
rule raises above 2.5 m held for two minutes (docs/alarms.md).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from smartcity_console.config import AppConfig, load_config
from smartcity_console.console.app import ConsoleApp
from smartcity_console.console.replay import ReplayError, ReplayPeriod, ReplayService
from smartcity_console.console.session import Operator
from smartcity_console.core.clock import wib
from smartcity_console.core.incidents import Role
from smartcity_console.core.readings import Reading
from smartcity_console.history.partitions import Retention
from smartcity_console.history.writer import HistoryWriter
from smartcity_console.paths import bundled_config_file
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user
from smartcity_console.store import Database, open_database
from smartcity_console.store.clients import client_id_for
from smartcity_console.store.sync_apply import pending_count
from tests.support.auth_server import LiveServer, live_server
from tests.support.mosquitto import Mosquitto
from tests.support.waits import until

RIVER = "rembang/environment/river_level/kali_babagan"
STATION = "ruang-komando-1"
PASSWORD = "kartini-2025"  # noqa: S105 (a test account)
T0 = 1_764_300_000.0  # 2025-11-28 03:20 UTC, 10:20 WIB: the period replayed is [T0, T0 + 600)
# Normal, then the river above 2.5 m for five minutes (from T0 + 120), then normal again.
DOOR = "rembang/buildings/pump_house/door"
# The pump house door opened during the flood: two-valued (Reading.state).
DOORS = [Reading(DOOR, T0 + 60.0 * i, float(2 <= i < 7), None, True) for i in range(10)]
FLOOD = [Reading(RIVER, T0 + 10.0 * i, 3.1 if 120 <= 10 * i < 420 else 1.2, "m") for i in range(60)]


@pytest.fixture
def server(server_database_url: str) -> Iterator[LiveServer]:
    served = create_app(server_database_url)
    server_db: ServerDatabase = served.state.server_db
    add_user(server_db, "sari", Role.OPERATOR, PASSWORD)
    HistoryWriter(server_db.engine, Retention(raw_days=None)).write([*FLOOD, *DOORS], T0 + 600)
    with live_server(served) as running:
        yield running
    server_db.close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "incidents.sqlite3")
    yield database
    database.close()


def config_for(broker_url: str, server_url: str) -> AppConfig:
    base = load_config(bundled_config_file())
    broker = base.broker.model_copy(update={"url": broker_url})
    server = base.server.model_copy(update={"url": server_url, "poke_topic": ""})
    return base.model_copy(update={"workstation": STATION, "broker": broker, "server": server})


@contextmanager
def replaying(
    mosquitto: Mosquitto, server: LiveServer, db: Database
) -> Iterator[tuple[ConsoleApp, ReplayService]]:
    """A started console signed in as sari, with the replay service on the server's history."""
    token = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "sari", "password": PASSWORD}
    ).json()["token"]
    app = ConsoleApp(
        config_for(mosquitto.url, server.url),
        db,
        Operator("sari", Role.OPERATOR, client_id_for(db, "sari", STATION)),
    )
    replay = ReplayService(
        lambda: httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"})
    )
    app.add_service(replay)
    app.start()
    try:
        yield app, replay
    finally:
        app.shutdown()


@pytest.mark.broker
def test_a_flood_replayed_at_60x_raises_its_alarm_in_replay_and_writes_nothing(
    mosquitto: Mosquitto, server: LiveServer, db: Database
) -> None:
    with replaying(mosquitto, server, db) as (app, replay):
        session = replay.begin(ReplayPeriod(T0, T0 + 600), 60)
        wall = time.time()
        asyncio.run(until(lambda: not session.tick(wall) and session.state != "loading"))
        state: str = session.state  # a str: ticking changes it below
        assert state == "playing"
        assert session.banner() == f"REPLAY {wib(T0):%H:%M} WIB, 60x"

        for second in range(1, 11):  # ten one-second ticks at 60x: the ten minutes
            session.tick(wall + second)

        state = session.state
        assert state == "finished"
        raised = [e for e in session.raised if e.kind == "raised"]
        assert [(e.rule_id, e.series) for e in raised] == [("river-flood", RIVER)]
        assert raised[0].at == T0 + 240  # above 2.5 m from T0 + 120, held two minutes
        # Shown, never written: no ticket, nothing in the outbox, the live store untouched.
        app.tick()
        assert app.repository.count() == 0
        assert pending_count(db) == 0
        assert app.store.buffer(RIVER) is None
        replayed = session.store.snapshot(RIVER)
        assert replayed is not None
        assert len(replayed.t) == len(FLOOD)
        door = session.store.snapshot(DOOR)
        assert door is not None
        assert door.state  # replayed as a door (steps, open/closed), not a number
        replay.end()
        assert replay.session is None  # back to live


def test_a_period_or_speed_that_cannot_be_replayed_is_refused_in_words() -> None:
    with pytest.raises(ReplayError, match="must end after it starts"):
        ReplayPeriod(T0, T0)
    with pytest.raises(ReplayError, match="at most 24 hours"):
        ReplayPeriod(T0, T0 + 2 * 86_400)
    around = ReplayPeriod.around(T0)
    assert (around.start, around.end) == (T0 - 1800, T0 + 600)


@pytest.mark.broker
def test_pause_holds_the_replay_and_seeking_replays_what_the_period_holds_up_to_there(
    mosquitto: Mosquitto, server: LiveServer, db: Database
) -> None:
    with replaying(mosquitto, server, db) as (app, replay):
        session = replay.begin(ReplayPeriod(T0, T0 + 600), 10)
        wall = time.time()
        asyncio.run(until(lambda: not session.tick(wall) and session.state != "loading"))

        session.pause()
        session.tick(wall + 30)  # half a minute of the wall's time, paused: the clock holds
        assert session.position == T0
        assert session.paused
        session.pause(False)
        session.tick(wall + 31)  # and goes on from where it was: one second at 10x
        assert session.position == T0 + 10

        session.seek(T0 + 300)  # past the flood's two minutes above 2.5 m
        assert [(e.rule_id, e.at) for e in session.raised if e.kind == "raised"] == [
            ("river-flood", T0 + 240)
        ]
        river = session.store.snapshot(RIVER)
        assert river is not None
        assert river.t[-1] == T0 + 300

        session.seek(T0 + 60)  # back before the flood: it has not happened yet
        assert session.position == T0 + 60
        assert session.raised == []
        river = session.store.snapshot(RIVER)
        assert river is not None
        assert list(river.t) == [T0 + 10.0 * i for i in range(7)]

        session.seek(T0 + 10_000)  # past the end: the end, the flood raised once
        assert session.state == "finished"
        assert len([e for e in session.raised if e.kind == "raised"]) == 1
        assert app.repository.count() == 0  # and nothing of it written
        assert pending_count(db) == 0
