"""Legends never cover the data: hidden on short desk plots, above the plot on the wall."""

from __future__ import annotations

import time

from PySide6.QtCore import QRect
from pytestqt.qtbot import QtBot

from smartcity_console.core.layouts import Panel
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.gui.dashboard import PanelContext, TimeSeriesPanel
from smartcity_console.gui.dashboard.plot_panel import LEGIBLE_MIN_PX

STATIONS = ("lasem", "alun_alun_rembang", "sarang")


def _plot(qtbot: QtBot, *, wall: bool, size: tuple[int, int]) -> TimeSeriesPanel:
    now = time.time()
    store = SeriesStore()
    for station in STATIONS:
        name = f"rembang/environment/pm25/{station}"
        store.append_batch(
            [Reading(name, now - 600 + 10 * i, 20.0 + i % 5, "ug/m3") for i in range(60)], now
        )
    panel = Panel(id="pm", series=["rembang/environment/pm25/+"], title_en="PM2.5")
    plot = TimeSeriesPanel(panel, PanelContext(store, (), "en", wall=wall))
    qtbot.addWidget(plot)
    plot.resize(*size)
    plot.show()
    qtbot.waitExposed(plot)
    plot.refresh(now)
    qtbot.waitUntil(lambda: plot.point_count() == 3 * 60)
    return plot


def test_a_short_desk_plot_hides_its_legend_and_minor_ticks(qtbot: QtBot) -> None:
    plot = _plot(qtbot, wall=False, size=(600, 130))
    view = plot.plot_widget.getViewBox()
    qtbot.waitUntil(lambda: 0 < view.height() < LEGIBLE_MIN_PX)
    assert not plot._legend.isVisible()
    for name in ("left", "bottom"):
        style = plot.plot_widget.getAxis(name).style
        assert (style["maxTickLevel"], style["maxTextLevel"]) == (0, 0)

    plot.resize(600, 420)  # dragged taller: both come back
    qtbot.waitUntil(lambda: view.height() >= LEGIBLE_MIN_PX)
    qtbot.waitUntil(lambda: plot._legend.isVisible())
    assert plot.plot_widget.getAxis("left").style["maxTickLevel"] == 2


def test_the_wall_legend_sits_above_the_plot_area_not_on_it(qtbot: QtBot) -> None:
    plot = _plot(qtbot, wall=True, size=(900, 500))
    assert not plot._legend.isVisible()
    qtbot.waitUntil(lambda: plot.legend_row.isVisible())
    text = plot.legend_row.text()
    assert all(word in text for word in ("Lasem", "Sarang"))
    legend = plot.legend_row.geometry()
    area = plot.plot_widget.geometry()
    assert not legend.intersects(area)
    assert legend.bottom() <= area.top()
    assert QRect(0, 0, plot.width(), plot.height()).contains(legend)
