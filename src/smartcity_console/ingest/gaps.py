"""Counting the readings that never arrived.

Where a feed can tell, the readings that never reached the console are
counted per feed (``FeedCounters.gaps``), so a loss anywhere on the way (the
device's link, the broker's queue limit, a console that was away longer than
its session) shows in the diagnostics view:

- with ``sequence`` (a message number the device increments), per topic: a
  jump from n to n + k counts k - 1. The same number again, or a number less
  than :data:`REPLAY_WINDOW` below the highest seen, is a redelivery or a
  late message (MQTT QoS 1 delivers at least once) and counts nothing; a
  number further below is the device restarting its count
  (``sequence_restarts``), the new count's baseline.
- else with ``expected_interval_s``, per series, from the readings' own
  times: a step of more than 1.5 intervals counts the readings that should
  have come in it (rounded). Readings stamped on arrival say nothing about
  the device and are not used.
"""

from __future__ import annotations

from smartcity_console.core.readings import Reading
from smartcity_console.ingest.stats import FeedCounters

# A sequence number this far below the highest seen is a device restarting its
# count; closer, it is a redelivery or a late message.
REPLAY_WINDOW = 1000
# A step between readings longer than this many expected intervals is a gap.
_GAP_FACTOR = 1.5


class GapCounter:
    """Remembers the highest sequence number per topic and the last time per series."""

    def __init__(self) -> None:
        self._last_seq: dict[str, int] = {}
        self._last_t: dict[str, float] = {}

    def by_sequence(self, counters: FeedCounters, topic: str, seq: int) -> None:
        last = self._last_seq.get(topic)
        if last is None or seq > last:
            if last is not None:
                counters.gaps += seq - last - 1
            self._last_seq[topic] = seq
        elif last - seq > REPLAY_WINDOW:
            counters.sequence_restarts += 1
            self._last_seq[topic] = seq

    def by_period(self, counters: FeedCounters, readings: list[Reading], period: float) -> None:
        last_t = self._last_t
        for reading in readings:
            t = reading.t
            if t is None:
                continue
            previous = last_t.get(reading.series)
            if previous is None or t > previous:
                if previous is not None and t - previous > _GAP_FACTOR * period:
                    counters.gaps += round((t - previous) / period) - 1
                last_t[reading.series] = t
