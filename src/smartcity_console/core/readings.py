"""A decoded reading: the unit of data between a decoder and a series buffer."""

from __future__ import annotations

from typing import NamedTuple


class Reading(NamedTuple):
    """One numeric sample of one series.

    A NamedTuple rather than a dataclass: decoders produce hundreds of thousands
    of these per second and tuples are the cheapest Python object that still has
    names. ``t`` is epoch seconds (UTC) or None when the payload carried no time
    (the ingest path then stamps arrival time).

    ``state`` marks a two-valued reading (a boolean, or ``ON``/``OFF`` of a
    known device profile) stored as 1.0/0.0: plots draw it as steps and tiles
    say on/off instead of a number, because "0.5" of a door contact means nothing.
    """

    series: str
    t: float | None
    value: float
    unit: str | None
    state: bool = False
