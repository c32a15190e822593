"""The offline base map: GeoJSON layers read into plain rings, and the geometry the map needs.

No GIS library: the console draws a regency (a few thousand vertices once
simplified), so reading GeoJSON, testing a point against a polygon and
Douglas-Peucker simplification are a few dozen lines of Python, and the
bundle stays within its budget. Coordinates stay WGS 84 longitude/latitude
(GeoJSON's order); the map panel scales longitude by cos(latitude) to draw.

Reading the files is map_files.py's (core does no I/O): layers ship in
``resources/maps/`` (README.md there says where they come from), and an
installer adds or replaces layers with ``[[map.layers]]`` (docs/map.md).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeAlias

Point: TypeAlias = tuple[float, float]  # (longitude, latitude)
Ring: TypeAlias = list[Point]
LayerKind: TypeAlias = Literal["regency", "kecamatan", "coastline", "roads", "other"]
LAYER_KINDS: tuple[LayerKind, ...] = ("regency", "kecamatan", "coastline", "roads", "other")

# The shipped layers, drawn bottom to top; each is optional.
SHIPPED_LAYERS: tuple[tuple[LayerKind, str], ...] = (
    ("regency", "regency.geojson"),
    ("kecamatan", "kecamatan.geojson"),
    ("coastline", "coastline.geojson"),
    ("roads", "roads.geojson"),
)
# Where "fit regency" looks when no regency layer is installed: Kabupaten Rembang's extent.
REMBANG_EXTENT = (111.18, -6.95, 111.75, -6.60)  # lon_min, lat_min, lon_max, lat_max
NAME_KEYS = ("name", "shapeName", "ADM3_EN", "ADM3_ID", "NAMOBJ", "WADMKC", "kecamatan")


class MapDataError(Exception):
    """A layer file that cannot be used; ``str()`` names the file and what is wrong."""


@dataclass(frozen=True)
class Feature:
    """One named shape: polygons (outer ring first, then holes) or lines."""

    name: str
    polygons: tuple[tuple[Ring, ...], ...] = ()
    lines: tuple[Ring, ...] = ()

    def contains(self, lon: float, lat: float) -> bool:
        """True when the point lies in one of the polygons (and in none of its holes)."""
        for rings in self.polygons:
            if (
                rings
                and point_in_ring(lon, lat, rings[0])
                and not any(point_in_ring(lon, lat, hole) for hole in rings[1:])
            ):
                return True
        return False

    def bounds(self) -> tuple[float, float, float, float] | None:
        return bounds_of(
            [p for rings in self.polygons for ring in rings for p in ring]
            + [p for line in self.lines for p in line]
        )

    def vertex_count(self) -> int:
        return sum(len(r) for rings in self.polygons for r in rings) + sum(
            len(line) for line in self.lines
        )


@dataclass(frozen=True)
class Layer:
    kind: LayerKind
    source: str
    features: tuple[Feature, ...]

    def feature(self, name: str) -> Feature | None:
        wanted = name.casefold()
        return next((f for f in self.features if f.name.casefold() == wanted), None)


@dataclass
class BaseMap:
    """The layers found, and what was wrong with the ones that could not be read."""

    layers: list[Layer] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def layer(self, kind: LayerKind) -> Layer | None:
        return next((layer for layer in self.layers if layer.kind == kind), None)

    def kecamatan_of(self, lon: float, lat: float) -> str | None:
        layer = self.layer("kecamatan")
        if layer is None:
            return None
        return next((f.name for f in layer.features if f.contains(lon, lat)), None)

    def extent(self) -> tuple[float, float, float, float]:
        """The regency's bounds (lon_min, lat_min, lon_max, lat_max), for "fit regency"."""
        kinds: tuple[LayerKind, ...] = ("regency", "kecamatan")
        for kind in kinds:
            layer = self.layer(kind)
            if layer is not None:
                found = bounds_of(
                    [(b[0], b[1]) for f in layer.features if (b := f.bounds())]
                    + [(b[2], b[3]) for f in layer.features if (b := f.bounds())]
                )
                if found:
                    return found
        return REMBANG_EXTENT


