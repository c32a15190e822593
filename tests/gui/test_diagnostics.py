"""The diagnostics view shows per feed what came in, what was bad, and when data was last good."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QMainWindow, QMenu
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from smartcity_console.config import load_config
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.topic_catalog import TopicCatalog
from smartcity_console.gui.diagnostics import model as cols
from smartcity_console.gui.diagnostics.view import DiagnosticsView, FeedDiagnosticsModel
from smartcity_console.gui.shell.main_window import MainWindow
from smartcity_console.gui.shell.tool_docks import install_feed_panels
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.mqtt.status import ConnectionStatus
from smartcity_console.paths import bundled_config_file
from tests.support import sparkplug as tahu

# 2025-11-28 10:00:00 WIB
NOON_ISH = datetime(2025, 11, 28, 10, 0, 0, tzinfo=ZoneInfo("Asia/Jakarta")).timestamp()


def check_model(tester: ModelTester, model: QAbstractItemModel) -> None:
    tester.check(model)  # type: ignore[no-untyped-call]  # pytest-qt ships no annotations here


@pytest.fixture
def ingest() -> FeedIngest:
    feeds = [
        FeedMapping(topic="rembang/environment/#", format="json", value="value"),
        FeedMapping(topic="tele/+/SENSOR", format="json", fields="*"),
    ]
    return FeedIngest(feeds, SeriesStore(), TopicCatalog())


def _text(model: FeedDiagnosticsModel, row: int, column: int) -> str:
    return str(model.index(row, column).data() or "")


def test_table_model_passes_the_model_tester(
    qtmodeltester: ModelTester, ingest: FeedIngest
) -> None:
    model = FeedDiagnosticsModel(ingest.stats)
    check_model(qtmodeltester, model)
    ingest.handle("rembang/environment/pm25/lasem", b"{broken", NOON_ISH)
    model.refresh(NOON_ISH + 1)
    check_model(qtmodeltester, model)


def test_bad_payload_shows_its_error_the_count_and_the_last_good_time(
    qtbot: QtBot, ingest: FeedIngest
) -> None:
    model = FeedDiagnosticsModel(ingest.stats)
    view = DiagnosticsView(model)
    qtbot.addWidget(view)
    topic = "rembang/environment/pm25/lasem"
    ingest.handle(topic, b'{"value": 23.4}', NOON_ISH)
    ingest.handle(topic, b'{"value": "high"}', NOON_ISH + 5)
    ingest.handle(topic, b"{broken", NOON_ISH + 10)

    view.refresh(NOON_ISH + 12)

    assert _text(model, 0, cols.FILTER) == "rembang/environment/#"
    assert _text(model, 0, cols.MESSAGES) == "3"
    assert _text(model, 0, cols.ERRORS) == "2"
    assert _text(model, 0, cols.LAST_GOOD) == "10:00:00 WIB (12 s ago)"
    error = ingest.stats.feeds[0].last_error
    assert error
    assert _text(model, 0, cols.LAST_ERROR) == error
    assert _text(model, 0, cols.BAD_PAYLOAD) == "{broken"
    # Errors stand out.
    assert model.index(0, cols.ERRORS).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, cols.READINGS).data(Qt.ItemDataRole.ForegroundRole) is None
    # The feed that saw nothing says so.
    assert _text(model, 1, cols.LAST_GOOD) == "never"
    assert _text(model, 1, cols.ERRORS) == "0"
    assert "3 messages" in view.totals.text()
    assert "2 errors" in view.totals.text()

    view.table.selectRow(0)
    assert error in view.detail_label.text()
    assert view.detail.toPlainText() == "{broken"


def test_rate_comes_from_the_counts_between_refreshes(ingest: FeedIngest, indonesian: str) -> None:
    model = FeedDiagnosticsModel(ingest.stats)
    model.refresh(NOON_ISH)
    for i in range(20):
        ingest.handle(f"tele/pju{i}/SENSOR", b'{"ENERGY": {"Power": 5}}', NOON_ISH)
    model.refresh(NOON_ISH + 2)
    assert model.rates == [0.0, 10.0]
    assert _text(model, 1, cols.RATE) == "10.0"
    assert model.total_rate == 10.0
    assert _text(model, 0, cols.LAST_GOOD) == "belum pernah"  # Indonesian by default


def test_gaps_in_a_feeds_sequence_numbers_are_shown_and_stand_out(
    qtmodeltester: ModelTester,
) -> None:
    feeds = [
        FeedMapping(topic="rembang/#", format="json", value="value", sequence="seq"),
        FeedMapping(topic="tele/+/SENSOR", format="json", fields="*"),
    ]
    ingest = FeedIngest(feeds, SeriesStore())
    model = FeedDiagnosticsModel(ingest.stats)
    for seq in (1, 2, 6, 7):  # 3, 4 and 5 never came
        ingest.handle("rembang/living/traffic/lasem", f'{{"value": 1, "seq": {seq}}}'.encode(), 0)
    model.refresh(NOON_ISH)
    check_model(qtmodeltester, model)
    header = model.headerData(cols.GAPS, Qt.Orientation.Horizontal)
    assert header == "Gaps"
    assert _text(model, 0, cols.GAPS) == "3"
    assert model.index(0, cols.GAPS).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "never arrived" in str(model.index(0, cols.GAPS).data(Qt.ItemDataRole.ToolTipRole))
    assert _text(model, 1, cols.GAPS) == "0"
    assert model.index(1, cols.GAPS).data(Qt.ItemDataRole.ForegroundRole) is None


def test_non_utf8_payload_is_shown_escaped(qtbot: QtBot, ingest: FeedIngest) -> None:
    model = FeedDiagnosticsModel(ingest.stats)
    view = DiagnosticsView(model)
    qtbot.addWidget(view)
    payload = b"\xff\xfe\x00\x01binary\x1b[31m" + bytes(range(128, 256)) * 40
    ingest.handle("rembang/environment/rain/sarang", payload, NOON_ISH)

    view.refresh(NOON_ISH + 1)
    view.table.selectRow(0)
    view.grab()  # paint every cell: nothing may raise

    cell = _text(model, 0, cols.BAD_PAYLOAD)
    assert cell.startswith("\\xff\\xfe")
    assert "\x1b" not in cell  # no control characters in a one-line cell
    assert len(cell) <= 60
    detail = view.detail.toPlainText()
    assert detail.startswith("\\xff\\xfe\\x00\\x01binary\\x1b[31m")  # controls escaped too
    assert len(detail) < 4 * 4096 + 100  # the 4 KiB kept by ingest, escaped


def test_panels_are_docked_hidden_with_view_menu_actions(
    qtbot: QtBot, ingest: FeedIngest, indonesian: str
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = QMenu("View", window)
    menu.setObjectName("menuView")
    window.menuBar().addMenu(menu)
    assert ingest.catalog is not None

    browser, diagnostics = install_feed_panels(window, ingest.catalog, ingest.stats)

    window.show()
    qtbot.waitExposed(window)
    assert not browser.isVisible()
    assert not diagnostics.isVisible()
    actions = {action.text(): action for action in menu.actions()}
    assert set(actions) == {"Penjelajah Topik", "Diagnostik Feed"}
    actions["Diagnostik Feed"].trigger()
    qtbot.waitUntil(diagnostics.isVisible, timeout=2000)


def test_panels_install_into_the_console_main_window(
    qtbot: QtBot, ingest: FeedIngest, indonesian: str
) -> None:
    config = load_config(bundled_config_file())
    window = MainWindow(
        config,
        SeriesStore(),
        ingest.stats,
        lambda: ConnectionStatus("connecting", config.broker.url, time.time()),
    )
    qtbot.addWidget(window)
    assert ingest.catalog is not None
    browser, diagnostics = install_feed_panels(window, ingest.catalog, ingest.stats)
    texts = [action.text() for action in window.ui.menuView.actions()]
    assert "Penjelajah Topik" in texts
    assert "Diagnostik Feed" in texts
    assert browser.window() is window
    assert diagnostics.window() is window


def test_sparkplug_data_before_its_birth_shows_as_a_decode_error(qtbot: QtBot) -> None:
    """Issue 14: a DDATA whose DBIRTH the console never saw is an error the operator sees.

    Payload: Eclipse Tahu's example DDATA (tests/support/sparkplug.py), aliases only.
    """
    ingest = FeedIngest([FeedMapping(topic="spBv1.0/#", format="sparkplug")], SeriesStore())
    model = FeedDiagnosticsModel(ingest.stats)
    view = DiagnosticsView(model)
    qtbot.addWidget(view)
    now = time.time()
    ingest.handle(tahu.device_topic("DDATA"), tahu.device_data(int(now * 1000), 3, True), now)
    view.refresh(now + 1)
    assert _text(model, 0, cols.ERRORS) == "1"
    assert _text(model, 0, cols.READINGS) == "0"
    assert _text(model, 0, cols.LAST_ERROR).startswith(
        "DDATA from device Emulated Device of node Sparkplug B Devices/Python Edge Node 1 "
        "with no DBIRTH before it"
    )
    assert model.index(0, cols.ERRORS).data(Qt.ItemDataRole.ForegroundRole) is not None
