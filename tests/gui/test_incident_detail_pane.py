"""The detail pane fits a narrow dock and follows the list (issue 17, "the desk").

Actions wrap rather than clip, the title shows whole, the history scrolls and
dates its entries, an action keeps the scroll position, the pane and the
list agree after a close, and "Show on plot" asks for the ticket's series at
its alarm time.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QScrollArea
from pytestqt.qtbot import QtBot

from smartcity_console.core.clock import wib_text
from smartcity_console.core.incidents import Action, CloseReason, Role, Severity
from smartcity_console.gui.incidents.dialogs import CloseDialog
from smartcity_console.gui.incidents.dock import IncidentsPanel
from smartcity_console.store import Database, IncidentRepository
from smartcity_console.store.clients import client_id_for
from tests.support.clock import Clock

DESK = "ruang-komando-1"


@pytest.fixture
def supervisor(db: Database, clock: Clock) -> IncidentRepository:
    return IncidentRepository(
        db, "sari", Role.SUPERVISOR, DESK, client_id_for(db, "sari", DESK), clock=clock
    )


def _panel(
    qtbot: QtBot, repo: IncidentRepository, clock: Clock, size: tuple[int, int]
) -> IncidentsPanel:
    panel = IncidentsPanel(repo, repo.actor.role, repo.actor.user, clock=clock)
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]  # pytest-qt


def _scroll_area(panel: IncidentsPanel) -> QScrollArea:
    area = panel.findChild(QScrollArea)
    assert area is not None
    return area


def test_actions_wrap_and_the_title_shows_whole_in_a_narrow_pane(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock, indonesian: None
) -> None:
    title = "Kualitas udara sangat tidak sehat di Alun-alun Rembang sejak pagi, warga mengeluh"
    ticket = supervisor.create(title, "environment", Severity.CRITICAL)
    panel = _panel(qtbot, supervisor, clock, (1400, 700))
    panel.select_ticket(ticket.id)
    detail = panel.detail
    qtbot.waitUntil(lambda: detail.width() > 0 and detail.width() < 520)
    buttons = [*detail.buttons.values(), detail.show_on_plot]
    inside = QRect(0, 0, detail.width(), detail.height())
    for button in buttons:
        box = QRect(button.mapTo(detail, button.rect().topLeft()), button.size())
        assert button.width() >= button.sizeHint().width(), button.text()  # words not cut
        assert inside.contains(box), button.text()
    assert detail.title.text() == title
    label = detail.title
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))


def test_history_dates_its_entries_and_keeps_its_place_after_an_action(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock
) -> None:
    ticket = supervisor.create("Pump pressure low", "living", Severity.MEDIUM)
    for i in range(14):
        supervisor.comment(ticket.id, f"check {i}: pressure still low at the north pump")
    panel = _panel(qtbot, supervisor, clock, (1400, 420))
    panel.select_ticket(ticket.id)
    detail, area = panel.detail, _scroll_area(panel)
    history = detail.history.verticalScrollBar()
    qtbot.waitUntil(lambda: history.maximum() > 0 and area.verticalScrollBar().maximum() > 0)
    assert detail.history.height() >= 200
    assert wib_text(clock.now)[:10] in detail.history.item(0).text()  # the date, today too
    history.setValue(history.maximum() // 2)
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum() // 2)
    kept = (history.value(), area.verticalScrollBar().value())

    detail.comment.setPlainText("pump restarted")
    _click(qtbot, detail.buttons[Action.COMMENT])
    qtbot.waitUntil(lambda: "pump restarted" in detail.history.item(0).text())
    # The pane lays out again after the new entry; its place holds after that.
    qtbot.waitUntil(lambda: (history.value(), area.verticalScrollBar().value()) == kept)


def test_after_a_close_the_list_highlights_no_other_ticket_than_the_pane_shows(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock
) -> None:
    closing = supervisor.create("Duplicate report", "society", Severity.LOW)
    supervisor.create("Street light out", "living", Severity.LOW)
    supervisor.create("Bus late", "living", Severity.LOW)
    panel = _panel(qtbot, supervisor, clock, (1400, 700))
    model = panel.model  # read off the GUI thread: wait for what it shows
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 3)
    panel.select_ticket(closing.id)

    _click(qtbot, panel.detail.buttons[Action.CLOSE])
    dialog = panel.detail.dialog
    assert isinstance(dialog, CloseDialog)
    _click(qtbot, dialog.ok)  # no reason chosen: said in words, not the reasons' ids
    assert "false_alarm" not in dialog.error.text()
    dialog.reason.setCurrentIndex(dialog.reason.findData(CloseReason.DUPLICATE))
    with qtbot.waitSignal(panel.incidents_changed):
        _click(qtbot, dialog.ok)

    # The open-only filter lets the closed one go.
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 2)
    assert panel.detail.ticket is not None
    assert panel.detail.ticket.id == closing.id
    selection = panel.table.selectionModel()
    assert not selection.hasSelection()
    assert not selection.currentIndex().isValid()
    panel.tick()  # and the next second does not move either
    qtbot.waitUntil(lambda: not model.loading)
    assert panel.detail.ticket.id == closing.id
    assert not selection.hasSelection()

    # Choosing a row again: the pane follows it.
    panel.table.selectRow(1)
    other = panel.model.ticket(1)
    assert other is not None
    qtbot.waitUntil(lambda: panel.detail.ticket is not None and panel.detail.ticket.id == other.id)


def test_show_on_plot_asks_for_the_series_at_the_alarm_time(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock
) -> None:
    series = "rembang/environment/air_quality/alun_alun_rembang#pm25"
    with_series = supervisor.create(
        "PM2.5 high", "environment", Severity.HIGH, station="alun_alun_rembang", series=series
    )
    without = supervisor.create("Citizen call", "society", Severity.LOW)
    panel = _panel(qtbot, supervisor, clock, (1400, 700))
    panel.select_ticket(without.id)
    assert not panel.detail.show_on_plot.isEnabled()
    panel.select_ticket(with_series.id)
    assert panel.detail.show_on_plot.isEnabled()
    with qtbot.waitSignal(panel.detail.plot_requested) as asked:
        _click(qtbot, panel.detail.show_on_plot)
    assert asked.args == [series, with_series.created_at.timestamp()]
