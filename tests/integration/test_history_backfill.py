"""Instant backfill (console/history_backfill.py) over a real sync server with history.

Real parts: the server on SQLite and PostgreSQL (``server_database_url``),
readings written by the recorder's writer, Mosquitto from
tests/support/mosquitto.py and the console's MQTT client, ticked headless
as the GUI's timer ticks it. River readings are the bundled config's
``rembang/environment/river_level/+`` feed in metres (docs/topics.md).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from smartcity_console.config import AppConfig, load_config
from smartcity_console.console.app import ConsoleApp
from smartcity_console.console.history_backfill import HistoryBackfill
from smartcity_console.console.session import Operator
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
from smartcity_console.sync import auth_client
from smartcity_console.sync.token_store import TokenStore
from tests.support.auth_server import LiveServer, live_server
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish
from tests.support.waits import until

RIVER = "rembang/environment/river_level/kali_babagan"
DOOR = "rembang/buildings/pump_house/door"  # two-valued (Reading.state): drawn as steps
STATION = "ruang-komando-1"
PASSWORD = "kartini-2025"  # noqa: S105 (a test account)
DAY = 86_400.0


@dataclass(frozen=True)
class Night:
    """The night the console was off, ending when the test starts (not when pytest imported it).

    A week of one reading a minute, the last hour every 10 s, and one spike.
    Under a long suite minutes pass between import and test, and the "last
    hour" the console asks for must be the last hour of the readings.
    """

    now: float

    @property
    def week(self) -> list[Reading]:
        start = self.now - 7 * DAY
        return [
            Reading(RIVER, start + 60.0 * i, 1.0 + (i % 30) / 100, "m") for i in range(7 * 1440)
        ]

    @property
    def hour(self) -> list[Reading]:
        return [Reading(RIVER, self.now - 3600 + 10.0 * i + 5.0, 1.5, "m") for i in range(355)]

    @property
    def door(self) -> list[Reading]:
        """The pump house door, opened for ten minutes every hour of the last day."""
        start = self.now - DAY
        return [Reading(DOOR, start + 600.0 * i, float(i % 6 == 0), None, True) for i in range(144)]

    @property
    def spike_t(self) -> float:
        return self.now - 5 * DAY + 17.0


@pytest.fixture
def night() -> Night:
    return Night(time.time())


@pytest.fixture
def historian(server_database_url: str, night: Night) -> Iterator[tuple[LiveServer, HistoryWriter]]:
    """The sync server with the night recorded, and the writer a recorder writes with."""
    served = create_app(server_database_url)
    server_db: ServerDatabase = served.state.server_db
    add_user(server_db, "sari", Role.OPERATOR, PASSWORD)
    writer = HistoryWriter(server_db.engine, Retention(raw_days=None))
    writer.write(
        [*night.week, *night.hour, *night.door, Reading(RIVER, night.spike_t, 4.2, "m")], night.now
    )
    with live_server(served) as running:
        yield running, writer
    server_db.close()


@pytest.fixture
def server(historian: tuple[LiveServer, HistoryWriter]) -> LiveServer:
    return historian[0]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "incidents.sqlite3")
    yield database
    database.close()


def config_for(broker_url: str, server_url: str) -> AppConfig:
    base = load_config(bundled_config_file())
    broker = base.broker.model_copy(
        update={"url": broker_url, "backoff_initial_s": 0.1, "backoff_max_s": 0.5}
    )
    server = base.server.model_copy(update={"url": server_url, "poke_topic": ""})
    return base.model_copy(update={"workstation": STATION, "broker": broker, "server": server})


def sign_in(url: str) -> str:
    answer = httpx.post(f"{url}/api/v1/auth/login", json={"username": "sari", "password": PASSWORD})
    token: str = answer.json()["token"]
    return token


def ticked(app: ConsoleApp, condition: Callable[[], bool]) -> None:
    def check() -> bool:
        app.tick()
        return condition()

    asyncio.run(until(check, within_s=60.0))


@pytest.fixture
def console(db: Database) -> Iterator[Callable[[AppConfig, HistoryBackfill], ConsoleApp]]:
    opened: list[ConsoleApp] = []

    def open_console(config: AppConfig, backfill: HistoryBackfill) -> ConsoleApp:
        app = ConsoleApp(
            config, db, Operator("sari", Role.OPERATOR, client_id_for(db, "sari", STATION))
        )
        app.add_service(backfill)
        opened.append(app)
        app.start()
        return app

    yield open_console
    for app in opened:
        app.shutdown()


@pytest.mark.broker
def test_a_console_started_after_a_night_off_shows_the_night_and_the_week(
    mosquitto: Mosquitto, server: LiveServer, console: Callable[..., ConsoleApp], night: Night
) -> None:
    token = sign_in(server.url)
    backfill = HistoryBackfill(token=lambda: token)
    app = console(config_for(mosquitto.url, server.url), backfill)

    ticked(app, lambda: backfill.status.state == "done")

    assert backfill.status.series == 2
    assert backfill.status.message is None
    door = app.store.snapshot(DOOR, since=night.now - DAY)
    assert door is not None
    assert door.state  # the door's past plots as steps, as its live readings do
    river = app.store.snapshot(RIVER, since=night.now - DAY)
    assert river is not None
    assert not river.state
    week = app.store.snapshot(RIVER, since=night.now - 7 * DAY + 1200)
    assert week is not None
    assert week.resolution == "10min"
    assert week.t[0] <= night.now - 7 * DAY + 1200  # full from its first minute
    assert week.v_max is not None
    assert max(week.v_max) == pytest.approx(4.2)
    day = app.store.snapshot(RIVER, since=night.now - DAY + 120)
    assert day is not None
    assert day.resolution == "1min"
    assert day.t[0] <= night.now - DAY + 120
    hour = app.store.snapshot(RIVER, since=night.now - 3500)
    assert hour is not None
    assert hour.resolution == "raw"
    recorded = sorted(
        r.t for r in [*night.week, *night.hour] if r.t is not None and r.t >= night.now - 3500
    )
    assert list(hour.t) == recorded  # every reading of the last hour, once

    # Live readings go on on top, without a seam.
    asyncio.run(until(lambda: app.mqtt.status.state == "connected", within_s=30.0))
    live_t = time.time()
    publish(mosquitto.port, [(RIVER, json.dumps({"ts": live_t, "value": 2.0, "unit": "m"}))])
    ticked(app, lambda: (b := app.store.buffer(RIVER)) is not None and b.last() == (live_t, 2.0))
    after = app.store.snapshot(RIVER, since=night.now - 3500)
    assert after is not None
    assert len(after.t) == len(hour.t) + 1


@pytest.mark.broker
def test_historian_down_the_status_says_so_and_live_readings_still_plot(
    mosquitto: Mosquitto, console: Callable[..., ConsoleApp]
) -> None:
    backfill = HistoryBackfill(token=lambda: "a-token-for-a-server-that-is-not-there")
    app = console(config_for(mosquitto.url, "http://127.0.0.1:9"), backfill)

    ticked(app, lambda: backfill.status.state == "unavailable")

    assert backfill.status.message is not None
    assert backfill.status.message.en == ("History unavailable: showing what this console received")
    assert backfill.status.message.text("id") != backfill.status.message.en
    asyncio.run(until(lambda: app.mqtt.status.state == "connected", within_s=30.0))
    live_t = time.time()
    publish(mosquitto.port, [(RIVER, json.dumps({"ts": live_t, "value": 2.0, "unit": "m"}))])
    ticked(app, lambda: (b := app.store.buffer(RIVER)) is not None and b.last() == (live_t, 2.0))


@pytest.mark.broker
def test_no_one_signed_in_nothing_is_asked_and_the_status_says_why(
    mosquitto: Mosquitto, server: LiveServer, console: Callable[..., ConsoleApp]
) -> None:
    backfill = HistoryBackfill(token=lambda: None)
    console(config_for(mosquitto.url, server.url), backfill)
    assert backfill.status.state == "signed-out"
    assert backfill.status.message is not None
    assert backfill.status.message.en == "History: sign in to load the past"


@pytest.mark.broker
def test_scrolling_back_asks_the_historian_again_when_the_start_could_not(
    mosquitto: Mosquitto, server: LiveServer, console: Callable[..., ConsoleApp], night: Night
) -> None:
    signed_in: list[str] = []  # no one at start: nothing is filled
    backfill = HistoryBackfill(token=lambda: signed_in[0] if signed_in else None)
    app = console(config_for(mosquitto.url, server.url), backfill)
    assert backfill.status.state == "signed-out"
    assert app.store.buffer(RIVER) is None

    signed_in.append(sign_in(server.url))
    assert backfill.want(
        night.now - 2 * DAY, night.now - DAY
    )  # the operator scrolled two days back
    ticked(app, lambda: backfill.status.state == "done")

    week = app.store.snapshot(RIVER, since=night.now - 2 * DAY)
    assert week is not None
    assert week.t[0] <= night.now - 2 * DAY + 600
    assert not backfill.want(night.now - 2 * DAY, night.now - DAY)  # filled: not asked twice


@pytest.mark.broker
def test_after_a_reconnect_the_gap_comes_from_the_historian(
    own_mosquitto: Mosquitto,
    historian: tuple[LiveServer, HistoryWriter],
    console: Callable[..., ConsoleApp],
) -> None:
    server, writer = historian
    own_mosquitto.start()
    token = sign_in(server.url)
    backfill = HistoryBackfill(token=lambda: token)
    app = console(config_for(own_mosquitto.url, server.url), backfill)
    ticked(app, lambda: backfill.status.state == "done" and app.broker_status.state == "connected")

    own_mosquitto.stop()
    ticked(app, lambda: app.broker_status.state != "connected")
    # While this console was cut off, the recorder (on its own link) kept recording.
    gap_start = time.time() - 2.0
    gap = [Reading(RIVER, gap_start + 0.5 * i, 2.2, "m") for i in range(4)]
    writer.write(gap, gap_start + 2)
    own_mosquitto.start()

    def has_gap() -> bool:
        buf = app.store.buffer(RIVER)
        if buf is None:
            return False
        t, _v = buf.window(gap_start)
        return list(t) == [r.t for r in gap]

    ticked(app, has_gap)
    assert backfill.status.fills == 2  # the start, then the gap


@pytest.mark.broker
def test_the_signed_in_operators_kept_token_is_what_asks(
    mosquitto: Mosquitto, server: LiveServer, db: Database, night: Night
) -> None:
    """The product's path: sign-in keeps a token, sync starts, the backfill asks with it."""
    tokens = TokenStore(use_keyring=False)
    session = auth_client.login(
        server.url, "sari", PASSWORD, db=db, workstation=STATION, tokens=tokens
    )
    app = ConsoleApp(config_for(mosquitto.url, server.url), db, Operator.of(session))
    backfill = HistoryBackfill()  # no token given: the operator's kept one
    app.add_service(backfill)

    async def shift() -> None:
        app.start_sync(tokens)
        app.start()

        def filled() -> bool:
            app.tick()
            return backfill.status.state == "done"

        await until(filled, within_s=60.0)
        await app.stop_sync()

    try:
        asyncio.run(shift())
    finally:
        app.shutdown()
    week = app.store.snapshot(RIVER, since=night.now - 7 * DAY + 1200)
    assert week is not None
    assert week.t[0] <= night.now - 7 * DAY + 1200
