"""An incident's "Show on plot": its series' dashboard, paused around the alarm, with a marker.

The operator reading a ticket wants the readings that raised it, not the
live tail: the dashboard of the series' program comes to the front, paused
so the alarm time sits in the middle of the plot (or at the right edge when
it was less than half a window ago), and every plot there carries a marker
at that time. A plot that does not show the series yet gets it for this
look only; the saved layout is not changed.
"""

from __future__ import annotations

import time

from smartcity_console.core.clock import wib_text
from smartcity_console.core.programs import program_of_topic
from smartcity_console.gui.dashboard import TimeSeriesPanel
from smartcity_console.gui.dashboard.tabs import DashboardTabs
from smartcity_console.gui.dashboard.view import DashboardView


def show_on_plot(
    tabs: DashboardTabs, series: str, at: float, now: float | None = None
) -> TimeSeriesPanel | None:
    """Bring the series' plot to the front at ``at`` (epoch s); None when no dashboard has plots."""
    view, plot = _plot_for(tabs, series)
    if view is None or plot is None:
        return None
    for other in tabs.all_plots():
        other.mark_time(None)
    if series not in plot.series_names:
        plot.add_series(series)
    tabs.show_dashboard(view.key)
    now = time.time() if now is None else now
    view.pause(min(now, at + plot.window_s / 2))
    label = wib_text(at)
    for each in view.plots:
        each.mark_time(at, label)
    view.select_panel(plot.panel_id)
    return plot


def _plot_for(
    tabs: DashboardTabs, series: str
) -> tuple[DashboardView | None, TimeSeriesPanel | None]:
    """The program's dashboard and its plot of the series (else of the program, else its first)."""
    program = program_of_topic(series)
    views = list(tabs.views.values())
    ordered = [v for v in views if v.key == program] + [v for v in views if v.key != program]
    for view in ordered:
        for plot in view.plots:
            if series in plot.series_names:
                return view, plot
    with_plots = next((v for v in ordered if v.plots), None)
    if with_plots is None:
        return None, None
    plots = with_plots.plots
    return with_plots, next((p for p in plots if p.panel.program == program), plots[0])
