"""One live plot of one program's series, redrawn only when its data changed."""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from smartcity_console.config import PlotConfig
from smartcity_console.core.series import SeriesStore

WIB_UTC_OFFSET = -7 * 3600  # pyqtgraph counts seconds west of UTC, like time.timezone

# Colour-blind-safe palette (Okabe-Ito), bright enough on a dark wall.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#FFFFFF")


def _short(series: str) -> str:
    """Legend text: the station (last topic level), plus the JSON path when there is one."""
    topic, _, path = series.partition("#")
    station = topic.rsplit("/", 1)[-1]
    return f"{station} {path}" if path else station


class ProgramPlot(QWidget):
    """A titled pyqtgraph plot showing the series that match one configured filter.

    The widget owns no data: :meth:`refresh` reads the shared store at frame
    time, and skips all work when none of its series changed.

    Signals:
        incident_requested(str, float, float): the operator double-clicked
            near a reading: its series, value and time (to pre-fill an incident).
    """

    incident_requested = Signal(str, float, float)

    def __init__(
        self,
        plot: PlotConfig,
        title: str,
        store: SeriesStore,
        window_s: float,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = plot
        self._store = store
        self._window_s = window_s
        self._names: list[str] = []
        self._extra: list[str] = []  # added by the operator from the topic browser
        self._known_series = -1
        self._drawn_versions: dict[str, int] = {}
        self._curves: dict[str, pg.PlotDataItem] = {}
        self._colors: dict[str, str] = {}
        self._stale: set[str] = set()

        self.title = QLabel(title, self)
        self.title.setObjectName("plotTitle")
        self.plot_widget = pg.PlotWidget(
            parent=self, axisItems={"bottom": pg.DateAxisItem(utcOffset=WIB_UTC_OFFSET)}
        )
        self.plot_widget.setMenuEnabled(False)
        # "42.5 kRp/kg" misleads an operator who reads rupiah; show plain numbers.
        self.plot_widget.getAxis("left").enableAutoSIPrefix(False)
        self.plot_widget.showGrid(x=True, y=True, alpha=0.25)
        # A filled legend stays readable where it covers curves.
        self._legend = self.plot_widget.addLegend(
            offset=(8, 8), labelTextSize="10pt", brush=pg.mkBrush(11, 14, 17, 210)
        )
        self.plot_widget.scene().sigMouseClicked.connect(self._on_click)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.plot_widget, 1)

    @property
    def series_names(self) -> list[str]:
        return list(self._names)

    def point_count(self) -> int:
        """How many samples the curves currently show (tests and the self-test read it)."""
        total = 0
        for curve in self._curves.values():
            x, _ = curve.getData()
            total += 0 if x is None else len(x)
        return total

    def refresh(self, now: float | None = None) -> bool:
        """Redraw curves whose series changed since the last frame; True when anything did."""
        store = self._store
        if len(store) != self._known_series:
            self._known_series = len(store)
            matched = store.names(self.config.series)[: self.config.max_series]
            self._names = matched + [n for n in self._extra if n not in matched]
        now = time.time() if now is None else now
        since = now - self._window_s
        changed = False
        for name in self._names:
            version = store.series_version(name)
            if self._drawn_versions.get(name) == version:
                continue
            snap = store.snapshot(name, since)
            if snap is None:
                continue
            curve = self._curves.get(name) or self._add_curve(name, snap.unit)
            curve.setData(snap.t, snap.v)
            self._drawn_versions[name] = version
            changed = True
        return changed

    def nearest_reading(self, x: float, y: float) -> tuple[str, float, float] | None:
        """The drawn reading closest to a point in data coordinates (time, value)."""
        view = self.plot_widget.getViewBox()
        (x_span, y_span) = (max(abs(b - a), 1e-9) for a, b in view.viewRange())
        best: tuple[float, str, float, float] | None = None
        for name, curve in self._curves.items():
            xs, ys = curve.getData()
            if xs is None or not len(xs):
                continue
            i = int(np.clip(np.searchsorted(xs, x), 1, len(xs) - 1))
            for j in (i - 1, i):
                # Distance in screen-like units, so seconds and values weigh alike.
                d = ((xs[j] - x) / x_span) ** 2 + ((ys[j] - y) / y_span) ** 2
                if best is None or d < best[0]:
                    best = (d, name, float(ys[j]), float(xs[j]))
        return None if best is None else (best[1], best[2], best[3])

    def _on_click(self, event: MouseClickEvent) -> None:
        if not event.double():
            return
        point = self.plot_widget.getViewBox().mapSceneToView(event.scenePos())
        found = self.nearest_reading(point.x(), point.y())
        if found is not None:
            self.incident_requested.emit(*found)

    def add_series(self, name: str) -> None:
        """Draw one more series on this plot, from the next frame on."""
        if name not in self._extra and name not in self._names:
            self._extra.append(name)
            self._known_series = -1  # recompute the names at the next refresh

    @property
    def stale_series(self) -> set[str]:
        return set(self._stale)

    def mark_stale(self, stale: set[str], language: str = "id") -> None:
        """Draw series without recent readings dashed and grey, and say so in the legend."""
        mine = stale.intersection(self._curves)
        if mine == self._stale:
            return
        for name in mine ^ self._stale:
            curve = self._curves[name]
            is_stale = name in mine
            pen = (
                pg.mkPen("#8B949E", width=2, style=Qt.PenStyle.DashLine)
                if is_stale
                else pg.mkPen(self._colors[name], width=2)
            )
            curve.setPen(pen)
            label = self._legend.getLabel(curve)
            if label is not None:
                suffix = (" ⚠ tanpa data" if language == "id" else " ⚠ stale") if is_stale else ""
                label.setText(_short(name) + suffix)
        self._stale = mine

    def _add_curve(self, name: str, unit: str | None) -> pg.PlotDataItem:
        color = PALETTE[len(self._curves) % len(PALETTE)]
        self._colors[name] = color
        label = _short(name)
        curve = self.plot_widget.plot(name=label, pen=pg.mkPen(color, width=2))
        curve.setClipToView(True)
        curve.setDownsampling(auto=True, method="peak")
        if unit and not self._curves:
            self.plot_widget.setLabel("left", units=unit)
        self._curves[name] = curve
        return curve
