"""The incidents panel on a real SQLite store: lazy list, filters, actions, escalation."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QPersistentModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QDockWidget, QLabel, QMainWindow, QMenu
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from smartcity_console.core.incidents import Action, CloseReason, Role, Severity, Status
from smartcity_console.core.incidents.prefill import PlotSource, prefill_from_plot
from smartcity_console.gui.forms.ui_main_window import Ui_MainWindow
from smartcity_console.gui.incidents import model as cols
from smartcity_console.gui.incidents.detail import event_text
from smartcity_console.gui.incidents.dialogs import (
    AssignDialog,
    CloseDialog,
    NoteDialog,
    TicketDialog,
)
from smartcity_console.gui.incidents.dock import (
    IncidentsPanel,
    install_incidents_panel,
)
from smartcity_console.gui.incidents.model import IncidentListModel
from smartcity_console.store import Database, IncidentRepository, TicketEvent, TicketQuery
from smartcity_console.store.clients import client_id_for
from smartcity_console.store.sync_apply import OpAnswer, record_results
from tests.support.clock import T0, Clock

DESK = "ruang-komando-1"


def _repo(db: Database, clock: Clock, user: str, role: Role) -> IncidentRepository:
    return IncidentRepository(db, user, role, DESK, client_id_for(db, user, DESK), clock=clock)


@pytest.fixture
def supervisor(db: Database, clock: Clock) -> IncidentRepository:
    return _repo(db, clock, "sari", Role.SUPERVISOR)


@pytest.fixture
def operator(db: Database, clock: Clock) -> IncidentRepository:
    return _repo(db, clock, "budi", Role.OPERATOR)


def _panel(qtbot: QtBot, repo: IncidentRepository, clock: Clock) -> IncidentsPanel:
    """A panel in the GUI's language: English unless the test asks for ``indonesian``."""
    actor = repo.actor
    panel = IncidentsPanel(repo, actor.role, actor.user, clock=clock)
    qtbot.addWidget(panel)
    _settled(panel.model)
    return panel


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Read the file with plain sqlite3, independent of the code under test."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]  # pytest-qt


def _check(tester: ModelTester, model: QAbstractItemModel) -> None:
    tester.check(model)  # type: ignore[no-untyped-call]  # pytest-qt ships no annotations here


def _settled(model: IncidentListModel) -> IncidentListModel:
    """The model once it shows what it last asked its worker thread for."""
    deadline = time.monotonic() + 10
    while model.loading and time.monotonic() < deadline:
        QTest.qWait(5)
    assert not model.loading
    return model


def _column(
    model: IncidentListModel, column: int, role: int = Qt.ItemDataRole.DisplayRole
) -> list[Any]:
    _settled(model)
    return [model.index(row, column).data(role) for row in range(model.rowCount())]


# --- the lazy model ---------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 5, 250])
def test_model_passes_the_model_tester_and_holds_only_a_window(
    qtmodeltester: ModelTester, supervisor: IncidentRepository, count: int
) -> None:
    for i in range(count):
        supervisor.create(f"Ticket {i:03d}", "environment", list(Severity)[i % 4])
    model = IncidentListModel(supervisor, page_size=20)

    assert model.total == count
    assert model.rowCount() == count  # the scroll bar is the whole list
    assert model.window == (0, min(count, 60))  # three pages held, never everything
    if count > 100:
        seen = [model.index(r, cols.TITLE).data() for r in range(60)]
        assert model.index(200, cols.TITLE).data() is None  # not held: the window moves there
        model.load_window_at(200)
        first, held = model.window
        assert first <= 200 < first + held
        assert held == 60
        assert model.index(0, cols.TITLE).data() is None  # the top was let go
        for row in range(60, 250):
            if model.ticket(row) is None:
                model.load_window_at(row)
            seen.append(model.index(row, cols.TITLE).data())
        assert len(set(seen)) == 250  # keyset pages neither overlap nor skip
    _check(qtmodeltester, model)


