"""The map panel: Rembang's stations on an offline base map, coloured by their worst state.

Drawn with pyqtgraph (no web view, no tiles at run time): the base layers
are a handful of curves drawn once; the stations are one scatter item whose
spots are recoloured one by one, so a frame where three of 2,000 stations
changed touches three spots (bench/render.py measures it: ``map_fps``).

A station's state is the worst of its open incidents, its data's freshness
and its shelving (core/map_states.py says the order); a kecamatan whose
stations are mostly silent is shaded, because that is a power or network
cut, not many faults. On the desk the operator pans, zooms, hovers for the
latest readings and clicks for the station's series and incidents; on the
wall the map stays put with large markers and labels.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from datetime import UTC, datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QHideEvent, QPainterPath, QPen, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGraphicsPathItem,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.core.geo import BaseMap, Layer
from smartcity_console.core.layouts import Panel
from smartcity_console.core.map_states import (
    MARKER_COLOURS,
    IncidentMark,
    MapBoard,
    MarkerState,
    incident_state,
    next_escalation,
    rank,
    silent_kecamatan,
    station_states,
)
from smartcity_console.core.places import StationPlace, station_of
from smartcity_console.core.programs import program_of_topic
from smartcity_console.gui.dashboard.map_board import default_board
from smartcity_console.gui.dashboard.panel_base import (
    PanelContext,
    PanelWidget,
    measurement_label,
    pretty_unit,
    station_label,
)
from smartcity_console.gui.dashboard.tile_panel import format_number

# Longitude is scaled by cos(latitude) so a kilometre is as long east as north.
_LAT0 = -6.75
_X_SCALE = math.cos(math.radians(_LAT0))

# The program's icon on its stations' markers.
PROGRAM_SYMBOLS = {
    "governance": "s",
    "branding": "star",
    "economy": "d",
    "living": "h",
    "society": "t",
    "environment": "o",
}
_LAYER_PENS = {
    "regency": ("#C9D1D9", 2.0),
    "kecamatan": ("#6E7681", 1.0),
    "coastline": ("#58A6FF", 1.5),
    "roads": ("#D29922", 1.5),
    "other": ("#8B949E", 1.0),
}
_SILENT_BRUSH = QColor(139, 148, 158, 90)
# Labels and the hover readout are per station; past this many only the hover names them.
MAX_LABELS = 300


def project(lon: float, lat: float) -> tuple[float, float]:
    return lon * _X_SCALE, lat


def state_text(state: MarkerState) -> str:
    words = {
        MarkerState.NORMAL: QCoreApplication.translate("MapPanel", "normal"),
        MarkerState.SHELVED: QCoreApplication.translate("MapPanel", "shelved"),
        MarkerState.STALE: QCoreApplication.translate("MapPanel", "no data"),
        MarkerState.ACKNOWLEDGED: QCoreApplication.translate("MapPanel", "acknowledged"),
        MarkerState.UNACKNOWLEDGED: QCoreApplication.translate(
            "MapPanel", "alarm waiting for acknowledgement"
        ),
        MarkerState.ESCALATED: QCoreApplication.translate("MapPanel", "escalated"),
    }
    return words[state]


class MapPanel(PanelWidget):
    """Stations on the regency's map; the panel's ``series`` filters say which series count.

    Signals:
        station_requested(str): the operator clicked a station (its slug).
        incident_requested_id(str): the operator picked an incident without a place.
    """

    station_requested = Signal(str)
    incident_picked = Signal(str)

    def __init__(self, panel: Panel, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(panel, context, parent)
        self.setObjectName("mapPanel")
        self.board: MapBoard = context.board if context.board is not None else default_board()
        wall = context.wall
        self.marker_size = 30 if wall else 14
        self.states: dict[str, MarkerState] = {}
        self.shaded: set[str] = set()
        self._stations: list[str] = []  # spot order
        self._series_of: dict[str, list[str]] = {}
        self._spots: dict[str, pg.SpotItem] = {}
        self._labels: dict[str, pg.TextItem] = {}
        self._drawn_version = -1
        self._drawn_stale: set[str] = set()
        self._xy = np.zeros((0, 2))
        self._index: dict[str, int] = {}  # station -> its row in _xy and the scatter
        self._kecamatan_items: dict[str, QGraphicsPathItem] = {}
        self.touched = 0  # spots recoloured by the last redraw (tests, the benchmark)
        self._by_station: dict[str, list[str]] = {}
        self._by_station_of: list[str] | None = None
        self._silent: set[str] = set()
        self._silent_of: set[str] | None = None
        self._unplaced_shown: list[tuple[str, MarkerState]] | None = None
        self._escalates_at: float | None = None
        # One brush per state and one pen: pyqtgraph's symbol atlas caches by object,
        # so recolouring a spot with a shared brush costs a lookup, not a new symbol.
        self._brushes = {state: pg.mkBrush(colour) for state, colour in MARKER_COLOURS.items()}
        self._pen = pg.mkPen("#0D1117", width=2 if context.wall else 1)

        self.title = QLabel(self)
        self.title.setObjectName("plotTitle")  # the wall's style sizes it as plot titles
        self.fit_button = QToolButton(self)
        self.fit_button.setObjectName("fitRegency")
        self.fit_button.clicked.connect(self.fit_regency)
        self.fit_button.setVisible(not wall)
        self.plot = pg.PlotWidget(self)
        self.plot.setBackground("#0D1117")
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.setAspectLocked(True)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(not wall, not wall)
        self.scatter = pg.ScatterPlotItem(pxMode=True, hoverable=False)
        self.scatter.setZValue(10)
        self.scatter.sigClicked.connect(self._on_clicked)
        # Stations in any state but normal, drawn again above the rest, worst last: in
        # Rembang's town and Lasem a dozen markers overlap, and an alarmed one drawn
        # first lay under its neighbours' green (found in make demo: no orange at all).
        self.alerts = pg.ScatterPlotItem(pxMode=True, hoverable=False)
        self.alerts.setZValue(10.5)
        self.alerts.sigClicked.connect(self._on_clicked)
        self._symbols: dict[str, str] = {}
        self._draw_base(self.board.base_map)
        self.plot.addItem(self.scatter)
        self.plot.addItem(self.alerts)
        # The regency stays fitted while the panel is laid out and its markers come,
        # until the operator pans or zooms (found in make demo: an overview map came up
        # with its stations out of view until "Fit regency" was pressed).
        self._fitted = True
        # The view's signals are heard only while the panel shows (showEvent/hideEvent):
        # a closed wall window is deleted later, and its scene and view box emit as
        # they are torn down; a handler then touched labels already gone (the full
        # GUI suite crashed in the event loop after a test that left wall mode).
        self._watching = False
        self._label_px = 11.0

        self.unplaced_title = QLabel(self)
        self.unplaced_title.setObjectName("mapUnplacedTitle")
        self.unplaced = QListWidget(self)
        self.unplaced.setObjectName("mapUnplaced")
        self.unplaced.itemActivated.connect(
            lambda item: self.incident_picked.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        side = QVBoxLayout()
        side.addWidget(self.unplaced_title)
        side.addWidget(self.unplaced, 1)
        self.unplaced.setWordWrap(True)
        self.unplaced.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if wall:
            self.unplaced.setStyleSheet("font-size: 18pt;")
            self.unplaced_title.setStyleSheet("font-size: 18pt; font-weight: 600;")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.fit_button)
        # Beside the map when the panel is wide (the wall), under it when tall (the overview).
        self._body = body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        body.addWidget(self.plot, 4)
        body.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addLayout(body, 1)
        self._on_panel_changed()
        self.fit_regency()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._watch_view(True)
        if self._fitted:
            self.fit_regency()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        self._watch_view(False)
        super().hideEvent(event)

    def _watch_view(self, on: bool) -> None:
        if on == self._watching:
            return
        self._watching = on
        box = self.plot.getViewBox()
        pairs = (
            (self.plot.scene().sigMouseMoved, self._on_mouse_moved),
            (box.sigRangeChanged, self._on_range_changed),
            (box.sigRangeChangedManually, self._on_moved_by_hand),
            (box.sigResized, self._keep_fitted),
        )
        for signal, slot in pairs:
            if on:
                signal.connect(slot)
            else:
                signal.disconnect(slot)

    def _on_range_changed(self, *_args: object) -> None:
        self._declutter()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        tall = self.height() > self.width()
        self._body.setDirection(
            QBoxLayout.Direction.TopToBottom if tall else QBoxLayout.Direction.LeftToRight
        )

    # -- model -------------------------------------------------------------

    def _on_panel_changed(self) -> None:
        self._unplaced_shown = None  # its "None" is a word: say it again
        self.title.setText(self.panel.title(self.context.title_language))
        self.fit_button.setText(QCoreApplication.translate("MapPanel", "Fit regency"))
        self.fit_button.setToolTip(
            QCoreApplication.translate("MapPanel", "Show the whole regency again")
        )
        self.unplaced_title.setText(
            QCoreApplication.translate("MapPanel", "Incidents without a place")
        )
        self._drawn_version = -1

    def _resolve(self) -> bool:
        """All matching series (not ``max_series``: a map shows every station it can place)."""
        store = self.context.store
        if len(store) == self._known_series:
            return False
        self._known_series = len(store)
        names: list[str] = []
        default = f"rembang/{self.panel.program}/#" if self.panel.program else "#"
        for entry in self.panel.series or [default]:
            names.extend(n for n in store.names(entry) if n not in names)
        if names == self._names:
            return False
        self._names = names
        return True

    @property
    def stations(self) -> list[str]:
        """Stations on the map, in marker order."""
        return list(self._stations)

    # -- base map ----------------------------------------------------------

    def _draw_base(self, base: BaseMap) -> None:
        for layer in base.layers:
            self._draw_layer(layer)

    def _draw_layer(self, layer: Layer) -> None:
        colour, width = _LAYER_PENS[layer.kind]
        width *= 2 if self.context.wall else 1
        xs: list[float] = []
        ys: list[float] = []
        for feature in layer.features:
            rings = [r for rings in feature.polygons for r in rings] + list(feature.lines)
            for ring in rings:
                for lon, lat in ring:
                    x, y = project(lon, lat)
                    xs.append(x)
                    ys.append(y)
                xs.append(math.nan)
                ys.append(math.nan)
            if layer.kind == "kecamatan" and feature.polygons:
                self._add_kecamatan(feature.name, feature.polygons, feature.bounds())
        if xs:
            curve = pg.PlotCurveItem(
                np.array(xs), np.array(ys), connect="finite", pen=pg.mkPen(colour, width=width)
            )
            curve.setZValue(2 if layer.kind != "kecamatan" else 1)
            self.plot.addItem(curve)

    def _add_kecamatan(
        self,
        name: str,
        polygons: Iterable[Iterable[list[tuple[float, float]]]],
        bounds: tuple[float, float, float, float] | None,
    ) -> None:
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.OddEvenFill)
        for rings in polygons:
            for ring in rings:
                points = [QPointF(*project(lon, lat)) for lon, lat in ring]
                if points:
                    path.moveTo(points[0])
                    for p in points[1:]:
                        path.lineTo(p)
                    path.closeSubpath()
        item = QGraphicsPathItem(path)
        item.setPen(QPen(Qt.PenStyle.NoPen))
        item.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        item.setZValue(0)
        self.plot.addItem(item)
        self._kecamatan_items[name.casefold()] = item
        if bounds is not None:
            label = pg.TextItem(name, color="#8B949E", anchor=(0.5, 0.5))
            font = label.textItem.font()
            font.setPointSize(16 if self.context.wall else 8)
            label.setFont(font)
            label.setPos(*project((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2))
            label.setZValue(3)
            self.plot.addItem(label)

    def fit_regency(self) -> None:
        lon0, lat0, lon1, lat1 = self.board.base_map.extent()
        x0, y0 = project(lon0, lat0)
        x1, y1 = project(lon1, lat1)
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.02)
        self._fitted = True

    def _on_moved_by_hand(self, *_args: object) -> None:
        self._fitted = False

    def _keep_fitted(self, *_args: object) -> None:
        if self._fitted:
            self.fit_regency()

    def centre_on(self, station: str) -> bool:
        place = self.board.places.get(station)
        if place is None:
            return False
        x, y = project(place.longitude, place.latitude)
        span = 0.06
        self.plot.setRange(xRange=(x - span, x + span), yRange=(y - span, y + span), padding=0)
        self._fitted = False  # "show on map" chose this view: a resize keeps it
        return True

    # -- render loop -------------------------------------------------------

    def wants_redraw(self, now: float) -> bool:
        self.board.poll(time.monotonic())
        if self._resolve():
            # Kept until drawn: the render loop may defer this panel when the frame's
            # budget is spent, and the next ask would find the series already known.
            # The overview's map stayed empty in make demo (six plots drew first).
            self._dirty = True
        if self._dirty:
            return True
        if self._escalates_at is not None and now >= self._escalates_at:
            return True  # an alarm's acknowledgement deadline passed: its marker turns red
        return self.board.version != self._drawn_version or self._stale != self._drawn_stale

    def redraw(self, now: float) -> None:
        t0 = time.perf_counter()
        self._resolve()
        self._dirty = False
        if self._by_station_of is not self._names:
            self._by_station = {}
            for name in self._names:
                station = station_of(name)
                if station in self.board.places:
                    self._by_station.setdefault(station, []).append(name)
            self._by_station_of = self._names
            self._silent_of = None
        by_station = self._by_station
        if list(by_station) != self._stations:
            self._rebuild_markers(by_station)
        self._series_of = by_station
        if self._silent_of != self._stale:
            self._silent = {
                s for s, names in by_station.items() if all(n in self._stale for n in names)
            }
            self._silent_of = set(self._stale)
            self._shade(self._silent)
        new = station_states(
            by_station,
            self.board.incidents,
            self._silent,
            datetime.fromtimestamp(now, UTC),
            self.board.shelved,
            self.board.deadlines,
        )
        self.touched = 0
        brushes = self._brushes
        for station, state in new.items():
            if self.states.get(station) != state:
                self._spots[station].setBrush(brushes[state])
                self.touched += 1
        self.states = new
        if self.touched:
            self._raise_alerts()
        self._escalates_at = next_escalation(
            self.board.incidents, datetime.fromtimestamp(now, UTC), self.board.deadlines
        )
        if self.touched:
            self._declutter()  # the worst states get their labels first
        self._show_unplaced(now)
        if self.board.focus is not None and self.centre_on(self.board.focus):
            self.board.focus = None
        self._drawn_version = self.board.version
        self._drawn_stale = set(self._stale)
        self.cost_ms = (time.perf_counter() - t0) * 1000 + 1.0

    def _rebuild_markers(self, by_station: dict[str, list[str]]) -> None:
        for label in self._labels.values():
            self.plot.removeItem(label)
        self._labels = {}
        self._stations = list(by_station)
        places = [self.board.places.get(s) for s in self._stations]
        xy = []
        for station, place in zip(self._stations, places, strict=True):
            assert place is not None
            x, y = project(place.longitude, place.latitude)
            xy.append((x, y))
            program = program_of_topic(by_station[station][0]) or ""
            self._symbols[station] = PROGRAM_SYMBOLS.get(program, "o")
        self._xy = np.array(xy, dtype=float).reshape(-1, 2)
        self._index = {station: i for i, station in enumerate(self._stations)}
        spots = [self._spot(station, MarkerState.NORMAL) for station in self._stations]
        self.scatter.setData(spots)
        if self._fitted:
            self.fit_regency()
        self._spots = {spot.data(): spot for spot in self.scatter.points()}
        self.states = dict.fromkeys(self._stations, MarkerState.NORMAL)
        self.alerts.setData([])
        if len(self._stations) <= MAX_LABELS:
            size = 16 if self.context.wall else 8
            self._label_px = size * 96 / 72
            for station, (x, y) in zip(self._stations, xy, strict=True):
                label = pg.TextItem(station_label(station), color="#F0F6FC", anchor=(0, 1))
                font = label.textItem.font()
                font.setPointSize(size)
                label.setFont(font)
                label.setPos(x, y)
                label.setZValue(11)
                label.setVisible(False)  # _declutter shows those that fit
                self.plot.addItem(label)
                self._labels[station] = label
            self._declutter()

    def _spot(self, station: str, state: MarkerState) -> dict[str, object]:
        """One station's marker for a scatter item: its place, its program's symbol, a state."""
        return {
            "pos": tuple(self._xy[self._index[station]]),
            "data": station,
            "symbol": self._symbols.get(station, "o"),
            "size": self.marker_size,
            "brush": self._brushes[state],
            "pen": self._pen,
        }

    def _raise_alerts(self) -> None:
        """Draw the stations not in the normal state again on top, the worst last."""
        raised = sorted(
            (s for s, state in self.states.items() if state is not MarkerState.NORMAL),
            key=lambda s: rank(self.states[s]),
        )
        self.alerts.setData([self._spot(station, self.states[station]) for station in raised])

    def _shade(self, silent: set[str]) -> None:
        places = [p for s in self._stations if (p := self.board.places.get(s)) is not None]
        shaded = silent_kecamatan(places, silent, self.board.silent_share)
        if shaded == self.shaded:
            return
        self.shaded = shaded
        names = {k.casefold() for k in shaded}
        for key, item in self._kecamatan_items.items():
            brush = QBrush(_SILENT_BRUSH) if key in names else QBrush(Qt.BrushStyle.NoBrush)
            item.setBrush(brush)

    def _show_unplaced(self, now: float) -> None:
        marks = self.board.unplaced_incidents()
        moment = datetime.fromtimestamp(now, UTC)
        shown = [
            (m.id, incident_state(m, moment, self.board.deadlines) or MarkerState.NORMAL)
            for m in marks
        ]
        if shown == self._unplaced_shown:
            return
        self._unplaced_shown = shown
        self.unplaced.clear()
        for mark, (_id, state) in zip(marks, shown, strict=True):
            item = QListWidgetItem(f"● {mark.title}")
            item.setForeground(QColor(MARKER_COLOURS[state]))
            item.setToolTip(state_text(state))
            item.setData(Qt.ItemDataRole.UserRole, mark.id)
            self.unplaced.addItem(item)
        if not marks:
            item = QListWidgetItem(QCoreApplication.translate("MapPanel", "None"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.unplaced.addItem(item)

    # -- hover and click ---------------------------------------------------

    def station_at(self, scene_pos: QPointF, radius_px: float | None = None) -> str | None:
        """The station whose marker is under a scene position, if any."""
        if not len(self._xy):
            return None
        view = self.plot.getViewBox()
        point = view.mapSceneToView(scene_pos)
        px = view.viewPixelSize()
        radius = radius_px if radius_px is not None else self.marker_size * 0.7
        dx = (self._xy[:, 0] - point.x()) / max(px[0], 1e-12)
        dy = (self._xy[:, 1] - point.y()) / max(px[1], 1e-12)
        dist = np.hypot(dx, dy)
        best = int(np.argmin(dist))
        return self._stations[best] if dist[best] <= radius else None

    def readout(self, station: str) -> str:
        """The hover text: the station, its kecamatan, its state and its latest readings."""
        place = self.board.places.get(station)
        lines = [station_label(station)]
        if place is not None and place.kecamatan:
            lines.append(
                QCoreApplication.translate("MapPanel", "Kec. %1").replace("%1", place.kecamatan)
            )
        state = self.states.get(station, MarkerState.NORMAL)
        lines.append(state_text(state))
        store = self.context.store
        for name in self._series_of.get(station, []):
            buf = store.buffer(name)
            last = None
            if buf is not None:
                with store.lock:
                    last = buf.last()
            value = (
                "—"
                if last is None
                else f"{format_number(last[1])} {pretty_unit(buf.unit if buf else None)}"
            )
            lines.append(f"{measurement_label(name)}: {value}")
        for mark in self.incidents_of(station):
            lines.append(f"⚑ {mark.title}")
        return "\n".join(lines)

    def series_of(self, station: str) -> list[str]:
        return list(self._series_of.get(station, []))

    def incidents_of(self, station: str) -> list[IncidentMark]:
        return [m for m in self.board.incidents if m.station == station]

    def place_of(self, station: str) -> StationPlace | None:
        return self.board.places.get(station)

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        station = self.station_at(scene_pos)
        if station is None:
            QToolTip.hideText()
            return
        view_pos = self.plot.mapFromScene(scene_pos)
        QToolTip.showText(self.plot.mapToGlobal(view_pos), self.readout(station), self.plot)

    def _on_clicked(self, _item: object, points: list[pg.SpotItem], _event: object) -> None:
        if self.context.wall or not len(points):
            return
        self.station_requested.emit(str(points[0].data()))

    def _declutter(self) -> None:
        """Show the labels that fit without covering another, worst state first.

        Rembang's town and Lasem hold a dozen stations within a kilometre: all
        their names at once are unreadable, on the wall most of all. Zooming in
        makes room, so this runs again whenever the view moves.
        """
        if not self._labels:
            return
        px, py = self.plot.getViewBox().viewPixelSize()
        if px <= 0 or py <= 0:
            return
        size = self._label_px
        order = sorted(self._labels, key=lambda s: -rank(self.states.get(s, MarkerState.NORMAL)))
        placed: list[tuple[float, float, float, float]] = []
        index = self._index
        markers = [(x / px, y / py) for x, y in self._xy]
        half = self.marker_size / 2
        for station in order:
            label = self._labels[station]
            x, y = markers[index[station]]
            width = len(label.textItem.toPlainText()) * size * 0.55
            box = (x + half, y, x + half + width, y + size * 1.3)
            # A station in trouble is named even over its neighbours' markers (found in
            # make demo: Lasem's alarm was orange, and "PDAM Lasem" was the name beside it).
            trouble = self.states.get(station, MarkerState.NORMAL) is not MarkerState.NORMAL
            fits = all(
                box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in placed
            ) and (
                trouble
                or not any(box[0] < mx < box[2] and box[1] < my < box[3] for mx, my in markers)
            )
            label.setVisible(fits)
            if fits:
                placed.append(box)

    @property
    def shown_labels(self) -> list[str]:
        return [s for s, label in self._labels.items() if label.isVisible()]
