"""A station grid: one cell per matching series, coloured by its state."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from smartcity_console.core.layouts import Panel
from smartcity_console.core.thresholds import state_of, worst_breach
from smartcity_console.gui.dashboard.panel_base import (
    OK_COLOUR,
    SEVERITY_COLOURS,
    STALE_COLOUR,
    PanelContext,
    PanelWidget,
    measurement_label,
    pretty_unit,
    station_label,
)
from smartcity_console.gui.dashboard.tile_panel import format_number, state_word

_BACKGROUND = {"ok": "#12361F", "stale": "#30363D", "empty": "#21262D"}


class StationGrid(PanelWidget):
    """Every station of the panel's filters at a glance: name, value, state."""

    def __init__(self, panel: Panel, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(panel, context, parent)
        self.setObjectName("stationGrid")
        self._versions: dict[str, int] = {}
        self._drawn_stale: set[str] = set()
        self.cells: dict[str, QLabel] = {}
        self.states: dict[str, str] = {}
        self.title = QLabel(self)
        self.title.setObjectName("plotTitle")
        self._grid_host = QWidget(self)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setSpacing(4)
        self._grid.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self._grid_host, 1)
        self._on_panel_changed()

    def _on_panel_changed(self) -> None:
        self.title.setText(self.panel.title(self.context.title_language))

    def wants_redraw(self, now: float) -> bool:
        if self._dirty or self._resolve():
            return True
        store = self.context.store
        if self._stale != self._drawn_stale:
            return True
        return any(store.series_version(n) != self._versions.get(n) for n in self._names)

    def redraw(self, now: float) -> None:
        t0 = time.perf_counter()
        self._dirty = False
        self._resolve()
        if list(self.cells) != self._names:
            self._rebuild()
        store = self.context.store
        measurements = {measurement_label(n) for n in self._names}
        for name in self._names:
            self._versions[name] = store.series_version(name)
            buf = store.buffer(name)
            last = None
            unit = None
            if buf is not None:
                with store.lock:
                    last = buf.last()
                unit = buf.unit
            value = None if last is None else last[1]
            bands = self._bands.get(name, [])
            stale = name in self._stale
            state = state_of(value, stale, bands)
            self.states[name] = state
            label = station_label(name)
            if len(measurements) > 1:
                label = f"{label}\n{measurement_label(name)}"
            if value is None:
                shown = "—"
            elif buf is not None and buf.state:  # a door, a relay: on/off, like the tiles
                shown = state_word(value)
            else:
                shown = f"{format_number(value)} {pretty_unit(unit)}"
            if state == "stale":
                shown += "\n⚠ " + QCoreApplication.translate("StationGrid", "no data")
            cell = self.cells[name]
            cell.setText(f"{label}\n{shown}")
            band = worst_breach(value, bands) if value is not None else None
            if state == "breach" and band is not None:
                background = SEVERITY_COLOURS[band.severity]
                colour = "#0D1117"
            else:
                background = _BACKGROUND.get(state, "#21262D")
                colour = "#F0F6FC" if state == "ok" else "#C9D1D9"
            border = OK_COLOUR if state == "ok" else STALE_COLOUR
            cell.setStyleSheet(
                f"background: {background}; color: {colour}; border: 2px solid {border};"
                " border-radius: 4px; padding: 2px;"
            )
        self._drawn_stale = set(self._stale)
        self.cost_ms = (time.perf_counter() - t0) * 1000 + 1.0

    def _rebuild(self) -> None:
        for cell in self.cells.values():
            self._grid.removeWidget(cell)
            cell.deleteLater()
        self.cells = {}
        n = len(self._names)
        if not n:
            return
        aspect = max(self.width(), 1) / max(self.height(), 1)
        columns = max(1, min(n, round(math.sqrt(n * aspect))))
        for i, name in enumerate(self._names):
            cell = QLabel(self._grid_host)
            cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cell.setWordWrap(True)
            cell.setObjectName("stationCell")
            self._grid.addWidget(cell, i // columns, i % columns)
            self.cells[name] = cell
        self._fit_font()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_font()

    def _fit_font(self) -> None:
        if not self.cells:
            return
        rows = self._grid.rowCount() or 1
        height = self._grid_host.height() / rows
        size = max(10, min(int(height / 4.2), 28 if self.context.wall else 18))
        for cell in self.cells.values():
            font = cell.font()
            font.setPixelSize(size)
            cell.setFont(font)
