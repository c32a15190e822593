"""The assign dialog's list of users comes from a real ``serve`` process, in qasync's loop.

A supervisor picks the assignee from the server's assignable users (a
disabled one is not offered); when the server has gone, the dialog says so
and offers the list it fetched last; before any list was fetched, only
yourself and nobody. Everything runs inside qasync's loop, as in the product.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smartcity_console.core.incidents import Action, Role
from smartcity_console.gui.incidents.dialogs import AssignDialog
from smartcity_console.gui.incidents.dock import IncidentsPanel
from smartcity_console.server.database import open_server_database
from smartcity_console.server.users import set_disabled
from smartcity_console.sim.embedded_broker import free_loopback_port
from smartcity_console.store import Database, IncidentRepository
from smartcity_console.store.clients import client_id_for
from smartcity_console.sync.assignees import AssigneeDirectory
from tests.support.clock import Clock
from tests.support.serve_process import ServeProcess
from tests.support.waits import until

PASSWORD = "kartini-2025"  # noqa: S105 (test accounts)
DESK = "ruang-komando-1"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServeProcess]:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    process = ServeProcess.with_users(
        url,
        tmp_path / "serve.log",
        PASSWORD,
        sari=Role.SUPERVISOR,
        budi=Role.OPERATOR,
        dewi=Role.SUPERVISOR,
        joko=Role.OPERATOR,
    )
    db = open_server_database(url)
    set_disabled(db, "joko", True)
    db.close()
    yield process
    process.stop()


def _panel(
    qtbot: QtBot, db: Database, clock: Clock, directory: AssigneeDirectory
) -> tuple[IncidentsPanel, IncidentRepository, str]:
    """Sari's incidents panel, showing a ticket of hers."""
    repo = IncidentRepository(
        db, "sari", Role.SUPERVISOR, DESK, client_id_for(db, "sari", DESK), clock=clock
    )
    panel = IncidentsPanel(repo, Role.SUPERVISOR, "sari", clock=clock)
    panel.detail.set_assignee_directory(directory)
    qtbot.addWidget(panel)
    ticket = repo.create("Lampu jalan padam", "living", "high")
    panel.select_ticket(ticket.id)
    return panel, repo, ticket.id


def _assignee(repo: IncidentRepository, ticket_id: str) -> str | None:
    ticket = repo.get(ticket_id)
    assert ticket is not None
    return ticket.assignee


def _choices(dialog: AssignDialog) -> list[str | None]:
    return [dialog.user.itemData(i) for i in range(dialog.user.count())]


def _run(scenario: Callable[[], Awaitable[None]]) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(scenario())
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def _open_assign(qtbot: QtBot, panel: IncidentsPanel) -> AssignDialog:
    qtbot.mouseClick(panel.detail.buttons[Action.ASSIGN], Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]  # pytest-qt
    dialog = panel.detail.dialog
    assert isinstance(dialog, AssignDialog)
    return dialog


async def _ok(qtbot: QtBot, dialog: AssignDialog) -> None:
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]  # pytest-qt
    await until(lambda: not dialog.isVisible())


def test_a_supervisor_picks_from_the_servers_users_and_keeps_the_list_when_it_goes(
    qtbot: QtBot, db: Database, clock: Clock, server: ServeProcess
) -> None:
    token = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "sari", "password": PASSWORD}
    ).json()["token"]
    directory = AssigneeDirectory(server.url, lambda: token)
    panel, repo, ticket_id = _panel(qtbot, db, clock, directory)

    async def scenario() -> None:
        dialog = _open_assign(qtbot, panel)
        await until(lambda: directory.last is not None and dialog.source.text() == "")
        assert _choices(dialog) == [None, "budi", "dewi", "sari"]  # joko is disabled
        dialog.user.setCurrentIndex(dialog.user.findData("budi"))
        await _ok(qtbot, dialog)
        assert _assignee(repo, ticket_id) == "budi"

        server.stop()  # the server goes; the console works on
        dialog = _open_assign(qtbot, panel)
        await until(lambda: "cannot be reached" in dialog.source.text())
        assert "Showing the list fetched at" in dialog.source.text()
        assert _choices(dialog) == [None, "budi", "dewi", "sari"]
        assert dialog.user.currentData() == "budi"  # the current assignee is shown
        dialog.user.setCurrentIndex(dialog.user.findData("dewi"))
        await _ok(qtbot, dialog)
        assert _assignee(repo, ticket_id) == "dewi"
        await directory.aclose()

    _run(scenario)


def test_before_any_list_was_fetched_only_yourself_or_nobody_can_be_chosen(
    qtbot: QtBot, db: Database, clock: Clock
) -> None:
    nowhere = f"http://127.0.0.1:{free_loopback_port()}"  # nothing listens there
    directory = AssigneeDirectory(nowhere, lambda: "a-token")
    panel, repo, ticket_id = _panel(qtbot, db, clock, directory)

    async def scenario() -> None:
        dialog = _open_assign(qtbot, panel)
        await until(lambda: "cannot be reached" in dialog.source.text())
        assert "No list has been fetched yet" in dialog.source.text()
        assert _choices(dialog) == [None, "sari"]
        qtbot.mouseClick(dialog.me, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]  # pytest-qt
        await _ok(qtbot, dialog)
        assert _assignee(repo, ticket_id) == "sari"
        await directory.aclose()

    _run(scenario)
