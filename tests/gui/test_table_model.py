"""The table-model base (gui/table_model.py) under Qt's own QAbstractItemModelTester.

pytest-qt's ``qtmodeltester`` runs PySide6.QtTest.QAbstractItemModelTester
(its warnings fail the test) and keeps watching every signal the model
emits after ``check``: so a language switch, which makes the base announce
new headers and repaint every row, is checked too. Both tables built on the
base are covered: the incident list over a real SQLite store, and the feed
diagnostics over real ingest counters.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from smartcity_console.core.incidents import Role, Severity
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.topic_catalog import TopicCatalog
from smartcity_console.gui import i18n
from smartcity_console.gui.diagnostics.model import FeedDiagnosticsModel
from smartcity_console.gui.i18n import QT_TRANSLATE_NOOP
from smartcity_console.gui.incidents import model as incident_cols
from smartcity_console.gui.incidents.model import IncidentListModel
from smartcity_console.gui.table_model import Index, RowTableModel
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.store import Database, IncidentRepository
from smartcity_console.store.clients import client_id_for

HORIZONTAL = Qt.Orientation.Horizontal


def check(tester: ModelTester, model: QAbstractItemModel) -> None:
    tester.check(model)  # type: ignore[no-untyped-call]  # pytest-qt ships no annotations here


class Stations(RowTableModel[str]):
    """The smallest table on the base: one column, station names."""

    def __init__(self, names: list[str]) -> None:
        super().__init__("Incidents", [QT_TRANSLATE_NOOP("Incidents", "Station")])
        self._rows = list(names)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        name = self.item_at(index)
        return name if name is not None and role == Qt.ItemDataRole.DisplayRole else None


def test_a_table_on_the_base_passes_the_tester_and_has_no_children(
    qtmodeltester: ModelTester,
) -> None:
    model = Stations(["Lasem", "Sluke", "Kragan"])
    check(qtmodeltester, model)
    assert (model.rowCount(), model.columnCount()) == (3, 1)
    first = model.index(0, 0)
    assert model.rowCount(first) == model.columnCount(first) == 0  # a table, not a tree
    assert model.item(2) == "Kragan"
    assert model.item(3) is None
    assert model.index(1, 0).data() == "Sluke"
    assert model.headerData(0, HORIZONTAL) == "Station"
    assert model.headerData(1, HORIZONTAL) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None


def test_the_incident_list_reads_its_headers_again_in_the_new_language(
    qtbot: QtBot, qtmodeltester: ModelTester, db: Database
) -> None:
    repo = IncidentRepository(
        db, "sari", Role.SUPERVISOR, "ruang-komando-1", client_id_for(db, "sari", "ws")
    )
    repo.create("Genangan di Alun-alun Rembang", "environment", Severity.HIGH)
    repo.create("Lampu jalan padam", "living", Severity.LOW)
    model = IncidentListModel(repo)
    check(qtmodeltester, model)  # keeps checking every signal from here on
    assert model.headerData(incident_cols.COUNTDOWN, HORIZONTAL) == "Acknowledge within"
    assert model.index(0, incident_cols.SEVERITY).data() == "HIGH"

    with (
        qtbot.waitSignal(model.headerDataChanged),
        qtbot.waitSignal(model.dataChanged) as repaint,
    ):
        i18n.set_language("id")
    assert repaint.args is not None
    top_left, bottom_right = repaint.args[0], repaint.args[1]
    assert (top_left.row(), top_left.column()) == (0, 0)
    assert (bottom_right.row(), bottom_right.column()) == (1, incident_cols.COLUMN_COUNT - 1)
    assert model.headerData(incident_cols.COUNTDOWN, HORIZONTAL) == "Konfirmasi dalam"


def test_the_feed_diagnostics_read_their_headers_again_in_the_new_language(
    qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    feeds = [
        FeedMapping(topic="rembang/environment/#", format="json", value="value"),
        FeedMapping(topic="tele/+/SENSOR", format="json", fields="*"),
    ]
    ingest = FeedIngest(feeds, SeriesStore(), TopicCatalog())
    model = FeedDiagnosticsModel(ingest.stats)
    check(qtmodeltester, model)
    assert model.rowCount() == 2
    assert model.feed(1) is ingest.stats.feeds[1]
    assert model.headerData(0, HORIZONTAL) == "Topic filter"

    with qtbot.waitSignal(model.headerDataChanged), qtbot.waitSignal(model.dataChanged):
        i18n.set_language("id")
    assert model.headerData(0, HORIZONTAL) == "Filter topik"