def test_refresh_moves_rows_and_the_selection_follows_its_ticket(
    qtmodeltester: ModelTester, supervisor: IncidentRepository, clock: Clock
) -> None:
    for i in range(5):
        supervisor.create(f"Low {i}", "living", Severity.LOW)
        clock.advance(seconds=1)
    model = IncidentListModel(supervisor, clock=clock)
    _check(qtmodeltester, model)  # keeps checking every signal from here on
    watched = model.index(2, cols.TITLE)
    persistent = QPersistentModelIndex(watched)
    title = watched.data()

    urgent = supervisor.create("River over the bank", "environment", Severity.CRITICAL)
    model.refresh()

    assert model.rowCount() == 6
    assert model.index(0, 0).data(cols.TICKET_ID_ROLE) == urgent.id
    assert persistent.isValid()
    assert persistent.data() == title

    model.set_query(TicketQuery(statuses=frozenset({Status.NEW})))
    persistent = QPersistentModelIndex(model.index(5, cols.TITLE))
    title = persistent.data()
    supervisor.transition(urgent.id, Action.ACKNOWLEDGE)  # leaves this filter's rows
    supervisor.create("Another one", "society", Severity.HIGH)  # joins them
    model.refresh()
    assert model.rowCount() == 6
    assert "River over the bank" not in _column(model, cols.TITLE)
    assert persistent.isValid()
    assert persistent.data() == title


# --- filters ---------------------------------------------------------------------------


def test_filters_change_the_rows(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock
) -> None:
    smoke = supervisor.create("Smoke over Lasem", "environment", Severity.HIGH, station="Lasem")
    supervisor.create("Queue at MPP", "governance", Severity.LOW, station="Rembang")
    done = supervisor.create("Chili price jump", "economy", Severity.CRITICAL)
    supervisor.transition(done.id, Action.CLOSE, reason=CloseReason.DUPLICATE)
    mine = supervisor.create("Street lights out", "living", Severity.MEDIUM)
    supervisor.assign(mine.id, "sari")
    panel = _panel(qtbot, supervisor, clock)
    model, bar = panel.model, panel.filters
    assert sorted(_column(model, cols.TITLE)) == [
        "Queue at MPP",
        "Smoke over Lasem",
        "Street lights out",
    ]  # open tickets by default

    with qtbot.waitSignal(bar.query_changed):
        bar.status.setCurrentIndex(bar.status.count() - 1)  # all statuses
    assert _settled(model).rowCount() == 4
    with qtbot.waitSignal(bar.query_changed):
        bar.program.setCurrentIndex(bar.program.findText("Smart Environment"))
    assert _column(model, cols.TITLE) == ["Smoke over Lasem"]
    with qtbot.waitSignal(bar.query_changed):
        bar.program.setCurrentIndex(0)
    with qtbot.waitSignal(bar.query_changed):
        bar.severity.setCurrentIndex(bar.severity.findText("Critical & high"))
    assert sorted(_column(model, cols.TITLE)) == ["Chili price jump", "Smoke over Lasem"]
    with qtbot.waitSignal(bar.query_changed):
        bar.severity.setCurrentIndex(0)
    with qtbot.waitSignal(bar.query_changed):
        bar.mine.setChecked(True)
    assert _column(model, cols.TITLE) == ["Street lights out"]
    with qtbot.waitSignal(bar.query_changed):
        bar.mine.setChecked(False)
    with qtbot.waitSignal(bar.query_changed):  # after the typing pause, not per keystroke
        qtbot.keyClicks(bar.search, "lasem")  # type: ignore[no-untyped-call]  # pytest-qt
    assert _column(model, cols.TITLE) == ["Smoke over Lasem"]
    assert model.total == 1
    with qtbot.waitSignal(bar.query_changed):
        bar.escalated.setChecked(True)
    assert _settled(model).rowCount() == 0  # nothing is past its deadline yet
    clock.advance(minutes=16)  # the high ticket's 15 minutes are up
    panel.tick()
    assert _column(model, cols.TITLE) == ["Smoke over Lasem"]
    assert model.index(0, 0).data(cols.TICKET_ID_ROLE) == smoke.id


# --- actions and permissions ------------------------------------------------------------


def test_operator_sees_supervisor_actions_disabled_with_the_reason(
    qtbot: QtBot, supervisor: IncidentRepository, operator: IncidentRepository, clock: Clock
) -> None:
    ticket = supervisor.create("Flood sensor at Kali Babagan", "environment", Severity.HIGH)
    panel = _panel(qtbot, operator, clock)
    panel.select_ticket(ticket.id)
    buttons = panel.detail.buttons

    for action in (Action.ACKNOWLEDGE, Action.ASSIGN, Action.CLOSE, Action.REOPEN):
        verb = {"acknowledge": "acknowledge", "assign": "assign", "close": "close"}
        assert not buttons[action].isEnabled(), action
        expected = f"Only supervisors and administrators can {verb.get(action, 'reopen')}"
        assert buttons[action].toolTip() == f"{expected} incidents.", action
    assert not buttons[Action.START].isEnabled()
    assert buttons[Action.START].toolTip().startswith("Work starts after acknowledgement")
    for action in (Action.CREATE, Action.EDIT, Action.COMMENT):
        assert buttons[action].isEnabled(), action
        assert buttons[action].toolTip() == ""


