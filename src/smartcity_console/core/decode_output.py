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
from smartcity_console.core.readings import Reading


@dataclass(frozen=True, slots=True)
class DecodeOutcome:
    """One payload's result: stdout lines, or the one-line refusal, and a note for stderr."""

    lines: list[str]
    error: str | None = None
    """``error: ...`` (the whole line ``decode`` prints on stderr), or None."""
    note: str | None = None


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


def decode_payload(
    decoder: Decoder, topic: str, payload: bytes, now: float, ignored_words: str | None = None
) -> DecodeOutcome:
    """Decode one payload as ``decode`` does: JSON lines, or one ``error:`` line.

    ``ignored_words`` names what a format leaves out, for the note (SenML's by default).
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
    return DecodeOutcome(lines, None, note)
