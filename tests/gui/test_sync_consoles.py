"""Two full consoles (windows, MQTT, sync task) share incidents through a real server.

As ``make demo`` run twice with two data folders: each console its own
SQLite file and user, one sync server (here on the run's PostgreSQL), one
broker (Mosquitto) carrying the server's poke. The periodic pull is set to an
hour, so only the poke can make the other console see a change in time.
Everything runs inside qasync's loop, as in the product.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from smartcity_console.config import AppConfig, load_config
from smartcity_console.core.incidents import Action, Role, utc_now
from smartcity_console.gui.shell.app import Console, Operator
from smartcity_console.paths import bundled_config_file
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.poke import PokePublisher
from smartcity_console.server.users import add_user
from smartcity_console.store import open_database, sync_apply
from smartcity_console.store.changes import record
from smartcity_console.store.models import TicketRow
from smartcity_console.sync import auth_client
from smartcity_console.sync.token_store import TokenStore
from tests.support.auth_server import LiveServer, live_server
from tests.support.mosquitto import Mosquitto
from tests.support.waits import until

PASSWORD = "kartini-2025"  # noqa: S105 (test accounts)


@pytest.fixture
def poke_topic() -> str:
    return f"test/sync/{uuid.uuid4().hex[:8]}"


@pytest.fixture
def server(postgres_url: str, mosquitto: Mosquitto, poke_topic: str) -> Iterator[LiveServer]:
    poke = PokePublisher(mosquitto.url, poke_topic)
    app = create_app(postgres_url, poke=poke)
    db: ServerDatabase = app.state.server_db
    add_user(db, "sari", Role.SUPERVISOR, PASSWORD)
    add_user(db, "budi", Role.OPERATOR, PASSWORD)
    with live_server(app) as running:
        yield running
    poke.close()
    db.close()


def _config(mosquitto: Mosquitto, server: LiveServer, poke_topic: str, station: str) -> AppConfig:
    base = load_config(bundled_config_file())
    return base.model_copy(
        update={
            "workstation": station,
            "broker": base.broker.model_copy(update={"url": mosquitto.url}),
            "server": base.server.model_copy(
                update={"url": server.url, "poke_topic": poke_topic, "pull_interval_s": 3600.0}
            ),
        }
    )


def test_two_consoles_share_incidents_through_the_server_and_its_poke(
    qtbot: QtBot, tmp_path: Path, mosquitto: Mosquitto, server: LiveServer, poke_topic: str
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # as the product's application() does
    consoles: list[Console] = []
    tokens = TokenStore(use_keyring=False)

    def open_console(station: str, user: str) -> Console:
        config = _config(mosquitto, server, poke_topic, station)
        db = open_database(tmp_path / station / "incidents.sqlite3")
        session = auth_client.login(
            server.url, user, PASSWORD, db=db, workstation=station, tokens=tokens
        )
        console = Console(config, db, Operator(session.username, session.role, session.client_id))
        qtbot.addWidget(console.window)
        console.start_sync(tokens)
        console.start()
        consoles.append(console)
        return console

    async def scenario() -> None:
        a = open_console("ws-a", "sari")
        b = open_console("ws-b", "budi")
        await until(
            lambda: a.mqtt.status.state == "connected" and b.mqtt.status.state == "connected"
        )
        await until(lambda: a.sync is not None and a.sync.engine.status.state == "synced")
        await until(lambda: b.sync is not None and b.sync.engine.status.state == "synced")
        assert a.sync is not None
        assert b.sync is not None

        ticket = a.repository.create("Lampu jalan padam", "living", "high", station="Lasem")
        a.incidents.incidents_changed.emit()  # what the panel says after it saved a change
        await until(lambda: b.repository.get(ticket.id) is not None)  # pushed, poked, pulled
        await until(lambda: b.incidents.model.rowCount() == 1)
        # The console speaks its configured language (Bahasa Indonesia by default).
        await until(lambda: b.sync is not None and b.sync.label.text() == "Tersinkron")

        a.repository.transition(ticket.id, Action.ACKNOWLEDGE)
        a.incidents.incidents_changed.emit()
        await until(
            lambda: (t := b.repository.get(ticket.id)) is not None and t.status == "acknowledged"
        )
        assert b.repository.get(ticket.id).acknowledged_by == "sari"  # type: ignore[union-attr]

        # Budi's console was modified to acknowledge; the server refuses, he is told why.
        other = a.repository.create("Sampah menumpuk", "environment", "low")
        a.incidents.incidents_changed.emit()
        await until(lambda: b.repository.get(other.id) is not None)
        with b.db.write() as session:
            row = session.get(TicketRow, other.id)
            assert row is not None
            row.status = "acknowledged"
            data = {"to": "acknowledged", "from": "new", "note": None, "reason": None}
            record(session, b.repository.actor, other.id, "transition", data, utc_now())
        b.incidents.incidents_changed.emit()
        await until(lambda: b.window.findChild(QMessageBox, "syncRejections") is not None)
        box = b.window.findChild(QMessageBox, "syncRejections")
        assert isinstance(box, QMessageBox)
        assert "Sampah menumpuk" in box.informativeText()
        assert "supervisor" in box.informativeText()
        await until(lambda: b.repository.get(other.id).status == "new")  # type: ignore[union-attr]
        box.close()
        assert sync_apply.pending_count(a.db) == sync_apply.pending_count(b.db) == 0
        # Shift change at B: nothing of Budi's waits, so his token goes and the window closes.
        b.sign_out()
        await until(lambda: b.signed_out and not b.window.isVisible())
        assert tokens.load(server.url, "budi") is None
        assert [e.id for e in a.repository.history(ticket.id)] == [
            e.id for e in b.repository.history(ticket.id)
        ]
        for console in consoles:
            console.window.close()
            await console.stop_sync()

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(scenario())
    finally:
        for console in consoles:
            console.shutdown()
            console.db.close()
        asyncio.set_event_loop(None)
        loop.close()
        app.setQuitOnLastWindowClosed(True)
