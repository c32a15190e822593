"""Peak decimation of plot curves: fewer points to stroke, and no peak lost."""

from __future__ import annotations

import time

import numpy as np
from pytestqt.qtbot import QtBot

from smartcity_console.core.layouts import Layout, Panel
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.gui.dashboard import DashboardView, PanelContext
from smartcity_console.gui.dashboard.plot_panel import decimate


def _hour(seed: int = 5) -> tuple[np.ndarray, np.ndarray]:
    t = 1_800_000_000.0 + np.arange(3600, dtype=float)
    v = 50 + np.cumsum(np.random.default_rng(seed).normal(size=3600))
    return t, v


def test_every_spike_and_dip_survives_and_the_curve_shrinks_to_the_columns() -> None:
    t, v = _hour()
    spikes = [17, 901, 1802, 2999, 3599]
    v[spikes] = 500.0
    v[1234] = -400.0
    x, y = decimate(t, v, t[0], t[-1] + 1, 100)
    assert len(x) == len(y) <= 2 * 100
    assert np.count_nonzero(y == 500.0) == len(spikes)  # each spike in its own column
    assert y.min() == -400.0
    # Each column holds its min and max at its first sample's time, in time order.
    assert np.all(np.diff(x) >= 0)


def test_samples_before_the_window_keep_their_own_slice_off_screen() -> None:
    t, v = _hour()
    x0 = t[600]  # a paused view: the first 600 samples lie left of the window
    v[10] = 999.0
    x, y = decimate(t, v, x0, t[-1] + 1, 100)
    assert x[0] == t[0]  # the off-screen slice ...
    assert x[2] >= x0  # ... then the first column
    assert y[1] == 999.0
    assert 999.0 not in y[2:]  # the first on-screen column is not lifted by it


def test_short_series_and_windows_wholly_after_the_data_are_left_alone_or_kept() -> None:
    t, v = _hour()
    x, _ = decimate(t[:150], v[:150], t[0], t[149], 100)
    assert len(x) == 150  # fewer than two samples a column: as is
    late_x, late_y = decimate(t, v, t[-1] + 10, t[-1] + 3600, 100)
    assert len(late_x) == 2  # everything before the window: one off-screen slice
    assert late_y.max() == v.max()


def test_a_wall_plot_strokes_one_pair_per_pen_width_and_still_shows_the_spike(
    qtbot: QtBot,
) -> None:
    now = time.time()
    store = SeriesStore()
    t = now - 3600 + np.arange(3600, dtype=float)
    v = 50 + np.cumsum(np.random.default_rng(2).normal(size=3600))
    v[1800] = 900.0
    name = "rembang/env/aq/lasem/pm25"
    store.append_batch([Reading(name, a, b, "ug/m3") for a, b in zip(t, v, strict=True)], now)
    layout = Layout(
        key="wall", columns=1, rows=1, panels=[Panel(id="p", series=[name], window="1h")]
    )
    view = DashboardView(PanelContext(store, (), "en", wall=True), layout)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    panel = view.plots[0]
    panel.refresh()
    width = panel.plot_widget.getViewBox().width()
    x, y = panel._curves[name].item.getData()
    assert len(x) <= 2 * width / 3 + 4  # 3-px wall pen: a pair per 3 px, not per pixel
    assert len(x) >= width / 3  # ... and not coarser
    assert 900.0 in y
