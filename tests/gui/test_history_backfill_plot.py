"""A plot shows the past the history backfill merged into the store (console/history_backfill.py).

Offscreen with pytest-qt. The store first holds only what the console
received live (one reading); the historian's week, as the history API's
10-minute buckets (history/client.py's HistoryWindow columns), is merged
the way the backfill merges it; the week plot redraws with the week and
its spike, and the live reading stays the newest point.
"""

from __future__ import annotations

import time

import numpy as np
from pytestqt.qtbot import QtBot

from smartcity_console.core.layouts import Layout, Panel
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.tiers import TierView
from smartcity_console.gui.dashboard import DashboardView, PanelContext

LASEM = "rembang/environment/pm25/lasem"


def test_a_week_plot_shows_the_backfilled_week_under_the_live_reading(qtbot: QtBot) -> None:
    now = time.time()
    store = SeriesStore()
    store.append_batch([Reading(LASEM, now, 21.0, "ug/m3")], now)
    layout = Layout(key="environment", columns=1, rows=1, panels=[Panel(id="p", series=[LASEM])])
    view = DashboardView(PanelContext(store), layout)
    qtbot.addWidget(view)
    view.show()
    view.set_window("7d")
    plot = view.plots[0]
    assert plot.refresh(now)
    assert plot.drawn_since(LASEM) == now  # only what it received live

    start = (now - 7 * 86_400) // 600 * 600 + 600
    t = np.arange(start, now - 600, 600.0)
    high = np.full_like(t, 30.0)
    high[len(t) // 2] = 410.0  # one bad hour, three days ago
    week = TierView(
        t=t, mean=np.full_like(t, 20.0), min=np.full_like(t, 10.0), max=high,
        count=np.full(len(t), 600, dtype=np.int64),
    )  # fmt: skip
    store.merge_history(LASEM, "ug/m3", buckets=[(600.0, week)])

    assert plot.refresh(now + 1)  # the merge moved the series' version: it redraws
    assert plot.drawn_since(LASEM) == start
    assert plot.envelope_max(LASEM) == 410.0
    assert plot.drawn_until(LASEM) == now  # the live reading is still the newest point


def test_an_hour_recorded_sparser_than_live_draws_as_a_line(qtbot: QtBot) -> None:
    """Found in make demo: the recorded hour (a reading a minute) drew as nothing.

    Live readings every 10 s taught the plot "a gap is over 30 s", so every
    minute of the backfilled hour stood alone between two breaks: dots too
    small to see, an empty plot where the night should be. A real outage
    (ten silent minutes) still breaks the line.
    """
    now = time.time()
    store = SeriesStore()
    store.append_batch([Reading(LASEM, now - 60 + 10.0 * i, 21.0, "ug/m3") for i in range(6)], now)
    layout = Layout(key="environment", columns=1, rows=1, panels=[Panel(id="p", series=[LASEM])])
    view = DashboardView(PanelContext(store), layout)
    qtbot.addWidget(view)
    view.show()
    view.set_window("1h")
    plot = view.plots[0]
    assert plot.refresh(now)

    # The historian's hour: a reading a minute, with ten silent minutes in it.
    t = np.array([*np.arange(now - 3540, now - 2400, 60.0), *np.arange(now - 1800, now - 60, 60.0)])
    store.merge_history(LASEM, "ug/m3", raw=(t, np.full_like(t, 20.0), now - 3600))

    assert plot.refresh(now + 1)
    assert plot.drawn_since(LASEM) == t[0]
    assert plot.line_breaks(LASEM) == 1  # the outage, and nowhere else


def test_a_recorded_hour_draws_as_a_line_under_many_live_readings(qtbot: QtBot) -> None:
    """Found in make demo --speed 300: three minutes of live readings a second apart
    outnumbered the recorded hour's sixty, the plot took "a gap is over 3 s" from
    them, and the hour vanished again. Gaps are judged by the readings around them."""
    now = time.time()
    store = SeriesStore()
    store.append_batch([Reading(LASEM, now - 180 + i, 21.0, "ug/m3") for i in range(180)], now)
    layout = Layout(key="environment", columns=1, rows=1, panels=[Panel(id="p", series=[LASEM])])
    view = DashboardView(PanelContext(store), layout)
    qtbot.addWidget(view)
    view.show()
    view.set_window("1h")
    plot = view.plots[0]
    assert plot.refresh(now)

    t = np.array(
        [*np.arange(now - 3540, now - 2400, 60.0), *np.arange(now - 1800, now - 240, 60.0)]
    )
    store.merge_history(LASEM, "ug/m3", raw=(t, np.full_like(t, 20.0), now - 3600))

    assert plot.refresh(now + 1)
    assert plot.drawn_since(LASEM) == t[0]
    assert plot.line_breaks(LASEM) == 1  # the ten silent minutes, and nowhere else