def test_reasons_are_in_indonesian_by_default(
    qtbot: QtBot,
    supervisor: IncidentRepository,
    operator: IncidentRepository,
    clock: Clock,
    indonesian: str,
) -> None:
    ticket = supervisor.create("Banjir di Sluke", "environment", Severity.CRITICAL)
    panel = _panel(qtbot, operator, clock)
    panel.select_ticket(ticket.id)
    assert panel.detail.buttons[Action.ACKNOWLEDGE].toolTip() == (
        "Hanya supervisor dan administrator yang dapat mengonfirmasi insiden."
    )
    assert panel.model.headerData(cols.SEVERITY, Qt.Orientation.Horizontal) == "Keparahan"


def test_supervisor_acknowledges_with_a_note(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock, path: Path
) -> None:
    ticket = supervisor.create("PM2.5 at Alun-alun Rembang", "environment", Severity.CRITICAL)
    panel = _panel(qtbot, supervisor, clock)
    panel.select_ticket(ticket.id)
    assert panel.model.index(0, cols.STATUS).data() == "New"
    assert panel.model.index(0, cols.TITLE).data(Qt.ItemDataRole.FontRole).bold()
    button = panel.detail.buttons[Action.ACKNOWLEDGE]
    assert button.isEnabled()

    _click(qtbot, button)
    dialog = panel.detail.dialog
    assert isinstance(dialog, NoteDialog)
    dialog.note.setPlainText("DLH team informed, checking the sensor")
    with qtbot.waitSignal(panel.incidents_changed):
        _click(qtbot, dialog.ok)

    assert panel.detail.dialog is None
    assert _settled(panel.model).index(0, cols.STATUS).data() == "Acknowledged"
    assert panel.model.index(0, cols.COUNTDOWN).data() == "—"
    assert panel.model.index(0, cols.TITLE).data(Qt.ItemDataRole.FontRole) is None
    newest = panel.detail.history.item(0).text()
    assert "sari @ ruang-komando-1" in newest
    assert "New → Acknowledged · note: DLH team informed, checking the sensor" in newest
    assert panel.detail.message.text() == "✓ Saved: Acknowledge"
    assert _rows(path, "SELECT status, acknowledged_by FROM tickets") == [("acknowledged", "sari")]
    events = _rows(path, "SELECT kind, json_extract(data, '$.note') FROM events ORDER BY at")
    assert events == [("create", None), ("transition", "DLH team informed, checking the sensor")]


def test_close_needs_a_reason_and_cancel_writes_nothing(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock, path: Path
) -> None:
    ticket = supervisor.create("Duplicate report", "society", Severity.LOW)
    panel = _panel(qtbot, supervisor, clock)
    panel.select_ticket(ticket.id)

    _click(qtbot, panel.detail.buttons[Action.CLOSE])
    dialog = panel.detail.dialog
    assert isinstance(dialog, CloseDialog)
    dialog.note.setPlainText("typed, then thought better of it")
    with qtbot.waitSignal(dialog.rejected):
        _click(qtbot, dialog.cancel)
    assert _rows(path, "SELECT status FROM tickets") == [("new",)]
    assert _rows(path, "SELECT count(*) FROM outbox") == [(1,)]  # only the create

    _click(qtbot, panel.detail.buttons[Action.CLOSE])
    dialog = panel.detail.dialog
    assert isinstance(dialog, CloseDialog)
    _click(qtbot, dialog.ok)  # no reason chosen
    assert dialog.isVisible()
    assert dialog.error.text() == "Choose a reason for closing from the list."
    assert _rows(path, "SELECT status FROM tickets") == [("new",)]
    dialog.reason.setCurrentIndex(dialog.reason.findData(CloseReason.DUPLICATE))
    with qtbot.waitSignal(panel.incidents_changed):
        _click(qtbot, dialog.ok)
    assert _rows(path, "SELECT status, close_reason FROM tickets") == [("closed", "duplicate")]
    assert _settled(panel.model).rowCount() == 0  # the default filter shows open tickets only
    assert panel.detail.ticket is not None
    assert panel.detail.ticket.status is Status.CLOSED
    assert "(Duplicate of another incident)" in panel.detail.history.item(0).text()


