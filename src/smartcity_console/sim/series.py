"""What a simulated series is: where it publishes, what is normal for it, and the model behind it.

A model (sim/models/) gives a series' normal values, vectorised over times,
from the noise its :class:`ModelContext` hands it; anomalies are applied on
top by the simulator (sim/anomalies.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, TypeAlias

from smartcity_console.sim.daytime import FloatArray
from smartcity_console.sim.noise import Noise

Payload: TypeAlias = dict[str, float | str]
Message: TypeAlias = tuple[str, Payload]


@dataclass(frozen=True, slots=True)
class ModelContext:
    """What a value model may use: its own noise and noise shared by name."""

    seed: int
    topic: str
    measurement: str

    @property
    def own(self) -> Noise:
        return Noise(self.seed, self.topic)

    def shared(self, name: str) -> Noise:
        return Noise(self.seed, name)


class Model(Protocol):
    """The normal behaviour of one series, vectorised over timestamps."""

    def normal(self, ctx: ModelContext, t: FloatArray) -> FloatArray: ...


@dataclass(frozen=True, slots=True)
class Series:
    """One simulated feed: where it is published and what is normal for it.

    ``low``/``high`` bound every value outside anomalies; alarm rules can use
    them as thresholds. ``interval_s`` is the publish interval (already divided
    by the simulator's ``rate``).
    """

    program: str
    measurement: str
    station: str
    unit: str
    interval_s: float
    low: float
    high: float
    decimals: int
    model: Model = field(repr=False, compare=False)

    @property
    def topic(self) -> str:
        return f"rembang/{self.program}/{self.measurement}/{self.station}"

    @property
    def place(self) -> str:
        return place_name(self.station)

    def is_normal(self, value: float) -> bool:
        return self.low <= value <= self.high


_ACRONYMS = {"pdam": "PDAM", "tpi": "TPI", "mpp": "MPP", "ncc": "NCC"}


def place_name(slug: str) -> str:
    """``alun_alun_rembang`` -> ``Alun-alun Rembang``; ``tpi_sarang`` -> ``TPI Sarang``."""
    words = " ".join(_ACRONYMS.get(w, w.capitalize()) for w in slug.split("_"))
    return words.replace("Alun Alun", "Alun-alun")
