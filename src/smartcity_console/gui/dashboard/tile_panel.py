"""A value tile: one series as a big number, its unit, a trend arrow and a state colour."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from smartcity_console.core.layouts import Panel
from smartcity_console.core.thresholds import state_of, worst_breach
from smartcity_console.gui import i18n
from smartcity_console.gui.dashboard.panel_base import (
    OK_COLOUR,
    SEVERITY_COLOURS,
    STALE_COLOUR,
    PanelContext,
    PanelWidget,
    pretty_unit,
)
from smartcity_console.gui.widgets.elided import ElidedLabel

# The trend compares the last value with the value this long before it.
TREND_S = 900.0
# Changes smaller than this share of the recent range count as steady.
STEADY_SHARE = 0.05
# The wall's smallest type (px at 1080, resources/themes/wall.qss): capitals 25 px tall or more.
WALL_MIN_PX = 36


def format_number(value: float) -> str:
    """Big and readable in the GUI's language: 13.400 (id), 13,400 (en); fewer decimals above 10."""
    if abs(value) >= 100 or float(value).is_integer():
        return i18n.number(value)
    if abs(value) >= 10:
        return i18n.number(value, 1)
    return i18n.number(value, 2)


def state_word(value: float) -> str:
    """How a state reading reads (Reading.state): "on" for 1, "off" for 0, in the GUI's language."""
    if value >= 0.5:
        return QCoreApplication.translate("ValueTile", "on")
    return QCoreApplication.translate("ValueTile", "off")


class ValueTile(PanelWidget):
    """The latest reading of the panel's first series, large enough to read across a room."""

    def __init__(self, panel: Panel, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(panel, context, parent)
        self.setObjectName("valueTile")
        self._version = -1
        self._was_stale = False
        self.value: float | None = None
        self.word: str | None = None  # "on"/"off" for a state series, else None
        self.state = "empty"
        # On the wall a title longer than its tile ends in "…" (it was cut mid-letter:
        # "Pengguna Wi-Fi publil"); the desk wraps it.
        self.title = ElidedLabel(self) if context.wall else QLabel(self)
        self.title.setObjectName("tileTitle")
        self.title.setWordWrap(True)
        self.number = QLabel("—", self)
        self.number.setObjectName("tileNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel(self)
        self.detail.setObjectName("tileDetail")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if context.wall:
            # Wall type is big (resources/themes/wall.qss): a title wrapped to three
            # lines, and a number whose font follows the tile's height, made the
            # tiles grow until the plots below were 40 px tall. One line of title
            # (the whole of it in the tool tip), and the number takes the room left.
            ignored = QSizePolicy.Policy.Ignored
            self.title.setWordWrap(False)
            self.title.setSizePolicy(ignored, QSizePolicy.Policy.Preferred)
            self.number.setSizePolicy(ignored, ignored)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.number, 1)
        layout.addWidget(self.detail)
        self._on_panel_changed()

    def _on_panel_changed(self) -> None:
        self.title.setText(self.panel.title(self.context.title_language))
        self.title.setToolTip(self.title.text())
        self._version = -1

    @property
    def series(self) -> str | None:
        self._resolve()
        return self._names[0] if self._names else None

    def wants_redraw(self, now: float) -> bool:
        if self._dirty or self._resolve():
            return True
        name = self._names[0] if self._names else None
        if name is None:
            return False
        stale = name in self._stale
        return self.context.store.series_version(name) != self._version or stale != self._was_stale

    def redraw(self, now: float) -> None:
        t0 = time.perf_counter()
        self._dirty = False
        self._resolve()
        name = self._names[0] if self._names else None
        if name is None:
            self._show(None, None, "", "empty")
            return
        store = self.context.store
        self._version = store.series_version(name)
        until = self._until if self._until is not None else now
        snap = store.snapshot(name, until - max(TREND_S, 60.0), until)
        stale = name in self._stale
        self._was_stale = stale
        if snap is None or not len(snap.t):
            self._show(None, None, "", "stale" if stale else "empty")
            return
        keep = snap.t <= until
        t, v = snap.t[keep], snap.v[keep]
        if not len(t):
            self._show(None, None, "", "empty")
            return
        value = float(v[-1])
        bands = self._bands.get(name, [])
        state = state_of(value, stale, bands)
        # A state (a door, a pump relay) has no trend and no unit: it reads on or off.
        self.word = state_word(value) if snap.state else None
        arrow = None if snap.state else _trend(t, v)
        detail = "" if snap.state else pretty_unit(snap.unit)
        band = worst_breach(value, bands)
        if state == "stale":
            # Computed first: lupdate skips a translate() call with a call in its arguments.
            minutes = round(max(0.0, (now - float(t[-1])) / 60))
            silent = QCoreApplication.translate("ValueTile", "no data for %n min", None, minutes)
            detail += f"  ·  {silent}"
        elif band is not None:
            limit = QCoreApplication.translate("ValueTile", "limit")
            detail += f"  ·  {limit} {format_number(band.threshold)}"
        self._show(value, arrow, detail, state, band.severity if band else None)
        self.cost_ms = (time.perf_counter() - t0) * 1000 + 1.0

    def _show(
        self,
        value: float | None,
        arrow: str | None,
        detail: str,
        state: str,
        severity: str | None = None,
    ) -> None:
        self.value = value
        self.state = state
        if value is None:
            self.word = None
        text = "—" if value is None else (self.word or format_number(value))
        if arrow:
            text = f"{text} {arrow}"
        self.number.setText(text)
        self.detail.setText(detail)
        colour = {
            "ok": OK_COLOUR,
            "stale": STALE_COLOUR,
            "empty": STALE_COLOUR,
            "breach": SEVERITY_COLOURS.get(severity or "high", SEVERITY_COLOURS["high"]),
        }[state]
        # The colour is on the border and the number; the text stays white on dark.
        self.setStyleSheet(
            f"#valueTile {{ border: 3px solid {colour}; border-radius: 6px; }}"
            f"#tileNumber {{ color: {colour if state != 'ok' else '#F0F6FC'}; }}"
        )
        self.setProperty("state", state)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        font = self.number.font()
        font.setBold(True)
        if self.context.wall:
            # Never below the 5-m minimum (resources/themes/wall.qss), and as big as
            # the room between title and unit allows; that room is kept for it.
            font.setPixelSize(WALL_MIN_PX)
            self.number.setMinimumHeight(QFontMetrics(font).height())
            room = int(self.number.height() * 0.8)
            font.setPixelSize(max(WALL_MIN_PX, min(room, int(self.width() / 5))))
        else:
            font.setPixelSize(max(14, min(int(self.height() * 0.38), int(self.width() / 5))))
        self.number.setFont(font)


def _trend(t: np.ndarray, v: np.ndarray) -> str:
    """▲ rising, ▼ falling, ▶ steady: the last value against the one TREND_S before it."""
    if len(v) < 2:
        return ""
    i = int(np.searchsorted(t, t[-1] - TREND_S))
    i = min(i, len(v) - 2)
    change = float(v[-1] - v[i])
    span = float(np.nanmax(v) - np.nanmin(v)) or abs(float(v[-1])) or 1.0
    if abs(change) <= STEADY_SHARE * span:
        return "▶"
    return "▲" if change > 0 else "▼"
