"""The series store keeps history bounded, in time order, and at several resolutions."""

from __future__ import annotations

import numpy as np
import pytest

from smartcity_console.core.readings import Reading
from smartcity_console.core.series import HistoryLimits, SeriesBuffer, SeriesStore
from smartcity_console.core.tiers import Tier

SMALL = HistoryLimits(raw_window_s=100.0, max_raw_points=100)


def test_buffer_keeps_time_order_when_readings_arrive_late() -> None:
    buf = SeriesBuffer(SMALL)
    for stamp in (1.0, 2.0, 4.0, 3.0, 5.0):
        buf.append(stamp, stamp * 10, arrival=stamp)
    t, v = buf.window()
    assert t.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert v.tolist() == [10.0, 20.0, 30.0, 40.0, 50.0]
    assert buf.out_of_order == 1


def test_raw_memory_is_bounded_by_points_not_uptime() -> None:
    buf = SeriesBuffer(HistoryLimits(raw_window_s=1e9, max_raw_points=100))
    for i in range(10_000):
        buf.append(float(i), float(i), float(i))
    assert 100 <= len(buf) <= 110
    t, _ = buf.window()
    assert t[-1] == 9999.0
    assert np.all(np.diff(t) > 0)


def test_raw_history_is_bounded_by_time() -> None:
    buf = SeriesBuffer(HistoryLimits(raw_window_s=60.0, max_raw_points=10_000))
    for i in range(1000):
        buf.append(float(i), 1.0, float(i))
    t, _ = buf.window()
    assert t[0] >= 999 - 60 * 1.1
    assert len(t) <= 67


def test_reading_older_than_every_horizon_is_counted_not_lost_silently() -> None:
    buf = SeriesBuffer(SMALL)
    now = 30 * 86_400.0
    buf.append(now, 1.0, now)
    buf.append(now - 10 * 86_400, 5.0, now)  # older than the 7-day tier
    assert buf.too_old == 1
    buf.append(now - 3 * 3600, 7.0, now)  # older than raw, within the minute tier? no: 24 h yes
    assert buf.too_old == 1


def test_window_returns_only_recent_samples() -> None:
    buf = SeriesBuffer(SMALL)
    for i in range(10):
        buf.append(float(i), 0.0, float(i))
    t, _ = buf.window(since=7.0)
    assert t.tolist() == [7.0, 8.0, 9.0]


def test_tier_keeps_min_max_mean_per_bucket() -> None:
    tier = Tier(bucket_s=60.0, slots=10)
    for t, v in ((0.0, 5.0), (10.0, 1.0), (59.0, 9.0), (60.0, 2.0)):
        assert tier.add(t, v)
    view = tier.view(0.0, 120.0)
    assert view.t.tolist() == [0.0, 60.0]
    assert view.min.tolist() == [1.0, 2.0]
    assert view.max.tolist() == [9.0, 2.0]
    assert view.mean.tolist() == [5.0, 2.0]
    assert view.count.tolist() == [3, 1]


def test_tier_ring_forgets_beyond_its_horizon_and_refuses_older() -> None:
    tier = Tier(bucket_s=60.0, slots=3)
    for minute in range(5):
        tier.add(minute * 60.0, float(minute))
    view = tier.view(0.0, 4 * 60.0)
    assert view.t.tolist() == [120.0, 180.0, 240.0]
    assert not tier.add(30.0, 1.0)  # minute 0's slot now holds minute 3


def test_a_one_minute_spike_survives_in_the_seven_day_view() -> None:
    store = SeriesStore(HistoryLimits(raw_window_s=3600, max_raw_points=3600))
    start = 1_764_300_000.0
    readings = [
        Reading("pm25", start + i * 10, 300.0 if i == 5000 else 20.0, "ug/m3")
        for i in range(6 * 8640)  # six days at one reading per 10 s
    ]
    store.append_batch(readings, arrival=start)
    week = store.snapshot("pm25", since=start, until=start + 6 * 86_400)
    assert week is not None
    assert week.resolution == "10min"
    assert week.v_max is not None
    assert week.v_max.max() == 300.0  # the peak is not averaged away
    assert week.v.max() < 300.0  # while the mean is
    assert len(week.t) <= 6 * 144 + 1
    day = store.snapshot("pm25", since=start + 5 * 86_400, until=start + 6 * 86_400)
    assert day is not None
    assert day.resolution == "1min"
    hour = store.snapshot("pm25", since=start + 6 * 86_400 - 1800)
    assert hour is not None
    assert hour.resolution == "raw"


def test_a_snapshot_without_a_start_time_answers_once_raw_history_was_trimmed() -> None:
    # The default limits keep 3,600 raw readings; one more hour of 1 s readings trims them.
    store = SeriesStore()
    start = 1_764_300_000.0
    count = 4000
    store.append_batch([Reading("a", start + i, float(i), None) for i in range(count)], start)
    snap = store.snapshot("a")  # raised ValueError (int of NaN, from -inf // 600)
    assert snap is not None
    assert snap.resolution == "10min"  # the coarsest tier covers the most
    assert snap.t[0] <= start  # it reaches back to the first reading
    assert snap.v_max is not None
    assert snap.v_max.max() == count - 1
    assert snap.v_min is not None
    assert snap.v_min.min() == 0.0


