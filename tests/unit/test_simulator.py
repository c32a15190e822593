"""The Rembang simulator: deterministic, plausible, and abnormal only when scheduled.

The last property is the one alarm rules rely on: a threshold rule on a
series' normal range must fire on the planted anomalies and on nothing else.
"""

from __future__ import annotations

import itertools
import json
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcity_console.core.clock import wib_midnight
from smartcity_console.core.programs import PROGRAM_KEYS
from smartcity_console.sim.anomalies import ANOMALY_KINDS, Anomaly
from smartcity_console.sim.daytime import DAY, HOUR
from smartcity_console.sim.models.environment import RiverLevel
from smartcity_console.sim.series import Message, Series
from smartcity_console.sim.simulator import Simulator

# Friday 2025-11-28 00:00 WIB: a run from WIB midnight sees its days' anomalies whole.
START = wib_midnight(1764300000.0)
WEEK = 7 * DAY
TOPIC = re.compile(r"^rembang/(?P<program>[a-z]+)/[a-z0-9_]+/[a-z0-9_]+$")


def run(sim: Simulator, until: float, step_s: float) -> list[Message]:
    messages: list[Message] = []
    t = sim.start
    while t < until:
        t = min(t + step_s, until)
        messages += sim.step(t)
    return messages


def inside(ts: np.ndarray, anomalies: list[Anomaly]) -> np.ndarray:
    mask = np.zeros(ts.shape, dtype=bool)
    for a in anomalies:
        mask |= (ts >= a.start) & (ts < a.end)
    return mask


# -- determinism -----------------------------------------------------------


def test_same_seed_and_start_give_the_same_messages() -> None:
    first = run(Simulator(seed=7, start=START), START + 6 * HOUR, 97.0)
    second = run(Simulator(seed=7, start=START), START + 6 * HOUR, 97.0)
    assert len(first) > 1000
    assert first == second


def test_step_size_does_not_change_the_messages() -> None:
    sim = Simulator(seed=7, start=START)
    fine = run(sim, START + 6 * HOUR, 13.0)
    assert Simulator(seed=7, start=START).step(START + 6 * HOUR) == fine
    # readings() is the vectorised view of the same numbers.
    series = sim.series_for("rembang/environment/pm25/lasem")
    ts, values = sim.readings(series, START, START + 6 * HOUR + 1e-3)
    stepped = [(p["ts"], p["value"]) for topic, p in fine if topic == series.topic]
    assert stepped == list(zip(ts.tolist(), values.tolist(), strict=True))


def test_different_seeds_differ() -> None:
    a = Simulator(seed=1, start=START).step(START + HOUR)
    b = Simulator(seed=2, start=START).step(START + HOUR)
    assert [p["value"] for _, p in a] != [p["value"] for _, p in b]
    day = (START, START + DAY)
    schedule_a = Simulator(seed=1).anomalies_between(*day)
    schedule_b = Simulator(seed=2).anomalies_between(*day)
    assert schedule_a != schedule_b


# -- catalogue and contract ------------------------------------------------


def test_catalogue_covers_all_six_programs() -> None:
    sim = Simulator(seed=0, start=START)
    assert 40 <= len(sim.series) <= 70
    assert {s.program for s in sim.series} == set(PROGRAM_KEYS)
    for key in PROGRAM_KEYS:
        assert sum(s.program == key for s in sim.series) >= 4, key


def test_topics_follow_the_feed_contract() -> None:
    sim = Simulator(seed=0, start=START)
    topics = [s.topic for s in sim.series]
    assert len(set(topics)) == len(topics)
    for s in sim.series:
        match = TOPIC.match(s.topic)
        assert match is not None, s.topic
        assert match["program"] in PROGRAM_KEYS
        assert s.unit
        assert s.interval_s > 0
        assert s.low < s.high
    stations = {s.station for s in sim.series}
    assert {"alun_alun_rembang", "pantai_kartini", "pasar_rembang", "tpi_tasik_agung"} <= stations
    assert {"kali_babagan", "pelabuhan_tasik_agung", "lasem", "kragan"} <= stations


def test_payloads_follow_the_feed_contract() -> None:
    sim = Simulator(seed=0, start=START)
    messages = sim.step(START + 10 * 60)
    assert {topic for topic, _ in messages} == set(sim.topics)
    for topic, payload in messages:
        assert set(payload) == {"ts", "value", "unit", "seq"}
        assert START <= float(payload["ts"]) <= START + 10 * 60
        assert payload["unit"] == sim.series_for(topic).unit
        assert isinstance(payload["value"], int | float)
        json.dumps(payload)
    assert [p["ts"] for _, p in messages] == sorted(p["ts"] for _, p in messages)


