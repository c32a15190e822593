"""A time-series panel: live curves in WIB with units, legend, thresholds and a hover readout.

Cheap to redraw by construction (measured in bench/render.py and written up in
docs/dashboards.md):

* curves clip to the view and keep one min/max pair per pen width of screen
  (``decimate``), so a 3-px wall pen strokes about 200 points, not 3,600, and
  every peak still shows;
* curves are bare ``PlotCurveItem``s: the panel does the clipping and
  downsampling that ``PlotDataItem`` would otherwise wrap around each setData;
* the x range moves in steps of 1/240 of the window and the y range only when
  the data leaves it or shrinks to half, so axes (whose text is the costly part
  of a repaint) are re-laid out rarely;
* the grid is one line item with ``connect="pairs"`` at the axes' major ticks,
  recomputed when a range changes, instead of pyqtgraph's ``showGrid``, which
  re-strokes every grid line through the axis items on each repaint (2.5x the
  cost of the whole plot here);
* 24 h and 7 d windows read the 1-minute and 10-minute tiers and draw their
  min/max envelope under the mean, so no peak disappears.
"""

from __future__ import annotations

import html
import math
import time
import zlib

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QCoreApplication, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPaintEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from smartcity_console.core.clock import WIB_LABEL
from smartcity_console.core.layouts import Panel
from smartcity_console.core.series import STALE_FACTOR, SeriesSnapshot, SeriesStore
from smartcity_console.gui.dashboard.panel_base import (
    PALETTE,
    SEVERITY_COLOURS,
    STALE_COLOUR,
    PanelContext,
    PanelWidget,
    clip_until,
    pretty_unit,
    station_label,
)
from smartcity_console.gui.dashboard.tile_panel import format_number, state_word
from smartcity_console.gui.dashboard.time_axis import LocalDateAxis, LocalNumberAxis, locale_time

X_STEPS = 240  # the live x range advances in steps of window / X_STEPS
MIN_SPAN_STEPS = 4  # a live window shorter than its data is never narrower than 4 steps
# Below this height (px of the plot area) the legend and the minor ticks are hidden: they
# would cover the data or stack on each other, and the title and the readout still name
# the stations (docs/dashboards.md).
LEGIBLE_MIN_PX = 110
BUCKET_S = {"raw": 0.0, "1min": 60.0, "10min": 600.0}


