"""The map panel (issue 19): stations coloured by state, silent kecamatan, desk and wall.

The kecamatan polygons here are squares written by the test (tmp_path), not
the regency's boundaries: they only give the panel a kecamatan to shade.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from smartcity_console.config import AppConfig, load_config
from smartcity_console.core.geo import BaseMap, LayerSource
from smartcity_console.core.incidents import Role, Severity, Status
from smartcity_console.core.layouts import Layout, Panel
from smartcity_console.core.map_states import MARKER_COLOURS, IncidentMark, MapBoard, MarkerState
from smartcity_console.core.places import PlaceBook, StationPlace
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.gui.dashboard import DashboardView, PanelContext, dashboards_for
from smartcity_console.gui.dashboard.map_board import MAP_PAGE
from smartcity_console.gui.dashboard.map_feed import connect_map
from smartcity_console.gui.dashboard.map_panel import MapPanel
from smartcity_console.gui.dashboard.render_loop import RenderLoop
from smartcity_console.gui.incidents.detail import IncidentDetail
from smartcity_console.gui.wall.pages import dashboard_pages
from smartcity_console.map_files import load_base_map
from smartcity_console.paths import bundled_config_file
from smartcity_console.store import Database, IncidentRepository
from smartcity_console.store.clients import client_id_for
from tests.support.clock import Clock

NOW = time.time()
MOMENT = datetime.fromtimestamp(NOW, UTC)
# Three stations in "Lasem", one in "Sedan"; names are the test's own.
PLACES = (
    StationPlace("gauge_a", -6.69, 111.43, "Lasem"),
    StationPlace("gauge_b", -6.70, 111.44, "Lasem"),
    StationPlace("gauge_c", -6.71, 111.42, "Lasem"),
    StationPlace("gauge_d", -6.78, 111.61, "Sedan"),
)


def square(name: str, lon: float, lat: float, half: float = 0.05) -> dict[str, object]:
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {
        "type": "Feature",
        "properties": {"name": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


@pytest.fixture
def base_map(tmp_path: Path) -> BaseMap:
    path = tmp_path / "kec.geojson"
    features = [square("Lasem", 111.43, -6.70), square("Sedan", 111.61, -6.78)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return load_base_map([LayerSource(path, "kecamatan")], shipped_dir=tmp_path / "none")


@pytest.fixture
def store() -> SeriesStore:
    store = SeriesStore()
    store.append_batch(
        [
            Reading(f"rembang/environment/river_level/{p.station}", NOW - 5, 1.25, "m")
            for p in PLACES
        ],
        NOW,
    )
    return store


@pytest.fixture
def board(base_map: BaseMap) -> MapBoard:
    return MapBoard(PlaceBook(PLACES), base_map)


def mark(
    station: str | None, minutes_ago: float, *, acked: bool = False, i: int = 1
) -> IncidentMark:
    created = MOMENT - timedelta(minutes=minutes_ago)
    return IncidentMark(
        id=f"t{i}",
        title=f"River high at {station}",
        station=station,
        severity=Severity.HIGH,
        status=Status.ACKNOWLEDGED if acked else Status.NEW,
        created_at=created,
        acknowledged_at=created + timedelta(minutes=1) if acked else None,
    )


def make_panel(qtbot: QtBot, store: SeriesStore, board: MapBoard, wall: bool = False) -> MapPanel:
    context = PanelContext(store, (), "en", wall=wall, board=board)
    panel = MapPanel(Panel(id="m", kind="map", series=["rembang/#"]), context)
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def colour_of(panel: MapPanel, station: str) -> str:
    spot = panel._spots[station]
    return QColor(spot.brush().color()).name().upper()


def test_marker_colours_follow_the_states(
    qtbot: QtBot, store: SeriesStore, board: MapBoard
) -> None:
    board.set_incidents(
        [
            mark("gauge_a", 60, i=1),  # high: 15 min to acknowledge, so escalated
            mark("gauge_b", 2, i=2),  # waiting for acknowledgement
            mark("gauge_c", 30, acked=True, i=3),
        ]
    )
    board.set_shelved({"gauge_d"})
    panel = make_panel(qtbot, store, board)
    assert panel.refresh(NOW)
    expected = {
        "gauge_a": MarkerState.ESCALATED,
        "gauge_b": MarkerState.UNACKNOWLEDGED,
        "gauge_c": MarkerState.ACKNOWLEDGED,
        "gauge_d": MarkerState.SHELVED,
    }
    assert panel.states == expected
    for station, state in expected.items():
        assert colour_of(panel, station) == MARKER_COLOURS[state].upper(), station

    # The incident at gauge_b is closed: only that marker is touched, and it turns normal.
    board.set_incidents([mark("gauge_a", 60, i=1), mark("gauge_c", 30, acked=True, i=3)])
    assert panel.refresh(NOW)
    assert panel.touched == 1
    assert colour_of(panel, "gauge_b") == MARKER_COLOURS[MarkerState.NORMAL].upper()
    assert not panel.refresh(NOW)  # nothing changed: no redraw at all

    # A new alarm turns red by itself when its 15 minutes to acknowledge are up.
    board.set_incidents([mark("gauge_b", 14, i=2)])
    assert panel.refresh(NOW)
    assert panel.states["gauge_b"] == MarkerState.UNACKNOWLEDGED
    assert not panel.refresh(NOW + 30)
    assert panel.refresh(NOW + 61)
    later = panel.states.get("gauge_b")
    assert later == MarkerState.ESCALATED


def test_a_kecamatan_gone_silent_is_shaded_and_its_markers_grey(
    qtbot: QtBot, store: SeriesStore, board: MapBoard
) -> None:
    panel = make_panel(qtbot, store, board)
    panel.refresh(NOW)
    assert panel.shaded == set()
    lasem = [f"rembang/environment/river_level/gauge_{c}" for c in "ab"]
    panel.mark_stale(set(lasem))  # two of Lasem's three stations silent
    panel.refresh(NOW)
    assert panel.shaded == {"Lasem"}
    assert colour_of(panel, "gauge_a") == MARKER_COLOURS[MarkerState.STALE].upper()
    assert panel._kecamatan_items["lasem"].brush().style() != Qt.BrushStyle.NoBrush
    assert panel._kecamatan_items["sedan"].brush().style() == Qt.BrushStyle.NoBrush
    panel.mark_stale(set())
    panel.refresh(NOW)
    assert panel.shaded == set()


def test_hover_reads_the_latest_value_and_incidents_without_a_station_are_listed(
    qtbot: QtBot, store: SeriesStore, board: MapBoard
) -> None:
    board.set_incidents([mark(None, 1, i=7), mark("gauge_a", 1, i=8)])
    panel = make_panel(qtbot, store, board)
    panel.refresh(NOW)
    text = panel.readout("gauge_a")
    assert "Gauge A" in text
    assert "Kec. Lasem" in text
    assert "1.25 m" in text
    assert "River high at gauge_a" in text
    listed = [panel.unplaced.item(i).text() for i in range(panel.unplaced.count())]
    assert listed == ["● River high at None"]


def test_click_opens_the_station_and_fit_regency_shows_all(
    qtbot: QtBot, store: SeriesStore, board: MapBoard
) -> None:
    layout = Layout(key="overview", columns=1, rows=1, panels=[Panel(id="m", kind="map")])
    view = DashboardView(PanelContext(store, (), "en", board=board), layout)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    panel = view.panel_widget("m")
    assert isinstance(panel, MapPanel)
    panel.refresh(NOW)
    with qtbot.waitSignal(panel.station_requested) as clicked:
        spot = panel._spots["gauge_d"]
        panel.scatter.sigClicked.emit(panel.scatter, [spot], None)
    assert clicked.args == ["gauge_d"]
    dialog = view.findChild(type(view.open_station(panel, "gauge_d")))
    assert dialog is not None
    assert dialog.plot.series_names == ["rembang/environment/river_level/gauge_d"]

    assert panel.centre_on("gauge_d")
    x_range = panel.plot.getViewBox().viewRange()[0]
    assert x_range[1] - x_range[0] < 0.2
    panel.fit_button.click()
    x_range = panel.plot.getViewBox().viewRange()[0]
    assert x_range[0] < 111.38 * 0.994
    assert x_range[1] > 111.66 * 0.99


def test_show_on_map_centres_the_map_on_the_station(
    qtbot: QtBot, store: SeriesStore, board: MapBoard
) -> None:
    panel = make_panel(qtbot, store, board)
    panel.refresh(NOW)
    board.show_station("gauge_d")
    assert panel.refresh(NOW)
    (x0, x1), (y0, y1) = panel.plot.getViewBox().viewRange()
    assert y0 < -6.78 < y1
    assert x1 - x0 < 0.2
    assert board.focus is None


def test_the_wall_map_stays_put_with_large_markers_and_labels(
    qtbot: QtBot, store: SeriesStore, board: MapBoard
) -> None:
    desk = make_panel(qtbot, store, board)
    wall = make_panel(qtbot, store, board, wall=True)
    desk.refresh(NOW)
    wall.refresh(NOW)
    assert wall.marker_size >= 2 * desk.marker_size
    assert not wall.fit_button.isVisibleTo(wall)
    assert not any(wall.plot.getViewBox().state["mouseEnabled"])
    # Lasem's three gauges are a kilometre apart: zoomed out, one name fits, the
    # worst state's first; zoomed in, all of them.
    board.set_incidents([mark("gauge_b", 60, i=2)])
    wall.refresh(NOW)
    shown = wall.shown_labels
    assert "gauge_b" in shown
    assert "gauge_d" in shown
    assert not {"gauge_a", "gauge_c"} <= set(shown)
    wall.centre_on("gauge_b")  # "show on map" zooms to a few kilometres around it
    assert {"gauge_a", "gauge_b", "gauge_c"} <= set(wall.shown_labels)
    with qtbot.assertNotEmitted(wall.station_requested):
        wall.scatter.sigClicked.emit(wall.scatter, [wall._spots["gauge_a"]], None)


@pytest.fixture(scope="module")
def config() -> AppConfig:
    return load_config(bundled_config_file())


def test_the_overview_and_the_wall_cycle_include_the_map(
    qtbot: QtBot, config: AppConfig, store: SeriesStore, board: MapBoard
) -> None:
    overview = dashboards_for(config)[0][2]
    assert [p.kind for p in overview.panels].count("map") == 1
    loop = RenderLoop(30.0)
    pages = dashboard_pages(config, store, loop, board)
    assert pages[0].key == "overview"
    assert pages[-1].key == MAP_PAGE
    host = DashboardView(PanelContext(store, (), "en", board=board), overview)
    qtbot.addWidget(host)
    widget = pages[-1].build(host)
    assert isinstance(widget, DashboardView)
    (panel,) = widget.panels
    assert isinstance(panel, MapPanel)
    assert panel.context.wall


def test_a_ticket_in_the_store_colours_its_station_and_show_on_map_finds_it(
    qtbot: QtBot, db: Database, clock: Clock, store: SeriesStore, board: MapBoard
) -> None:
    repo = IncidentRepository(
        db, "budi", Role.OPERATOR, "desk-1", client_id_for(db, "budi", "desk-1"), clock=clock
    )
    ticket = repo.create("Kali Lasem overflowing", "environment", "critical", station="gauge_c")
    repo.create("Fallen tree, Jl. Pemuda", "living", "low")
    shown: list[bool] = []
    show = connect_map(board, repo, lambda: shown.append(True))
    panel = make_panel(qtbot, store, board)
    panel.refresh(clock().timestamp())
    assert panel.states["gauge_c"] == MarkerState.UNACKNOWLEDGED
    assert [panel.unplaced.item(i).text() for i in range(panel.unplaced.count())] == [
        "● Fallen tree, Jl. Pemuda"
    ]

    detail = IncidentDetail(repo, Role.OPERATOR, "budi", clock=clock)
    qtbot.addWidget(detail)
    detail.show_on_map.connect(show)
    detail.show_ticket(ticket.id)
    assert detail.map_button.isEnabled()
    detail.map_button.click()
    assert shown == [True]
    assert panel.refresh(clock().timestamp())
    (x0, x1), (y0, y1) = panel.plot.getViewBox().viewRange()
    assert y0 < -6.71 < y1
    assert x1 - x0 < 0.2


def test_the_map_shows_every_station_at_the_size_its_dashboard_gives_it(
    qtbot: QtBot, store: SeriesStore
) -> None:
    """Found in make demo: the overview's map came up empty (its stations off to one side)
    until "Fit regency" was pressed; it fitted the regency once, at its first, tiny size.
    Until the operator pans or zooms, the map keeps the regency fitted as it is laid out."""
    from smartcity_console.gui.dashboard.map_panel import project
    from smartcity_console.sim.places import SIM_PLACES

    board = MapBoard(PlaceBook(SIM_PLACES), BaseMap())
    context = PanelContext(store, (), "en", board=board)
    panel = MapPanel(Panel(id="m", kind="map", series=["rembang/#"]), context)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    for size in ((0, 0), (1, 1), (120, 40), (560, 980)):  # as a window and its docks settle
        panel.resize(*size)  # the overview's tall column
    panel.redraw(time.time())

    def all_in_view() -> bool:
        (x0, x1), (y0, y1) = panel.plot.getViewBox().viewRange()
        points = [project(p.longitude, p.latitude) for p in board.places]
        return all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points)

    qtbot.waitUntil(all_in_view)
    # Once the operator moves the map, a resize leaves their view alone.
    box = panel.plot.getViewBox()
    box.translateBy(x=0.3)
    box.sigRangeChangedManually.emit(box.state["mouseEnabled"])  # as a drag ends
    moved = panel.plot.getViewBox().viewRange()
    panel.resize(600, 900)
    qtbot.waitUntil(lambda: panel.plot.getViewBox().width() > 0)
    assert panel.plot.getViewBox().viewRange()[0][0] >= moved[0][0] - 0.05


def test_an_alarm_ticket_naming_its_station_as_people_read_it_is_on_its_marker(
    qtbot: QtBot, db: Database, clock: Clock, store: SeriesStore, board: MapBoard
) -> None:
    """Found in make demo: stale-feed tickets ("Kali Sedan") were listed as without a place;
    the map keys places by the series' station slug, which the ticket's series carries."""
    repo = IncidentRepository(
        db, "budi", Role.OPERATOR, "desk-1", client_id_for(db, "budi", "desk-1"), clock=clock
    )
    ticket = repo.create(
        "No data from Gauge C", "environment", "high",
        station="Gauge C", series="rembang/environment/river_level/gauge_c",
    )  # fmt: skip
    shown: list[bool] = []
    show = connect_map(board, repo, lambda: shown.append(True))
    panel = make_panel(qtbot, store, board)
    panel.refresh(clock().timestamp())
    assert panel.states["gauge_c"] == MarkerState.UNACKNOWLEDGED
    listed = [panel.unplaced.item(i).text() for i in range(panel.unplaced.count())]
    assert not any("Gauge C" in text for text in listed)  # not "without a place"
    detail = IncidentDetail(repo, Role.OPERATOR, "budi", clock=clock)
    qtbot.addWidget(detail)
    detail.show_on_map.connect(show)
    detail.show_ticket(ticket.id)
    detail.map_button.click()
    assert shown == [True]
    assert board.focus == "gauge_c"  # asked to centre on its station


class _Expensive:
    """A panel that costs a whole frame: the loop draws it first and defers the rest."""

    last_drawn = -1.0
    cost_ms = 1000.0
    data_pending = True

    def is_shown(self) -> bool:
        return True

    def wants_redraw(self, now: float) -> bool:
        return True

    def redraw(self, now: float) -> None:
        pass


def test_stations_that_come_while_the_map_waits_its_turn_are_drawn_on_its_turn(
    qtbot: QtBot, board: MapBoard
) -> None:
    """Found in make demo: the overview's map stayed empty. Its series came in a frame whose
    budget the six plots spent; the deferred map then found them known and never drew."""
    store = SeriesStore()
    panel = make_panel(qtbot, store, board)
    loop = RenderLoop(frame_rate=30)
    loop.add(_Expensive())
    loop.add(panel)
    panel.redraw(NOW)  # drawn before any reading: no stations yet
    assert panel.stations == []
    store.append_batch(
        [Reading(f"rembang/environment/river_level/{p.station}", NOW, 1.2, "m") for p in PLACES],
        NOW,
    )
    panel.last_drawn = time.monotonic()  # drawn more recently than the expensive panel
    assert loop.run_frame(NOW, budget_ms=1.0) == 1  # the map is deferred this frame
    assert panel.stations == []
    loop.remove(loop.targets[0])  # the next frame has room
    assert loop.run_frame(NOW + 0.05, budget_ms=1.0) == 1
    assert sorted(panel.stations) == sorted(p.station for p in PLACES)


def test_an_alarmed_station_shows_its_colour_over_a_neighbour_on_the_same_spot(
    qtbot: QtBot, base_map: BaseMap
) -> None:
    """Found in make demo: Lasem's PM2.5 alarm was orange in the map's state but green on
    screen: its marker was drawn first and the town's other stations covered it."""
    from PySide6.QtCore import QPointF

    from smartcity_console.gui.dashboard.map_panel import project

    here = (-6.70, 111.43)
    places = (
        StationPlace("lasem", *here, "Lasem"),
        StationPlace("lasem_kec", *here, "Lasem"),  # on the same spot
        StationPlace(
            "lasem_pdam", here[0] + 0.004, here[1] + 0.009, "Lasem"
        ),  # where its name goes
    )
    board = MapBoard(PlaceBook(places), base_map)
    store = SeriesStore()
    store.append_batch(
        [Reading(f"rembang/environment/pm25/{p.station}", NOW - 5, 20.0, "µg/m³") for p in places],
        NOW,
    )
    panel = make_panel(qtbot, store, board)
    panel.redraw(NOW)
    first = panel.stations[0]  # drawn first: under its neighbour
    board.set_incidents([mark(first, 1)])
    panel.redraw(NOW)
    assert panel.states[first] == MarkerState.UNACKNOWLEDGED
    assert first in panel.shown_labels  # named, though its neighbour's marker is under the name

    def colour_on_screen() -> str:
        x, y = project(here[1], here[0])
        scene = panel.plot.getViewBox().mapViewToScene(QPointF(x, y))
        pixel = panel.plot.mapFromScene(scene)
        return QColor(panel.plot.grab().toImage().pixel(pixel)).name().upper()

    qtbot.waitUntil(
        lambda: colour_on_screen() == MARKER_COLOURS[MarkerState.UNACKNOWLEDGED].upper()
    )
    board.set_incidents([])  # the alarm is gone: green again, nothing drawn over it
    panel.redraw(NOW)
    qtbot.waitUntil(lambda: colour_on_screen() == MARKER_COLOURS[MarkerState.NORMAL].upper())
