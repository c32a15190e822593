"""The desk console's dashboards: one tab each for the overview and the six programs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from smartcity_console.config import AppConfig
from smartcity_console.core.layouts import Layout
from smartcity_console.core.map_states import MapBoard
from smartcity_console.core.programs import program_of_topic
from smartcity_console.core.series import SeriesStore
from smartcity_console.gui import i18n
from smartcity_console.gui.dashboard.catalog import (
    OVERVIEW,
    dashboard_title,
    dashboards_for,
    default_layout,
)
from smartcity_console.gui.dashboard.map_board import board_for
from smartcity_console.gui.dashboard.panel_base import PanelContext
from smartcity_console.gui.dashboard.plot_panel import TimeSeriesPanel
from smartcity_console.gui.dashboard.render_loop import RenderLoop
from smartcity_console.gui.dashboard.view import DashboardView
from smartcity_console.gui.widgets.retranslating import Retranslating
from smartcity_console.layout_files import LayoutFiles


class DashboardTabs(Retranslating, QTabWidget):
    """Every dashboard as a tab; layouts the operator changes are saved for this workstation.

    Signals:
        incident_requested(object, str, float, float): double-click on a plot
            reading: the plot panel, its series, value and time.
        message(str): something to show in the status bar.
    """

    incident_requested = Signal(object, str, float, float)
    message = Signal(str)
    time_moved = Signal(float, float)  # a view's shown time moved: (since, until), epoch s

    def __init__(
        self,
        config: AppConfig,
        store: SeriesStore,
        render_loop: RenderLoop,
        files: LayoutFiles | None = None,
        parent: QWidget | None = None,
        board: MapBoard | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardTabs")
        self.setDocumentMode(True)
        self._config = config
        self.files = files or LayoutFiles()
        board = board if board is not None else board_for(config)
        self.context = PanelContext(store, tuple(config.alarms), board=board)
        self.views: dict[str, DashboardView] = {}
        for key, title, layout in dashboards_for(config, self.files):
            view = DashboardView(self.context, layout, render_loop=render_loop, parent=self)
            view.layout_changed.connect(self._save)
            view.message.connect(self.message)
            view.time_moved.connect(self.time_moved)
            view.incident_requested.connect(
                lambda s, v, t, view=view: self._forward_incident(view, s, v, t)
            )
            view.reset_to = lambda key=key: default_layout(self._config, key, self.files)
            self.views[key] = view
            self.addTab(view, title)

    def show_map(self) -> None:
        """Bring the first dashboard with a map into view (the overview, unless edited)."""
        for index, view in enumerate(self.views.values()):
            if any(p.kind == "map" for p in view.layout_model.panels):
                self.setCurrentIndex(index)
                return

    def retranslate(self) -> None:
        for index, (key, view) in enumerate(self.views.items()):
            title = dashboard_title(key, view.layout_model, i18n.current_language())
            self.setTabText(index, title)

    @property
    def problems(self) -> list[str]:
        return self.files.problems

    @property
    def overview(self) -> DashboardView:
        return self.views[OVERVIEW]

    @property
    def current_view(self) -> DashboardView:
        widget = self.currentWidget()
        assert isinstance(widget, DashboardView)
        return widget

    def _save(self, layout: Layout) -> None:
        try:
            path = self.files.save(layout)
        except OSError as exc:
            self.message.emit(self.tr("Layout not saved: %1").replace("%1", str(exc)))
            return
        self.message.emit(self.tr("Layout saved: %1").replace("%1", str(path)))

    def _forward_incident(self, view: DashboardView, series: str, value: float, t: float) -> None:
        plot = next((p for p in view.plots if series in p.series_names), None)
        self.incident_requested.emit(plot, series, value, t)

    def show_dashboard(self, key: str) -> None:
        self.setCurrentWidget(self.views[key])

    def add_series(self, name: str) -> None:
        """The topic browser's "plot this": onto the selected panel of the shown dashboard.

        Without a selected panel, onto the shown dashboard's plot of the topic's
        program, else its first plot.
        """
        view = self.current_view
        if view.current_panel is None:
            key = program_of_topic(name)
            plot = next((p for p in view.plots if p.panel.program == key), None)
            if plot is not None:
                view.add_series(name, plot.panel_id)
                return
        view.add_series(name)

    def mark_stale(self, stale: set[str]) -> None:
        for view in self.views.values():
            view.mark_stale(stale)

    def show_ingest_backlog(self, queued: int, held: bool = False) -> None:
        for view in self.views.values():
            view.show_ingest_backlog(queued, held=held)

    def all_plots(self) -> list[TimeSeriesPanel]:
        return [p for view in self.views.values() for p in view.plots]
