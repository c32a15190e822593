"""A dashboard: panels on a grid over the series store, with time controls and editing."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.core.clock import wib
from smartcity_console.core.layouts import (
    PRESET_SECONDS,
    WINDOW_PRESETS,
    Layout,
    LayoutError,
    PanelKind,
    WindowPreset,
)
from smartcity_console.gui import i18n
from smartcity_console.gui.dashboard.arrange import ArrangeOverlay
from smartcity_console.gui.dashboard.map_panel import MapPanel
from smartcity_console.gui.dashboard.map_station import StationDialog
from smartcity_console.gui.dashboard.panel_base import PanelContext, PanelWidget
from smartcity_console.gui.dashboard.plot_panel import TimeSeriesPanel
from smartcity_console.gui.dashboard.render_loop import RenderLoop
from smartcity_console.gui.dashboard.series_picker import SeriesPicker
from smartcity_console.gui.dashboard.station_grid import StationGrid
from smartcity_console.gui.dashboard.tile_panel import ValueTile
from smartcity_console.gui.widgets.retranslating import Retranslating
from smartcity_console.layout_files import LayoutFiles

_PANEL_TYPES: dict[str, type[PanelWidget]] = {
    "plot": TimeSeriesPanel,
    "tile": ValueTile,
    "stations": StationGrid,
    "map": MapPanel,
}


# Scoped to the dashboard, so it works under either theme of resources/themes.
_STYLE = """
QToolButton { padding: 3px 10px; }
QToolButton:checked { background: #1F6FEB; color: #FFFFFF; border-radius: 3px; }
QLabel#panelStatus { color: #F2C94C; font-weight: 600; }
QLabel#ingestBehind { color: #FF8C1A; font-size: 12pt; font-weight: 700; }
QLabel#dashboardTime { padding-left: 8px; }
QLabel#dashboardTime[paused="true"] { color: #F2C94C; font-weight: 700; }
QFrame#dashboardPanel[selected="true"], QFrame#valueTile[selected="true"],
QFrame#stationGrid[selected="true"] { border: 2px solid #58A6FF; }
"""
# The desk's type sizes. On the wall the wall theme sizes the same labels, scaled
# to the screen (resources/themes/wall.qss): a rule here, closer to the labels,
# would win over it and leave tile titles and units at desk size (14 pt).
_DESK_TYPE = """
QLabel#tileTitle { font-size: 14pt; font-weight: 600; }
QLabel#tileDetail { font-size: 14pt; }
QLabel#panelStatus { font-size: 12pt; }
"""


class DashboardView(Retranslating, QWidget):
    """One dashboard layout shown over the series store.

    Signals:
        layout_changed(object): the operator changed the layout (the new
            :class:`Layout`); the owner saves it.
        incident_requested(str, float, float): double-click on a reading in a plot.
        message(str): something the operator should read (a refused edit, an export).
    """

    layout_changed = Signal(object)
    incident_requested = Signal(str, float, float)
    message = Signal(str)
    # The operator moved the shown time: (since, until) of the longest window, epoch s.
    time_moved = Signal(float, float)

    def __init__(
        self,
        context: PanelContext,
        layout: Layout,
        *,
        render_loop: RenderLoop | None = None,
        toolbar: bool = True,
        editable: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardView")
        self.setStyleSheet(_STYLE if context.wall else _STYLE + _DESK_TYPE)
        self.context = context
        self._layout = layout
        self._loop = render_loop
        self._editable = editable
        self._until: float | None = None
        self._panels: dict[str, PanelWidget] = {}
        self._current: str | None = None
        self._dialogs: list[QWidget] = []  # kept alive while open (opened, never exec'd)
        # What "Reset to the default layout" restores; the owner may set it.
        self.reset_to: Callable[[], Layout | None] | None = None

        self.toolbar = QWidget(self)
        self.toolbar.setObjectName("dashboardToolbar")
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.window_buttons: dict[WindowPreset, QToolButton] = {}
        labels = self._window_labels()
        for preset in WINDOW_PRESETS:
            button = QToolButton(self.toolbar)
            button.setText(labels[preset])
            button.setCheckable(True)
            button.setAutoExclusive(True)
            button.clicked.connect(lambda _=False, p=preset: self.set_window(p))
            bar.addWidget(button)
            self.window_buttons[preset] = button
        bar.addSpacing(16)
        self.back_button = self._tool(bar, self.tr("◀ Back"), lambda: self.scroll_time(-0.5))
        self.pause_button = self._tool(bar, self.tr("❚❚ Pause"), self._toggle_pause)
        self.pause_button.setCheckable(True)
        self.forward_button = self._tool(bar, self.tr("Forward ▶"), lambda: self.scroll_time(0.5))
        self.live_button = self._tool(bar, self.tr("● Live"), self.resume)
        self.time_label = QLabel(self.toolbar)
        self.time_label.setObjectName("dashboardTime")
        bar.addWidget(self.time_label)
        bar.addStretch(1)
        self.behind_label = QLabel(self.toolbar)
        self.behind_label.setObjectName("ingestBehind")
        self.behind_label.hide()
        bar.addWidget(self.behind_label)
        self.edit_button = QToolButton(self.toolbar)
        self.edit_button.setText(self.tr("Layout"))
        self.edit_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.arrange_action = QAction(self.tr("Arrange panels by dragging"), self)
        self.arrange_action.setCheckable(True)
        self.arrange_action.toggled.connect(self.set_arranging)
        self.edit_button.setMenu(self._edit_menu())
        self.edit_button.setVisible(editable)
        bar.addWidget(self.edit_button)
        self.toolbar.setVisible(toolbar)

        self._grid_host = QWidget(self)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(8)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.toolbar)
        outer.addWidget(self._grid_host, 1)
        self._arrange = ArrangeOverlay(self, self._grid, self._grid_host)
        self._grid_host.installEventFilter(self)
        self.set_layout(layout)
        self._update_time_controls()

    def _window_labels(self) -> dict[WindowPreset, str]:
        return {
            "5m": self.tr("5 min"),
            "1h": self.tr("1 h"),
            "24h": self.tr("24 h"),
            "7d": self.tr("7 d"),
        }

    def retranslate(self) -> None:
        """The toolbar in the language now current (it stayed Indonesian after a live
        switch to English, issue 17); the panels retranslate themselves."""
        labels = self._window_labels()
        for preset, button in self.window_buttons.items():
            button.setText(labels[preset])
        self.back_button.setText(self.tr("◀ Back"))
        self.pause_button.setText(self.tr("❚❚ Pause"))
        self.forward_button.setText(self.tr("Forward ▶"))
        self.live_button.setText(self.tr("● Live"))
        self.edit_button.setText(self.tr("Layout"))
        self.arrange_action.setText(self.tr("Arrange panels by dragging"))
        old = self.edit_button.menu()
        self.edit_button.setMenu(self._edit_menu())
        if old is not None:
            old.deleteLater()
        self._update_time_controls()

    def _tool(self, bar: QHBoxLayout, text: str, slot: object) -> QToolButton:
        button = QToolButton(self.toolbar)
        button.setText(text)
        button.clicked.connect(slot)
        bar.addWidget(button)
        return button

    # -- layout ------------------------------------------------------------

    @property
    def layout_model(self) -> Layout:
        return self._layout

    @property
    def key(self) -> str:
        return self._layout.key

    @property
    def panels(self) -> list[PanelWidget]:
        """Panel widgets in layout order."""
        return [self._panels[p.id] for p in self._layout.panels if p.id in self._panels]

    @property
    def plots(self) -> list[TimeSeriesPanel]:
        return [p for p in self.panels if isinstance(p, TimeSeriesPanel)]

    def panel_widget(self, panel_id: str) -> PanelWidget:
        return self._panels[panel_id]

    def set_layout(self, layout: Layout) -> None:
        """Show ``layout``: keep widgets of panels that stayed, make new ones, drop the rest."""
        self._layout = layout
        wanted = {p.id: p for p in layout.panels}
        for panel_id in list(self._panels):
            widget = self._panels[panel_id]
            if panel_id not in wanted or type(widget) is not _PANEL_TYPES[wanted[panel_id].kind]:
                self._drop(panel_id)
        for panel in layout.panels:
            existing = self._panels.get(panel.id)
            if existing is None:
                widget = _PANEL_TYPES[panel.kind](panel, self.context, self._grid_host)
                widget.activated.connect(self.select_panel)
                widget.menu_requested.connect(self._on_menu_requested)
                if isinstance(widget, TimeSeriesPanel):
                    widget.incident_requested.connect(self.incident_requested)
                if isinstance(widget, MapPanel):
                    widget.station_requested.connect(
                        lambda station, w=widget: self.open_station(w, station)
                    )
                widget.set_until(self._until)
                self._panels[panel.id] = widget
                if self._loop is not None:
                    self._loop.add(widget)
            else:
                widget = existing
                if widget.panel != panel:
                    widget.set_panel(panel)
            self._grid.removeWidget(widget)
            self._grid.addWidget(widget, panel.row, panel.col, panel.row_span, panel.col_span)
        # A row of value tiles needs less height than a row of plots.
        tiles_only = {
            r
            for r in range(layout.rows)
            if all(p.kind == "tile" for p in layout.panels if p.row <= r < p.row + p.row_span)
        }
        for r in range(max(self._grid.rowCount(), layout.rows)):
            self._grid.setRowStretch(r, 0 if r >= layout.rows else 2 if r in tiles_only else 5)
        for c in range(self._grid.columnCount()):
            self._grid.setColumnStretch(c, 1 if c < layout.columns else 0)
        windows = {p.window for p in layout.panels if p.kind == "plot"}
        for preset, button in self.window_buttons.items():
            button.setChecked(windows == {preset})
        if self._current not in self._panels:
            self._current = None
        if self._arrange.isVisible():  # new panels must not cover it
            self._arrange.raise_()

    def release(self) -> None:
        """Take this view's panels off the render loop (before deleting the view)."""
        if self._loop is not None:
            for widget in self._panels.values():
                self._loop.remove(widget)

    def _drop(self, panel_id: str) -> None:
        widget = self._panels.pop(panel_id)
        if self._loop is not None:
            self._loop.remove(widget)
        self._grid.removeWidget(widget)
        widget.hide()
        widget.deleteLater()

    def _apply(self, layout: Layout) -> None:
        self.set_layout(layout)
        self.layout_changed.emit(layout)

    def _edit(self, action: str, *args: object) -> bool:
        """Run one editing method of the layout; a refused edit says why and changes nothing."""
        try:
            layout = getattr(self._layout, action)(*args)
        except LayoutError as exc:
            self.message.emit(str(exc))
            return False
        self._apply(layout)
        return True

    def add_panel(self, kind: PanelKind, series: list[str] | None = None) -> str | None:
        """Add a panel in the first free cell; returns its id."""
        before = {p.id for p in self._layout.panels}
        if not self._edit("add_panel", kind, series):
            return None
        new = next(p.id for p in self._layout.panels if p.id not in before)
        self.select_panel(new)
        return new

    def open_station(self, map_panel: MapPanel, station: str) -> StationDialog:
        """A map station was clicked: its series and incidents, beside the dashboard."""
        dialog = StationDialog(map_panel, station, self)
        dialog.show()
        return dialog

    def remove_panel(self, panel_id: str) -> bool:
        return self._edit("remove_panel", panel_id)

    def move_panel(self, panel_id: str, row: int, col: int) -> bool:
        return self._edit("move_panel", panel_id, row, col)

    def resize_panel(self, panel_id: str, row_span: int, col_span: int) -> bool:
        return self._edit("resize_panel", panel_id, row_span, col_span)

    def drop_panel(self, panel_id: str, row: int, col: int) -> bool:
        """A drag ended: move there, or trade places with the panel in the way."""
        return self._edit("drop_panel", panel_id, row, col)

    def stretch_panel(self, panel_id: str, row: int, col: int) -> bool:
        """A corner drag ended: the panel's bottom-right corner goes to that cell."""
        return self._edit("stretch_panel", panel_id, row, col)

    # -- arranging by dragging (gui/dashboard/arrange.py) ---------------------

    @property
    def arranging(self) -> bool:
        return self._arrange.isVisible()

    @property
    def arrange_overlay(self) -> ArrangeOverlay:
        return self._arrange

    def set_arranging(self, on: bool) -> None:
        """Show or hide the drag overlay; Esc on it, or the menu again, ends arranging."""
        on = on and self._editable
        if on == self.arranging:
            return
        self.arrange_action.setChecked(on)
        if on:
            self._arrange.setGeometry(self._grid_host.rect())
            self._arrange.show()
            self._arrange.raise_()
            self._arrange.setFocus()
            self.message.emit(
                self.tr("Drag a panel to move it, its corner to resize it; Esc when done")
            )
        else:
            self._arrange.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self._grid_host and event.type() == QEvent.Type.Resize:
            self._arrange.setGeometry(self._grid_host.rect())
        return super().eventFilter(watched, event)

    def set_series(self, panel_id: str, series: list[str]) -> bool:
        return self._edit("set_series", panel_id, series)

    def set_grid(self, columns: int, rows: int) -> bool:
        return self._edit("set_grid", columns, rows)

    def add_series(self, name: str, panel_id: str | None = None) -> bool:
        """Add a series to a panel: the given one, the selected plot, else the first plot."""
        target = panel_id or self._current
        if target is None or target not in self._panels:
            plots = self.plots
            if not plots:
                return False
            target = plots[0].panel_id
        panel = self._layout.panel(target)
        if name in panel.series:
            return True
        return self.set_series(target, [*panel.series, name])

    # -- selection ---------------------------------------------------------

    @property
    def current_panel(self) -> str | None:
        return self._current

    def select_panel(self, panel_id: str) -> None:
        if panel_id == self._current or panel_id not in self._panels:
            return
        if self._current in self._panels:
            self._panels[self._current].set_selected(False)
        self._current = panel_id
        self._panels[panel_id].set_selected(True)

    # -- time --------------------------------------------------------------

    def set_window(self, preset: WindowPreset) -> None:
        """Every plot of this dashboard shows the last ``preset`` (saved with the layout)."""
        layout = self._layout
        for panel in layout.panels:
            if panel.kind == "plot" and panel.window != preset:
                layout = layout.set_window(panel.id, preset)
        if layout is not self._layout:
            self._apply(layout)
        self._update_time_controls()

    @property
    def paused(self) -> bool:
        return self._until is not None

    @property
    def until(self) -> float | None:
        return self._until

    def pause(self, until: float | None = None) -> None:
        """Freeze the plots at ``until`` (default now); ingestion goes on underneath."""
        self._set_until(time.time() if until is None else until)

    def resume(self) -> None:
        self._set_until(None)

    def scroll_time(self, windows: float) -> None:
        """Move the shown time by ``windows`` times the longest window; back into live ends it."""
        now = time.time()
        span = max(
            (PRESET_SECONDS[p.window] for p in self._layout.panels if p.kind == "plot"),
            default=3600.0,
        )
        until = (self._until if self._until is not None else now) + windows * span
        self._set_until(None if until >= now else until)
        self.time_moved.emit(min(until, now) - span, min(until, now))

    def _toggle_pause(self) -> None:
        if self.paused:
            self.resume()
        else:
            self.pause()

    def _set_until(self, until: float | None) -> None:
        self._until = until
        for widget in self._panels.values():
            widget.set_until(until)
        self._update_time_controls()

    def _update_time_controls(self) -> None:
        paused = self._until is not None
        self.pause_button.setChecked(paused)
        self.live_button.setEnabled(paused)
        self.forward_button.setEnabled(paused)
        if paused:
            assert self._until is not None
            shown = wib(self._until).strftime("%d %b %H:%M")
            self.time_label.setText(self.tr("Paused at %1 WIB").replace("%1", shown))
        else:
            self.time_label.setText(self.tr("Showing live data"))
        self.time_label.setProperty("paused", paused)
        self.time_label.style().unpolish(self.time_label)
        self.time_label.style().polish(self.time_label)

    # -- status from outside ----------------------------------------------

    def mark_stale(self, stale: set[str]) -> None:
        for widget in self._panels.values():
            widget.mark_stale(stale)

    def show_ingest_backlog(self, queued: int, threshold: int = 5000, held: bool = False) -> None:
        """Say on screen when ingest falls behind (messages waiting to be decoded).

        ``held``: the console's buffer is full and it reads only as fast as it
        decodes; the rest waits at the broker (mqtt/child.py).
        """
        if queued >= threshold or held:
            if held:
                text = self.tr("⚠ Data delayed: %1 messages waiting, the broker holds the rest")
            else:
                text = self.tr("⚠ Data delayed: %1 messages waiting")
            self.behind_label.setText(text.replace("%1", i18n.number(queued)))
            self.behind_label.show()
        else:
            self.behind_label.hide()

    # -- menus ---------------------------------------------------------------

    def _edit_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.tr("Add plot"), lambda: self.add_panel("plot"))
        menu.addAction(self.tr("Add value tile"), lambda: self.add_panel("tile"))
        menu.addAction(self.tr("Add station grid"), lambda: self.add_panel("stations"))
        menu.addAction(self.tr("Add map"), lambda: self.add_panel("map"))
        menu.addSeparator()
        menu.addAction(self.tr("Add a column"), lambda: self._grow(1, 0))
        menu.addAction(self.tr("Add a row"), lambda: self._grow(0, 1))
        menu.addAction(self.tr("Remove the last column"), lambda: self._grow(-1, 0))
        menu.addAction(self.tr("Remove the last row"), lambda: self._grow(0, -1))
        menu.addSeparator()
        menu.addAction(self.arrange_action)
        menu.addSeparator()
        menu.addAction(self.tr("Export layout…"), self._ask_export_layout)
        menu.addAction(self.tr("Import layout…"), self._ask_import_layout)
        menu.addAction(self.tr("Reset to the default layout"), self._reset)
        return menu

    def _grow(self, columns: int, rows: int) -> None:
        self.set_grid(self._layout.columns + columns, self._layout.rows + rows)

    def panel_menu(self, panel_id: str) -> QMenu:
        """The context menu of one panel (tests trigger its actions by text)."""
        panel = self._layout.panel(panel_id)
        widget = self._panels[panel_id]
        menu = QMenu(self)
        if self._editable:
            menu.addAction(self.tr("Series…"), lambda: self.open_series_picker(panel_id))
        if panel.kind == "plot":
            window_menu = menu.addMenu(self.tr("Time window"))
            for preset, button in self.window_buttons.items():
                action = window_menu.addAction(
                    button.text(), partial(self._edit, "set_window", panel_id, preset)
                )
                action.setCheckable(True)
                action.setChecked(panel.window == preset)
        if self._editable:
            move = menu.addMenu(self.tr("Move"))
            for text, dr, dc in (
                (self.tr("Left"), 0, -1),
                (self.tr("Right"), 0, 1),
                (self.tr("Up"), -1, 0),
                (self.tr("Down"), 1, 0),
            ):
                move.addAction(
                    text, partial(self.move_panel, panel_id, panel.row + dr, panel.col + dc)
                )
            size = menu.addMenu(self.tr("Size"))
            for text, dr, dc in (
                (self.tr("Wider"), 0, 1),
                (self.tr("Narrower"), 0, -1),
                (self.tr("Taller"), 1, 0),
                (self.tr("Shorter"), -1, 0),
            ):
                size.addAction(
                    text,
                    partial(self.resize_panel, panel_id, panel.row_span + dr, panel.col_span + dc),
                )
        menu.addSeparator()
        menu.addAction(self.tr("Export image (PNG)…"), lambda: self._ask_export(widget, "png"))
        menu.addAction(self.tr("Export data (CSV)…"), lambda: self._ask_export(widget, "csv"))
        if self._editable:
            menu.addSeparator()
            menu.addAction(self.tr("Remove panel"), lambda: self.remove_panel(panel_id))
        return menu

    def _on_menu_requested(self, panel_id: str, pos: QPoint) -> None:
        menu = self.panel_menu(panel_id)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(pos)

    def open_series_picker(self, panel_id: str) -> SeriesPicker:
        """Open (never exec) the series picker for a panel; accepted, it sets the series."""
        panel = self._layout.panel(panel_id)
        picker = SeriesPicker(self.context.store, panel.series, self)
        picker.accepted.connect(lambda: self.set_series(panel_id, picker.chosen()))
        self._keep_open(picker)
        picker.open()
        return picker

    # -- files ---------------------------------------------------------------

    def export_layout(self, path: Path) -> None:
        LayoutFiles.export(self._layout, path)
        self.message.emit(self.tr("Layout exported to %1").replace("%1", str(path)))

    def import_layout(self, path: Path) -> bool:
        """Replace this dashboard's layout with a file's; a bad file changes nothing."""
        try:
            layout = LayoutFiles.import_file(path, key=self._layout.key)
        except LayoutError as exc:
            self.message.emit(str(exc))
            box = QMessageBox(
                QMessageBox.Icon.Warning, self.tr("Layout not imported"), str(exc), parent=self
            )
            box.setInformativeText(self.tr("The dashboard was left as it was."))
            self._keep_open(box)
            box.open()
            return False
        self._apply(layout)
        return True

    def export_panel(self, panel_id: str, path: Path) -> int | bool:
        widget = self._panels[panel_id]
        if path.suffix.lower() == ".csv":
            return widget.export_csv(path)
        return widget.export_png(path)

    def _file_dialog(self, title: str, pattern: str, save: bool, done: object) -> None:
        dialog = QFileDialog(self, title, str(Path.home()), pattern)
        dialog.setAcceptMode(
            QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
        )
        if save:
            dialog.setDefaultSuffix(pattern.rsplit("*.", 1)[-1].rstrip(")"))
        dialog.fileSelected.connect(lambda name: done(Path(name)))  # type: ignore[operator]
        self._keep_open(dialog)
        dialog.open()

    def _ask_export(self, widget: PanelWidget, kind: str) -> None:
        csv = self.tr("CSV files (*.csv)")
        png = self.tr("PNG images (*.png)")
        pattern = csv if kind == "csv" else png
        self._file_dialog(
            self.tr("Export panel"),
            pattern,
            True,
            lambda path: self.export_panel(widget.panel_id, path),
        )

    def _ask_export_layout(self) -> None:
        self._file_dialog(
            self.tr("Export layout"), self.tr("Layouts (*.json)"), True, self.export_layout
        )

    def _ask_import_layout(self) -> None:
        self._file_dialog(
            self.tr("Import layout"), self.tr("Layouts (*.json)"), False, self.import_layout
        )

    def _reset(self) -> None:
        default = self.reset_to() if self.reset_to is not None else None
        if default is None:
            default = LayoutFiles().default(self._layout.key)
        if default is not None:
            self._apply(default)

    def _keep_open(self, widget: QWidget) -> None:
        self._dialogs.append(widget)
        widget.finished.connect(lambda *_: self._forget(widget))  # type: ignore[attr-defined]

    def _forget(self, widget: QWidget) -> None:
        if widget in self._dialogs:
            self._dialogs.remove(widget)
        widget.deleteLater()

    def all_panels(self) -> Iterable[PanelWidget]:
        return self._panels.values()
