"""Build the map panel's offline layers (resources/maps/*.geojson) from open source data.

    python tools/build_maps.py --adm2 geoBoundaries-IDN-ADM2.geojson \\
        --adm3 geoBoundaries-IDN-ADM3.geojson \\
        [--coastline coastline.geojson] [--roads pantura.geojson] \\
        [--regency Rembang] [--tolerance 0.0002] [--out resources/maps]

Inputs are GeoJSON FeatureCollections in WGS 84, as the sources ship them
(resources/maps/README.md names them and their licences):

- ``--adm2``: regencies; the feature whose name is ``--regency`` becomes
  ``regency.geojson``.
- ``--adm3``: kecamatan; those inside the regency (their parent's name in
  ``ADM2_EN``/``ADM2_NAME`` when the source has it, else their middle lying
  inside the regency) become ``kecamatan.geojson``.
- ``--coastline`` and ``--roads`` (optional): lines, e.g. OpenStreetMap's
  ``natural=coastline`` and ``highway=trunk|primary`` exported with
  ``osmium tags-filter`` + ``osmium export``; clipped to the regency's box.

Every ring and line is simplified with Douglas-Peucker at ``--tolerance``
degrees (0.0002 deg is about 22 m: the regency is about 60 km across, so on
a 3840-px wall one pixel is about 15 m and nothing visible is lost) and
coordinates are rounded to 5 decimals (about 1 m). Each output says its
source and licence in the collection's ``attribution`` member.

Never edit the outputs by hand, and never draw boundaries that no source
gave: rerun this with the source files instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from smartcity_console.core.geo import (
    Feature,
    Layer,
    LayerKind,
    Ring,
    bounds_of,
    parse_geojson,
    simplify,
)

PARENT_KEYS = ("ADM2_EN", "ADM2_NAME", "adm2_name", "kabupaten")


def _read(path: Path, kind: LayerKind) -> tuple[Layer, list[dict[str, Any]]]:
    text = path.read_text(encoding="utf-8")
    raw = json.loads(text).get("features", [])
    return parse_geojson(text, str(path), kind), raw


def _clean(ring: Ring, tolerance: float) -> list[list[float]]:
    return [[round(x, 5), round(y, 5)] for x, y in simplify(ring, tolerance)]


def _polygon_feature(feature: Feature, tolerance: float, extra: dict[str, Any]) -> dict[str, Any]:
    polygons = []
    for rings in feature.polygons:
        kept = [_clean(r, tolerance) for r in rings]
        kept = [r for r in kept if len(r) >= 4]
        if kept:
            polygons.append(kept)
    return {
        "type": "Feature",
        "properties": {"name": feature.name, **extra},
        "geometry": {"type": "MultiPolygon", "coordinates": polygons},
    }


def _middle(feature: Feature) -> tuple[float, float] | None:
    box = feature.bounds()
    return None if box is None else ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _clip(line: Ring, box: tuple[float, float, float, float]) -> list[Ring]:
    """Runs of the line inside the box (a coastline or road leaves the regency and returns)."""
    x0, y0, x1, y1 = box
    runs: list[Ring] = []
    run: Ring = []
    for x, y in line:
        if x0 <= x <= x1 and y0 <= y <= y1:
            run.append((x, y))
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return [r for r in runs if len(r) >= 2]


def _collection(features: list[dict[str, Any]], attribution: str) -> str:
    body = {"type": "FeatureCollection", "attribution": attribution, "features": features}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adm2", type=Path, required=True)
    parser.add_argument("--adm3", type=Path, required=True)
    parser.add_argument("--coastline", type=Path)
    parser.add_argument("--roads", type=Path)
    parser.add_argument("--regency", default="Rembang")
    parser.add_argument("--tolerance", type=float, default=0.0002)
    parser.add_argument(
        "--boundary-attribution", default="geoBoundaries (CC BY 3.0 IGO): BPS, OCHA ROAP"
    )
    parser.add_argument("--line-attribution", default="© OpenStreetMap contributors (ODbL 1.0)")
    parser.add_argument("--out", type=Path, default=Path("resources/maps"))
    args = parser.parse_args(argv)

    adm2, _ = _read(args.adm2, "regency")
    regency = next((f for f in adm2.features if args.regency.casefold() in f.name.casefold()), None)
    if regency is None:
        print(f"error: no feature named {args.regency!r} in {args.adm2}", file=sys.stderr)
        return 1
    adm3, raw3 = _read(args.adm3, "kecamatan")
    kecamatan = []
    for feature, raw in zip(adm3.features, raw3, strict=False):
        props = raw.get("properties") or {}
        parent = next((str(props[k]) for k in PARENT_KEYS if k in props), None)
        middle = _middle(feature)
        inside = (
            args.regency.casefold() in parent.casefold()
            if parent is not None
            else middle is not None and regency.contains(*middle)
        )
        if inside:
            kecamatan.append(feature)
    if not kecamatan:
        print(f"error: no kecamatan of {args.regency} in {args.adm3}", file=sys.stderr)
        return 1

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "regency.geojson").write_text(
        _collection([_polygon_feature(regency, args.tolerance, {})], args.boundary_attribution),
        encoding="utf-8",
    )
    (args.out / "kecamatan.geojson").write_text(
        _collection(
            [_polygon_feature(k, args.tolerance, {}) for k in kecamatan], args.boundary_attribution
        ),
        encoding="utf-8",
    )
    box = regency.bounds()
    assert box is not None
    pad = 0.02
    box = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
    for name, source in (("coastline", args.coastline), ("roads", args.roads)):
        if source is None:
            continue
        layer, _ = _read(source, "roads" if name == "roads" else "coastline")
        lines = [
            _clean(run, args.tolerance)
            for f in layer.features
            for line in f.lines
            for run in _clip(line, box)
        ]
        feature = {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {
                "type": "MultiLineString",
                "coordinates": [ln for ln in lines if len(ln) >= 2],
            },
        }
        (args.out / f"{name}.geojson").write_text(
            _collection([feature], args.line_attribution), encoding="utf-8"
        )
    vertices = sum(f.vertex_count() for f in kecamatan)
    print(
        f"{args.out}: regency {regency.name}, {len(kecamatan)} kecamatan "
        f"({vertices} vertices before simplifying), box {bounds_of([box[:2], box[2:]])}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