def test_a_refused_change_is_a_sentence_in_the_message_line(
    qtbot: QtBot, supervisor: IncidentRepository, operator: IncidentRepository, clock: Clock
) -> None:
    ticket = supervisor.create("Pump pressure low", "living", Severity.MEDIUM)
    supervisor.transition(ticket.id, Action.ACKNOWLEDGE)
    panel = _panel(qtbot, operator, clock)
    panel.select_ticket(ticket.id)
    assert panel.detail.buttons[Action.START].isEnabled()
    # Another console closes it before this operator's click.
    supervisor.transition(ticket.id, Action.CLOSE, reason=CloseReason.FALSE_ALARM)

    _click(qtbot, panel.detail.buttons[Action.START])

    assert panel.detail.message.text() == "Cannot start work on this incident: it is closed."
    assert panel.detail.message.property("kind") == "error"
    assert not panel.detail.buttons[Action.START].isEnabled()  # re-read after the refusal


def test_comment_is_added_to_the_history(
    qtbot: QtBot, supervisor: IncidentRepository, operator: IncidentRepository, clock: Clock
) -> None:
    ticket = supervisor.create("Wi-Fi down at Alun-alun", "society", Severity.LOW)
    panel = _panel(qtbot, operator, clock)
    panel.select_ticket(ticket.id)
    _click(qtbot, panel.detail.buttons[Action.COMMENT])
    assert panel.detail.message.text() == "Comment is required."
    panel.detail.comment.setPlainText("Router restarted by Diskominfo")
    with qtbot.waitSignal(panel.incidents_changed):
        _click(qtbot, panel.detail.buttons[Action.COMMENT])
    assert panel.detail.history.item(0).text().endswith("Comment: Router restarted by Diskominfo")
    assert panel.detail.comment.toPlainText() == ""


def test_edit_writes_only_the_fields_this_user_changed(
    qtbot: QtBot,
    supervisor: IncidentRepository,
    operator: IncidentRepository,
    clock: Clock,
    path: Path,
) -> None:
    ticket = supervisor.create("Tide gauge offline", "environment", Severity.MEDIUM)
    panel = _panel(qtbot, operator, clock)
    panel.select_ticket(ticket.id)
    _click(qtbot, panel.detail.buttons[Action.EDIT])
    dialog = panel.detail.dialog
    assert isinstance(dialog, TicketDialog)
    supervisor.edit(ticket.id, {"description": "Checked by sari: cable cut"})  # meanwhile
    dialog.severity.setCurrentIndex(dialog.severity.findData("high"))
    with qtbot.waitSignal(panel.incidents_changed):
        _click(qtbot, dialog.ok)

    assert _rows(path, "SELECT severity, description FROM tickets") == [
        ("high", "Checked by sari: cable cut")
    ]
    assert panel.detail.history.item(0).text().endswith("Edited: Severity: Medium → High")


def test_assign_to_me_then_unassign(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock, path: Path
) -> None:
    ticket = supervisor.create("Traffic lights stuck at Pamotan", "living", Severity.HIGH)
    panel = _panel(qtbot, supervisor, clock)
    panel.select_ticket(ticket.id)
    _click(qtbot, panel.detail.buttons[Action.ASSIGN])
    dialog = panel.detail.dialog
    assert isinstance(dialog, AssignDialog)
    _click(qtbot, dialog.me)
    with qtbot.waitSignal(panel.incidents_changed):
        _click(qtbot, dialog.ok)
    assert _settled(panel.model).index(0, cols.ASSIGNEE).data() == "sari"

    _click(qtbot, panel.detail.buttons[Action.ASSIGN])
    dialog = panel.detail.dialog
    assert isinstance(dialog, AssignDialog)
    assert dialog.user.currentData() == "sari"
    dialog.user.setCurrentIndex(dialog.user.findData(None))  # "— nobody —"
    with qtbot.waitSignal(panel.incidents_changed):
        _click(qtbot, dialog.ok)
    assert _rows(path, "SELECT assignee FROM tickets") == [(None,)]
    assert panel.detail.history.item(0).text().endswith("Unassigned")


# --- create ------------------------------------------------------------------------------


