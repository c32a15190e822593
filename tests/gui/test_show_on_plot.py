"""An incident's "Show on plot" opens its series' dashboard at the alarm time, with a marker."""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from smartcity_console.config import load_config
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.gui.dashboard import RenderLoop
from smartcity_console.gui.dashboard.tabs import DashboardTabs
from smartcity_console.gui.shell.show_on_plot import show_on_plot
from smartcity_console.paths import bundled_config_file

PM25 = "rembang/environment/pm25/lasem"


def _tabs(qtbot: QtBot, now: float) -> DashboardTabs:
    store = SeriesStore()
    store.append_batch(
        [Reading(PM25, now - 3000 + 30 * i, 20.0 + i % 7, "ug/m3") for i in range(100)], now
    )
    tabs = DashboardTabs(load_config(bundled_config_file()), store, RenderLoop(30))
    qtbot.addWidget(tabs)
    return tabs


def test_the_series_dashboard_comes_to_the_front_paused_around_the_alarm(qtbot: QtBot) -> None:
    now = time.time()
    tabs = _tabs(qtbot, now)
    assert tabs.current_view.key == "overview"
    alarm_at = now - 1800

    plot = show_on_plot(tabs, PM25, alarm_at, now=now)

    assert plot is not None
    assert tabs.current_view.key == "environment"
    assert PM25 in plot.series_names
    view = tabs.current_view
    assert view.current_panel == plot.panel_id
    assert view.until == alarm_at + plot.window_s / 2  # the alarm in the middle of the plot
    for each in view.plots:
        assert each.marker is not None
        assert each.marker.value() == alarm_at
    plot.refresh(now)
    x0, x1 = plot.plot_widget.getViewBox().viewRange()[0]
    assert x0 < alarm_at < x1


def test_a_recent_alarm_keeps_the_plot_at_now_and_a_second_request_moves_the_marker(
    qtbot: QtBot,
) -> None:
    now = time.time()
    tabs = _tabs(qtbot, now)
    show_on_plot(tabs, PM25, now - 1800, now=now)
    plot = show_on_plot(tabs, PM25, now - 60, now=now)
    assert plot is not None
    assert tabs.current_view.until == now  # never a future the plot cannot show
    markers = [p.marker.value() for p in tabs.all_plots() if p.marker is not None]
    assert markers
    assert set(markers) == {now - 60}
