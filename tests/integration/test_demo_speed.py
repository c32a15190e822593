"""``demo --speed 300``: the dashboards and the incidents agree, for ten minutes of the demo.

Found: the simulator stamped readings with its simulated time, 300 times
faster than the wall clock; plots went blank after about five minutes while
incidents kept coming, and a tile showed a river at 1.16 m, green, beside an
open flood incident at 2.99 m.

Headless, on a fake wall clock: the simulator stepped as the demo's
publisher steps it (``CompressedDay``, the same stamps), each payload decoded
by the console's ingest with the bundled config's feeds, time rule and
alarm rules compressed to the demo's speed (``at_speed``, as ``demo`` does),
once a wall second for ten minutes (50 hours of the simulated day). At every
second, every open incident's reading must be on its series' plot (inside
the plot window, in the store), and the series' tile (its latest reading)
must still be in alarm.
"""

from __future__ import annotations

import math

from smartcity_console.config import load_config
from smartcity_console.core.alarm_engine import AlarmEngine, AlarmEvent
from smartcity_console.core.alarm_rules import ThresholdRule, at_speed
from smartcity_console.core.clock import wib_midnight
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.paths import bundled_config_file
from smartcity_console.sim.compressed_day import CompressedDay
from smartcity_console.sim.daytime import HOUR
from smartcity_console.sim.publish import encode
from smartcity_console.sim.simulator import Simulator

SPEED = 300.0
WALL0 = wib_midnight(1_764_300_000.0) + 6 * HOUR  # the demo starts at 06:00 WIB


def on_plot(store: SeriesStore, series: str, t: float, value: float, since: float) -> bool:
    """Whether the reading (t, value) is drawn by a plot of [since, now]: raw or in its envelope."""
    snap = store.snapshot(series, since)
    if snap is None or not since <= t:
        return False
    if snap.resolution == "raw":
        return any(ts == t and v == value for ts, v in zip(snap.t, snap.v, strict=True))
    assert snap.v_min is not None
    assert snap.v_max is not None
    width = {"1min": 60.0, "10min": 600.0}[snap.resolution]
    for start, low, high in zip(snap.t, snap.v_min, snap.v_max, strict=True):
        if start <= t < start + width:
            return bool(low - 1e-3 * abs(low) <= value <= high + 1e-3 * abs(high))
    return False


def test_every_open_incident_is_on_the_plot_of_its_series_at_speed_300() -> None:
    config = load_config(bundled_config_file())
    rules = at_speed(config.alarms, SPEED)
    by_id = {rule.id: rule for rule in rules}
    store = SeriesStore(config.history.limits())
    ingest = FeedIngest(
        config.feeds, store, alarms=AlarmEngine(rules), time_rule=config.timestamps.rule()
    )
    sim = Simulator(seed=1, start=WALL0)
    day = CompressedDay(sim_start=WALL0, wall_start=WALL0, speed=SPEED)
    window = config.display.plot_window_s

    open_incidents: dict[str, AlarmEvent] = {}  # incident id -> the event that (re)opened it
    raised: list[AlarmEvent] = []
    checked = 0
    for second in range(1, 601):  # ten minutes of the demo, one frame a second
        now = WALL0 + second
        for topic, payload in day.stamp(sim.step(day.pattern_time(now))):
            ingest.handle(topic, encode(payload), now)
        ingest.flush(now)
        ingest.tick(now)
        while ingest.alarm_events:
            event = ingest.alarm_events.popleft()
            key = str(event.incident_id)
            if event.kind == "cleared":
                open_incidents.pop(key, None)
            else:
                open_incidents[key] = event
                raised += [event] if event.kind == "raised" else []
        for event in open_incidents.values():
            rule = by_id[event.rule_id]
            if not isinstance(rule, ThresholdRule):
                continue  # a stale incident's reading is the last before the silence
            checked += 1
            # The reading that raised it is on the plot, not hours ahead of "now"...
            at_time = event.at
            assert at_time <= now, f"{event.series}: incident {at_time - now:.0f} s in the future"
            assert on_plot(store, event.series, at_time, event.value, now - window), event
            # ...and the tile beside it, the latest reading, is still in alarm.
            buffer = store.buffer(event.series)
            assert buffer is not None
            last = buffer.last()
            assert last is not None
            assert last[0] <= now
            clear_level = rule.threshold - rule.hysteresis
            assert last[1] > clear_level, f"{event.series}: tile {last[1]} under an open incident"

    counters = ingest.stats.feeds
    assert sum(c.time_refused for c in counters) == 0  # the console's time rule accepts them all
    assert sum(c.readings for c in counters) > 100_000  # 50 simulated hours of every series
    # Not vacuous: the compressed day raised its anomalies' incidents, some checked while open.
    anomalies = sim.anomalies_between(WALL0, day.pattern_time(WALL0 + 600))
    assert len(anomalies) >= 6
    kinds = {event.rule_id for event in raised}
    assert {"river-flood", "pm25-very-unhealthy"} <= kinds
    assert checked >= 20
    assert math.isfinite(window)
