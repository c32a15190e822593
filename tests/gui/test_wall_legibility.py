"""The wall reads from 5 m: type sizes measured on a rendered 1920 x 1080 wall.

Issue 17: ticks, legends and units of 16-18 px could not be read across the
room, and the escalated line, the most urgent one, was cut to "Udara sangat
ti..." with its station gone. Here every word an operator must read from 5 m
(clock and date, the banner, page title, tile titles, values and units, plot
titles, the health line) is measured with ``QFontMetrics.capHeight`` on the
fonts the rendered widgets use, on every page of the bundled dashboards, with
two minutes of simulated data and an escalated critical incident on the banner.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from smartcity_console.config import load_config
from smartcity_console.core.incidents import DEFAULT_ACK_DEADLINES, Role, Severity
from smartcity_console.core.layouts import Layout, Panel
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.gui.dashboard import (
    DashboardView,
    PanelContext,
    RenderLoop,
    TimeSeriesPanel,
    ValueTile,
)
from smartcity_console.gui.dashboard.map_panel import MapPanel
from smartcity_console.gui.dashboard.time_axis import locale_time
from smartcity_console.gui.wall import WallWindow, dashboard_pages
from smartcity_console.gui.wall.incident_feed import IncidentFeed
from smartcity_console.gui.widgets.elided import ElidedLabel
from smartcity_console.mqtt.status import ConnectionStatus
from smartcity_console.paths import bundled_config_file
from smartcity_console.sim.simulator import Simulator
from smartcity_console.store import Database, IncidentRepository
from smartcity_console.store.clients import client_id_for
from tests.support.clock import Clock

MIN_CAP_PX = 25  # issue 17: capitals at least 25 px tall on a 1080-pixel wall
LONG_TITLE = (
    "Udara sangat tidak sehat di Alun-alun Rembang: PM2.5 187 µg/m³ (batas 150), "
    "warga diminta menutup jendela dan memakai masker di luar rumah"
)


def _fill(store: SeriesStore, seconds: float, now: float) -> None:
    sim = Simulator(seed=3, start=now - seconds)
    for s in sim.series:
        t, v = sim.readings(s, now - seconds, now)
        store.append_batch(
            [Reading(s.topic, float(a), float(b), s.unit) for a, b in zip(t, v, strict=True)], now
        )


def _cap(label: QLabel) -> int:
    return QFontMetrics(label.font()).capHeight()


def _connected() -> ConnectionStatus:
    return ConnectionStatus("connected", "mqtt://broker:1883", 0.0)


@pytest.fixture
def wall(qtbot: QtBot, db: Database, clock: Clock) -> Iterator[WallWindow]:
    """The bundled dashboards on a 1920 x 1080 wall, 2 minutes after the console started,
    with one critical incident past its deadline on the banner."""
    config = load_config(bundled_config_file())
    store = SeriesStore()
    _fill(store, 120.0, time.time())
    window = WallWindow(dashboard_pages(config, store, RenderLoop()), _connected)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    desk = "dinding-1"
    client = client_id_for(db, "sari", desk)
    repo = IncidentRepository(db, "sari", Role.SUPERVISOR, desk, client, clock=clock)
    repo.create(LONG_TITLE, "environment", Severity.CRITICAL, station="Alun-alun Rembang")
    clock.advance(minutes=6)  # past the 5-minute deadline: escalated
    feed = IncidentFeed(repo, DEFAULT_ACK_DEADLINES, clock=clock)
    feed.changed.connect(window.banner.show_summary)
    feed.refresh()
    yield window
    window.stop()
    window.release()


def _show_page(qtbot: QtBot, window: WallWindow, index: int) -> QWidget:
    window.cycler.step(index - window.cycler.index)
    page = window.widgets[index]
    assert isinstance(page, DashboardView)
    for panel in page.panels:
        panel.refresh()
    QApplication.processEvents()
    return page


def test_every_word_read_from_5_m_has_capitals_of_25_px_at_1080(
    qtbot: QtBot, wall: WallWindow
) -> None:
    small: list[str] = []

    def check(what: str, label: QLabel) -> None:
        if not label.isHidden() and label.text() and _cap(label) < MIN_CAP_PX:
            small.append(f"{what} {label.text()!r}: {_cap(label)} px")

    banner = wall.banner
    assert not banner.escalated.isHidden()  # the banner shows the escalated state
    fixed = {
        "clock": wall.clock.time,
        "date": wall.clock.date,
        "page title": wall.page_title,
        "page count": wall.page_count,
        "cycle": wall.cycle_label,
        "broker": wall.health.broker,
        "sync": wall.health.sync,
        "escalated count": banner.escalated,
        "waiting count": banner.waiting,
        "more": banner.more,
    }
    for what, label in fixed.items():
        check(what, label)
    for item in banner.items:
        check("banner line", item)
    tiles = plots = maps = cut = 0
    for index in range(len(wall.widgets)):
        page = _show_page(qtbot, wall, index)
        for panel in page.panels:  # type: ignore[attr-defined]
            if isinstance(panel, ValueTile):
                tiles += 1
                check(f"page {index} tile title", panel.title)
                title = panel.title
                assert isinstance(title, ElidedLabel)  # never cut mid-letter
                if title.fontMetrics().horizontalAdvance(title.text()) > title.width():
                    cut += 1
                    assert title.shown_text().endswith("…"), title.shown_text()
                check(f"page {index} tile value", panel.number)
                check(f"page {index} tile unit", panel.detail)
                # Big type must not squeeze the number out of its tile.
                if panel.number.height() < QFontMetrics(panel.number.font()).capHeight():
                    small.append(f"page {index} tile value: {panel.number.height()} px high")
            elif isinstance(panel, TimeSeriesPanel):
                plots += 1
                check(f"page {index} plot title", panel.title)
            elif isinstance(panel, MapPanel):
                maps += 1
                check(f"page {index} map title", panel.title)
    assert tiles  # the bundled dashboards have both
    assert plots
    assert maps  # the wall's own map page
    assert cut  # some bundled tile titles are longer than a wall tile
    assert small == []


def test_the_escalated_line_keeps_severity_and_station_and_cuts_the_description(
    wall: WallWindow,
) -> None:
    line = wall.banner.items[0]
    assert isinstance(line, ElidedLabel)
    shown = line.shown_text()
    assert shown != line.text()  # too long for one line at this size: something is cut
    assert shown.startswith("CRITICAL · ⚠ ESCALATED +01:00 · Alun-alun Rembang · Udara")
    assert shown.endswith("…")
    assert line.toolTip() == line.text()  # the whole title stays reachable


def _plot_view(qtbot: QtBot, store: SeriesStore) -> TimeSeriesPanel:
    layout = Layout(
        key="t",
        title_en="t",
        columns=1,
        rows=1,
        panels=[Panel(id="pm", kind="plot", series=["rembang/environment/pm25/+"], window="1h")],
    )
    view = DashboardView(PanelContext(store, (), "en", wall=True), layout, toolbar=False)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    qtbot.waitExposed(view)
    return view.plots[0]


def test_a_plot_with_less_data_than_its_window_starts_where_the_data_starts(
    qtbot: QtBot,
) -> None:
    now = time.time()
    store = SeriesStore()
    _fill(store, 120.0, now)  # 2 minutes of a 1-hour window
    plot = _plot_view(qtbot, store)
    plot.refresh(now)
    (left, right), _y = plot.plot_widget.getViewBox().viewRange()
    first = min(plot.drawn_since(n) or now for n in plot.series_names)
    assert left <= first  # no reading is cut off
    assert right - left < 600  # about the 2 minutes of data, not an empty hour
    assert not plot.refresh(now)  # and the range is stable: nothing to redo next frame

    full = SeriesStore()
    _fill(full, 7200.0, now)  # more data than the window: the full hour
    plot = _plot_view(qtbot, full)
    plot.refresh(now)
    (left, right), _y = plot.plot_widget.getViewBox().viewRange()
    assert right - left == pytest.approx(3600)


def test_before_any_data_the_time_axis_shows_times_of_now_not_1970(qtbot: QtBot) -> None:
    """Issue 17: the first painted frame read "00.250 00.500" (the first second of 1970)."""
    plot = _plot_view(qtbot, SeriesStore())
    axis = plot.plot_widget.getAxis("bottom")
    (left, right), _y = plot.plot_widget.getViewBox().viewRange()
    assert right - left > 3000
    assert abs(right - time.time()) < 600
    ticks = [
        (value, text)
        for spacing, values in axis.tickValues(left, right, axis.width())
        for value, text in zip(values, axis.tickStrings(values, 1.0, spacing), strict=True)
    ]
    assert ticks
    for value, text in ticks:
        # Each tick reads the WIB time of its place, or, where the hour crosses
        # midnight, the day it starts (CI ran once at 23:35 WIB and read "Thu 3").
        assert text in (locale_time(value, "HH:mm"), locale_time(value, "ddd d")), ticks
