"""The console's one map board, and the wall's own map page.

One :class:`MapBoard` per console (places, base map, open incidents), shared
by the desk's dashboards and the wall, so the incident store is read once
per poll whatever the number of map panels.
"""

from __future__ import annotations

from functools import cache

from smartcity_console.config import AppConfig
from smartcity_console.core.geo import BaseMap
from smartcity_console.core.layouts import Layout, Panel
from smartcity_console.core.map_states import Deadlines, MapBoard
from smartcity_console.core.places import PlaceBook
from smartcity_console.map_files import load_base_map
from smartcity_console.sim.places import SIM_PLACES


@cache
def _shipped_base_map() -> BaseMap:
    return load_base_map()


def default_board() -> MapBoard:
    """The simulator's places on the shipped layers: what a context without a board shows."""
    return MapBoard(PlaceBook(SIM_PLACES), _shipped_base_map())


def board_for(config: AppConfig, deadlines: Deadlines | None = None) -> MapBoard:
    """The console's one board: the simulator's places under the installer's, and the layers."""
    base = load_base_map(config.map.layer_sources())
    places = PlaceBook(SIM_PLACES, (s.place() for s in config.stations))
    return MapBoard(
        places,
        base,
        deadlines if deadlines is not None else config.incidents.deadlines(),
        silent_share=config.map.silent_share,
    )


MAP_PAGE = "map"


def wall_map_layout() -> Layout:
    """The wall's own map page: the whole screen for the regency, after the dashboards."""
    return Layout(
        key=MAP_PAGE,
        title_id="Peta stasiun",
        title_en="Station map",
        columns=1,
        rows=1,
        panels=[
            Panel(
                id="map-1",
                kind="map",
                series=["rembang/#"],
                title_id="Stasiun Kabupaten Rembang menurut keadaannya",
                title_en="Stations of Kabupaten Rembang by state",
            )
        ],
    )
