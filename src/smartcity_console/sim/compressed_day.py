"""``--speed N`` compresses the simulated day, never the clock its readings carry.

Found: at ``demo --speed 300`` the simulator stamped each reading with its
simulated time, which ran 300 times faster than the wall clock. The plots,
anchored to the wall clock, went blank after about five minutes (the data was
hours in the future), incidents kept coming, and a tile showed the last
reading it could place, a river at 1.16 m, next to an open flood incident at
2.99 m. Worse, every console refuses such readings now: they are further
ahead of its clock than the time rule allows (core/time_sanity.py).

:class:`CompressedDay` maps wall time to the simulator's *pattern* time: the
publisher steps the simulator by pattern time (a day's traffic peaks, fish
auction and anomalies in 4.8 minutes at speed 300) and stamps each reading
with the wall-clock moment it is published at. Plots, tiles, incidents and
the time rule then all agree on "now". Alarm rules written for real time are
compressed with the day in the demo (``core.alarm_rules.at_speed``), so an
anomaly of 20 simulated minutes (4 s at speed 300) still raises its incident.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, TypeAlias

from smartcity_console.sim.series import Message

Stamping: TypeAlias = Literal["wall", "simulated"]
"""``wall``: readings carry the wall-clock time (live publishing, the default);
``simulated``: the simulator's own time (a backfill of the past, or a replay
whose exact timestamps matter)."""


@dataclass(frozen=True, slots=True)
class CompressedDay:
    """Wall time ``wall_start`` is pattern time ``sim_start``; pattern time runs ``speed`` x."""

    sim_start: float
    wall_start: float
    speed: float

    def pattern_time(self, wall: float) -> float:
        """The simulator's time at wall-clock time ``wall``."""
        return self.sim_start + (wall - self.wall_start) * self.speed

    def wall_time(self, pattern: float) -> float:
        """The wall-clock time a reading of pattern time ``pattern`` is published (ms)."""
        return round(self.wall_start + (pattern - self.sim_start) / self.speed, 3)

    def stamp(self, messages: Iterable[Message]) -> list[Message]:
        """The messages with their ``ts`` moved from pattern time to wall time."""
        return [
            (topic, {**payload, "ts": self.wall_time(float(payload["ts"]))})
            for topic, payload in messages
        ]
