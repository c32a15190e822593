"""The series store keeps history bounded and in time order, and loses nothing silently."""

from __future__ import annotations

import numpy as np

from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesBuffer, SeriesStore


def test_buffer_keeps_time_order_when_readings_arrive_late() -> None:
    buf = SeriesBuffer(capacity=10)
    for stamp in (1.0, 2.0, 4.0, 3.0, 5.0):
        buf.append(stamp, stamp * 10)
    t, v = buf.window()
    assert t.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert v.tolist() == [10.0, 20.0, 30.0, 40.0, 50.0]
    assert buf.out_of_order == 1


def test_buffer_memory_is_bounded_by_capacity_not_uptime() -> None:
    buf = SeriesBuffer(capacity=100)
    for i in range(10_000):
        buf.append(float(i), float(i))
    assert len(buf) <= 200
    t, _ = buf.window()
    assert t[-1] == 9999.0
    assert len(t) >= 100  # at least the last `capacity` readings stay
    assert np.all(np.diff(t) > 0)


def test_reading_older_than_everything_kept_is_counted() -> None:
    buf = SeriesBuffer(capacity=4)
    for i in range(20):
        buf.append(100.0 + i, 1.0)
    buf.append(1.0, 5.0)
    assert buf.too_old == 1
    assert 1.0 not in buf.window()[0]


def test_window_returns_only_recent_samples() -> None:
    buf = SeriesBuffer(capacity=10)
    for i in range(10):
        buf.append(float(i), 0.0)
    t, _ = buf.window(since=7.0)
    assert t.tolist() == [7.0, 8.0, 9.0]


def test_store_stamps_arrival_time_and_bumps_versions() -> None:
    store = SeriesStore(capacity=16)
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
    assert store.series_version("x/y") == 1
    store.append_batch([Reading("x/y", 51.0, 2.0, None)], arrival=1001.0)
    assert store.series_version("rembang/env/pm25/a") == 1
    assert store.series_version("x/y") == 2


def test_store_names_match_mqtt_filters_on_the_topic_part() -> None:
    store = SeriesStore(capacity=4)
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
