"""Positions carried by a feed, for moving units: OwnTracks and SenML lat/lon.

A fixed station has its place in the config (core/places.py); a patrol car,
an ambulance or a garbage truck says where it is in its own messages. Two
formats are understood:

- OwnTracks (``owntracks/<user>/<device>``): a JSON object with
  ``"_type": "location"``, ``lat``, ``lon`` and ``tst`` (epoch seconds); the
  unit is the topic's user/device, or its ``tid``.
- SenML (RFC 8428): records whose unit is ``lat`` or ``lon`` (the units RFC
  8428 registers for degrees of latitude and longitude), or whose name ends in
  ``lat``/``lon``; the unit is the record's base name (``bn``).

Only what both coordinates give is a position; a value outside -90..90 or
-180..180 is refused in words an installer can act on.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any


class PositionError(ValueError):
    """A position that cannot be right; ``str()`` says which value and why."""


@dataclass(frozen=True, slots=True)
class Position:
    unit: str
    latitude: float
    longitude: float
    t: float | None = None

    def describe(self) -> str:
        return f"{self.unit} at {self.latitude:.5f}, {self.longitude:.5f}"


def _coordinate(raw: object, low: float, high: float, what: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise PositionError(f"{what} must be a number, not {raw!r}")
    value = float(raw)
    if not low <= value <= high:
        raise PositionError(f"{what} {value} is outside {low:g}..{high:g}")
    return value


def _owntracks(topic: str, obj: dict[str, Any]) -> Position | None:
    if obj.get("_type") != "location" or "lat" not in obj or "lon" not in obj:
        return None
    parts = topic.split("/")
    unit = "/".join(parts[1:3]) if len(parts) >= 3 and parts[0] == "owntracks" else None
    unit = unit or str(obj.get("tid") or topic)
    tst = obj.get("tst")
    t = float(tst) if isinstance(tst, int | float) and not isinstance(tst, bool) else None
    return Position(
        unit,
        _coordinate(obj["lat"], -90, 90, "OwnTracks lat"),
        _coordinate(obj["lon"], -180, 180, "OwnTracks lon"),
        t,
    )


def _senml(pack: list[Any]) -> list[Position]:
    found: dict[str, dict[str, float]] = {}
    times: dict[str, float] = {}
    base_name, base_unit, base_time = "", None, 0.0
    for rec in pack:
        if not isinstance(rec, dict):
            return []
        base_name = rec.get("bn", base_name) if isinstance(rec.get("bn", ""), str) else base_name
        base_unit = rec.get("bu", base_unit)
        if isinstance(rec.get("bt"), int | float):
            base_time = float(rec["bt"])
        name = str(rec.get("n", ""))
        unit = rec.get("u", base_unit)
        axis = None
        if unit in ("lat", "lon"):
            axis = unit
        elif name.lower().endswith(("lat", "latitude")):
            axis = "lat"
        elif name.lower().endswith(("lon", "lng", "longitude")):
            axis = "lon"
        if axis is None or "v" not in rec:
            continue
        who = base_name.rstrip(":/") or name or "senml"
        low, high = (-90, 90) if axis == "lat" else (-180, 180)
        found.setdefault(who, {})[axis] = _coordinate(rec["v"], low, high, f"SenML {axis}")
        if isinstance(rec.get("t"), int | float) or base_time:
            times[who] = base_time + float(rec.get("t", 0) or 0)
    return [
        Position(who, axes["lat"], axes["lon"], times.get(who))
        for who, axes in found.items()
        if "lat" in axes and "lon" in axes
    ]


def positions_of(topic: str, payload: bytes) -> list[Position]:
    """Every position in one payload; [] when it carries none (or is not JSON)."""
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return []
    if isinstance(data, dict):
        found = _owntracks(topic, data)
        return [found] if found is not None else []
    if isinstance(data, list):
        return _senml(data)
    return []
