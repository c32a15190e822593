"""Stations have places (issue 19): the simulator's, the config's, the base map, positions.

The kecamatan check needs the regency's kecamatan boundaries in
resources/maps/kecamatan.geojson (resources/maps/README.md says where they
come from and the command that makes the file); without it that one test
is skipped with the reason, never passed on made-up polygons.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smartcity_console.config import ConfigError, parse_config
from smartcity_console.core.geo import (
    REMBANG_EXTENT,
    Feature,
    LayerSource,
    parse_geojson,
    point_in_ring,
    simplify,
)
from smartcity_console.core.geo import MapDataError as GeoError
from smartcity_console.core.incidents import Severity, Status
from smartcity_console.core.map_states import (
    MARKER_COLOURS,
    IncidentMark,
    MarkerState,
    silent_kecamatan,
    station_states,
)
from smartcity_console.core.places import KECAMATAN, PlaceBook, StationPlace, station_of
from smartcity_console.core.positions import PositionError, positions_of
from smartcity_console.map_files import load_base_map
from smartcity_console.paths import resource_path
from smartcity_console.sim.catalogue import CATALOGUE
from smartcity_console.sim.places import SIM_PLACES

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


def test_every_simulator_station_has_a_place_in_a_kecamatan_of_rembang() -> None:
    placed = {p.station: p for p in SIM_PLACES}
    assert {s.station for s in CATALOGUE} == set(placed)
    assert {p.kecamatan for p in SIM_PLACES} == set(KECAMATAN)  # all 14 have a station
    lon0, lat0, lon1, lat1 = REMBANG_EXTENT
    for place in SIM_PLACES:
        assert lon0 < place.longitude < lon1, place
        assert lat0 < place.latitude < lat1, place


def test_every_simulator_station_lies_inside_its_kecamatan_polygon() -> None:
    layer_file = resource_path("maps", "kecamatan.geojson")
    if not layer_file.is_file():
        pytest.skip(f"no kecamatan boundaries installed ({layer_file}; resources/maps/README.md)")
    base = load_base_map()
    assert not base.problems
    wrong = {
        p.station: (p.kecamatan, base.kecamatan_of(p.longitude, p.latitude)) for p in SIM_PLACES
    }
    wrong = {s: k for s, k in wrong.items() if k[1] is None or k[0].casefold() != k[1].casefold()}
    assert wrong == {}


def test_config_stations_override_the_simulator_and_bad_places_are_refused() -> None:
    config = parse_config(
        '[[stations]]\nstation = "lasem"\nlatitude = -6.70\nlongitude = 111.44\n'
        'kecamatan = "Lasem"\n',
        "t.toml",
    )
    book = PlaceBook(SIM_PLACES, (s.place() for s in config.stations))
    assert book.of_series("rembang/environment/pm25/lasem") == StationPlace(
        "lasem", -6.70, 111.44, "Lasem"
    )
    assert book.get("sale") is not None
    with pytest.raises(ConfigError, match=r"stations\[1\]\.latitude"):
        parse_config('[[stations]]\nstation = "x"\nlatitude = 96\nlongitude = 111\n', "t.toml")
    with pytest.raises(ConfigError, match="kind must be one of"):
        parse_config('[[map.layers]]\npath = "a.geojson"\nkind = "rivers"\n', "t.toml")


def test_station_of_a_series_is_its_last_topic_level() -> None:
    assert station_of("rembang/environment/pm25/alun_alun_rembang") == "alun_alun_rembang"
    assert station_of("tele/pompa_air_lasem/SENSOR#ENERGY.Power") == "SENSOR"


# --- the base map ------------------------------------------------------------------


def collection(*features: dict[str, object]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def test_polygons_with_holes_and_simplification() -> None:
    outer = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)]
    hole = [(1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 2.0), (1.0, 1.0)]
    feature = Feature("Lasem", ((outer, hole),))
    assert feature.contains(3.0, 3.0)
    assert not feature.contains(1.5, 1.5)  # in the hole
    assert not feature.contains(5.0, 1.0)
    wiggly = [(x / 10, 0.001 * (-1) ** x) for x in range(41)]
    assert simplify(wiggly, 0.01) == [wiggly[0], wiggly[-1]]
    assert simplify(wiggly, 0.0001) == wiggly
    assert point_in_ring(0.5, 0.5, outer[:-1])  # an open ring works too


def test_a_broken_layer_is_reported_and_the_others_still_load(tmp_path: Path) -> None:
    good = tmp_path / "mine.geojson"
    good.write_text(
        collection(
            {
                "type": "Feature",
                "properties": {"ADM3_EN": "Sluke"},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[[[111.5, -6.7], [111.6, -6.7], [111.6, -6.6], [111.5, -6.7]]]],
                },
            },
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Point", "coordinates": [1, 2]},
            },
        )
    )
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json")
    base = load_base_map(
        [
            LayerSource(good, "kecamatan"),
            LayerSource(broken, "roads"),
            LayerSource(tmp_path / "missing.geojson", "coastline"),
        ],
        shipped_dir=tmp_path,
    )
    assert [layer.kind for layer in base.layers] == ["kecamatan"]
    assert [f.name for f in base.layers[0].features] == ["Sluke"]
    assert base.kecamatan_of(111.58, -6.68) == "Sluke"
    assert len(base.problems) == 2
    assert "broken.geojson: not JSON" in base.problems[0]
    assert "missing.geojson: cannot read" in base.problems[1]
    with pytest.raises(GeoError, match="position must be"):
        parse_geojson(
            collection(
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1]]}}
            ),
            "x",
            "roads",
        )


def test_fit_regency_falls_back_to_rembang_without_layers(tmp_path: Path) -> None:
    assert load_base_map(shipped_dir=tmp_path).extent() == REMBANG_EXTENT


# --- states --------------------------------------------------------------------------


def mark(station: str | None, minutes_ago: float, status: Status = Status.NEW) -> IncidentMark:
    created = NOW - timedelta(minutes=minutes_ago)
    acked = created + timedelta(minutes=1) if status != Status.NEW else None
    return IncidentMark("i" + str(station), "t", station, Severity.CRITICAL, status, created, acked)


def test_the_worst_state_wins_and_each_state_has_its_own_colour() -> None:
    states = station_states(
        ["a", "b", "c", "d", "e", "f"],
        [
            mark("a", 10),  # critical, 5 minutes to acknowledge: escalated
            mark("b", 1),
            mark("c", 10, Status.ACKNOWLEDGED),
            mark("e", 1, Status.CLOSED),
            mark("f", 1),
        ],
        stale={"d", "f", "a"},
        now=NOW,
        shelved={"e", "d"},
    )
    assert states == {
        "a": MarkerState.ESCALATED,
        "b": MarkerState.UNACKNOWLEDGED,
        "c": MarkerState.ACKNOWLEDGED,
        "d": MarkerState.STALE,  # silent beats shelved
        "e": MarkerState.SHELVED,  # a closed incident adds nothing
        "f": MarkerState.UNACKNOWLEDGED,  # an alarm beats silence
    }
    assert len(set(MARKER_COLOURS.values())) == len(MarkerState)


def test_a_kecamatan_is_silent_when_most_of_its_stations_are() -> None:
    places = [
        StationPlace("a", -6.7, 111.4, "Lasem"),
        StationPlace("b", -6.7, 111.4, "Lasem"),
        StationPlace("c", -6.7, 111.4, "Lasem"),
        StationPlace("d", -6.8, 111.6, "Sedan"),
    ]
    assert silent_kecamatan(places, {"a"}) == set()
    assert silent_kecamatan(places, {"a", "b"}) == {"Lasem"}
    assert silent_kecamatan(places, {"d"}) == {"Sedan"}


# --- positions carried by feeds ------------------------------------------------------


def test_owntracks_and_senml_positions_decode() -> None:
    owntracks = b'{"_type":"location","lat":-6.7051,"lon":111.3502,"tst":1764650000,"tid":"p1"}'
    (p,) = positions_of("owntracks/budi/hp", owntracks)
    assert (p.unit, p.latitude, p.longitude, p.t) == ("budi/hp", -6.7051, 111.3502, 1764650000.0)
    senml = (
        b'[{"bn":"truck7:","bt":1764650000,"n":"lat","u":"lat","v":-6.70},'
        b'{"n":"lon","u":"lon","v":111.43},{"n":"speed","u":"km/h","v":30}]'
    )
    (q,) = positions_of("senml/truck7", senml)
    assert (q.unit, q.latitude, q.longitude) == ("truck7", -6.70, 111.43)
    assert positions_of("x", b'{"_type":"transition"}') == []
    assert positions_of("x", b"\xff not json") == []
    with pytest.raises(PositionError, match=r"OwnTracks lat 96\.0 is outside -90\.\.90"):
        positions_of("owntracks/a/b", b'{"_type":"location","lat":96,"lon":111}')


def test_decode_says_where_the_station_stands_and_where_a_unit_is(tmp_path: Path) -> None:
    def decode(topic: str, payload: bytes, *options: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "smartcity_console", "decode", "--topic", topic, *options],
            input=payload.decode(),
            capture_output=True,
            text=True,
            check=False,
            env={"XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        )

    done = decode(
        "rembang/environment/pm25/lasem",
        b'{"ts":"2026-12-02T07:00:00Z","value":31.5,"unit":"ug/m3"}',
    )
    assert done.returncode == 0, done.stderr
    assert "place: station lasem at -6.69500, 111.43300 (Kec. Lasem)" in done.stderr
    done = decode(
        "owntracks/budi/hp",
        b'{"_type":"location","lat":-6.705,"lon":111.35,"tst":1764650000}',
        "--format",
        "json",
        "--fields",
        "*",
    )
    assert done.returncode == 0, done.stderr
    assert "place: budi/hp at -6.70500, 111.35000 (carried by the payload)" in done.stderr
