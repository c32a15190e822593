"""Dashboards: composing, saving, import/export, presets and tiers, pause, the render loop.

Offscreen with pytest-qt; data comes from the Rembang simulator written
straight into a series store (the broker path is covered by
test_console_window.py). No timing thresholds: bench/render.py measures speed.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from smartcity_console.config import AppConfig, load_config
from smartcity_console.core.layouts import Layout, Panel
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import HistoryLimits, SeriesStore
from smartcity_console.gui.dashboard import (
    DashboardTabs,
    DashboardView,
    PanelContext,
    RenderLoop,
    StationGrid,
    TimeSeriesPanel,
    ValueTile,
    dashboards_for,
)
from smartcity_console.gui.dashboard.map_panel import MapPanel
from smartcity_console.paths import bundled_config_file, user_data_dir
from smartcity_console.sim.simulator import Simulator

PM25 = "rembang/environment/pm25/+"
LASEM = "rembang/environment/pm25/lasem"
RIVER = "rembang/environment/river_level/kali_sedan"


def fill(store: SeriesStore, hours: float, now: float, seed: int = 3) -> None:
    """The simulator's last ``hours`` of every series, as ingest would have stored it."""
    sim = Simulator(seed=seed, start=now - hours * 3600)
    for s in sim.series:
        t, v = sim.readings(s, now - hours * 3600, now)
        store.append_batch(
            [Reading(s.topic, float(a), float(b), s.unit) for a, b in zip(t, v, strict=True)], now
        )


@pytest.fixture(scope="module")
def config() -> AppConfig:
    return load_config(bundled_config_file())


@pytest.fixture
def store() -> SeriesStore:
    store = SeriesStore()
    fill(store, 2.0, time.time())
    return store


@pytest.fixture
def context(store: SeriesStore, config: AppConfig) -> PanelContext:
    return PanelContext(store, tuple(config.alarms), "en")


def small_layout() -> Layout:
    return Layout(
        key="environment",
        columns=2,
        rows=2,
        panels=[Panel(id="pm", kind="plot", series=[PM25], title_en="PM2.5")],
    )


@pytest.fixture
def view(qtbot: QtBot, context: PanelContext) -> DashboardView:
    view = DashboardView(context, small_layout())
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    return view


def grid_position(view: DashboardView, panel_id: str) -> tuple[int, int, int, int]:
    grid = view._grid
    position: tuple[int, int, int, int] = grid.getItemPosition(  # type: ignore[assignment]
        grid.indexOf(view.panel_widget(panel_id))
    )  # PySide6 types it as object
    return tuple(position)  # type: ignore[return-value]


def test_operator_adds_moves_resizes_and_removes_panels(qtbot: QtBot, view: DashboardView) -> None:
    with qtbot.waitSignal(view.layout_changed) as changed:
        tile = view.add_panel("tile", [LASEM])
    assert tile is not None
    assert isinstance(view.panel_widget(tile), ValueTile)
    assert changed.args[0].panel(tile).series == [LASEM]
    assert grid_position(view, tile) == (0, 1, 1, 1)
    assert view.current_panel == tile

    assert view.move_panel(tile, 1, 0)
    assert grid_position(view, tile) == (1, 0, 1, 1)
    assert view.resize_panel(tile, 1, 2)
    assert grid_position(view, tile) == (1, 0, 1, 2)

    with qtbot.waitSignal(view.message) as refused:
        assert not view.move_panel(tile, 0, 0)  # onto the plot
    assert "overlap" in refused.args[0]
    assert grid_position(view, tile) == (1, 0, 1, 2)  # nothing moved

    stations = view.add_panel("stations", [PM25])
    assert stations is not None
    assert grid_position(view, stations) == (0, 1, 1, 1)
    assert isinstance(view.panel_widget(stations), StationGrid)
    another = view.add_panel("plot", [RIVER])
    assert another is not None
    assert view.layout_model.rows == 3  # the grid was full: it grew a row
    assert grid_position(view, another) == (2, 0, 1, 1)
    assert view.remove_panel(tile)
    assert tile not in [p.panel_id for p in view.panels]


