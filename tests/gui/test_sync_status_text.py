"""What the status bar says about sync, for each state the sync task can be in.

The engine's status listener drives the label, as in the running console; the
engine itself never runs here (test_sync_task.py runs it against a server).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from smartcity_console.console.sync_service import SyncService
from smartcity_console.core.incidents import Role
from smartcity_console.gui.shell.sync_status import SyncController
from smartcity_console.store import Database, IncidentRepository, sync_apply
from smartcity_console.store.clients import client_id_for
from smartcity_console.store.sync_apply import OpAnswer
from smartcity_console.sync.engine import SyncEngine, SyncStatus

OUTAGE = datetime(2026, 11, 28, 7, 5, tzinfo=UTC)  # 14:05 in Rembang (WIB, UTC+7)


@pytest.fixture
def controller(qtbot: QtBot, db: Database) -> SyncController:
    parent = QWidget()
    qtbot.addWidget(parent)
    engine = SyncEngine(db, "http://127.0.0.1:9", lambda _user: None, lambda: "sari")
    return SyncController(SyncService(engine, db, "sari"), parent)


def show(controller: SyncController, status: SyncStatus) -> str:
    for listener in controller.engine.listeners.status:  # what the engine calls
        listener(status)
    return controller.label.text()


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (SyncStatus(), "Sync starting…"),
        (SyncStatus(state="synced"), "Synced"),
        (SyncStatus(state="synced", pending=3), "3 changes waiting to sync"),
        (
            SyncStatus(state="synced", pending=2, waiting_for_login=("budi",)),
            "2 changes waiting to sync · budi must sign in again",
        ),
        (SyncStatus(state="offline", offline_since=OUTAGE), "Sync offline since 14:05 WIB"),
        (
            SyncStatus(state="offline", offline_since=OUTAGE, pending=4),
            "Sync offline since 14:05 WIB · 4 changes waiting",
        ),
        (
            SyncStatus(state="error", last_error="the server refused the batch (409)"),
            "Sync error: the server refused the batch (409)",
        ),
        (
            SyncStatus(state="error", last_error="push refused: 403", pending=2),
            "Sync error: push refused: 403 · 2 changes waiting",
        ),
        (
            SyncStatus(state="synced", refused=1),
            "Synced · 1 changes not accepted by the server",
        ),
        (
            SyncStatus(state="offline", offline_since=OUTAGE, pending=4, refused=2),
            "Sync offline since 14:05 WIB · 4 changes waiting"
            " · 2 changes not accepted by the server",
        ),
    ],
)
def test_the_status_bar_says_how_sync_stands(
    controller: SyncController, status: SyncStatus, text: str
) -> None:
    assert show(controller, status) == text


def test_an_error_keeps_its_whole_reason_in_the_tooltip(controller: SyncController) -> None:
    show(controller, SyncStatus(state="error", last_error="HTTP 503: database unavailable"))
    assert controller.label.toolTip() == "HTTP 503: database unavailable"
    show(controller, SyncStatus(state="synced"))
    assert controller.label.toolTip() == ""


def test_a_refused_change_is_counted_until_its_author_closes_the_box(
    qtbot: QtBot, db: Database
) -> None:
    repo = IncidentRepository(
        db, "sari", Role.SUPERVISOR, "ws-1", client_id_for(db, "sari", "ws-1")
    )
    ticket = repo.create("Genangan di Alun-alun Rembang", "environment", "medium")
    [create] = repo.pending_ops()
    rejections = sync_apply.record_results(
        db, create.client_id, [OpAnswer(create.op_id, "rejected", "Judul sudah dipakai.")]
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    engine = SyncEngine(db, "http://127.0.0.1:9", lambda _user: None, lambda: "sari")
    controller = SyncController(SyncService(engine, db, "sari"), parent)
    assert "1 changes not accepted by the server" in controller.label.text()
    controller._on_rejections(rejections)  # what the engine calls after the push
    box = parent.findChild(QMessageBox, "syncRejections")
    assert box is not None
    assert "Judul sudah dipakai." in box.informativeText()
    assert "not accepted" in controller.label.text()  # still: nobody has read it yet
    with qtbot.waitSignal(box.finished):
        box.accept()
    assert "not accepted" not in controller.label.text()
    assert sync_apply.unseen_rejections(db, "sari") == []  # not shown again at next start
    assert repo.refused(ticket.id)[0].reason == "Judul sudah dipakai."  # the incident keeps it
