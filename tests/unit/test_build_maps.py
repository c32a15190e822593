"""tools/build_maps.py: the command that makes resources/maps/ from the open sources.

The inputs here are squares written by the test, standing in for geoBoundaries'
files; what is checked is the tool (filtering to the regency, simplifying,
clipping, attribution), not any boundary.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

from smartcity_console.core.geo import LayerSource
from smartcity_console.map_files import load_base_map

ROOT = Path(__file__).resolve().parents[2]


def square(
    lon0: float, lat0: float, lon1: float, lat1: float, steps: int = 50
) -> list[list[float]]:
    """A square with many collinear vertices on each side, for the simplifier to drop."""
    ring: list[list[float]] = []
    corners = [(lon0, lat0), (lon1, lat0), (lon1, lat1), (lon0, lat1), (lon0, lat0)]
    for (ax, ay), (bx, by) in itertools.pairwise(corners):
        ring.extend([ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps] for i in range(steps))
    ring.append([lon0, lat0])
    return ring


def collection(*features: tuple[dict[str, str], object, str]) -> str:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": p, "geometry": {"type": t, "coordinates": c}}
                for p, c, t in features
            ],
        }
    )


def test_the_tool_keeps_the_regencys_kecamatan_simplified_and_attributed(tmp_path: Path) -> None:
    adm2 = tmp_path / "adm2.geojson"
    adm2.write_text(
        collection(
            ({"shapeName": "Rembang"}, [square(111.2, -6.9, 111.7, -6.6)], "Polygon"),
            ({"shapeName": "Pati"}, [square(110.9, -6.9, 111.2, -6.6)], "Polygon"),
        )
    )
    adm3 = tmp_path / "adm3.geojson"
    adm3.write_text(
        collection(
            ({"shapeName": "Lasem"}, [square(111.4, -6.75, 111.5, -6.65)], "Polygon"),
            ({"shapeName": "Juwana"}, [square(111.0, -6.75, 111.1, -6.65)], "Polygon"),
        )
    )
    roads = tmp_path / "roads.geojson"
    roads.write_text(
        collection(
            ({"highway": "trunk"}, [[110.0, -6.7], [111.3, -6.7], [111.6, -6.7]], "LineString")
        )
    )
    out = tmp_path / "maps"
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_maps.py"), "--adm2", str(adm2),
         "--adm3", str(adm3), "--roads", str(roads), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    base = load_base_map(shipped_dir=out)
    assert base.problems == []
    assert [layer.kind for layer in base.layers] == ["regency", "kecamatan", "roads"]
    kecamatan = base.layer("kecamatan")
    assert kecamatan is not None
    assert [f.name for f in kecamatan.features] == ["Lasem"]
    assert kecamatan.features[0].vertex_count() == 5  # 201 collinear vertices: a square again
    assert base.kecamatan_of(111.45, -6.7) == "Lasem"
    road = base.layer("roads")
    assert road is not None
    assert road.features[0].lines[0][0] == (111.3, -6.7)  # clipped to the regency's box
    raw = json.loads((out / "kecamatan.geojson").read_text())
    assert "CC BY" in raw["attribution"]

    missing = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_maps.py"), "--adm2", str(adm2),
         "--adm3", str(adm3), "--regency", "Blora", "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert missing.returncode == 1
    assert "no feature named 'Blora'" in missing.stderr
    assert (
        load_base_map([LayerSource(out / "regency.geojson", "regency")], out).extent()[0] == 111.2
    )