def test_store_stamps_arrival_time_and_bumps_versions() -> None:
    store = SeriesStore(SMALL)
    assert store.version == 0
    stored = store.append_batch(
        [Reading("rembang/env/pm25/a", None, 12.0, "ug/m3"), Reading("x/y", 50.0, 1.0, None)],
        arrival=1000.0,
    )
    assert stored == 2
    assert store.version == 1
    snap = store.snapshot("rembang/env/pm25/a")
    assert snap is not None
    assert snap.t.tolist() == [1000.0]
    assert snap.unit == "ug/m3"
    assert store.series_version("rembang/env/pm25/a") == 1
    store.append_batch([Reading("x/y", 51.0, 2.0, None)], arrival=1001.0)
    assert store.series_version("rembang/env/pm25/a") == 1
    assert store.series_version("x/y") == 2


def test_store_names_match_mqtt_filters_on_the_topic_part() -> None:
    store = SeriesStore(SMALL)
    store.append_batch(
        [
            Reading("rembang/environment/pm25/lasem", 1.0, 1.0, None),
            Reading("rembang/environment/pm25/kragan", 1.0, 1.0, None),
            Reading("rembang/living/traffic/lasem", 1.0, 1.0, None),
            Reading("tele/pju/SENSOR#ENERGY.Power", 1.0, 1.0, None),
        ],
        arrival=1.0,
    )
    assert store.names("rembang/environment/pm25/+") == [
        "rembang/environment/pm25/kragan",
        "rembang/environment/pm25/lasem",
    ]
    assert store.names("tele/+/SENSOR") == ["tele/pju/SENSOR#ENERGY.Power"]
    assert len(store.names()) == 4


@pytest.mark.parametrize("interval", [1.0, 60.0])
def test_a_series_that_stops_is_stale_after_three_intervals(interval: float) -> None:
    store = SeriesStore(SMALL)
    for i in range(10):
        store.append_batch([Reading("s", None, 1.0, None)], arrival=1000.0 + i * interval)
    last = 1000.0 + 9 * interval
    assert store.stale(last + interval) == set()
    assert store.stale(last + max(3 * interval, 5.0) + 1) == {"s"}


def test_configured_interval_overrides_the_learned_one() -> None:
    buf = SeriesBuffer(SMALL)
    buf.expected_interval_s = 600.0
    for i in range(5):
        buf.append(float(i), 1.0, arrival=float(i))
    assert not buf.is_stale(4.0 + 600)
    assert buf.is_stale(4.0 + 1801)


@pytest.mark.parametrize("t", [-5.0, 2e11])
def test_impossible_times_are_counted_not_stored(t: float) -> None:
    buf = SeriesBuffer(SMALL)
    buf.append(t, 1.0, arrival=1000.0)
    assert len(buf) == 0
    assert buf.too_old == 1


def test_feed_mapping_interval_reaches_the_series() -> None:
    from smartcity_console.core.mapping import FeedMapping
    from smartcity_console.ingest.feed_ingest import FeedIngest

    store = SeriesStore(SMALL)
    ingest = FeedIngest(
        [FeedMapping(topic="a/#", format="number", expected_interval_s=60.0)], store
    )
    ingest.handle("a/b", b"1.5", now=1000.0)
    ingest.flush(now=1000.0)
    buf = store.buffer("a/b")
    assert buf is not None
    assert buf.expected_interval_s == 60.0
    assert store.stale(1000.0 + 170) == set()
    assert store.stale(1000.0 + 181) == {"a/b"}


def test_a_backlog_delivered_in_one_burst_does_not_make_a_series_look_stale() -> None:
    store = SeriesStore(SMALL)
    # An hour of one-minute readings arrives within one second (a queued session).
    store.append_batch(
        [Reading("s", 1000.0 + 60 * i, 1.0, None) for i in range(60)], arrival=5000.0
    )
    assert store.stale(5000.0 + 30) == set()  # the series' own interval is a minute
    assert store.stale(5000.0 + 181) == {"s"}


def test_a_redelivered_reading_is_counted_and_stored_once() -> None:
    """MQTT QoS 1 delivers at least once: a broker restarted from its persistence
    file, or a failover, can hand over the same readings again."""
    store = SeriesStore()
    batch = [Reading("s", 100.0 + i, float(i), None) for i in range(5)]
    store.append_batch(batch, arrival=200.0)
    store.append_batch(batch[1:4], arrival=201.0)  # again, late
    store.append_batch([Reading("s", 104.0, 4.0, None)], arrival=202.0)  # again, the newest
    snap = store.snapshot("s")
    assert snap is not None
    assert snap.v.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    buffer = store.buffer("s")
    assert buffer is not None
    assert buffer.duplicates == 4
    assert buffer.out_of_order == 0


def test_a_different_value_at_the_same_time_is_kept() -> None:
    store = SeriesStore()
    store.append_batch([Reading("s", 100.0, 1.0, None)], arrival=200.0)
    store.append_batch([Reading("s", 100.0, 2.0, None)], arrival=201.0)
    snap = store.snapshot("s")
    assert snap is not None
    assert sorted(snap.v.tolist()) == [1.0, 2.0]


def test_readings_stamped_on_arrival_are_never_taken_for_redeliveries() -> None:
    """A payload without a time gets the batch's arrival time: two equal values
    in one batch are two readings."""
    store = SeriesStore()
    store.append_batch([Reading("s", None, 0.0, None), Reading("s", None, 0.0, None)], 200.0)
    buffer = store.buffer("s")
    assert buffer is not None
    assert len(buffer) == 2
    assert buffer.duplicates == 0
