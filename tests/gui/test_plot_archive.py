"""A plot scrolled back past the console's 7 days draws the historian's window.

Offscreen with pytest-qt over a real sync server (SQLite) whose historian
holds a river two weeks back, with a spike nine days ago. The console's
store holds nothing of it (its tiers end at 7 days): the plot asks the
archive (console/history_archive.py) off the GUI thread and draws the
answer, spike included, when it is in.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from smartcity_console.console.history_archive import HistoryArchive
from smartcity_console.core.incidents import Role
from smartcity_console.core.layouts import Layout, Panel
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.gui.dashboard import DashboardView, PanelContext
from smartcity_console.gui.dashboard.panel_base import ArchiveSlot
from smartcity_console.history.partitions import Retention
from smartcity_console.history.writer import HistoryWriter
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user
from tests.support.auth_server import LiveServer, live_server

RIVER = "rembang/environment/river_level/kali_babagan"
PASSWORD = "kartini-2025"  # noqa: S105 (a test account)
DAY = 86_400.0
NOW = time.time()
SPIKE_T = NOW - 9 * DAY + 300.0


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    served = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    server_db: ServerDatabase = served.state.server_db
    add_user(server_db, "sari", Role.OPERATOR, PASSWORD)
    start = NOW - 14 * DAY
    readings = [Reading(RIVER, start + 600.0 * i, 1.2, "m") for i in range(6 * 24 * 7)]
    readings.append(Reading(RIVER, SPIKE_T, 4.4, "m"))
    HistoryWriter(server_db.engine, Retention(raw_days=None)).write(readings, NOW)
    with live_server(served) as running:
        yield running
    server_db.close()


def test_a_plot_scrolled_back_past_7_days_draws_the_historians_window(
    qtbot: QtBot, server: LiveServer
) -> None:
    token = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "sari", "password": PASSWORD}
    ).json()["token"]
    archive = HistoryArchive(
        lambda: httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"})
    )
    store = SeriesStore()  # the console holds nothing of two weeks ago
    layout = Layout(key="environment", columns=1, rows=1, panels=[Panel(id="p", series=[RIVER])])
    view = DashboardView(PanelContext(store, archive=ArchiveSlot(archive)), layout)
    qtbot.addWidget(view)
    view.show()
    view.set_window("7d")
    view.pause(NOW - 8 * DAY)  # scrolled back: the week from 15 to 8 days ago
    plot = view.plots[0]
    plot.refresh(NOW)
    assert plot.drawn_since(RIVER) is None  # asked, not in yet

    try:
        qtbot.waitUntil(archive.collect, timeout=20_000)
        assert archive.error == ""
        assert plot.refresh(NOW + 1)  # the answer moved the archive's version: it redraws
        first = plot.drawn_since(RIVER)
        assert first is not None
        assert first <= NOW - 14 * DAY + 600  # from the first recorded reading
        last = plot.drawn_until(RIVER)
        assert last is not None
        assert NOW - 8 * DAY - 1200 <= last <= NOW - 8 * DAY
        assert plot.envelope_max(RIVER) == pytest.approx(4.4)  # the spike nine days ago
    finally:
        archive.close()