def test_each_series_numbers_its_messages_one_by_one() -> None:
    sim = Simulator(seed=0, start=START)
    first = sim.step(START + 10 * 60)
    later = sim.step(START + 20 * 60)
    for topic in sim.topics:
        seqs = [int(p["seq"]) for t, p in first + later if t == topic]
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))


def test_rate_multiplies_how_often_series_publish() -> None:
    normal = Simulator(seed=0, start=START).step(START + HOUR)
    doubled = Simulator(seed=0, start=START, rate=2.0).step(START + HOUR)
    assert len(doubled) == pytest.approx(2 * len(normal), rel=0.03)


# -- daily cycles ----------------------------------------------------------


@pytest.mark.parametrize(
    ("measurement", "busy_hour", "quiet_hour", "ratio"),
    [
        ("traffic", 7.0, 3.0, 2.0),  # morning rush vs the dead of night
        ("traffic", 16.5, 3.0, 2.0),
        ("streetlight_power", 21.0, 12.0, 20.0),
        ("market_visitors", 7.0, 15.0, 5.0),
        ("fish_landed", 5.5, 15.0, 5.0),
        ("visitors", 14.0, 3.0, 5.0),
        ("queue_length", 10.0, 20.0, 5.0),
        ("wifi_users", 20.0, 4.0, 3.0),
        ("temperature", 13.5, 5.5, 1.2),
    ],
)
def test_daily_cycle_in_wib(
    measurement: str, busy_hour: float, quiet_hour: float, ratio: float
) -> None:
    sim = Simulator(seed=3, start=START)
    days = START + DAY * np.arange(14)
    for s in (s for s in sim.series if s.measurement == measurement):
        busy = sim.values(s, days + busy_hour * HOUR).mean()
        quiet = sim.values(s, days + quiet_hour * HOUR).mean()
        assert busy > ratio * max(quiet, 1e-9), (s.topic, busy, quiet)


def test_temperature_and_tide_stay_plausible() -> None:
    sim = Simulator(seed=3, start=START)
    temperature = sim.values(
        sim.series_for("rembang/environment/temperature/alun_alun_rembang"),
        START + np.arange(0, WEEK, 600.0),
    )
    assert 22.0 < temperature.min() < 26.0
    assert 31.0 < temperature.max() < 35.0
    tide = sim.series_for("rembang/environment/tide/pelabuhan_tasik_agung")
    t = START + np.arange(0, 2 * DAY, 300.0)
    level = sim.values(tide, t)
    crossings = np.count_nonzero(np.diff(np.sign(level - level.mean())))
    assert 6 <= crossings <= 10  # mostly semi-diurnal: about four crossings a day


def test_rain_is_mostly_zero_with_showers() -> None:
    sim = Simulator(seed=3, start=START)
    rain = sim.series_for("rembang/environment/rainfall/rembang")
    _, mm_h = sim.readings(rain, START, START + 30 * DAY)
    assert np.mean(mm_h == 0) > 0.8
    assert mm_h.max() > 5.0


# -- anomaly schedule ------------------------------------------------------


def test_each_kind_happens_once_a_day_by_default() -> None:
    sim = Simulator(seed=11, start=START)
    for day in range(7):
        anomalies = sim.anomalies_between(START + day * DAY, START + (day + 1) * DAY)
        assert sorted(a.kind for a in anomalies) == sorted(ANOMALY_KINDS)
        for a in anomalies:
            assert 20 * 60 <= a.end - a.start <= 90 * 60
            assert START + day * DAY < a.start < a.end < START + (day + 1) * DAY
            assert a.description


def test_anomaly_rate_is_adjustable() -> None:
    week = (START, START + WEEK)
    assert Simulator(seed=11, anomaly_rate_per_day=0).anomalies_between(*week) == []
    assert len(Simulator(seed=11, anomaly_rate_per_day=2).anomalies_between(*week)) == 14
    assert len(Simulator(seed=11, anomaly_rate_per_day=8).anomalies_between(*week)) == 56


def test_schedule_is_the_same_however_it_is_queried() -> None:
    sim = Simulator(seed=5, start=START)
    whole = sim.anomalies_between(START, START + WEEK)
    halves = sim.anomalies_between(START, START + 3.3 * DAY)
    halves += [a for a in sim.anomalies_between(START + 3.3 * DAY, START + WEEK) if a not in halves]
    assert halves == whole
    assert Simulator(seed=5, start=START + 5 * HOUR).anomalies_between(START, START + WEEK) == whole


