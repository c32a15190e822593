"""What every dashboard panel shares: its model, the series it resolves, its time window."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QWidget

from smartcity_console.console.history_archive import HistoryArchive
from smartcity_console.core.alarm_rules import RateRule, StaleRule, ThresholdRule
from smartcity_console.core.csv_export import write_csv
from smartcity_console.core.layouts import PRESET_SECONDS, Panel
from smartcity_console.core.map_states import MapBoard
from smartcity_console.core.series import SeriesSnapshot, SeriesStore
from smartcity_console.core.thresholds import Band, bands_for
from smartcity_console.core.units import display_unit
from smartcity_console.gui import i18n
from smartcity_console.gui.widgets.retranslating import Retranslating

_WILDCARDS = ("+", "#")

# Okabe-Ito, colour-blind safe and bright on the dark wall theme.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#FFFFFF")
SEVERITY_COLOURS = {
    "critical": "#FF4D4F",
    "high": "#FF8C1A",
    "medium": "#F2C94C",
    "low": "#58A6FF",
}
STALE_COLOUR = "#8B949E"
OK_COLOUR = "#2EA043"


def pretty_unit(unit: str | None) -> str:
    """The feed's unit in the GUI's language (core/units.py): "orang", "µg/m³"."""
    return display_unit(unit, i18n.current_language())


def station_label(series: str) -> str:
    """``rembang/environment/pm25/alun_alun_rembang`` -> ``Alun-alun Rembang``."""
    topic, _, path = series.partition("#")
    slug = topic.rstrip("/").rsplit("/", 1)[-1]
    acronyms = {"pdam": "PDAM", "tpi": "TPI", "mpp": "MPP", "ncc": "NCC"}
    words = " ".join(acronyms.get(w, w.capitalize()) for w in slug.split("_"))
    words = words.replace("Alun Alun", "Alun-alun")
    return f"{words} {path}" if path else words


def measurement_label(series: str) -> str:
    topic = series.partition("#")[0].rstrip("/").split("/")
    return topic[-2].replace("_", " ") if len(topic) >= 2 else topic[0]


@dataclass
class ArchiveSlot:
    """Where plots scrolled back past the store's 7 days ask the historian (None: nowhere).

    A slot, not the archive itself: the context is made with the dashboards,
    the archive later by the console's backfill service, which fills it in.
    """

    source: HistoryArchive | None = None


@dataclass(frozen=True)
class PanelContext:
    """What panels read besides their own model: the data, the alarm rules, the look."""

    store: SeriesStore
    rules: Sequence[ThresholdRule | RateRule | StaleRule] = ()
    # Language of layout titles; None follows the GUI's language (gui/i18n.py).
    language: str | None = None
    wall: bool = False  # thick pens, big type, for displays read from metres away
    # Places, base map and open incidents for map panels; None: the simulator's places.
    board: MapBoard | None = None
    archive: ArchiveSlot = field(default_factory=ArchiveSlot)

    @property
    def title_language(self) -> str:
        return self.language or i18n.current_language()


class PanelWidget(Retranslating, QFrame):
    """Base of plot, tile and station-grid panels.

    The widget owns no data: it reads the shared store when the render loop
    asks it to redraw, and skips all work when none of its series changed.

    Signals:
        activated(str): the operator clicked the panel (its id); the dashboard
            makes it the target of "add series".
        menu_requested(str, QPoint): right click on the panel, at a global position.
    """

    activated = Signal(str)
    menu_requested = Signal(str, QPoint)

    def __init__(self, panel: Panel, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.panel = panel
        self.context = context
        self.last_drawn = 0.0
        self.cost_ms = 1.0
        self._until: float | None = None  # None: live, following now
        self._names: list[str] = []
        self._known_series = -1
        self._dirty = True
        self._stale: set[str] = set()
        self._bands: dict[str, list[Band]] = {}
        self.setProperty("selected", False)

    # -- model -------------------------------------------------------------

    @property
    def panel_id(self) -> str:
        return self.panel.id

    @property
    def window_s(self) -> float:
        return PRESET_SECONDS[self.panel.window]

    def set_panel(self, panel: Panel) -> None:
        """A new model for this panel (series, window, title); redrawn at the next frame."""
        self.panel = panel
        self._known_series = -1
        self._dirty = True
        self._on_panel_changed()

    def _on_panel_changed(self) -> None:
        """Subclasses refresh titles and drop curves that are no longer listed."""

    def retranslate(self) -> None:
        self._on_panel_changed()
        self._dirty = True

    def set_until(self, until: float | None) -> None:
        """Show the window ending at ``until`` (paused, scrolled back), or live with None."""
        if until != self._until:
            self._until = until
            self._dirty = True

    @property
    def paused(self) -> bool:
        return self._until is not None

    @property
    def series_names(self) -> list[str]:
        self._resolve()
        return list(self._names)

    def _resolve(self) -> bool:
        """Recompute the series list when the store gained series; True when it changed."""
        store = self.context.store
        if len(store) == self._known_series:
            return False
        self._known_series = len(store)
        names: list[str] = []
        for entry in self.panel.series:
            if any(w in entry.split("#", 1)[0] for w in _WILDCARDS):
                found = store.names(entry)
            elif "#" in entry:
                found = [entry]
            else:
                found = [n for n in store.names(entry) if n.split("#", 1)[0] == entry] or [entry]
            names.extend(n for n in found if n not in names)
        names = names[: self.panel.max_series]
        if names == self._names:
            return False
        self._names = names
        self._bands = {n: bands_for(n, self.context.rules) for n in names}
        return True

    # -- render loop -------------------------------------------------------

    def is_shown(self) -> bool:
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def wants_redraw(self, now: float) -> bool:
        raise NotImplementedError

    def redraw(self, now: float) -> None:
        raise NotImplementedError

    def refresh(self, now: float | None = None) -> bool:
        """Redraw now if anything changed (tests and the self-test; the loop does this)."""
        now = time.time() if now is None else now
        if not self.wants_redraw(now):
            return False
        self.redraw(now)
        self.last_drawn = time.monotonic()
        return True

    # -- stale -------------------------------------------------------------

    @property
    def stale_series(self) -> set[str]:
        return set(self._stale)

    def mark_stale(self, stale: set[str]) -> None:
        self._resolve()
        mine = stale.intersection(self._names)
        if mine != self._stale:
            self._stale = mine
            self._dirty = True

    # -- export ------------------------------------------------------------

    def visible_snapshots(self) -> list[SeriesSnapshot]:
        """The data the panel shows now: its series over its window (or paused window)."""
        self._resolve()
        until = self._until if self._until is not None else time.time()
        since = until - self.window_s
        out: list[SeriesSnapshot] = []
        for name in self._names:
            snap = self.context.store.snapshot(name, since, until)
            if snap is None:
                continue
            keep = (snap.t >= since) & (snap.t <= until)
            out.append(
                SeriesSnapshot(
                    snap.name,
                    snap.unit,
                    snap.resolution,
                    snap.t[keep],
                    snap.v[keep],
                    None if snap.v_min is None else snap.v_min[keep],
                    None if snap.v_max is None else snap.v_max[keep],
                    snap.state,
                )
            )
        return out

    def export_png(self, path: Path) -> bool:
        return self.grab().save(str(path), "PNG")

    def export_csv(self, path: Path) -> int:
        return write_csv(path, self.visible_snapshots())

    # -- input -------------------------------------------------------------

    def set_selected(self, selected: bool) -> None:
        self.setProperty("selected", selected)
        self.style().unpolish(self)
        self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit(self.panel.id)
        super().mousePressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt override)
        self.activated.emit(self.panel.id)
        self.menu_requested.emit(self.panel.id, event.globalPos())


def clip_until(t: np.ndarray, until: float | None) -> int:
    """How many leading samples of sorted ``t`` lie at or before ``until``."""
    if until is None or not len(t) or t[-1] <= until:
        return len(t)
    return int(np.searchsorted(t, until, side="right"))