def test_create_from_a_plot_prefill_writes_program_series_and_station(
    qtbot: QtBot, operator: IncidentRepository, clock: Clock, path: Path
) -> None:
    plot = PlotSource(
        program="environment", series="rembang/environment/pm25/+", title_en="Air quality"
    )
    series = "rembang/environment/pm25/alun_alun_rembang"
    prefill = prefill_from_plot(plot, series, 187.5, T0.timestamp(), unit="ug/m3", language="en")
    assert prefill["title"] == "pm25 at Alun-alun Rembang: 187.5 µg/m³"
    assert "2025-11-28 10:00:00 WIB" in prefill["description"]
    panel = _panel(qtbot, operator, clock)

    dialog = panel.create_incident(prefill)
    assert dialog.title.text() == prefill["title"]
    dialog.severity.setCurrentIndex(dialog.severity.findData("high"))
    with qtbot.waitSignal(panel.incidents_changed):
        _click(qtbot, dialog.ok)

    assert _rows(
        path, "SELECT title, program, severity, series, station, created_by FROM tickets"
    ) == [(prefill["title"], "environment", "high", series, "Alun-alun Rembang", "budi")]
    assert _settled(panel.model).rowCount() == 1
    assert panel.table.currentIndex().row() == 0  # the new ticket is selected
    assert panel.detail.ticket is not None
    assert panel.detail.ticket.series == series


def test_empty_title_is_refused_inline_and_nothing_is_written(
    qtbot: QtBot, operator: IncidentRepository, clock: Clock, path: Path, indonesian: str
) -> None:
    panel = _panel(qtbot, operator, clock)
    _click(qtbot, panel.detail.buttons[Action.CREATE])
    dialog = panel.detail.dialog
    assert isinstance(dialog, TicketDialog)
    dialog.title.setText("   ")

    _click(qtbot, dialog.ok)

    assert dialog.isVisible()
    assert dialog.error.text() == "Judul wajib diisi."
    assert _rows(path, "SELECT count(*) FROM tickets") == [(0,)]
    assert _rows(path, "SELECT count(*) FROM outbox") == [(0,)]
    dialog.title.setText("Lampu jalan padam di Pamotan")
    with qtbot.waitSignal(dialog.rejected):  # changed their mind: cancel writes nothing
        _click(qtbot, dialog.cancel)
    assert _rows(path, "SELECT count(*) FROM tickets") == [(0,)]


def test_a_nul_typed_in_a_title_is_refused_in_the_ui_language_and_nothing_is_written(
    qtbot: QtBot, operator: IncidentRepository, clock: Clock, path: Path, indonesian: str
) -> None:
    """The sync server would refuse it (journal rule): the console refuses it when typed."""
    panel = _panel(qtbot, operator, clock)
    _click(qtbot, panel.detail.buttons[Action.CREATE])
    dialog = panel.detail.dialog
    assert isinstance(dialog, TicketDialog)
    dialog.title.setText("Lampu jalan\x00 padam")

    _click(qtbot, dialog.ok)

    assert dialog.isVisible()
    assert dialog.error.text() == (
        "Judul berisi karakter yang tidak dapat disimpan (U+0000 NUL, karakter ke-12); "
        "hapus karakter itu lalu coba lagi."
    )
    assert _rows(path, "SELECT count(*) FROM outbox") == [(0,)]
    dialog.title.setText("Lampu jalan padam")
    with qtbot.waitSignal(dialog.accepted):
        _click(qtbot, dialog.ok)
    assert _rows(path, "SELECT title FROM tickets") == [("Lampu jalan padam",)]


def test_a_pulled_transition_without_from_is_shown_in_the_history() -> None:
    """The journal lets a forward transition leave out ``from`` (only reopen and close need
    it); another client's acknowledgement without it must not break the history view."""
    for data in ({"to": "acknowledged"}, {"to": "acknowledged", "from": None, "note": None}):
        event = TicketEvent("e", "t", "transition", "dewi", "ws-2", T0, data)
        assert event_text(event, T0).splitlines()[1] == "Acknowledged"


# --- escalation --------------------------------------------------------------------------