class _PlotView(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph is untyped
    """A PlotWidget that tells its panel how long its paint took (the render loop's budget)."""

    def __init__(self, panel: TimeSeriesPanel, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._panel = panel

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        t0 = time.perf_counter()
        super().paintEvent(event)
        self._panel.paint_ms = (time.perf_counter() - t0) * 1000


class _Curve:
    """One series on the plot: its line, its envelope, what was drawn."""

    __slots__ = (
        "color",
        "env",
        "env_top",
        "item",
        "resolution",
        "state",
        "t",
        "v",
        "version",
    )

    def __init__(self, item: pg.PlotCurveItem, color: str) -> None:
        self.item = item
        self.color = color
        self.version = -1
        self.resolution = "raw"  # the history tier drawn: raw, 1min or 10min
        self.state = False  # a two-valued series: drawn as steps, read out as on/off
        self.t = np.empty(0)
        self.v = np.empty(0)
        self.env: pg.PlotCurveItem | None = None  # min-max strokes of aggregated buckets
        self.env_top = np.empty(0)  # the bucket maxima drawn (tests, y range)


class TimeSeriesPanel(PanelWidget):
    """A plot of the series matching the panel's filters over its window preset.

    Signals:
        incident_requested(str, float, float): the operator double-clicked
            near a reading: its series, value and time (to pre-fill an incident).
    """

    incident_requested = Signal(str, float, float)

    def __init__(self, panel: Panel, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(panel, context, parent)
        self.paint_ms = 0.0
        self.data_pending = True  # read by the render loop: new readings come first
        self._x_phase = zlib.crc32(panel.id.encode()) % 1000 / 1000
        self._curves: dict[str, _Curve] = {}
        self._x_range: tuple[float, float] | None = None
        self._y_range: tuple[float, float] | None = None
        self._band_items: list[pg.GraphicsObject] = []
        self._bands_key: tuple[tuple[str, float], ...] = ()
        self._unit: str | None = None
        self._data_since: float | None = None  # the oldest reading drawn (live window's start)
        self.marker: pg.InfiniteLine | None = None  # "Show on plot": an incident's time
        self._archive_version = 0  # the archive's answer last drawn (console/history_archive.py)
        wall = context.wall
        self._pen_width = 3 if wall else 2
        font_pt = 16 if wall else 10

        self.title = QLabel(self)
        self.title.setObjectName("plotTitle")
        self.status = QLabel(self)  # "paused", "stale": what the operator must not miss
        self.status.setObjectName("panelStatus")
        self.status.hide()
        axis = LocalDateAxis(orientation="bottom")
        self.plot_widget = _PlotView(
            self, parent=self, axisItems={"bottom": axis, "left": LocalNumberAxis("left")}
        )
        pw = self.plot_widget
        pw.setMenuEnabled(False)
        pw.hideButtons()
        pw.setMouseEnabled(x=False, y=False)  # scrolling back is the dashboard's job
        item = pw.getPlotItem()
        item.disableAutoRange()
        tick_font = pw.font()
        tick_font.setPointSizeF(font_pt * 0.9)
        text_px = QFontMetrics(tick_font).height()
        for name in ("left", "bottom"):
            ax = pw.getAxis(name)
            ax.setTickFont(tick_font)
            # Room for the tick text at this size, so the axis label never overlaps it.
            ax.setStyle(tickTextHeight=text_px, tickTextWidth=int(text_px * 2.5))
            # "42.5 kRp/kg" misleads an operator who reads rupiah; show plain numbers.
            ax.enableAutoSIPrefix(False)
        # The theme's text colour (gui/shell/theme.py sets pyqtgraph's), white on the wall.
        ink = "#FFFFFF" if wall else QColor(pg.getConfigOption("foreground")).name()
        self._label_style = {"font-size": f"{font_pt}pt", "color": ink}
        if wall:
            # The wall's own colours (gui/shell/theme.py "wall"), whatever the desk's theme.
            pw.setBackground("#000000")
            for name in ("left", "bottom"):
                pw.getAxis(name).setPen("#FFFFFF")
                pw.getAxis(name).setTextPen("#FFFFFF")
        # WORKAROUND (pyqtgraph 0.14): DateAxisItem.tickValues needs the font metrics
        # its first paint sets; the grid asks for ticks before that.
        axis.fontMetrics = QFontMetrics(tick_font)
        # Until the first redraw the view is pyqtgraph's 0..1, which a date axis reads
        # as 1970's first second ("00.250 00.500"): start on the live window instead.
        pw.setXRange(*self._live_x_range(time.time()), padding=0)
        self._grid = pg.PlotCurveItem(
            pen=pg.mkPen(QColor(128, 140, 150, 70), width=1), connect="pairs"
        )
        self._grid.setZValue(-100)
        pw.addItem(self._grid, ignoreBounds=True)
        # A filled legend stays readable where it covers curves. On the wall the
        # legend is a line of text above the plot instead: read from 5 m, an overlay
        # covered up to two thirds of the data.
        paper = QColor(pg.getConfigOption("background"))
        paper.setAlpha(210)
        self._legend = pw.addLegend(
            offset=(8, 8), labelTextSize=f"{font_pt}pt", brush=pg.mkBrush(paper)
        )
        self.legend_row = QLabel(self)
        self.legend_row.setObjectName("plotLegend")
        self.legend_row.setWordWrap(True)
        self.legend_row.setTextFormat(Qt.TextFormat.RichText)
        self.legend_row.setStyleSheet(f"font-size: {font_pt}pt;")
        self.legend_row.hide()
        if wall:
            self._legend.hide()
        # Hover readout: a crosshair and the values under it.
        self._vline = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#C9D1D9", width=1))
        self._readout = pg.TextItem(anchor=(0, 0), fill=pg.mkBrush(11, 14, 17, 220))
        self._readout.setZValue(100)
        for hover in (self._vline, self._readout):
            hover.hide()
            pw.addItem(hover, ignoreBounds=True)
        pw.getViewBox().sigResized.connect(self._fit_legend)
        self._hover_proxy = pg.SignalProxy(
            pw.scene().sigMouseMoved, rateLimit=30, slot=self._on_mouse_moved
        )
        pw.scene().sigMouseClicked.connect(self._on_click)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.legend_row)
        layout.addWidget(pw, 1)
        self._on_panel_changed()

    # -- model -------------------------------------------------------------

    def _on_panel_changed(self) -> None:
        self.title.setText(self.panel.title(self.context.title_language))
        self._label_axes()  # also on a language switch (retranslate comes here)
        values = self.plot_widget.getAxis("left")
        values.picture = None  # its tick numbers too (2,5 or 2.5), at the next paint
        values.update()
        self._x_range = None
        self._y_range = None
        for name in list(self._curves):
            if not self._listed(name):
                self._drop_curve(name)

    def _label_axes(self) -> None:
        """The time axis and the unit in the GUI's language ("orang", not "people")."""
        pw = self.plot_widget
        time_label = QCoreApplication.translate("TimeSeriesPanel", "time (WIB)")
        pw.getAxis("bottom").setLabel(time_label, **self._label_style)
        if self._unit is not None:
            pw.getAxis("left").setLabel(pretty_unit(self._unit), **self._label_style)

    def _listed(self, name: str) -> bool:
        self._known_series = -1
        self._resolve()
        return name in self._names

    def add_series(self, name: str) -> None:
        """Draw one more series from the next frame on (updates this widget's model only)."""
        if name not in self.panel.series:
            self.set_panel(self.panel.model_copy(update={"series": [*self.panel.series, name]}))

    # -- render loop -------------------------------------------------------

    def wants_redraw(self, now: float) -> bool:
        self.data_pending = True
        if self._dirty or self._resolve():
            return True
        archive = self.context.archive.source
        if archive is not None and archive.version != self._archive_version:
            return True
        if self._until is not None:
            return False
        store = self.context.store
        for name in self._names:
            curve = self._curves.get(name)
            if curve is None:
                if store.series_version(name):
                    return True
            elif curve.version != store.series_version(name):
                return True
        self.data_pending = False
        return self._x_range is not None and self._live_x_range(now) != self._x_range

    def redraw(self, now: float) -> None:
        t0 = time.perf_counter()
        self._resolve()
        store = self.context.store
        until = self._until if self._until is not None else now
        since = until - self.window_s
        force = self._dirty
        self._dirty = False
        archive = self.context.archive.source
        horizon = now - max(w * (slots - 1) for w, slots in store.limits.tiers())
        if archive is not None:
            if archive.version != self._archive_version:
                self._archive_version = archive.version
                force = True
            if since < horizon:  # scrolled back past what the store holds: ask the historian
                archive.ask(self._names, since, min(until, horizon))
        for name in self._names:
            version = store.series_version(name)
            curve = self._curves.get(name)
            if not force and curve is not None and curve.version == version:
                continue
            snap = live_snapshot(store, name, since, until)
            if archive is not None and since < horizon:
                snap = with_archive(archive.snapshot(name, since, until), snap)
            if snap is None:
                continue
            if curve is None:
                curve = self._add_curve(name, snap.unit)
            self._draw(name, curve, snap, until)
            curve.version = version
        starts = [float(c.t[0]) for c in self._curves.values() if len(c.t)]
        self._data_since = min(starts) if starts else None
        self._restyle_stale()
        self._update_bands()
        self._update_ranges(since, until, now)
        self.cost_ms = (time.perf_counter() - t0) * 1000 + self.paint_ms

    def _draw(self, name: str, curve: _Curve, snap: SeriesSnapshot, until: float) -> None:
        n = clip_until(snap.t, until if self._until is not None else None)
        t, v = snap.t[:n], snap.v[:n]
        curve.t, curve.v = t, v
        curve.resolution = snap.resolution
        curve.state = snap.state
        x0 = until - self.window_s
        # One min/max pair per pen width, not per pixel: a 3-px pen cannot show
        # finer detail, and a third of the segments is a third of the stroking
        # (drawLines was the largest single cost of a wall panel's paint).
        columns = max(int(self.plot_widget.getViewBox().width() / self._pen_width), 50)
        x, y = decimate(t, v, x0, until, columns)
        # A gap is wider than the feed's usual spacing, and than one pixel column.
        gap_s = max(self._gap_s(name, snap), 1.5 * self.window_s / columns)
        x, y, gaps = _with_gaps(x, y, gap_s)
        if snap.state:  # a contact or a relay is 0 or 1 until it changes: never a ramp
            x, y = as_steps(x, y)
        curve.item.setData(x, y, connect="finite" if gaps else "all", skipFiniteCheck=not gaps)
        if snap.v_min is not None and snap.v_max is not None and snap.resolution != "raw":
            self._draw_envelope(curve, t, snap.v_min[:n], snap.v_max[:n], x0, until, columns)
        elif curve.env is not None:
            curve.env.hide()
            curve.env_top = np.empty(0)

    def _gap_s(self, name: str, snap: SeriesSnapshot) -> float:
        """How far apart two readings must be for the line to break between them.

        The feed's interval (configured, else learned from live readings), and
        at least the usual spacing of the readings drawn: the historian's past
        can be sparser than what arrives live now (a device reconfigured, the
        demo's recorded day), and must draw as a line, not as invisible dots.
        """
        buf = self.context.store.buffer(name)
        interval = 0.0
        if buf is not None:
            interval = buf.expected_interval_s or buf.interval_ewma
        if snap.resolution == "raw" and len(snap.t) > 2:
            interval = max(interval, float(np.median(np.diff(snap.t))))
        bucket = BUCKET_S[snap.resolution]
        return max(STALE_FACTOR * max(interval, bucket), 5.0)

    def _draw_envelope(
        self,
        curve: _Curve,
        t: np.ndarray,
        lo: np.ndarray,
        hi: np.ndarray,
        x0: float,
        x1: float,
        columns: int,
    ) -> None:
        """One vertical stroke from min to max per pixel column: a band that keeps every peak.

        Drawn as line pairs (``connect="pairs"``), far cheaper than a filled
        polygon between two curves (FillBetweenItem re-built a 4,000-point
        path in 35 ms on each change).
        """
        if curve.env is None:
            colour = QColor(curve.color)
            colour.setAlpha(110)
            curve.env = pg.PlotCurveItem(
                pen=pg.mkPen(colour, width=1), connect="pairs", skipFiniteCheck=True
            )
            curve.env.setZValue(-10)
            self.plot_widget.addItem(curve.env)
        xs, bottoms = decimate(t, lo, x0, x1, columns, "min")
        _, tops = decimate(t, hi, x0, x1, columns, "max")
        pairs_x = np.repeat(xs, 2)
        pairs_y = np.empty(len(pairs_x))
        pairs_y[0::2] = bottoms
        pairs_y[1::2] = tops
        curve.env.setData(pairs_x, pairs_y)
        curve.env_top = tops
        curve.env.show()

    def _add_curve(self, name: str, unit: str | None) -> _Curve:
        color = PALETTE[len(self._curves) % len(PALETTE)]
        # A bare PlotCurveItem, not a PlotDataItem: the panel clips and decimates to
        # screen resolution itself (decimate(); pyqtgraph's clip-to-view and auto
        # downsampling assume evenly spaced x, which aggregated history followed by
        # raw readings is not), so PlotDataItem's layer only added a third to setData.
        item = pg.PlotCurveItem(
            name=station_label(name),
            pen=pg.mkPen(color, width=self._pen_width),
            skipFiniteCheck=True,
        )
        self.plot_widget.addItem(item)
        curve = self._curves[name] = _Curve(item, color)
        self._fit_legend()
        if unit and self._unit is None:
            self._unit = unit
            self._label_axes()
        return curve

    def _fit_legend(self) -> None:
        """Stations side by side (two rows, three columns at most), as many columns as
        the plot's width holds: one tall column hid half the curves, and on the wall
        three columns of long station names ran off the plot ("Pantu")."""
        if self.context.wall:
            self._show_legend_row()
            return
        legible = self.legible
        self._legend.setVisible(legible)
        for name in ("left", "bottom"):
            axis = self.plot_widget.getAxis(name)
            level = 2 if legible else 0  # majors only when short: ticks and their text
            if axis.style["maxTickLevel"] != level:
                axis.setStyle(maxTickLevel=level, maxTextLevel=level)
        if not legible:
            return
        room = self.plot_widget.getViewBox().width() - 16
        most = max(1, min(3, -(-len(self._curves) // 2)))
        for columns in range(most, 0, -1):
            self._legend.setColumnCount(columns)
            if room <= 0 or self._legend.width() <= room:
                break

    @property
    def legible(self) -> bool:
        """Tall enough for a legend and minor ticks beside the data."""
        return bool(self.plot_widget.getViewBox().height() >= LEGIBLE_MIN_PX)

    def _show_legend_row(self) -> None:
        """The wall's legend: coloured station names on a line of their own above the plot."""
        no_data = QCoreApplication.translate("TimeSeriesPanel", "no data")
        entries = []
        for name, curve in self._curves.items():
            text = html.escape(station_label(name))
            if name in self._stale:
                text += f" ⚠ {html.escape(no_data)}"
            colour = STALE_COLOUR if name in self._stale else curve.color
            text = text.replace(" ", "&nbsp;")  # a line breaks between stations, not in one
            entries.append(f'<span style="color:{colour}">■</span>&nbsp;{text}')
        self.legend_row.setText("&nbsp;&nbsp;&nbsp; ".join(entries))
        self.legend_row.setVisible(len(entries) > 1)  # one station: the title names it

    def _drop_curve(self, name: str) -> None:
        curve = self._curves.pop(name)
        self.plot_widget.removeItem(curve.item)
        self._fit_legend()
        if curve.env is not None:
            self.plot_widget.removeItem(curve.env)

    def _restyle_stale(self) -> None:
        no_data = QCoreApplication.translate("TimeSeriesPanel", "no data")
        for name, curve in self._curves.items():
            stale = name in self._stale
            colour = STALE_COLOUR if stale else curve.color
            if curve.item.opts["pen"].color().name().upper() != QColor(colour).name().upper():
                curve.item.setPen(pg.mkPen(colour, width=self._pen_width))
                label = self._legend.getLabel(curve.item)
                if label is not None:
                    text = station_label(name)
                    label.setText(f"{text}  ⚠ {no_data}" if stale else text)
                if self.context.wall:
                    self._show_legend_row()
        texts = []
        if self._until is not None:
            texts.append(QCoreApplication.translate("TimeSeriesPanel", "PAUSED: showing history"))
        if self._stale and self._stale >= set(self._curves):
            texts.append(QCoreApplication.translate("TimeSeriesPanel", "⚠ no recent data"))
        self.status.setText("  ·  ".join(texts))
        self.status.setVisible(bool(texts))

    def _update_bands(self) -> None:
        bands = {(b.kind, b.threshold, b.severity) for n in self._names for b in self._bands[n]}
        key = tuple(sorted((f"{k}:{s}", thr) for k, thr, s in bands))
        if key == self._bands_key:
            return
        self._bands_key = key
        for item in self._band_items:
            self.plot_widget.removeItem(item)
        self._band_items = []
        for kind, threshold, severity in bands:
            colour = QColor(SEVERITY_COLOURS[severity])
            fill = QColor(colour)
            fill.setAlpha(40)
            far = abs(threshold) * 1e3 + 1e9
            values = (
                (threshold, threshold + far) if kind == "above" else (threshold - far, threshold)
            )
            region = pg.LinearRegionItem(
                values=values,
                orientation="horizontal",
                movable=False,
                brush=pg.mkBrush(fill),
                pen=pg.mkPen(colour, width=2),
            )
            region.setZValue(-50)
            self.plot_widget.addItem(region, ignoreBounds=True)
            self._band_items.append(region)

    # -- ranges and grid ---------------------------------------------------

    def _live_x_range(self, now: float) -> tuple[float, float]:
        step = self.window_s / X_STEPS
        # Each panel steps at its own phase, so 24 plots do not all re-lay out
        # their axes in the same frame.
        phase = self._x_phase * step
        right = math.ceil((now - phase) / step) * step + phase
        left = right - self.window_s
        # Less data than the window (a console just started, a wall after 2 minutes
        # of a 1-hour plot): the window starts where the data starts, not as an
        # empty hour with a sliver at its right edge. Snapped to the step below,
        # and at least MIN_SPAN_STEPS steps wide, so the axis does not re-lay out
        # on every frame nor collapse to a point. A start within a twentieth of the
        # window is the feed's spacing (a reading a minute), not missing history.
        first = self._data_since
        if first is not None and first - left > self.window_s / 20:
            left = min(
                math.floor((first - phase) / step) * step + phase, right - MIN_SPAN_STEPS * step
            )
        return left, right

    def _update_ranges(self, since: float, until: float, now: float) -> None:
        x_range = self._live_x_range(now) if self._until is None else (since, until)
        y_range = self._wanted_y_range()
        changed = False
        if x_range != self._x_range:
            self._x_range = x_range
            self.plot_widget.setXRange(*x_range, padding=0)
            changed = True
        if y_range is not None and y_range != self._y_range:
            self._y_range = y_range
            self.plot_widget.setYRange(*y_range, padding=0)
            changed = True
        if changed:
            self._update_grid()

    def _wanted_y_range(self) -> tuple[float, float] | None:
        lows, highs = [], []
        for curve in self._curves.values():
            if len(curve.v):
                lows.append(float(np.nanmin(curve.v)))
                highs.append(float(np.nanmax(curve.v)))
            if curve.env is not None and curve.env.isVisible() and len(curve.env_top):
                lows.append(float(np.nanmin(curve.env.getData()[1])))
                highs.append(float(np.nanmax(curve.env_top)))
        if not lows:
            return self._y_range
        lo, hi = min(lows), max(highs)
        span = hi - lo or max(abs(hi), 1.0)
        # Show a threshold when the data comes within half its span of it.
        for _kind, threshold in ((k, t) for k, t in self._bands_key):
            if lo - span / 2 <= threshold <= hi + span / 2:
                lo, hi = min(lo, threshold), max(hi, threshold)
        span = hi - lo or max(abs(hi), 1.0)
        if lo >= 0 and lo < 0.25 * hi:
            lo = 0.0  # counts and levels read best from zero
        if hi - lo <= 1e-6 * max(abs(hi), abs(lo), 1.0):  # flat (float32 tiers add noise)
            pad = max(abs(hi) * 0.1, 1.0)
            lo, hi = (0.0 if lo >= 0 else lo - pad), hi + pad
        span = hi - lo
        current = self._y_range
        if current is not None:
            c_lo, c_hi = current
            inside = c_lo <= lo and hi <= c_hi
            if inside and span >= 0.45 * (c_hi - c_lo):
                return current  # sticky: no re-layout of the axis for a small move
        nice_lo, nice_hi = _nice_range(lo - 0.05 * span if lo else lo, hi + 0.05 * span)
        # A little room beyond the outer ticks, so their labels are not cut in half.
        room = 0.04 * (nice_hi - nice_lo)
        return nice_lo - room, nice_hi + room

    def _update_grid(self) -> None:
        if self._x_range is None or self._y_range is None:
            return
        (x0, x1), (y0, y1) = self._x_range, self._y_range
        xs: list[float] = []
        ys: list[float] = []
        bottom = self.plot_widget.getAxis("bottom")
        left = self.plot_widget.getAxis("left")
        for value in _major_ticks(bottom, x0, x1, max(bottom.width(), 200)):
            xs += [value, value]
            ys += [y0, y1]
        for value in _major_ticks(left, y0, y1, max(left.height(), 100)):
            xs += [x0, x1]
            ys += [value, value]
        self._grid.setData(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))

    # -- marks -------------------------------------------------------------

    def mark_time(self, t: float | None, text: str = "") -> None:
        """A vertical marker at ``t`` with ``text`` (an incident's alarm time); None removes it."""
        if self.marker is not None:
            self.plot_widget.removeItem(self.marker)
            self.marker = None
        if t is None:
            return
        self.marker = pg.InfiniteLine(
            pos=t,
            angle=90,
            movable=False,
            pen=pg.mkPen("#FF7B72", width=2, style=Qt.PenStyle.DashLine),
            label=text or None,
            labelOpts={"position": 0.92, "color": "#FF7B72", "fill": (11, 14, 17, 210)},
        )
        self.marker.setZValue(50)
        self.plot_widget.addItem(self.marker, ignoreBounds=True)

    # -- reading the plot --------------------------------------------------

    def point_count(self) -> int:
        """How many samples the curves hold (tests and the self-test read it)."""
        return sum(len(c.t) for c in self._curves.values())

    def resolutions(self) -> dict[str, str]:
        """The history tier each curve shows (raw, 1min, 10min)."""
        return {name: c.resolution for name, c in self._curves.items()}

    def envelope_max(self, name: str) -> float | None:
        """The top of a curve's min/max envelope (None without one): long windows keep peaks."""
        curve = self._curves.get(name)
        if curve is None or curve.env is None or not curve.env.isVisible():
            return None
        return float(np.nanmax(curve.env_top)) if len(curve.env_top) else None

    def drawn_until(self, name: str) -> float | None:
        """Time of the newest sample of ``name`` drawn (benchmarks measure latency with it)."""
        curve = self._curves.get(name)
        return float(curve.t[-1]) if curve is not None and len(curve.t) else None

    def drawn_since(self, name: str) -> float | None:
        """Time of the oldest sample of ``name`` drawn (tests check a backfilled past shows)."""
        curve = self._curves.get(name)
        return float(curve.t[0]) if curve is not None and len(curve.t) else None

    def line_breaks(self, name: str) -> int:
        """Where the drawn line of ``name`` breaks (gaps in its readings), as the eye sees it."""
        curve = self._curves.get(name)
        if curve is None:
            return 0
        _x, y = curve.item.getData()
        return int(np.isnan(y).sum()) if y is not None else 0

    def nearest_reading(self, x: float, y: float) -> tuple[str, float, float] | None:
        """The drawn reading closest to a point in data coordinates (time, value)."""
        view = self.plot_widget.getViewBox()
        (x_span, y_span) = (max(abs(b - a), 1e-9) for a, b in view.viewRange())
        best: tuple[float, str, float, float] | None = None
        for name, curve in self._curves.items():
            xs, ys = curve.t, curve.v
            if not len(xs):
                continue
            i = int(np.clip(np.searchsorted(xs, x), 1, max(len(xs) - 1, 1)))
            for j in {i - 1, min(i, len(xs) - 1)}:
                # Distance in screen-like units, so seconds and values weigh alike.
                d = ((xs[j] - x) / x_span) ** 2 + ((ys[j] - y) / y_span) ** 2
                if best is None or d < best[0]:
                    best = (d, name, float(ys[j]), float(xs[j]))
        return None if best is None else (best[1], best[2], best[3])

    def readout(self, x: float) -> str:
        """The hover text at time ``x``: the time in WIB and each series' value there."""
        lines = [locale_time(x, "d MMM HH:mm:ss") + f" {WIB_LABEL}"]
        unit = pretty_unit(self._unit)
        for name, curve in self._curves.items():
            if not len(curve.t):
                continue
            i = int(np.clip(np.searchsorted(curve.t, x), 0, len(curve.t) - 1))
            if i and abs(curve.t[i - 1] - x) < abs(curve.t[i] - x):
                i -= 1
            if curve.state:
                # A state holds until the next reading: the value at or before x, as a word.
                i = max(int(np.searchsorted(curve.t, x, side="right")) - 1, 0)
                value = state_word(float(curve.v[i]))
            else:
                value = format_number(float(curve.v[i]))
            lines.append(f"{station_label(name)}: {value} {unit}".rstrip())
        return "\n".join(lines)

    def _on_mouse_moved(self, args: tuple[QPointF]) -> None:
        pos = args[0]
        view = self.plot_widget.getViewBox()
        if not self.plot_widget.sceneBoundingRect().contains(pos) or not self._curves:
            self._vline.hide()
            self._readout.hide()
            return
        point = view.mapSceneToView(pos)
        self._vline.setPos(point.x())
        self._readout.setText(self.readout(point.x()))
        (x0, x1), (_y0, y1) = view.viewRange()
        anchor_left = point.x() < (x0 + x1) / 2
        self._readout.setAnchor((0, 0) if anchor_left else (1, 0))
        self._readout.setPos(point.x(), y1)
        self._vline.show()
        self._readout.show()

    def leaveEvent(self, event: object) -> None:  # noqa: N802 (Qt override)
        self._vline.hide()
        self._readout.hide()

    def _on_click(self, event: MouseClickEvent) -> None:
        self.activated.emit(self.panel.id)
        if event.button() == Qt.MouseButton.RightButton:
            self.menu_requested.emit(self.panel.id, event.screenPos().toPoint())
            return
        if not event.double():
            return
        point = self.plot_widget.getViewBox().mapSceneToView(event.scenePos())
        found = self.nearest_reading(point.x(), point.y())
        if found is not None:
            self.incident_requested.emit(*found)


def live_snapshot(
    store: SeriesStore, name: str, since: float, until: float
) -> SeriesSnapshot | None:
    """The window from the store, with the newest readings always raw.

    When raw history does not reach back to ``since`` (a 24 h window, or a
    series faster than ``max_raw_points`` per hour), the store answers from
    an aggregate tier, whose last bucket is still filling: the newest
    readings would appear only as that bucket's mean, at its start time.
    So the aggregated part is kept up to where raw history begins and the
    raw readings from there on are appended (their min and max are the
    readings themselves), and a new reading is on screen at the next frame.
    """
    snap = store.snapshot(name, since, until)
    buf = store.buffer(name)
    if snap is None or snap.resolution == "raw" or buf is None:
        return snap
    raw_since = buf.raw_complete_since
    if not since < raw_since < until:
        return snap
    raw = store.snapshot(name, raw_since, until)
    if raw is None or raw.resolution != "raw" or not len(raw.t):
        return snap
    bucket = BUCKET_S[snap.resolution]
    keep = snap.t + bucket <= raw.t[0]
    assert snap.v_min is not None
    assert snap.v_max is not None
    return SeriesSnapshot(
        snap.name,
        snap.unit,
        snap.resolution,
        np.concatenate((snap.t[keep], raw.t)),
        np.concatenate((snap.v[keep], raw.v)),
        np.concatenate((snap.v_min[keep], raw.v)),
        np.concatenate((snap.v_max[keep], raw.v)),
        snap.state,
    )


def with_archive(past: SeriesSnapshot | None, held: SeriesSnapshot | None) -> SeriesSnapshot | None:
    """The historian's window (``past``) up to where the store's own (``held``) begins."""
    if past is None or held is None or not len(held.t):
        return past if past is not None else held
    keep = past.t < held.t[0]
    if not keep.any():
        return held

    def envelope(snap: SeriesSnapshot, low: bool) -> np.ndarray:
        edge = snap.v_min if low else snap.v_max
        return edge if edge is not None else snap.v

    bucketed = past.resolution != "raw" or held.resolution != "raw"
    return SeriesSnapshot(
        held.name,
        held.unit or past.unit,
        held.resolution if held.resolution != "raw" else past.resolution,
        np.concatenate((past.t[keep], held.t)),
        np.concatenate((past.v[keep], held.v)),
        np.concatenate((envelope(past, True)[keep], envelope(held, True))) if bucketed else None,
        np.concatenate((envelope(past, False)[keep], envelope(held, False))) if bucketed else None,
        held.state or past.state,
    )


def decimate(
    t: np.ndarray,
    v: np.ndarray,
    x0: float,
    x1: float,
    columns: int,
    keep: str = "both",
) -> tuple[np.ndarray, np.ndarray]:
    """Peak decimation to screen resolution, for unevenly spaced samples.

    Each of ``columns`` equal slices of [x0, x1] keeps its minimum and its
    maximum (``keep="both"``, two points at the slice's first sample time),
    or only one of them; a slice without samples keeps nothing. Below two
    samples per column the data is returned as it is.
    """
    if len(t) <= 2 * columns or x1 <= x0:
        return t, v
    edges = x0 + (x1 - x0) / columns * np.arange(columns)
    found = np.searchsorted(t, edges)
    # searchsorted of sorted edges is sorted: the distinct starts are where it steps
    # (cheaper than np.unique, which sorts again).
    keep_mask = np.empty(len(found), dtype=bool)
    keep_mask[0] = True
    np.not_equal(found[1:], found[:-1], out=keep_mask[1:])
    starts = found[keep_mask]
    starts = starts[starts < len(t)]
    if not len(starts):  # every sample before x0
        starts = np.zeros(1, dtype=np.intp)
    if starts[0] != 0:  # samples before x0 keep a slice of their own, off screen
        starts = np.concatenate(([0], starts))
    xs = t[starts]
    if keep == "min":
        return xs, np.fmin.reduceat(v, starts)
    if keep == "max":
        return xs, np.fmax.reduceat(v, starts)
    lo = np.fmin.reduceat(v, starts)
    hi = np.fmax.reduceat(v, starts)
    x = np.repeat(xs, 2)
    y = np.empty(len(x))
    y[0::2] = lo
    y[1::2] = hi
    return x, y


def as_steps(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A step line through the points: each value holds until the next point's time.

    For state series (Reading.state): a door open from 10:00 to 10:05 is drawn
    as a plateau, not as a slope that says it was "half open" at 10:02.
    """
    if len(x) < 2:
        return x, y
    xs = np.repeat(x, 2)[1:]
    ys = np.repeat(y, 2)[:-1]
    return xs, ys


# Readings either side of a step that judge whether it is a gap (see _with_gaps).
GAP_NEIGHBOURS = 4


def _with_gaps(t: np.ndarray, v: np.ndarray, gap_s: float) -> tuple[np.ndarray, np.ndarray, bool]:
    """Insert a NaN where the line must break, so an outage shows as one.

    A step breaks when it is longer than ``gap_s`` and than STALE_FACTOR times
    the usual spacing *around it* (the median of its neighbouring steps): the
    historian's recorded hour (a reading a minute) then draws as a line beside
    live readings a second apart, however many of those there are, and ten
    silent minutes in either still break it.
    """
    if len(t) < 2:
        return t, v, False
    steps = np.diff(t)
    padded = np.pad(steps, GAP_NEIGHBOURS, mode="edge")
    window = np.lib.stride_tricks.sliding_window_view(padded, 2 * GAP_NEIGHBOURS + 1)
    limit = np.maximum(gap_s, STALE_FACTOR * np.median(window, axis=1))
    where = np.flatnonzero(steps > limit)
    if not len(where):
        return t, v, False
    x = np.insert(t, where + 1, t[where] + np.minimum(steps[where] / 2, gap_s / 2))
    y = np.insert(v, where + 1, np.nan)
    return x, y, True


def _nice_range(lo: float, hi: float) -> tuple[float, float]:
    """Round a range outwards to a 1-2-5 step, so the axis reads in round numbers."""
    span = hi - lo
    if not span > 0:
        return lo - 1.0, hi + 1.0
    step = 10 ** math.floor(math.log10(span / 5))
    for m in (1, 2, 5, 10):
        if span / (m * step) <= 6:
            step *= m
            break
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def _major_ticks(axis: pg.AxisItem, lo: float, hi: float, size: float) -> list[float]:
    levels = axis.tickValues(lo, hi, size)
    if not levels:
        return []
    return [float(v) for v in levels[0][1] if lo <= v <= hi]