def test_anomalies_of_one_topic_never_overlap() -> None:
    sim = Simulator(seed=5, start=START, anomaly_rate_per_day=12)
    by_topic: dict[str, list[Anomaly]] = {}
    for a in sim.anomalies_between(START, START + WEEK):
        by_topic.setdefault(a.topic, []).append(a)
    for anomalies in by_topic.values():
        for earlier, later in itertools.pairwise(anomalies):
            assert earlier.end < later.start


def test_silent_station_publishes_nothing_during_its_anomaly() -> None:
    sim = Simulator(seed=2, start=START)
    silent = [a for a in sim.anomalies_between(START, START + DAY) if a.kind == "station_silent"]
    assert len(silent) == 1
    anomaly = silent[0]
    times = [float(p["ts"]) for topic, p in run(sim, START + DAY, 60.0) if topic == anomaly.topic]
    assert not [t for t in times if anomaly.start <= t < anomaly.end]
    interval = sim.series_for(anomaly.topic).interval_s
    assert any(anomaly.start - 2 * interval <= t < anomaly.start for t in times)
    assert any(anomaly.end <= t < anomaly.end + 2 * interval for t in times)


def test_river_rise_follows_a_rain_burst_in_the_same_area() -> None:
    sim = Simulator(seed=2, start=START)
    for a in sim.anomalies_between(START, START + WEEK):
        if a.kind != "river_rise":
            continue
        river = sim.series_for(a.topic)
        assert isinstance(river.model, RiverLevel)
        rain_station = sim.series_for(river.model.rain_topic)
        rain = sim.values(rain_station, a.start - np.arange(0, 2 * HOUR, 300.0))
        assert rain.max() >= 30.0, (a, rain)


# -- normal means normal ---------------------------------------------------


def assert_abnormal_only_in_anomalies(sim: Simulator, t0: float, t1: float) -> None:
    anomalies = sim.anomalies_between(t0, t1)
    for s in sim.series:
        ts, values = sim.readings(s, t0, t1)
        abnormal = (values < s.low) | (values > s.high)
        own = inside(ts, [a for a in anomalies if a.topic == s.topic])
        assert not np.any(abnormal & ~own), (s.topic, values[abnormal & ~own][:5])
        assert not np.any(own & ~abnormal), (s.topic, values[own & ~abnormal][:5])


def test_values_leave_the_normal_range_only_during_anomalies() -> None:
    sim = Simulator(seed=1, start=START)
    assert len(sim.anomalies_between(START, START + WEEK)) == 28
    assert_abnormal_only_in_anomalies(sim, START, START + WEEK)


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**31),
    day=st.integers(min_value=-400, max_value=400),
    rate=st.sampled_from([0.5, 1.0, 3.0]),
    anomalies=st.sampled_from([1.0, 4.0, 6.5]),
)
def test_normal_range_property_for_any_seed_and_day(
    seed: int, day: int, rate: float, anomalies: float
) -> None:
    sim = Simulator(seed=seed, start=START, rate=rate, anomaly_rate_per_day=anomalies)
    assert_abnormal_only_in_anomalies(sim, START + day * DAY, START + (day + 1) * DAY)


def window(sim: Simulator, a: Anomaly) -> tuple[Series, np.ndarray, np.ndarray]:
    series = sim.series_for(a.topic)
    ts, values = sim.readings(series, a.start, a.end)
    return series, ts, values


def test_anomaly_values_clearly_cross_the_thresholds() -> None:
    sim = Simulator(seed=4, start=START)
    seen = set()
    for a in sim.anomalies_between(START, START + WEEK):
        series, ts, values = window(sim, a)
        seen.add(a.kind)
        if a.kind == "station_silent":
            assert ts.size == 0
            continue
        assert ts.size >= 3
        if a.kind == "river_rise":
            assert values.min() >= series.high + 0.3
        elif a.kind == "pm25_spike":
            assert values.min() > 150.0
        else:
            before = sim.values(series, [a.start - series.interval_s])[0]
            assert values.min() >= 1.4 * before
            assert values.min() > series.high
    assert seen == set(ANOMALY_KINDS)


def test_price_jumps_hit_chili_during_market_hours() -> None:
    sim = Simulator(seed=4, start=START)
    for a in sim.anomalies_between(START, START + WEEK):
        if a.kind == "price_jump":
            assert "cabai" in a.topic
            hour = ((a.start - START) % DAY) / HOUR
            assert 5.0 <= hour < 12.0