def test_an_escalated_ticket_looks_it_everywhere(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock
) -> None:
    ticket = supervisor.create("River level at Kali Karanggeneng", "environment", "critical")
    supervisor.create("Queue at Samsat", "governance", Severity.LOW)
    window = QMainWindow()
    qtbot.addWidget(window)
    ui = Ui_MainWindow()
    ui.setupUi(window)  # type: ignore[no-untyped-call]  # generated by pyside6-uic
    panel = install_incidents_panel(window, supervisor, Role.SUPERVISOR, "sari", clock=clock)
    panel.select_ticket(ticket.id)
    with qtbot.waitSignal(panel.escalated_count_changed) as first:
        pass  # the first tick comes as the event loop runs, after wiring
    assert first.args == [0]
    status = window.findChild(QLabel, "incidentStatusLabel")
    assert status is not None
    assert status.text() == "No escalations"
    assert panel.model.index(0, cols.COUNTDOWN).data() == "05:00"

    closed_dock = window.findChild(QDockWidget, "incidentsDock")
    assert closed_dock is not None
    closed_dock.hide()  # the operator closed the panel
    clock.advance(minutes=5)  # at the deadline no time is left: escalated
    with qtbot.waitSignal(panel.escalated_count_changed) as blocker:
        panel.tick()

    assert blocker.args == [1]
    row = panel.model.row_of(ticket.id)
    assert row is not None
    assert panel.model.index(row, cols.TITLE).data(cols.ESCALATED_ROLE) is True
    assert (
        panel.model.index(row, cols.TITLE).data(Qt.ItemDataRole.ForegroundRole) == cols.ESCALATED_FG
    )
    assert (
        panel.model.index(row, cols.TITLE).data(Qt.ItemDataRole.BackgroundRole) == cols.ESCALATED_BG
    )
    assert panel.model.index(row, cols.COUNTDOWN).data() == "⚠ ESCALATED +00:00"
    assert panel.model.index(1 - row, cols.TITLE).data(cols.ESCALATED_ROLE) is False
    assert panel.detail.badge.isVisibleTo(panel)
    assert panel.detail.countdown.text() == "ESCALATED: acknowledgement overdue by 00:00"
    assert panel.summary.text().startswith("⚠ 1 ESCALATED")
    assert status.text() == "⚠ 1 ESCALATED"
    menu = window.findChild(QMenu, "menuIncidents")
    assert menu is not None
    assert [a.text() for a in menu.actions()][:3] == [
        "Create incident…",
        "Export list as CSV…",
        "Export list as Excel (XLSX)…",
    ]
    toggle = ui.menuView.actions()[-1]  # the dock's own toggle, titled like the dock
    assert toggle.text() == "Incidents — ⚠ 1 ESCALATED"
    dock = window.findChild(QDockWidget, "incidentsDock")
    assert dock is not None
    assert not dock.isHidden()
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    menu.actions()[0].trigger()  # Incidents > Create incident…
    dialog = panel.detail.dialog
    assert isinstance(dialog, TicketDialog)
    with qtbot.waitSignal(dialog.finished):
        _click(qtbot, dialog.cancel)
    assert panel.detail.dialog is None


def test_header_clicks_sort_in_sql_and_other_columns_keep_the_order(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock
) -> None:
    for title in ("Bravo", "alpha", "Charlie"):
        supervisor.create(title, "economy", Severity.MEDIUM)
    panel = _panel(qtbot, supervisor, clock)
    header = panel.table.horizontalHeader()
    assert header.sortIndicatorSection() == cols.COUNTDOWN  # most urgent first

    header.setSortIndicator(cols.TITLE, Qt.SortOrder.AscendingOrder)  # as a click does
    assert _column(panel.model, cols.TITLE) == ["alpha", "Bravo", "Charlie"]
    header.setSortIndicator(cols.PROGRAM, Qt.SortOrder.DescendingOrder)  # SQL cannot
    assert _column(panel.model, cols.TITLE) == ["alpha", "Bravo", "Charlie"]
    assert header.sortIndicatorSection() == cols.TITLE  # the arrow stays where the order is
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


# --- changes the server refused -------------------------------------------------------------


def test_a_change_the_server_refused_is_named_on_its_incident_with_the_reason(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock, db: Database, indonesian: str
) -> None:
    """Refused for good: not history, but the incident keeps saying it did not take effect."""
    ticket = supervisor.create("Pompa banjir Tasik Agung mati", "environment", "high")
    supervisor.comment(ticket.id, "Laporan dari nelayan")
    [create, comment] = supervisor.pending_ops()
    reason = "Komentar ditolak: tiket sudah ditutup."
    record_results(
        db,
        create.client_id,
        [OpAnswer(create.op_id, "applied"), OpAnswer(comment.op_id, "rejected", reason)],
    )
    panel = _panel(qtbot, supervisor, clock)
    panel.detail.show_ticket(ticket.id)
    shown = panel.detail.refused
    assert not shown.isHidden()
    assert shown.text() == f"✗ Tidak diterima oleh server: komentar (10:00:00 WIB) — {reason}"
    other = supervisor.create("Antrian Samsat", "governance", "low")
    panel.detail.show_ticket(other.id)
    assert shown.isHidden()  # only where it was refused
