"""The console wires alarms through outages and restarts: its link incident, its open episodes.

The whole console (window, MQTT process, alarm timer, SQLite store) against
a real Mosquitto: the engine-level rules are tested in
tests/unit/test_link_outage.py and tests/integration/test_alarm_continuity.py;
these check that the console itself restores, ticks and records them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from smartcity_console.config import AppConfig, OutageConfig, load_config
from smartcity_console.core.incidents import Role
from smartcity_console.gui.shell.app import Console, Operator
from smartcity_console.paths import bundled_config_file
from smartcity_console.store import Database, IncidentRepository, open_database
from smartcity_console.store.clients import client_id_for
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish

RIVER = "rembang/environment/river_level/kali_babagan"


def console_config(url: str, outage: OutageConfig | None = None) -> AppConfig:
    base = load_config(bundled_config_file())
    broker = base.broker.model_copy(
        update={"url": url, "backoff_initial_s": 0.1, "backoff_max_s": 0.5}
    )
    outage = outage or OutageConfig()
    return base.model_copy(
        update={"workstation": "ruang-komando-1", "broker": broker, "outage": outage}
    )


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "incidents.sqlite3")
    yield database
    database.close()


@pytest.fixture
def open_console(qtbot: QtBot, db: Database) -> Iterator[list[Console]]:
    consoles: list[Console] = []
    yield consoles
    for console in consoles:
        console.window.close()
        console.shutdown()


def start(qtbot: QtBot, consoles: list[Console], config: AppConfig, db: Database) -> Console:
    operator = Operator("siti", Role.SUPERVISOR, client_id_for(db, "siti", "ruang-komando-1"))
    console = Console(config, db, operator)
    qtbot.addWidget(console.window)
    consoles.append(console)
    console.start()
    return console


@pytest.mark.broker
def test_a_console_without_its_broker_raises_one_link_incident_that_clears_itself(
    qtbot: QtBot, db: Database, own_mosquitto: Mosquitto, open_console: list[Console]
) -> None:
    # The broker is down from the start; the link incident comes after a second.
    fast = OutageConfig(link_alarm_after_s=1.0, grace_s=1.0)
    console = start(qtbot, open_console, console_config(own_mosquitto.url, fast), db)
    qtbot.waitUntil(lambda: console.repository.count() == 1, timeout=30_000)
    (ticket,) = console.repository.list()
    assert ticket.title == "Koneksi ke broker MQTT terputus: ruang-komando-1"
    assert ticket.series == "$console/ruang-komando-1/broker"
    assert ticket.station == "ruang-komando-1"
    assert (ticket.severity, ticket.program) == ("high", "governance")
    assert ticket.alarm_rule == "broker-link"
    assert ticket.alarm_active
    assert own_mosquitto.url in ticket.description

    own_mosquitto.start()
    qtbot.waitUntil(lambda: not console.repository.list()[0].alarm_active, timeout=30_000)
    assert console.repository.count() == 1


@pytest.mark.broker
def test_a_restarted_console_clears_the_alarm_it_had_open_when_the_condition_clears(
    qtbot: QtBot, db: Database, mosquitto: Mosquitto, open_console: list[Console]
) -> None:
    # The store holds a flood incident raised before the restart, still active.
    now = time.time()
    repository = IncidentRepository(
        db, "siti", Role.SUPERVISOR, "ruang-komando-1", client_id_for(db, "siti", "w")
    )
    ticket, _ = repository.create_alarm_incident(
        "river-flood",
        RIVER,
        now - 600,
        title="Banjir: muka air Kali Babagan 2.99 m",
        program="environment",
        severity="critical",
    )
    console = start(qtbot, open_console, console_config(mosquitto.url), db)
    qtbot.waitUntil(lambda: console.mqtt.status.state == "connected", timeout=30_000)
    # Still in flood: the restarted console raises nothing new.
    publish(mosquitto.port, [(RIVER, json.dumps({"ts": now, "value": 3.1, "unit": "m"}))])
    qtbot.waitUntil(lambda: console.store.buffer(RIVER) is not None, timeout=10_000)
    # The river falls below the deadband: the open incident's alarm clears.
    later = now + 60
    publish(mosquitto.port, [(RIVER, json.dumps({"ts": later, "value": 1.4, "unit": "m"}))])

    def cleared() -> bool:
        shown = console.repository.get(ticket.id)
        return shown is not None and not shown.alarm_active

    qtbot.waitUntil(cleared, timeout=10_000)
    assert [t.id for t in console.repository.list()] == [ticket.id]
    after = console.repository.get(ticket.id)
    assert after is not None
    assert after.alarm_cleared_at is not None
    assert after.alarm_cleared_at.timestamp() == pytest.approx(later)
