"""Dashboards: panels over the series store, composed by operators, drawn by one frame loop.

Stable API (the wall mode builds on it; keep these names and signatures)::

    from smartcity_console.gui.dashboard import (
        DashboardView, PanelContext, RenderLoop, dashboards_for,
    )

    loop = RenderLoop(config.display.frame_rate, parent=window)   # ONE per application
    context = PanelContext(store, tuple(config.alarms), wall=True)
    for key, title, layout in dashboards_for(config):   # "overview", then PROGRAM_KEYS order
        view = DashboardView(context, layout, render_loop=loop,
                             toolbar=False, editable=False, parent=stack)
    loop.start()                                        # loop.stop() when closing

``dashboards_for(config, files=None) -> list[tuple[str, str, Layout]]``
    (key, title, layout) for the overview and the six programs: this
    workstation's saved copy (``<user data dir>/layouts/<key>.json``), else
    the shipped default (``resources/layouts/<key>.json``). An old config's
    retired ``[[plots]]`` become the saved overview first (layout_files.py,
    once, with a message in ``files.problems``). ``title`` is in the
    GUI's current language (gui/i18n.py). ``Layout`` is the Qt-free pydantic model in
    :mod:`smartcity_console.core.layouts`.

``PanelContext(store, rules=(), language=None, wall=False)``
    Frozen: the :class:`SeriesStore`, the alarm rules (threshold bands, tile
    colours), the language of layout titles (None: follow the GUI language;
    panels retitle on ``QEvent.LanguageChange``), and ``wall=True`` for
    thick pens and big type.

``DashboardView(context, layout, *, render_loop=None, toolbar=True, editable=True, parent=None)``
    A QWidget showing one layout (a grid of panels). Registers its panels
    with ``render_loop`` (without one, call ``panel.refresh()`` yourself).

    - ``key``, ``layout_model`` (the :class:`Layout` shown), ``panels``
      (panel widgets in layout order), ``plots`` (the time-series panels),
      ``panel_widget(id)``.
    - ``set_layout(layout)``: show another layout, reusing unchanged panels.
    - ``release()``: take its panels off the render loop (call before
      deleting the view; the loop also forgets panels whose widget is gone).
    - time: ``set_window("5m" | "1h" | "24h" | "7d")`` (all plots),
      ``pause(until=None)``, ``resume()``, ``scroll_time(windows)`` (negative
      goes back), ``paused``, ``until``. Ingestion never stops.
    - status from outside: ``mark_stale(set_of_series)``,
      ``show_ingest_backlog(queued_messages)`` (says "data delayed" on screen).
    - editing (each returns False and emits ``message`` when refused):
      ``add_panel(kind, series) -> id``, ``remove_panel(id)``,
      ``move_panel(id, row, col)``, ``resize_panel(id, row_span, col_span)``,
      ``set_series(id, list)``, ``add_series(name, panel_id=None)``,
      ``set_grid(columns, rows)``, ``export_layout(path)``,
      ``import_layout(path)``, ``export_panel(id, path)`` (.png or .csv).
    - signals: ``layout_changed(Layout)``, ``incident_requested(str, float, float)``,
      ``message(str)``.

``RenderLoop(frame_rate=30.0, parent=None)``
    One QTimer; each tick redraws visible panels whose data or time window
    changed, least recently drawn first, within half a frame's budget
    (learned per panel, paint included); the rest wait a tick. Never per
    message. ``add(panel)``, ``remove(panel)``, ``start()``, ``stop()``,
    ``run_frame(now=None)`` (one tick by hand: tests, benchmarks),
    ``frame_ms`` (recent tick durations), counters ``ticks``, ``frames``,
    ``redraws``, ``deferred``, signal ``frame_done(float ms)``. Panels with
    new readings go before panels that only need their time axis moved.

Panel widgets (``TimeSeriesPanel``, ``ValueTile``, ``StationGrid``) share
:class:`PanelWidget`: ``panel`` (the model), ``series_names``,
``refresh(now=None) -> bool``, ``mark_stale``, ``export_png(path)``,
``export_csv(path)``; plots add ``point_count()``, ``nearest_reading(x, y)``,
``readout(x)``, ``incident_requested``. ``DashboardTabs`` is the desk
console's tab widget over all seven dashboards (saves edited layouts).

All visible text goes through Qt's translation (contexts ``DashboardView``,
``TimeSeriesPanel``, ``ValueTile``, ``StationGrid``, ``SeriesPicker``,
``DashboardTabs``, ``Dashboards``).
"""

from __future__ import annotations

from smartcity_console.gui.dashboard.catalog import DASHBOARD_KEYS, OVERVIEW, dashboards_for
from smartcity_console.gui.dashboard.panel_base import PanelContext, PanelWidget
from smartcity_console.gui.dashboard.plot_panel import TimeSeriesPanel
from smartcity_console.gui.dashboard.render_loop import RenderLoop
from smartcity_console.gui.dashboard.station_grid import StationGrid
from smartcity_console.gui.dashboard.tabs import DashboardTabs
from smartcity_console.gui.dashboard.tile_panel import ValueTile
from smartcity_console.gui.dashboard.view import DashboardView

__all__ = [
    "DASHBOARD_KEYS",
    "OVERVIEW",
    "DashboardTabs",
    "DashboardView",
    "PanelContext",
    "PanelWidget",
    "RenderLoop",
    "StationGrid",
    "TimeSeriesPanel",
    "ValueTile",
    "dashboards_for",
]
