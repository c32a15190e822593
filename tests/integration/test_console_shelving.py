"""The running console (console/app.py, headless) holds a shelved alarm and raises it at expiry.

Real Mosquitto, the MQTT client in its child process, the console's SQLite
store; the console's clock is a settable one, so the shelf expires without
waiting. The GUI's timer is stood in for by ticking the application.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from smartcity_console.console.app import ConsoleApp
from smartcity_console.console.session import Operator
from smartcity_console.core.incidents import Role
from smartcity_console.store import Database, open_database
from smartcity_console.store.clients import client_id_for
from tests.integration.test_console_app import RIVER, STATION, config_for, river, ticked_until, wait
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "incidents.sqlite3")
    yield database
    database.close()


@pytest.mark.broker
def test_a_shelved_flood_raises_its_incident_when_the_shelf_expires(
    mosquitto: Mosquitto, db: Database
) -> None:
    start = time.time()
    now = [start]
    operator = Operator("siti", Role.SUPERVISOR, client_id_for(db, "siti", STATION))
    app = ConsoleApp(config_for(mosquitto.url), db, operator, clock=lambda: now[0])
    try:
        app.shelves.shelve(
            "river-flood",
            series=RIVER,
            until=datetime.fromtimestamp(start + 900, UTC),
            reason="dredging at the gauge",
        )
        app.start()
        wait(lambda: app.mqtt.status.state == "connected")
        publish(mosquitto.port, [river(start - 180 + 60 * i, 3.0) for i in range(4)])

        def floods() -> int:
            return sum(t.alarm_rule == "river-flood" for t in app.repository.list())

        wait(ticked_until(app, lambda: bool(app.alarm_recorder.held)))
        assert floods() == 0
        now[0] = start + 900  # the shelf's time is up; the river is still in flood
        wait(ticked_until(app, lambda: floods() == 1))
        assert not app.alarm_recorder.held
    finally:
        app.shutdown()
