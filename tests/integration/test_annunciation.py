"""Annunciation without a window (console/annunciation.py): what waits, what sounds, silence.

Real parts only: the console's SQLite store and its repository; the
first test also a real Mosquitto and the console's MQTT child process, with
the bundled ``river-flood`` rule (critical) raised by simulated readings,
as in the demo. The annunciator is ticked with chosen clock values, so the
repeat is checked without waiting.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartcity_console.console.annunciation import Annunciator, SilenceJournal
from smartcity_console.console.app import ConsoleApp
from smartcity_console.console.session import Operator
from smartcity_console.core.incidents import Action, Role, Severity
from smartcity_console.store import Database, open_database
from smartcity_console.store.clients import client_id_for
from tests.integration.test_console_app import STATION, config_for, river
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish
from tests.support.waits import until


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "incidents.sqlite3")
    yield database
    database.close()


def console(db: Database, url: str = "mqtt://127.0.0.1:9") -> ConsoleApp:
    operator = Operator("budi", Role.OPERATOR, client_id_for(db, "budi", STATION))
    return ConsoleApp(config_for(url), db, operator)


class Heard:
    """What the annunciator told its views."""

    def __init__(self, annunciator: Annunciator) -> None:
        self.sounds: list[Severity] = []
        self.raised: list[str] = []
        annunciator.sound.subscribe(self.sounds.append)
        annunciator.raised.subscribe(lambda item: self.raised.append(item.id))


@pytest.mark.broker
def test_a_new_critical_alarm_is_annunciated_in_the_tick_that_raised_it(
    mosquitto: Mosquitto, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    app = console(db, mosquitto.url)
    annunciator = Annunciator()
    app.add_service(annunciator)
    heard = Heard(annunciator)
    caplog.set_level(logging.INFO, logger="smartcity_console.console.annunciation")
    app.start()
    try:
        asyncio.run(until(lambda: app.mqtt.status.state == "connected", within_s=30))
        now = time.time()
        # Above 2.5 m for three minutes: the bundled river-flood rule raises a critical.
        publish(mosquitto.port, [river(now - 180 + 60 * i, 3.0) for i in range(4)])

        def raised() -> bool:
            app.tick()  # as the GUI's one-second timer does
            return app.repository.count() == 1

        asyncio.run(until(raised, within_s=30))
        # The tick that wrote the ticket annunciated it: within the one-second tick.
        (ticket,) = app.repository.list()
        lines = [r for r in caplog.records if r.getMessage() == f"annunciate critical {ticket.id}"]
        assert len(lines) == 1
        assert lines[0].created - ticket.created_at.timestamp() < 1.0
        assert heard.sounds == [Severity.CRITICAL]
        assert heard.raised == [ticket.id]
    finally:
        app.shutdown()


def test_it_repeats_until_silenced_and_silence_is_journalled_not_an_acknowledge(
    db: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = console(db)
    journal = SilenceJournal(tmp_path / "journal.jsonl")
    annunciator = Annunciator(repeat_s=5, journal=journal)
    annunciator.start(app)
    heard = Heard(annunciator)
    caplog.set_level(logging.INFO, logger="smartcity_console.console.annunciation")
    flood = app.repository.create("Banjir Kali Babagan", "environment", "critical")
    app.repository.create("Lampu jalan padam", "living", "medium")  # never sounds

    annunciator.tick(100.0)
    annunciator.tick(101.0)  # before the repeat: no second sound
    annunciator.tick(105.0)
    assert heard.sounds == [Severity.CRITICAL, Severity.CRITICAL]
    assert annunciator.state.count() == 1

    assert annunciator.silence() == 1
    annunciator.tick(200.0)
    assert heard.sounds == [Severity.CRITICAL, Severity.CRITICAL]  # silent now
    assert annunciator.state.count() == 1  # still waiting: silence is not acknowledge
    assert app.repository.get(flood.id).acknowledged_at is None  # type: ignore[union-attr]
    (entry,) = journal.entries()
    assert entry["kind"] == "silence"
    assert entry["incidents"] == [flood.id]
    assert (entry["user"], entry["role"], entry["workstation"]) == ("budi", "operator", STATION)
    assert f"silence critical {flood.id} by budi" in caplog.messages

    # A new high incident sounds again (its own sound), the silenced critical does not.
    pump = app.repository.create("Pompa banjir mati", "environment", "high")
    annunciator.tick(201.0)
    assert heard.sounds[-1] is Severity.HIGH
    assert f"annunciate high {pump.id}" in caplog.messages
    assert heard.raised == [flood.id, pump.id]


def test_an_acknowledgement_anywhere_ends_the_waiting(db: Database) -> None:
    app = console(db)
    annunciator = Annunciator(repeat_s=5)
    annunciator.start(app)
    heard = Heard(annunciator)
    ticket = app.repository.create("Kebakaran pasar", "governance", "high")
    annunciator.tick(0.0)
    assert annunciator.state.count(Severity.HIGH) == 1

    supervisor = ConsoleApp(
        app.config, db, Operator("siti", Role.SUPERVISOR, client_id_for(db, "siti", STATION))
    )
    supervisor.repository.transition(ticket.id, Action.ACKNOWLEDGE)
    annunciator.tick(10.0)
    assert annunciator.state.count() == 0
    assert heard.sounds == [Severity.HIGH]  # nothing more after the acknowledgement
