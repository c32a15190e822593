"""The demo's past day, written into the embedded recorder before the live feeds start.

A console started on the demo then finds a day of history behind every plot
(its backfill asks the history API), as it would after a night off at a real
command center. The simulator's messages go through the recorder's own
decode path (:meth:`RecorderSink.handle`), exactly as if they had come over
MQTT, but without the broker: a day at the catalogue's native rates (about
57,000 messages) is written in seconds, and no console subscribed to the
demo's broker sees it as a burst.
"""

from __future__ import annotations

import time

from smartcity_console.history.recorder import RecorderSink
from smartcity_console.sim.publish import encode
from smartcity_console.sim.simulator import Simulator

DAY_S = 86_400.0
_STEP_S = 900.0  # simulated time per slice: a few thousand messages


def backfill_day(
    sink: RecorderSink, *, seed: int, end: float, span_s: float = DAY_S, rate: float = 1.0
) -> int:
    """Decode and write the simulator's ``[end - span_s, end)``; returns the messages fed."""
    sim = Simulator(seed=seed, start=end - span_s, rate=rate)
    fed = 0
    t = sim.start
    while t < end:
        t = min(t + _STEP_S, end - 1e-3)  # the live publisher starts at `end`
        now = time.time()
        for topic, payload in sim.step(t):
            sink.handle(topic, encode(payload), now)
            fed += 1
        sink.flush(now + sink.batch_delay_s)  # hand this slice to the writer
        if t >= end - 1e-3:
            break
    sink.drain()
    return fed
