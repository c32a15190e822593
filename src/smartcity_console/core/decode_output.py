"""What ``decode`` prints for a payload: one function for the command and the map dialog.

The topic browser's "Map this topic..." dialog previews "exactly what
``decode`` would produce"; both call :func:`decode_payload`, so the preview
cannot drift from the command an installer checks a mapping with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from smartcity_console.core.decoders import DecodeError, Decoder
from smartcity_console.core.places import PlaceBook, station_of
from smartcity_console.core.positions import PositionError, positions_of
from smartcity_console.core.readings import Reading


@dataclass(frozen=True, slots=True)
class DecodeOutcome:
    """One payload's result: stdout lines, or the one-line refusal, and a note for stderr."""

    lines: list[str]
    error: str | None = None
    """``error: ...`` (the whole line ``decode`` prints on stderr), or None."""
    note: str | None = None
    places: tuple[str, ...] = ()
    """``place: ...`` lines for stderr: where the series' stations stand, positions carried."""


def reading_json(reading: Reading) -> dict[str, Any]:
    """One reading as ``decode`` prints it; ``state`` only when it is a state (0/1)."""
    line: dict[str, Any] = {
        "series": reading.series,
        "t": reading.t,
        "value": reading.value,
        "unit": reading.unit,
    }
    if reading.state:
        line["state"] = True
    return line


def error_line(message: str) -> str:
    """A refusal as one line: ``error: `` and the message with its whitespace folded."""
    return "error: " + " ".join(message.split())


def place_lines(
    readings: list[Reading], topic: str, payload: bytes, places: PlaceBook | None
) -> tuple[str, ...]:
    """Where the readings' stations stand (``places``) and the positions the payload carries."""
    lines: list[str] = []
    if places is not None:
        for station in dict.fromkeys(station_of(r.series) for r in readings):
            place = places.get(station)
            if place is not None:
                lines.append(f"place: station {station} at {place.describe()}")
    try:
        lines.extend(
            f"place: {p.describe()} (carried by the payload)" for p in positions_of(topic, payload)
        )
    except PositionError as exc:
        lines.append(f"place: position refused: {exc}")
    return tuple(lines)


def decode_payload(
    decoder: Decoder,
    topic: str,
    payload: bytes,
    now: float,
    ignored_words: str | None = None,
    places: PlaceBook | None = None,
) -> DecodeOutcome:
    """Decode one payload as ``decode`` does: JSON lines, or one ``error:`` line.

    ``ignored_words`` names what a format leaves out, for the note (SenML's by default);
    ``places`` adds where the stations stand (``place:`` lines).
    """
    try:
        decoded = decoder.decode(topic, payload, now)
    except DecodeError as exc:
        return DecodeOutcome([], error_line(str(exc)))
    lines = [json.dumps(reading_json(r)) for r in decoded.readings]
    note = None
    if decoded.ignored:
        what = ignored_words or (
            "SenML record(s) with a string or data value, or discovery message(s)"
        )
        note = f"note: {decoded.ignored} {what} ignored (nothing to plot)"
    return DecodeOutcome(lines, None, note, place_lines(decoded.readings, topic, payload, places))