def point_in_ring(lon: float, lat: float, ring: Sequence[Point]) -> bool:
    """Even-odd ray casting; a closed or open ring both work."""
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat):
            x_cross = xi + (lat - yi) * (xj - xi) / (yj - yi)
            if lon < x_cross:
                inside = not inside
        j = i
    return inside


def bounds_of(points: Iterable[Point]) -> tuple[float, float, float, float] | None:
    xs: list[float] = []
    ys: list[float] = []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def simplify(ring: Sequence[Point], tolerance: float) -> Ring:
    """Douglas-Peucker: drop vertices closer than ``tolerance`` (degrees) to the kept line.

    Iterative (a coastline has tens of thousands of vertices, too deep for
    recursion). Keeps the end points, so closed rings stay closed.
    """
    n = len(ring)
    if n < 3 or tolerance <= 0:
        return list(ring)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = ring[first]
        bx, by = ring[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, worst_d = -1, tolerance
        for i in range(first + 1, last):
            px, py = ring[i]
            if length == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / length
            if d > worst_d:
                worst, worst_d = i, d
        if worst >= 0:
            keep[worst] = True
            stack.append((first, worst))
            stack.append((worst, last))
    out = [p for p, k in zip(ring, keep, strict=True) if k]
    if out[0] == out[-1] and len(out) < 4:  # a closed ring needs 3 distinct vertices
        return list(ring) if len(ring) <= 4 else [ring[0], ring[n // 3], ring[2 * n // 3], ring[0]]
    return out


def _ring(raw: Any, where: str) -> Ring:
    if not isinstance(raw, list) or not raw:
        raise MapDataError(f"{where}: a ring must be a non-empty list of positions")
    out: Ring = []
    for pos in raw:
        if (
            not isinstance(pos, list)
            or len(pos) < 2
            or not all(isinstance(c, int | float) and math.isfinite(c) for c in pos[:2])
        ):
            raise MapDataError(f"{where}: a position must be [longitude, latitude] numbers")
        out.append((float(pos[0]), float(pos[1])))
    return out


def _name(props: Any, index: int) -> str:
    if isinstance(props, dict):
        for key in NAME_KEYS:
            value = props.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return f"#{index + 1}"


def parse_geojson(text: str, source: str, kind: LayerKind) -> Layer:
    """A FeatureCollection's (Multi)Polygons and (Multi)LineStrings; other geometries skipped."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MapDataError(f"{source}: not JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise MapDataError(f"{source}: not a GeoJSON FeatureCollection")
    raw_features = data.get("features")
    if not isinstance(raw_features, list):
        raise MapDataError(f"{source}: 'features' must be a list")
    features: list[Feature] = []
    for index, raw in enumerate(raw_features):
        where = f"{source}, feature {index + 1}"
        geometry = raw.get("geometry") if isinstance(raw, dict) else None
        if not isinstance(geometry, dict):
            continue
        gtype, coords = geometry.get("type"), geometry.get("coordinates")
        polygons: list[tuple[Ring, ...]] = []
        lines: list[Ring] = []
        if gtype == "Polygon":
            polygons.append(tuple(_ring(r, where) for r in coords or []))
        elif gtype == "MultiPolygon":
            polygons.extend(tuple(_ring(r, where) for r in poly) for poly in coords or [])
        elif gtype == "LineString":
            lines.append(_ring(coords, where))
        elif gtype == "MultiLineString":
            lines.extend(_ring(r, where) for r in coords or [])
        else:
            continue
        features.append(Feature(_name(raw.get("properties"), index), tuple(polygons), tuple(lines)))
    return Layer(kind, source, tuple(features))


@dataclass(frozen=True)
class LayerSource:
    """One layer to load: a file and its kind; ``replace`` drops the shipped layer of that kind."""

    path: Path
    kind: LayerKind = "other"
    replace: bool = True
