"""The base map's files: the shipped layers in resources/maps/, then the installer's.

A missing or broken layer file is reported and skipped, never raised: the
map still shows the stations (docs/map.md). Parsing and geometry are
core/geo.py's; this module only reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from smartcity_console.core.geo import (
    SHIPPED_LAYERS,
    BaseMap,
    Layer,
    LayerKind,
    LayerSource,
    MapDataError,
    parse_geojson,
)
from smartcity_console.paths import resource_path


def read_layer(path: Path, kind: LayerKind) -> Layer:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MapDataError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return parse_geojson(text, str(path), kind)


def load_base_map(extra: Sequence[LayerSource] = (), shipped_dir: Path | None = None) -> BaseMap:
    """The shipped layers that exist, then the installer's; problems listed, never raised."""
    folder = shipped_dir if shipped_dir is not None else resource_path("maps")
    replaced = {s.kind for s in extra if s.replace and s.kind != "other"}
    sources = [
        LayerSource(folder / name, kind)
        for kind, name in SHIPPED_LAYERS
        if kind not in replaced and (folder / name).is_file()
    ]
    sources.extend(extra)
    base = BaseMap()
    for source in sources:
        try:
            base.layers.append(read_layer(source.path, source.kind))
        except MapDataError as exc:
            base.problems.append(str(exc))
    return base
