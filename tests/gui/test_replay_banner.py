"""Replay in the window (gui/shell/replay.py): the banner on the desk and the wall.

Offscreen with pytest-qt over a real sync server (SQLite) whose historian
holds a flood on the bundled ``river_level`` feed (the readings of
tests/integration/test_replay.py). The console is not connected to a broker:
the replay needs only the history API. The banner is what tells a room
that the wall shows the past: it must be there on the desk and on every
wall window, and gone when the operator is back to live.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from smartcity_console.config import load_config
from smartcity_console.console.replay import ReplayPeriod
from smartcity_console.core.clock import wib
from smartcity_console.core.incidents import Role
from smartcity_console.core.readings import Reading
from smartcity_console.gui.i18n import set_language
from smartcity_console.gui.shell.app import Console, Operator
from smartcity_console.gui.shell.replay import ReplayDialog
from smartcity_console.history.partitions import Retention
from smartcity_console.history.writer import HistoryWriter
from smartcity_console.paths import bundled_config_file
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user
from smartcity_console.store import Database
from smartcity_console.store.clients import client_id_for
from tests.support.auth_server import LiveServer, live_server

RIVER = "rembang/environment/river_level/kali_babagan"
PASSWORD = "kartini-2025"  # noqa: S105 (a test account)
T0 = 1_764_300_000.0  # 10:20 WIB
FLOOD = [Reading(RIVER, T0 + 10.0 * i, 3.1 if 12 <= i < 42 else 1.2, "m") for i in range(60)]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    served = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    server_db: ServerDatabase = served.state.server_db
    add_user(server_db, "sari", Role.SUPERVISOR, PASSWORD)
    HistoryWriter(server_db.engine, Retention(raw_days=None)).write(FLOOD, T0 + 600)
    with live_server(served) as running:
        yield running
    server_db.close()


def replaying_console(qtbot: QtBot, db: Database, server: LiveServer) -> Console:
    """A supervisor's console whose replay asks the test's historian (no broker needed)."""
    token = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "sari", "password": PASSWORD}
    ).json()["token"]
    console = Console(
        load_config(bundled_config_file()),
        db,
        Operator("sari", Role.SUPERVISOR, client_id_for(db, "sari", "desk-1")),
    )
    qtbot.addWidget(console.window)
    service = console.replay_service
    service.client = lambda: httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {token}"}
    )
    service.start(console.app)  # as ConsoleApp.start does, without a broker
    return console


def test_the_banner_says_replay_on_the_desk_and_the_wall_until_back_to_live(
    qtbot: QtBot, db: Database, server: LiveServer
) -> None:
    console = replaying_console(qtbot, db, server)
    try:
        console.window.show()
        assert not console.replay.banner.isVisible()

        session = console.replay.begin(ReplayPeriod(T0, T0 + 600), 10)

        session_wall = 1_000.0  # the replay is ticked with one-second steps from here

        def playing() -> bool:
            session.tick(session_wall)
            return session.state == "playing"

        qtbot.waitUntil(playing)
        console.replay.update()

        expected = f"PUTAR ULANG {wib(T0):%H:%M} WIB, 10x"  # the config's language: Indonesian
        assert console.replay.banner.isVisible()
        assert console.replay.banner.text.text().startswith(expected)
        assert console.replay.replay_tabs is not None
        assert console.replay.replay_tabs.isVisible()
        assert not console.window.dashboards.isVisible()  # the live dashboards are put away

        for second in range(1, 61):  # a minute of one-second ticks at 10x: the ten minutes
            session.tick(session_wall + second)
        console.replay.update()
        banner = console.replay.banner.text
        assert "1 alarm dalam putar ulang, tidak dicatat" in banner.text()
        assert banner.toolTip().startswith(f"{wib(T0 + 240):%H:%M:%S} Banjir: muka air")

        # The desk's dashboards draw the replay's river, up to the replay's clock.
        tabs = console.replay.replay_tabs
        assert tabs is not None
        drawn = []
        for plot in tabs.all_plots():
            plot.refresh(session.position)
            drawn.append(plot.drawn_until(RIVER))
        assert T0 + 590 in drawn  # the last reading of the period, on some plot
        assert console.store.buffer(RIVER) is None  # nothing of it in the live store

        console.enter_wall()
        assert console.wall.active
        walls: list[QWidget] = list(console.wall.windows)
        console.replay.update()
        for wall in walls:  # the same words on every wall, at the replay's clock
            text = console.replay.wall_banner_text(wall)
            assert text == banner.text()
            assert text.startswith(f"PUTAR ULANG {wib(T0 + 600):%H:%M} WIB, 10x")

        console.replay.banner.back.click()  # back to live
        assert console.replay_service.session is None
        assert console.replay.banner.isHidden()
        assert console.replay.replay_tabs is None
        assert not console.window.dashboards.isHidden()  # the live dashboards are back
        for wall in console.wall.windows:
            assert console.replay.wall_banner_text(wall) is None
    finally:
        console.wall.close()
        console.window.close()
        console.shutdown()


def test_the_dialog_refuses_a_period_that_ends_before_it_starts(qtbot: QtBot) -> None:
    set_language("id")
    dialog = ReplayDialog(now=T0)
    qtbot.addWidget(dialog)
    dialog.end_time.setTime(dialog.start_time.time().addSecs(-600))
    dialog.accept()
    assert dialog.choice is None
    assert dialog.error.text() == "Periode tayang ulang harus berakhir setelah dimulai"


def test_pause_seek_and_the_alarms_of_the_replay_in_the_incidents_dock(
    qtbot: QtBot, db: Database, server: LiveServer
) -> None:
    console = replaying_console(qtbot, db, server)
    try:
        console.window.show()
        raised = console.replay.raised
        assert raised.isHidden()
        session = console.replay.begin(ReplayPeriod(T0, T0 + 600), 10)
        wall_clock = 1_000.0

        def playing() -> bool:
            session.tick(wall_clock)
            return session.state == "playing"

        qtbot.waitUntil(playing)
        console.replay.update()
        banner = console.replay.banner

        banner.pause.click()  # pause
        session.tick(wall_clock + 30)
        console.replay.update()
        assert session.position == T0  # held
        assert banner.text.text().endswith("dijeda")
        assert banner.pause.text() == "Lanjutkan"

        banner.seek.setValue(300)  # the operator drops the slider at 5 minutes in
        assert session.position == T0 + 300
        assert banner.text.text().startswith(f"PUTAR ULANG {wib(T0 + 300):%H:%M} WIB, 10x")
        # The flood raised in replay: in the incidents dock, marked, and not in the journal.
        assert raised.isVisible()
        rows = raised.rows()
        assert len(rows) == 1
        assert rows[0].startswith(f"PUTAR ULANG {wib(T0 + 240):%Y-%m-%d %H:%M:%S} WIB · Banjir")
        assert "tidak dicatat" in raised.title.text()
        assert console.repository.count() == 0
        tabs = console.replay.replay_tabs
        assert tabs is not None
        drawn = []
        for plot in tabs.all_plots():
            plot.refresh(session.position)
            drawn.append(plot.drawn_until(RIVER))
        assert T0 + 300 in drawn

        banner.seek.setValue(60)  # back before the flood
        assert session.position == T0 + 60
        assert raised.rows() == []
        drawn = []
        for plot in tabs.all_plots():
            plot.refresh(session.position)
            drawn.append(plot.drawn_until(RIVER))
        assert T0 + 60 in drawn  # the plots start over with the replay
        assert T0 + 300 not in drawn

        banner.pause.click()  # resume
        session.tick(wall_clock + 31)
        assert session.position == T0 + 70

        banner.seek.setValue(600)
        assert len(raised.rows()) == 1
        banner.back.click()  # back to live: the replay's alarms go with it
        assert raised.isHidden()
        assert raised.rows() == []
    finally:
        console.window.close()
        console.shutdown()
