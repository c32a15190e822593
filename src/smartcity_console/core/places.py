"""Where stations are: a latitude/longitude and the kecamatan each one serves.

The map needs it, ``decode`` and the topic browser show it, and the
outage rules can count silent stations per kecamatan with it. A place is
keyed by the station's slug (the last level of a series' topic,
``rembang/environment/pm25/alun_alun_rembang`` -> ``alun_alun_rembang``),
because one station publishes several measurements of one program or more.

Places come from two sources, the installer's ``[[stations]]`` tables
winning over the simulator's (sim/places.py): :class:`PlaceBook` merges them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

# The 14 kecamatan of Kabupaten Rembang with their BPS codes (33.17.xx), in code order.
KECAMATAN_CODES: Mapping[str, str] = MappingProxyType(
    {
        "Sumber": "33.17.01",
        "Bulu": "33.17.02",
        "Gunem": "33.17.03",
        "Sale": "33.17.04",
        "Sarang": "33.17.05",
        "Sedan": "33.17.06",
        "Pamotan": "33.17.07",
        "Sulang": "33.17.08",
        "Kaliori": "33.17.09",
        "Rembang": "33.17.10",
        "Pancur": "33.17.11",
        "Kragan": "33.17.12",
        "Sluke": "33.17.13",
        "Lasem": "33.17.14",
    }
)
KECAMATAN: tuple[str, ...] = tuple(KECAMATAN_CODES)


@dataclass(frozen=True, slots=True)
class StationPlace:
    """One station's place; ``kecamatan`` is its name as the regency writes it."""

    station: str
    latitude: float
    longitude: float
    kecamatan: str

    def __post_init__(self) -> None:
        if not -90.0 <= self.latitude <= 90.0:
            raise ValueError(f"latitude of {self.station} must be within -90..90")
        if not -180.0 <= self.longitude <= 180.0:
            raise ValueError(f"longitude of {self.station} must be within -180..180")

    def describe(self) -> str:
        """``-6.70750, 111.34400 (Kec. Rembang)``: how decode and the topic browser say it."""
        where = f" (Kec. {self.kecamatan})" if self.kecamatan else ""
        return f"{self.latitude:.5f}, {self.longitude:.5f}{where}"


def station_of(series: str) -> str:
    """The station slug of a series name: the last topic level before any JSON path."""
    return series.partition("#")[0].rstrip("/").rsplit("/", 1)[-1]


class PlaceBook:
    """Places by station slug; later sources override earlier ones station by station."""

    def __init__(self, *sources: Iterable[StationPlace]) -> None:
        self._places: dict[str, StationPlace] = {}
        for source in sources:
            for place in source:
                self._places[place.station] = place

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[StationPlace]:
        return iter(self._places.values())

    def __contains__(self, station: object) -> bool:
        return station in self._places

    def get(self, station: str) -> StationPlace | None:
        return self._places.get(station)

    def of_series(self, series: str) -> StationPlace | None:
        return self._places.get(station_of(series))

    def places(self) -> list[StationPlace]:
        return list(self._places.values())

    def in_kecamatan(self, kecamatan: str) -> list[StationPlace]:
        return [p for p in self._places.values() if p.kecamatan == kecamatan]
