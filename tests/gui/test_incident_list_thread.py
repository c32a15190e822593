"""The incidents panel reads its list and counts on a worker thread, and drops stale answers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from smartcity_console.core.incidents import Role, Severity
from smartcity_console.gui.incidents import model as cols
from smartcity_console.gui.incidents.dock import IncidentsPanel
from smartcity_console.gui.incidents.list_loader import ListRequest, read_window
from smartcity_console.gui.incidents.model import IncidentListModel
from smartcity_console.store import Database, IncidentRepository
from smartcity_console.store.clients import client_id_for
from tests.support.clock import Clock

DESK = "ruang-komando-1"


@pytest.fixture
def supervisor(db: Database, clock: Clock) -> IncidentRepository:
    return IncidentRepository(
        db, "sari", Role.SUPERVISOR, DESK, client_id_for(db, "sari", DESK), clock=clock
    )


@pytest.fixture
def statements(db: Database) -> Iterator[list[tuple[int, str]]]:
    """Every SQL statement the engine runs, with the thread that ran it."""
    seen: list[tuple[int, str]] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append((threading.get_ident(), statement))

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


def _list_reads(seen: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The list's page and count queries (a detail pane's one-ticket reads are not among them)."""
    return [(t, s) for t, s in seen if "ORDER BY" in s or "count(*)" in s]


def test_the_tick_reads_the_list_and_counts_off_the_gui_thread(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock, statements: list[tuple[int, str]]
) -> None:
    supervisor.create("Banjir di Lasem", "environment", Severity.HIGH)
    panel = IncidentsPanel(supervisor, Role.SUPERVISOR, "sari", clock=clock)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.escalated_count_changed):
        pass  # the first tick
    qtbot.waitUntil(lambda: not panel.model.loading)
    statements.clear()
    supervisor.create("Pohon tumbang", "living", Severity.CRITICAL)
    clock.advance(minutes=20)  # both past their deadlines now

    with qtbot.waitSignal(panel.escalated_count_changed) as counted:
        panel.tick()
    qtbot.waitUntil(lambda: panel.model.total == 2 and not panel.model.loading)

    assert counted.args == [2]
    reads = _list_reads(statements)
    assert reads  # the tick did read the list and the counts...
    gui = threading.get_ident()
    assert {thread for thread, _ in reads} == {panel.loader.thread_ident}  # ...on the worker's
    assert panel.loader.thread_ident != gui
    assert panel.model.index(0, cols.TITLE).data() == "Pohon tumbang"


def test_an_answer_to_an_older_query_or_refresh_is_dropped(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock
) -> None:
    supervisor.create("Banjir di Lasem", "environment", Severity.HIGH)
    supervisor.create("Antrean di MPP", "governance", Severity.LOW)
    model = IncidentListModel(supervisor, clock=clock)  # no loader: direct reads
    old_query = model.query
    old_request = ListRequest(old_query, 1, 1, 0, model.window_size)
    stale = read_window(supervisor, old_request)  # read before the filter changed
    model.set_query(replace(old_query, programs=frozenset({"governance"})))
    assert model.total == 1

    model.apply(stale)
    assert model.total == 1  # the old filter's two rows were not shown
    assert model.index(0, cols.TITLE).data() == "Antrean di MPP"

    current = model.query
    newer = read_window(supervisor, ListRequest(current, 2, 50, 0, model.window_size))
    supervisor.create("Pasar sepi", "governance", Severity.MEDIUM)
    older = read_window(supervisor, ListRequest(current, 2, 40, 0, model.window_size))
    model.apply(newer)
    model.apply(older)  # arrives late: it must not replace what is newer
    assert model.total == 1
    assert [model.index(0, cols.TITLE).data()] == ["Antrean di MPP"]


def test_stopping_the_list_waits_for_a_read_in_flight(qtbot: QtBot, db: Database) -> None:
    """The console closes its database right after its window: a read still running on the
    list's thread raced that close. Stopping returns only once the read has finished."""
    from smartcity_console.gui.incidents.list_loader import ListLoader, ListSnapshot
    from smartcity_console.store.queries import TicketQuery

    repo = IncidentRepository(db, "sari", Role.SUPERVISOR, "ws", client_id_for(db, "sari", "ws"))
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def slow_read(repository: IncidentRepository, request: ListRequest) -> ListSnapshot:
        started.set()
        release.wait(10)
        snapshot = read_window(repository, request)
        finished.set()
        return snapshot

    loader = ListLoader(repo, reader=slow_read)
    loader.request(ListRequest(query=TicketQuery(), generation=1, sequence=1, first=0, size=10))
    assert started.wait(10)
    stopper = threading.Thread(target=loader.stop)
    stopper.start()
    stopper.join(0.5)
    assert stopper.is_alive()  # still waiting for the read, not returned at once
    release.set()
    stopper.join(10)
    assert not stopper.is_alive()
    assert finished.is_set()