def drag(overlay: QWidget, start: QPoint, end: QPoint) -> None:
    """Press, move in steps, release: as a hand on a mouse does."""
    QTest.mousePress(overlay, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(overlay, start + (end - start) * (step / 5))
    QTest.mouseRelease(overlay, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_operator_arranges_panels_by_dragging(qtbot: QtBot, view: DashboardView) -> None:
    tile = view.add_panel("tile", [LASEM])  # (0, 1) beside the plot at (0, 0)
    assert tile is not None
    view.arrange_action.trigger()  # Layout menu → Arrange panels by dragging
    assert view.arranging
    overlay = view.arrange_overlay
    qtbot.waitExposed(overlay)
    cell = overlay.cell_rect

    # The plot's body onto the empty cell below the tile: it moves there.
    with qtbot.waitSignal(view.layout_changed):
        drag(overlay, cell(0, 0).center(), cell(1, 1).center())
    assert grid_position(view, "pm") == (1, 1, 1, 1)

    # The tile onto the plot: they trade places.
    drag(overlay, cell(0, 1).center(), cell(1, 1).center())
    assert grid_position(view, tile) == (1, 1, 1, 1)
    assert grid_position(view, "pm") == (0, 1, 1, 1)

    # The plot's corner onto the tile below it: refused, nothing changes;
    # with the tile out of the way, the same drag makes the plot two rows tall.
    corner = overlay.panel_rect(view.layout_model.panel("pm")).bottomRight() - QPoint(4, 4)
    with qtbot.waitSignal(view.message) as refused:
        drag(overlay, corner, cell(1, 1).center())  # over the tile: refused
    assert "overlap" in refused.args[0]
    assert grid_position(view, "pm") == (0, 1, 1, 1)
    view.move_panel(tile, 1, 0)
    drag(overlay, corner, cell(1, 1).center())  # now free: the plot grows a row
    assert grid_position(view, "pm") == (0, 1, 2, 1)
    assert view.layout_model.panel("pm").row_span == 2

    # While arranging, the panels under the overlay get no clicks; Esc ends it.
    with qtbot.assertNotEmitted(view.panel_widget("pm").menu_requested):
        QTest.mouseClick(overlay, Qt.MouseButton.RightButton, pos=cell(0, 1).center())
    QTest.keyClick(overlay, Qt.Key.Key_Escape)
    assert not view.arranging
    assert not view.arrange_action.isChecked()


def test_panel_menu_offers_editing_and_export(view: DashboardView) -> None:
    menu = view.panel_menu("pm")
    texts = [a.text() for a in menu.actions() if a.text()]
    for expected in ("Series…", "Time window", "Move", "Size", "Remove panel"):
        assert expected in texts
    assert "Export image (PNG)…" in texts
    assert "Export data (CSV)…" in texts
    move = next(a.menu() for a in menu.actions() if a.text() == "Move")
    assert isinstance(move, QMenu)
    right = next(a for a in move.actions() if a.text() == "Right")
    right.trigger()
    assert view.layout_model.panel("pm").col == 1
    menu.deleteLater()


def test_series_are_picked_by_search_and_by_filter(qtbot: QtBot, view: DashboardView) -> None:
    picker = view.open_series_picker("pm")
    picker.search.setText("river sedan")
    visible = [
        picker.list.item(i).text()
        for i in range(picker.list.count())
        if not picker.list.item(i).isHidden()
    ]
    assert visible == [RIVER]
    picker.set_checked(RIVER)
    picker.set_checked(PM25, False)
    picker.search.setText("rembang/environment/tide/+")
    picker.add_filter.click()
    with qtbot.waitSignal(view.layout_changed):
        picker.accept()
    assert view.layout_model.panel("pm").series == [RIVER, "rembang/environment/tide/+"]
    plot = view.panel_widget("pm")
    assert isinstance(plot, TimeSeriesPanel)
    assert plot.refresh()
    assert set(plot.series_names) == {RIVER, "rembang/environment/tide/pelabuhan_tasik_agung"}


def test_topic_browser_series_goes_to_the_selected_panel(view: DashboardView) -> None:
    tile = view.add_panel("tile")
    assert tile is not None
    view.select_panel("pm")
    assert view.add_series(RIVER)
    assert RIVER in view.layout_model.panel("pm").series
    assert view.layout_model.panel(tile).series == []


def test_edited_layouts_are_saved_per_workstation_and_come_back(
    qtbot: QtBot, config: AppConfig, store: SeriesStore
) -> None:
    loop = RenderLoop(30)
    tabs = DashboardTabs(config, store, loop)
    qtbot.addWidget(tabs)
    assert list(tabs.views) == ["overview", *(k for k, _, _ in dashboards_for(config)[1:])]
    economy = tabs.views["economy"]
    added = economy.add_panel("plot", ["rembang/economy/price_beras/+"])
    saved = user_data_dir() / "layouts" / "economy.json"
    assert saved.exists()  # in the test's private data dir (tests/conftest.py)

    again = DashboardTabs(config, store, RenderLoop(30))
    qtbot.addWidget(again)
    assert again.views["economy"].layout_model == economy.layout_model
    assert added in [p.panel_id for p in again.views["economy"].panels]


def test_export_then_import_a_layout_and_a_bad_file_changes_nothing(
    qtbot: QtBot, view: DashboardView, tmp_path: Path
) -> None:
    exported = tmp_path / "environment-wall.json"
    view.add_panel("tile", [LASEM])
    view.export_layout(exported)
    before = view.layout_model
    view.remove_panel("pm")
    assert view.import_layout(exported)
    assert view.layout_model == before

    bad = tmp_path / "bad.json"
    bad.write_text('{"key": "environment", "panels": [{"id": "x", "kind": "pie"}]}')
    with qtbot.waitSignal(view.message) as said:
        assert not view.import_layout(bad)
    assert "bad.json" in said.args[0]
    assert "kind" in said.args[0]
    assert view.layout_model == before
    boxes = [w for w in view.findChildren(QMessageBox) if w.isVisible()]
    assert boxes
    assert "bad.json" in boxes[0].text()
    boxes[0].close()


def test_panel_exports_png_and_its_visible_data_as_csv(view: DashboardView, tmp_path: Path) -> None:
    plot = view.panel_widget("pm")
    assert isinstance(plot, TimeSeriesPanel)
    assert plot.refresh()
    png = tmp_path / "pm.png"
    assert view.export_panel("pm", png)
    image = QImage(str(png))
    assert image.width() > 100
    assert image.height() > 100
    rows = view.export_panel("pm", tmp_path / "pm.csv")
    assert rows == plot.point_count() > 0
    with (tmp_path / "pm.csv").open(encoding="utf-8") as f:
        data = list(csv.DictReader(f))
    assert {r["series"] for r in data} == set(plot.series_names)
    assert all(r["time_wib"].endswith("+07:00") for r in data)


@pytest.mark.parametrize(
    ("preset", "tier"), [("5m", "raw"), ("1h", "raw"), ("24h", "1min"), ("7d", "10min")]
)
def test_window_presets_read_the_right_history_tier(qtbot: QtBot, preset: str, tier: str) -> None:
    now = time.time()
    store = SeriesStore(HistoryLimits())
    t = np.arange(now - 7 * 86_400 + 60, now, 60.0)
    v = np.full_like(t, 20.0)
    spike_at = int(np.searchsorted(t, now - 20 * 3600))
    v[spike_at] = 400.0  # one reading, 20 h ago
    store.append_batch(
        [Reading(LASEM, float(a), float(b), "ug/m3") for a, b in zip(t, v, strict=True)], now
    )
    layout = Layout(key="environment", columns=1, rows=1, panels=[Panel(id="p", series=[LASEM])])
    view = DashboardView(PanelContext(store), layout)
    qtbot.addWidget(view)
    view.show()
    view.set_window(preset)  # type: ignore[arg-type]
    assert view.window_buttons[preset].isChecked()  # type: ignore[index]
    plot = view.plots[0]
    assert plot.refresh(now)
    assert plot.resolutions() == {LASEM: tier}
    # The newest reading is drawn as itself, not as the mean of a bucket still filling.
    assert plot.drawn_until(LASEM) == t[-1]
    if tier == "raw":
        assert plot.envelope_max(LASEM) is None
    else:
        # The min/max envelope keeps a one-minute spike on a day or week of history.
        assert plot.envelope_max(LASEM) == 400.0


def test_pause_and_scroll_back_while_ingestion_goes_on(
    view: DashboardView, store: SeriesStore
) -> None:
    plot = view.plots[0]
    now = time.time()
    assert plot.refresh(now)
    view.pause(now)
    assert plot.paused
    assert "Paused" in view.time_label.text()
    assert plot.refresh(now + 1)  # once, to show the frozen window
    store.append_batch([Reading(LASEM, now + 1, 99.0, "ug/m3")], now + 1)
    assert not plot.refresh(now + 2)  # frozen: the new reading is stored, not drawn
    assert plot.drawn_until(LASEM) is not None
    assert plot.drawn_until(LASEM) <= now  # type: ignore[operator]
    view.scroll_time(-0.5)  # half an hour back
    assert view.until == pytest.approx(now - 1800)
    assert plot.refresh(now + 2)
    assert plot.drawn_until(LASEM) <= now - 1800  # type: ignore[operator]
    view.scroll_time(2)  # past now: live again
    assert not view.paused
    assert plot.refresh(now + 2)
    assert plot.drawn_until(LASEM) == now + 1


class FakePanel:
    """A render target with a declared cost, to check the loop's scheduling (not its speed)."""

    def __init__(self, cost_ms: float, shown: bool = True) -> None:
        self.cost_ms = cost_ms
        self.last_drawn = 0.0
        self.shown = shown
        self.dirty = True
        self.draws = 0

    def is_shown(self) -> bool:
        return self.shown

    def wants_redraw(self, now: float) -> bool:
        return self.dirty

    def redraw(self, now: float) -> None:
        self.dirty = False
        self.draws += 1


def test_render_loop_spreads_redraws_over_frames_and_skips_hidden_and_clean() -> None:
    loop = RenderLoop(30)
    panels = [FakePanel(10.0) for _ in range(5)]
    hidden = FakePanel(1.0, shown=False)
    for p in [*panels, hidden]:
        loop.add(p)
    assert loop.run_frame(budget_ms=25) == 2  # 10 + 10 fit, the third would not
    assert loop.deferred == 3
    assert loop.run_frame(budget_ms=25) == 2
    assert loop.run_frame(budget_ms=25) == 1
    assert [p.draws for p in panels] == [1, 1, 1, 1, 1]
    assert hidden.draws == 0
    assert loop.run_frame(budget_ms=25) == 0  # nothing changed: nothing drawn
    expensive = FakePanel(100.0)
    loop.add(expensive)
    assert loop.run_frame(budget_ms=25) == 1  # one over-budget panel still gets its turn
    assert expensive.draws == 1


def test_stale_series_are_marked_on_plots_tiles_and_stations(
    qtbot: QtBot, view: DashboardView
) -> None:
    tile = view.add_panel("tile", [LASEM])
    stations = view.add_panel("stations", [PM25])
    assert tile is not None
    assert stations is not None
    for p in view.panels:
        p.refresh()
    view.mark_stale({LASEM})
    for p in view.panels:
        assert p.refresh()
    plot = view.plots[0]
    assert plot.stale_series == {LASEM}
    tile_widget = view.panel_widget(tile)
    assert isinstance(tile_widget, ValueTile)
    assert tile_widget.state == "stale"
    assert "no data" in tile_widget.detail.text()
    grid = view.panel_widget(stations)
    assert isinstance(grid, StationGrid)
    assert grid.states[LASEM] == "stale"
    assert "no data" in grid.cells[LASEM].text()
    assert grid.states["rembang/environment/pm25/kragan"] == "ok"


def test_thresholds_colour_tiles_and_band_plots(qtbot: QtBot, context: PanelContext) -> None:
    layout = Layout(
        key="environment",
        columns=2,
        rows=1,
        panels=[
            Panel(id="river", series=["rembang/environment/river_level/+"]),
            Panel(id="t", kind="tile", series=[RIVER], col=1),
        ],
    )
    view = DashboardView(context, layout)
    qtbot.addWidget(view)
    view.show()
    now = time.time()
    context.store.append_batch([Reading(RIVER, now, 2.9, "m")], now)
    for p in view.panels:
        p.refresh(now)
    plot = view.plots[0]
    assert plot._bands_key == (("above:critical", 2.5),)
    lo, hi = plot.plot_widget.getViewBox().viewRange()[1]
    assert lo <= 2.5 <= hi  # the limit is in view
    tile = view.panel_widget("t")
    assert isinstance(tile, ValueTile)
    assert tile.state == "breach"
    assert "2.90" in tile.number.text()
    assert "limit 2.50" in tile.detail.text()


def test_hover_readout_names_time_in_wib_and_each_station(view: DashboardView) -> None:
    plot = view.plots[0]
    plot.refresh()
    t = plot.drawn_until(LASEM)
    assert t is not None
    text = plot.readout(t)
    assert "WIB" in text.splitlines()[0]
    assert "Lasem:" in text
    assert "µg/m³" in text


def _image(widget: DashboardView) -> QImage:
    return widget.grab().toImage()


@pytest.fixture
def tabs(qtbot: QtBot, config: AppConfig, store: SeriesStore) -> DashboardTabs:
    tabs = DashboardTabs(config, store, RenderLoop(30))
    qtbot.addWidget(tabs)
    tabs.resize(1600, 900)
    tabs.show()
    return tabs


@pytest.mark.parametrize(
    "key", ["overview", "governance", "branding", "economy", "living", "society", "environment"]
)
def test_each_default_dashboard_draws_the_simulator_and_changes_with_new_data(
    qtbot: QtBot, tabs: DashboardTabs, store: SeriesStore, key: str
) -> None:
    tabs.show_dashboard(key)
    view = tabs.views[key]
    qtbot.waitUntil(lambda: all(p.is_shown() for p in view.panels), timeout=3000)
    now = time.time()
    for p in view.panels:
        p.refresh(now)
    assert view.plots
    for plot in view.plots:
        assert plot.point_count() > 0, plot.panel.id
    for panel in view.panels:
        if isinstance(panel, ValueTile):
            assert panel.value is not None, panel.panel.id
        if isinstance(panel, StationGrid):
            assert panel.cells
            assert "—" not in "".join(c.text() for c in panel.cells.values())
    before = _image(view)
    assert (
        len(
            {
                before.pixel(x, y)
                for x in range(0, before.width(), 7)
                for y in range(0, before.height(), 7)
            }
        )
        > 20
    )

    # New readings, far outside the usual range, on every series the dashboard shows.
    names = {n for p in view.panels for n in p.series_names}
    store.append_batch([Reading(n, now + 0.5, 1e6, None) for n in names], now + 0.5)
    # The map draws states, not values: new readings alone leave it as it was (issue 19).
    redrawn = [p.refresh(now + 1) for p in view.panels if not isinstance(p, MapPanel)]
    assert all(redrawn)
    assert _image(view) != before


def test_render_loop_forgets_panels_of_a_released_or_deleted_view(
    qtbot: QtBot, context: PanelContext
) -> None:
    loop = RenderLoop(30)
    view = DashboardView(context, small_layout(), render_loop=loop)
    qtbot.addWidget(view)
    view.show()
    assert len(loop.targets) == 1
    assert loop.run_frame() == 1
    view.release()
    assert loop.targets == []
    other = DashboardView(context, small_layout(), render_loop=loop)
    other.show()
    assert len(loop.targets) == 1
    with qtbot.waitSignal(other.destroyed):
        other.deleteLater()
    assert loop.run_frame() == 0  # no RuntimeError from the deleted panel
    assert loop.targets == []


def test_render_loop_draws_new_data_before_time_only_moves() -> None:
    loop = RenderLoop(30)
    axis_only = FakePanel(10.0)
    axis_only.data_pending = False  # type: ignore[attr-defined]
    with_data = FakePanel(10.0)
    with_data.last_drawn = 5.0  # drawn more recently, yet it has readings waiting
    loop.add(axis_only)
    loop.add(with_data)
    assert loop.run_frame(budget_ms=15) == 1
    assert (with_data.draws, axis_only.draws) == (1, 0)
    assert loop.run_frame(budget_ms=15) == 1
    assert axis_only.draws == 1


def test_on_the_wall_every_legend_fits_inside_its_plot(
    qtbot: QtBot, config: AppConfig, store: SeriesStore
) -> None:
    # Seen under Xvfb: three columns of long station names ran off the plots
    # ("Pantu", "Pantai Kar") on the overview at 1920 x 1080.
    context = PanelContext(store, tuple(config.alarms), wall=True)
    for key, _title, layout in dashboards_for(config):
        view = DashboardView(context, layout, toolbar=False, editable=False)
        qtbot.addWidget(view)
        view.resize(1920, 960)
        view.show()
        qtbot.waitExposed(view)
        for plot in view.plots:
            plot.refresh()
        for plot in view.plots:
            box = plot.plot_widget.getViewBox()
            legend = plot._legend
            assert legend.width() <= box.width(), (key, plot.panel.id)
            assert legend.columnCount >= 1
        view.close()


def test_a_state_series_is_drawn_as_steps_and_reads_on_off(
    qtbot: QtBot, context: PanelContext
) -> None:
    # Issue 14: a zigbee2mqtt door contact ({"contact":true,...}) decodes to 0/1 marked state.
    door = "zigbee2mqtt/pintu_gudang#contact"
    layout = Layout(
        key="environment",
        columns=2,
        rows=1,
        panels=[
            Panel(id="p", series=[door]),
            Panel(id="t", kind="tile", series=[door], col=1),
        ],
    )
    view = DashboardView(context, layout)
    qtbot.addWidget(view)
    view.show()
    now = time.time()
    context.store.append_batch(
        [
            Reading(door, now - 600, 0.0, None, True),
            Reading(door, now - 300, 1.0, None, True),
            Reading(door, now - 60, 0.0, None, True),
        ],
        now,
    )
    for p in view.panels:
        p.refresh(now)
    plot = view.plots[0]
    x, y = plot._curves[door].item.getData()
    # Steps: every change is a vertical edge (two points at one time), never a slope.
    assert list(y) == [0.0, 0.0, 1.0, 1.0, 0.0]
    assert x[1] == x[2] == pytest.approx(now - 300)
    assert plot.readout(now - 200).splitlines()[1].endswith(": on")  # held since now - 300
    assert plot.readout(now - 30).splitlines()[1].endswith(": off")
    tile = view.panel_widget("t")
    assert isinstance(tile, ValueTile)
    assert tile.number.text() == "off"
    assert "▲" not in tile.number.text()
    context.store.append_batch([Reading(door, now, 1.0, None, True)], now)
    tile.refresh(now)
    assert tile.number.text() == "on"
