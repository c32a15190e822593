"""What a click on a map station opens: its series over the last hour and its incidents."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QVBoxLayout, QWidget

from smartcity_console.core.layouts import Panel
from smartcity_console.gui.dashboard.map_panel import MapPanel, state_text
from smartcity_console.gui.dashboard.panel_base import station_label
from smartcity_console.gui.dashboard.plot_panel import TimeSeriesPanel


class StationDialog(QDialog):
    """Non-modal: the operator keeps the map and the incident list usable beside it."""

    def __init__(self, map_panel: MapPanel, station: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stationDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.station = station
        place = map_panel.place_of(station)
        self.setWindowTitle(station_label(station))
        where = QLabel(self)
        where.setObjectName("stationPlace")
        known = map_panel.states.get(station)
        state = state_text(known) if known is not None else ""
        where.setText("  ·  ".join(x for x in ((place.describe() if place else ""), state) if x))
        names = map_panel.series_of(station)
        model = Panel(
            id="station",
            kind="plot",
            series=names,
            max_series=64,
            window="1h",
            title_en=station_label(station),
            title_id=station_label(station),
        )
        self.plot = TimeSeriesPanel(model, map_panel.context, self)
        self.plot.refresh()
        self.incidents = QListWidget(self)
        self.incidents.setObjectName("stationIncidents")
        marks = map_panel.incidents_of(station)
        for mark in marks:
            self.incidents.addItem(f"⚑ {mark.title} ({mark.status})")
        if not marks:
            self.incidents.addItem(QCoreApplication.translate("MapPanel", "No open incidents"))
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(self.plot, 3)
        heading = QLabel(QCoreApplication.translate("MapPanel", "Incidents"), self)
        layout.addWidget(heading)
        layout.addWidget(self.incidents, 1)
        self.resize(720, 520)
