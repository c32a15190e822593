"""The topic browser shows every topic as a tree, searchably, updated in batches."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from smartcity_console.core.topic_catalog import TopicCatalog
from smartcity_console.gui.topics import columns as cols
from smartcity_console.gui.topics.browser import TopicBrowser
from smartcity_console.gui.topics.filter import TopicFilterProxy
from smartcity_console.gui.topics.tree import TopicTreeModel

STATIONS = ("lasem", "kragan", "sarang", "sluke", "pamotan")


def _fill(catalog: TopicCatalog, now: float = 1.0) -> None:
    for measurement in ("pm25", "rain"):
        for station in STATIONS:
            payload = f'{{"value": {len(station)}.5, "unit": "mm"}}'.encode()
            catalog.observe(
                f"rembang/environment/{measurement}/{station}",
                payload,
                False,
                now,
                len(station) + 0.5,
            )
    catalog.observe("rembang/economy/beras/pasar_rembang", b"12500", True, now, 12500.0)
    catalog.observe("tele/pju/SENSOR", b'{"ENERGY": {"Power": 5}}', False, now, None)
    catalog.observe("tele/pju", b"inner level that is also a topic", False, now, None)


def _paths(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    """Every path under ``parent`` in a model (or proxy), depth first."""
    parent = parent if parent is not None else QModelIndex()
    out: list[str] = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        out.append(str(index.data(cols.TOPIC_ROLE)))
        out.extend(_paths(model, index))
    return out


def _row_texts(model: TopicTreeModel, topic: str) -> list[str]:
    index = model.topic_index(topic)
    return [
        str(model.index(index.row(), column, index.parent()).data() or "")
        for column in range(cols.COLUMN_COUNT)
    ]


def check_model(tester: ModelTester, model: QAbstractItemModel) -> None:
    tester.check(model)  # type: ignore[no-untyped-call]  # pytest-qt ships no annotations here


@pytest.fixture
def catalog() -> TopicCatalog:
    return TopicCatalog()


@pytest.fixture
def model(catalog: TopicCatalog) -> TopicTreeModel:
    return TopicTreeModel(catalog)


def test_tree_model_passes_the_model_tester(
    qtmodeltester: ModelTester, catalog: TopicCatalog, model: TopicTreeModel
) -> None:
    check_model(qtmodeltester, model)  # empty
    _fill(catalog)
    model.refresh(2.0)
    check_model(qtmodeltester, model)
    # Later batches: updates, new leaves under old levels, and a new branch.
    catalog.observe("rembang/environment/pm25/lasem", b"40", False, 2.0, 40.0)
    catalog.observe("rembang/environment/pm25/gunem", b"7", False, 2.0, 7.0)
    catalog.observe("rembang/society/calls/112/rembang", b"3", False, 2.0, 3.0)
    catalog.observe("/leading/slash", b"1", False, 2.0, 1.0)
    model.refresh(3.0)
    check_model(qtmodeltester, model)


def test_proxy_passes_the_model_tester(
    qtmodeltester: ModelTester, catalog: TopicCatalog, model: TopicTreeModel
) -> None:
    proxy = TopicFilterProxy(model)
    _fill(catalog)
    model.refresh(2.0)
    proxy.search("lasem")
    check_model(qtmodeltester, proxy)


def test_levels_split_on_slash_and_rows_show_the_last_message(
    catalog: TopicCatalog, model: TopicTreeModel
) -> None:
    _fill(catalog)
    model.refresh(2.0)
    paths = _paths(model)
    assert "rembang" in paths
    assert "rembang/environment/pm25" in paths
    assert "rembang/environment/pm25/lasem" in paths
    name, value, payload, messages, rate, retained = _row_texts(
        model, "rembang/economy/beras/pasar_rembang"
    )
    assert (name, value, payload, messages, retained) == (
        "pasar_rembang",
        "12500",
        "12500",
        "1",
        "yes",
    )
    assert float(rate) > 0
    # An inner level that is a topic itself carries its own row data and children.
    assert _row_texts(model, "tele/pju")[2] == "inner level that is also a topic"
    assert model.rowCount(model.topic_index("tele/pju")) == 1
    # Inner levels that are no topic show only their name.
    assert _row_texts(model, "rembang/environment")[1:] == [""] * 5


def test_search_keeps_matches_and_their_parents(
    catalog: TopicCatalog, model: TopicTreeModel
) -> None:
    proxy = TopicFilterProxy(model)
    _fill(catalog)
    model.refresh(2.0)

    proxy.search("LASEM")

    assert set(_paths(proxy)) == {
        "rembang",
        "rembang/environment",
        "rembang/environment/pm25",
        "rembang/environment/pm25/lasem",
        "rembang/environment/rain",
        "rembang/environment/rain/lasem",
    }
    # The full path matches, not only a level's name.
    proxy.search("pm25/sl")
    assert "rembang/environment/pm25/sluke" in _paths(proxy)
    assert "rembang/environment/rain/sluke" not in _paths(proxy)


def test_new_topics_appear_after_the_timer_tick(
    qtbot: QtBot, catalog: TopicCatalog, model: TopicTreeModel
) -> None:
    browser = TopicBrowser(model, interval_ms=20)
    qtbot.addWidget(browser)
    browser.show()
    qtbot.waitExposed(browser)
    assert model.rowCount() == 0

    catalog.observe("city/new/topic", b"1", False, 1.0, 1.0)

    qtbot.waitUntil(lambda: model.topic_index("city/new/topic").isValid(), timeout=2000)
    qtbot.waitUntil(lambda: "1 topics" in browser.count_label.text(), timeout=2000)


def test_add_to_plot_emits_the_selected_topic(
    qtbot: QtBot, catalog: TopicCatalog, model: TopicTreeModel
) -> None:
    browser = TopicBrowser(model)
    qtbot.addWidget(browser)
    _fill(catalog)
    browser.refresh()
    assert not browser.add_button.isEnabled()

    assert browser.select_topic("rembang/environment/pm25/lasem")

    assert browser.add_button.isEnabled()
    assert "rembang/environment/pm25/lasem" in browser.detail.meta.text()
    assert '"unit": "mm"' in browser.detail.payload.toPlainText()  # pretty-printed JSON
    with qtbot.waitSignal(browser.add_series_requested, timeout=1000) as blocker:
        browser.add_button.click()
    assert blocker.args == ["rembang/environment/pm25/lasem"]

    # A level that is no topic cannot be plotted.
    assert browser.select_topic("rembang/environment")
    assert not browser.add_button.isEnabled()


def test_detail_pane_says_when_a_payload_was_cut(
    qtbot: QtBot, catalog: TopicCatalog, model: TopicTreeModel, indonesian: str
) -> None:
    browser = TopicBrowser(model)
    qtbot.addWidget(browser)
    catalog.observe("big/blob", b"\xff\xfe" + b"z" * 4000, False, 1.0, None)
    browser.refresh()
    assert browser.select_topic("big/blob")
    text = browser.detail.payload.toPlainText()
    assert text.startswith("\\xff\\xfe")
    assert "terpotong: 1.024 dari 4.002 bait" in text  # Indonesian digit grouping


def test_levels_stay_in_name_order_across_batches(
    qtmodeltester: ModelTester, catalog: TopicCatalog, model: TopicTreeModel
) -> None:
    for name in ("delta", "bravo", "foxtrot"):
        catalog.observe(f"site/{name}", b"1", False, 1.0, 1.0)
    model.refresh(1.5)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    for name in ("alpha", "Charlie", "echo", "echo2", "golf"):
        catalog.observe(f"site/{name}", b"1", False, 2.0, 1.0)
    model.refresh(2.5)

    site = model.topic_index("site")
    names = [model.index(row, 0, site).data() for row in range(model.rowCount(site))]
    assert names == ["alpha", "bravo", "Charlie", "delta", "echo", "echo2", "foxtrot", "golf"]
    # One insertion per run of new neighbours, the last run first (rows as of each step).
    assert inserted == [(3, 3), (2, 3), (1, 1), (0, 0)]
    check_model(qtmodeltester, model)


def test_many_scattered_new_siblings_are_appended_in_one_insertion(
    catalog: TopicCatalog, model: TopicTreeModel
) -> None:
    for i in range(0, 200, 2):
        catalog.observe(f"flat/{i:03}", b"1", False, 1.0, 1.0)
    model.refresh(1.5)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    for i in range(1, 200, 2):
        catalog.observe(f"flat/{i:03}", b"1", False, 2.0, 1.0)
    model.refresh(2.5)
    assert inserted == [(100, 199)]  # not a hundred runs


def test_a_new_match_under_hidden_levels_appears_while_searching(
    catalog: TopicCatalog, model: TopicTreeModel
) -> None:
    proxy = TopicFilterProxy(model)
    _fill(catalog)
    model.refresh(2.0)
    proxy.search("gunem")
    assert _paths(proxy) == []

    catalog.observe("rembang/environment/pm25/gunem", b"7", False, 3.0, 7.0)
    catalog.observe("rembang/environment/pm25/sale", b"7", False, 3.0, 7.0)
    model.refresh(3.5)

    assert "rembang/environment/pm25/gunem" in _paths(proxy)
    assert "rembang/environment/pm25/sale" not in _paths(proxy)


def test_sorting_by_a_column_is_a_snapshot_and_name_order_comes_back(
    qtbot: QtBot, catalog: TopicCatalog, model: TopicTreeModel
) -> None:
    browser = TopicBrowser(model)
    qtbot.addWidget(browser)
    for name, count in (("a", 1), ("b", 3), ("c", 2)):
        for _ in range(count):
            catalog.observe(f"s/{name}", b"1", False, 1.0, 1.0)
    browser.refresh()
    parent = browser.proxy.index(0, 0)

    def order() -> list[str]:
        return [
            str(browser.proxy.index(r, 0, parent).data())
            for r in range(browser.proxy.rowCount(parent))
        ]

    assert order() == ["a", "b", "c"]
    browser.view.header().setSortIndicator(cols.MESSAGES, Qt.SortOrder.DescendingOrder)
    assert order() == ["b", "c", "a"]
    for _ in range(5):  # "a" now has the most messages, but rows do not jump
        catalog.observe("s/a", b"1", False, 2.0, 1.0)
    browser.refresh()
    assert order() == ["b", "c", "a"]
    browser.view.header().setSortIndicator(cols.NAME, Qt.SortOrder.AscendingOrder)
    assert order() == ["a", "b", "c"]


def test_ten_thousand_topics_arrive_in_one_batched_update(
    catalog: TopicCatalog, model: TopicTreeModel
) -> None:
    """10,000 topics and 5,000 more messages: two batches, signals per parent, never per message."""
    signals: Counter[str] = Counter()
    model.rowsInserted.connect(lambda *_: signals.update(["inserted"]))
    model.dataChanged.connect(lambda *_: signals.update(["changed"]))
    model.modelReset.connect(lambda: signals.update(["reset"]))
    model.layoutChanged.connect(lambda *_: signals.update(["layout"]))
    programs = ("governance", "branding", "economy", "living", "society", "environment")
    topics = [
        f"rembang/{programs[i % 6]}/m{i % 50}/station_{i}" for i in range(10_000)
    ]  # 6 programs x 50 measurements = 300 parents of leaves
    for i, topic in enumerate(topics):
        catalog.observe(topic, b'{"value": 1}', False, 1.0, float(i))

    model.refresh(1.25)

    assert len([p for p in _paths(model) if "/station_" in p]) == 10_000
    # One insertion of the whole new branch under the root; no per-topic signals.
    assert signals == Counter({"inserted": 1})

    signals.clear()
    for i in range(5_000):
        catalog.observe(topics[i * 2], b'{"value": 2}', False, 1.5, 2.0)
    model.refresh(1.5)

    assert _row_texts(model, topics[0])[3] == "2"  # messages
    assert _row_texts(model, topics[1])[3] == "1"
    # Changed rows and decaying rates: one dataChanged per parent of leaves, at most.
    assert signals["changed"] <= 300
    assert signals["inserted"] == signals["reset"] == signals["layout"] == 0


def test_hidden_browser_does_not_poll(
    qtbot: QtBot, catalog: TopicCatalog, model: TopicTreeModel
) -> None:
    browser = TopicBrowser(model, interval_ms=10)
    qtbot.addWidget(browser)
    browser.show()
    qtbot.waitExposed(browser)
    browser.hide()
    catalog.observe("while/hidden", b"1", False, 1.0, 1.0)
    qtbot.wait(50)
    assert not model.topic_index("while/hidden").isValid()
    browser.show()  # the first batch on showing brings it up to date
    assert model.topic_index("while/hidden").isValid()
