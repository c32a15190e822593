"""The application layer without a window (console/app.py): what the GUI draws, driven headless.

Real parts only: the console's SQLite store, Mosquitto from
tests/support/mosquitto.py, the MQTT client in its child process, and a
sync server (SQLite) served by uvicorn. Nothing here imports Qt: the test
ticks :class:`ConsoleApp` as the GUI's QTimer does, and waits on what the
store shows, never on time. River readings are the bundled config's
``rembang/environment/river_level/+`` feed: ``{"ts", "value", "unit"}`` in
metres, as docs/topics.md and the simulator publish them; the bundled
``river-flood`` rule raises above 2.5 m held for two minutes.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smartcity_console.config import AppConfig, load_config
from smartcity_console.console.app import ConsoleApp
from smartcity_console.console.events import AlarmsRecorded, SignedOut
from smartcity_console.console.session import Operator, resume_operator
from smartcity_console.core.incidents import Role
from smartcity_console.paths import bundled_config_file
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user
from smartcity_console.store import Database, IncidentRepository, open_database
from smartcity_console.store.clients import client_id_for
from smartcity_console.sync import auth_client
from smartcity_console.sync.token_store import TokenStore
from tests.support.auth_server import LiveServer, live_server
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish
from tests.support.waits import until

RIVER = "rembang/environment/river_level/kali_babagan"
STATION = "ruang-komando-1"
PASSWORD = "kartini-2025"  # noqa: S105 (the test account's password)


def config_for(broker_url: str, server_url: str = "http://127.0.0.1:9") -> AppConfig:
    base = load_config(bundled_config_file())
    broker = base.broker.model_copy(
        update={"url": broker_url, "backoff_initial_s": 0.1, "backoff_max_s": 0.5}
    )
    server = base.server.model_copy(update={"url": server_url, "poke_topic": ""})
    return base.model_copy(update={"workstation": STATION, "broker": broker, "server": server})


def river(ts: float, metres: float) -> tuple[str, str]:
    return RIVER, json.dumps({"ts": ts, "value": metres, "unit": "m"})


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "incidents.sqlite3")
    yield database
    database.close()


@pytest.fixture
def consoles() -> Iterator[list[ConsoleApp]]:
    opened: list[ConsoleApp] = []
    yield opened
    for app in opened:
        app.shutdown()


def open_app(consoles: list[ConsoleApp], config: AppConfig, db: Database) -> ConsoleApp:
    operator = Operator("siti", Role.SUPERVISOR, client_id_for(db, "siti", STATION))
    app = ConsoleApp(config, db, operator)
    consoles.append(app)
    return app


def ticked_until(app: ConsoleApp, condition: Callable[[], bool]) -> Callable[[], bool]:
    """The condition, with the application ticked before each look (as the GUI's timer does)."""

    def check() -> bool:
        app.tick()
        return condition()

    return check


def wait(condition: Callable[[], bool]) -> None:
    asyncio.run(until(condition, within_s=30.0))


@pytest.mark.broker
def test_a_reading_past_a_threshold_raises_an_incident(
    mosquitto: Mosquitto, db: Database, consoles: list[ConsoleApp]
) -> None:
    app = open_app(consoles, config_for(mosquitto.url), db)
    recorded: list[AlarmsRecorded] = []
    app.events.alarms_recorded.subscribe(recorded.append)
    app.start()
    wait(lambda: app.mqtt.status.state == "connected")
    now = time.time()
    # Above 2.5 m for three minutes, readings a minute apart: past the two-minute on-delay.
    publish(mosquitto.port, [river(now - 180 + 60 * i, 3.0) for i in range(4)])

    wait(ticked_until(app, lambda: app.repository.count() == 1))
    (ticket,) = app.repository.list()
    assert ticket.alarm_rule == "river-flood"
    assert ticket.series == RIVER
    assert ticket.alarm_active
    assert (ticket.severity, ticket.program) == ("critical", "environment")
    assert ticket.title.startswith("Banjir: muka air")  # the config's language (id)
    assert sum(event.created for event in recorded) == 1  # the views were told


@pytest.mark.broker
def test_an_alarm_already_open_at_restart_is_not_raised_twice(
    mosquitto: Mosquitto, db: Database, consoles: list[ConsoleApp]
) -> None:
    now = time.time()
    before = IncidentRepository(
        db, "siti", Role.SUPERVISOR, STATION, client_id_for(db, "siti", "w")
    )
    ticket, _ = before.create_alarm_incident(
        "river-flood",
        RIVER,
        now - 600,
        title="Banjir: muka air Kali Babagan 2.99 m",
        program="environment",
        severity="critical",
    )
    app = open_app(consoles, config_for(mosquitto.url), db)
    app.start()
    wait(lambda: app.mqtt.status.state == "connected")
    # Still in flood for three more minutes: the restarted console continues, raises nothing.
    publish(mosquitto.port, [river(now - 180 + 60 * i, 3.1) for i in range(4)])
    wait(ticked_until(app, lambda: app.store.buffer(RIVER) is not None))
    # The river falls below the deadband: the open incident's alarm clears, still one ticket.
    publish(mosquitto.port, [river(now + 60, 1.4)])

    def cleared() -> bool:
        shown = app.repository.get(ticket.id)
        return shown is not None and not shown.alarm_active

    wait(ticked_until(app, cleared))
    assert [t.id for t in app.repository.list()] == [ticket.id]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    served = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    server_db: ServerDatabase = served.state.server_db
    add_user(server_db, "sari", Role.SUPERVISOR, PASSWORD)
    with live_server(served) as running:
        yield running
    server_db.close()


@pytest.mark.broker
def test_sign_out_stops_sync_and_forgets_the_session(
    mosquitto: Mosquitto, server: LiveServer, db: Database, consoles: list[ConsoleApp]
) -> None:
    config = config_for(mosquitto.url, server.url)
    tokens = TokenStore(use_keyring=False)
    session = auth_client.login(
        server.url, "sari", PASSWORD, db=db, workstation=STATION, tokens=tokens
    )
    app = ConsoleApp(config, db, Operator.of(session))
    consoles.append(app)
    assert resume_operator(config, db, tokens) == app.operator  # a restart would continue
    told: list[SignedOut] = []
    app.events.signed_out.subscribe(told.append)

    async def shift_change() -> None:
        sync = app.start_sync(tokens)
        app.start()
        await until(lambda: sync.engine.status.state == "synced")
        app.repository.create("Lampu jalan padam", "living", "high", station="Lasem")
        sync.changed_here()
        await until(lambda: sync.engine.status.state == "synced" and not sync.engine.status.pending)
        assert await app.sign_out() == 0  # nothing of hers waits
        assert not sync.running

    asyncio.run(shift_change())
    assert app.signed_out
    assert told == [SignedOut("sari", 0)]
    assert tokens.load(server.url, "sari") is None
    assert resume_operator(config, db, tokens) is None  # the next start asks who is there


class Recording:
    """A stand-in for a next feature (a shift report): records when the console calls it."""

    name = "recording"

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.app: ConsoleApp | None = None

    def start(self, app: ConsoleApp) -> None:
        self.app = app
        self.calls.append("start")

    def tick(self, now: float) -> None:
        self.calls.append("tick")

    def stop(self) -> None:
        self.calls.append("stop")


class Failing(Recording):
    name = "failing"

    def tick(self, now: float) -> None:
        raise RuntimeError("a report that cannot be written")


def test_services_start_tick_and_stop_with_the_console_and_one_failing_stops_nothing(
    own_mosquitto: Mosquitto, db: Database
) -> None:
    # The broker is not running: the services do not need it, and the console starts anyway.
    operator = Operator("siti", Role.OPERATOR, client_id_for(db, "siti", STATION))
    app = ConsoleApp(config_for(own_mosquitto.url), db, operator)
    failing, report = Failing(), Recording()
    app.add_service(failing)
    app.add_service(report)
    app.start()
    app.tick()
    app.tick()
    app.shutdown()
    app.tick()  # after shutdown: services are not ticked again
    assert report.calls == ["start", "tick", "tick", "stop"]
    assert report.app is app
    assert failing.calls == ["start", "stop"]
    with pytest.raises(RuntimeError, match="after the console started"):
        app.add_service(Recording())
