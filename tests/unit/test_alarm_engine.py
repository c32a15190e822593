"""The alarm engine: one incident per episode, ISA-18.2 clear and return, ids consoles agree on."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcity_console.core.alarm_engine import AlarmEngine, AlarmEvent, Rule, station_of
from smartcity_console.core.alarm_rules import RateRule, Severity, StaleRule, ThresholdRule
from smartcity_console.core.incidents import TITLE_MAX, alarm_incident_id
from smartcity_console.core.readings import Reading

RIVER = "rembang/environment/river_level/kali_babagan"
T0 = 1_764_300_000.0


def threshold(
    kind: str = "above",
    *,
    limit: float = 2.5,
    hysteresis: float = 0.0,
    min_duration_s: float = 0.0,
    rearm_s: float = 1800.0,
    series: str = "rembang/environment/river_level/+",
    message_en: str = "Flood: {station} {value:.2f} {unit} (limit {threshold:g})",
) -> ThresholdRule:
    severity: Severity = "critical"
    return ThresholdRule.model_validate(
        {
            "id": f"river-{kind}",
            "kind": kind,
            "series": series,
            "program": "environment",
            "severity": severity,
            "threshold": limit,
            "hysteresis": hysteresis,
            "min_duration_s": min_duration_s,
            "rearm_s": rearm_s,
            "message_id": "Banjir: {station} {value:.2f} {unit}",
            "message_en": message_en,
        }
    )


def rate(direction: str = "both", *, max_change: float = 1.0, per_s: float = 600) -> RateRule:
    return RateRule.model_validate(
        {
            "id": "river-rate",
            "kind": "rate",
            "series": RIVER,
            "program": "environment",
            "severity": "high",
            "max_change": max_change,
            "per_s": per_s,
            "direction": direction,
            "message_id": "Naik {change:+.1f}",
            "message_en": "Changed {change:+.1f} {unit} to {value:.1f}",
        }
    )


def stale(after_s: float = 600, rearm_s: float = 1800) -> StaleRule:
    return StaleRule.model_validate(
        {
            "id": "silent",
            "kind": "stale",
            "series": "rembang/#",
            "program": "living",
            "severity": "medium",
            "after_s": after_s,
            "rearm_s": rearm_s,
            "message_id": "Tidak ada data dari {station}",
            "message_en": "No data from {station} for {threshold:.0f} s",
        }
    )


def readings(values: Iterable[float], *, start: float = T0, step: float = 60.0) -> list[Reading]:
    return [Reading(RIVER, start + i * step, v, "m") for i, v in enumerate(values)]


def run(engine: AlarmEngine, batch: Sequence[Reading]) -> list[AlarmEvent]:
    """Each reading in a batch of its own, arriving at its own time."""
    events: list[AlarmEvent] = []
    for r in batch:
        events += engine.evaluate([r], now=r.t or T0)
    return events


def kinds(events: Sequence[AlarmEvent]) -> list[str]:
    return [e.kind for e in events]


def test_above_raises_once_with_the_deterministic_id_and_titles() -> None:
    engine = AlarmEngine([threshold()])
    events = run(engine, readings([2.0, 2.4, 2.61, 2.9, 3.1], start=T0 + 0.25))
    assert kinds(events) == ["raised"]
    (event,) = events
    first_above = T0 + 0.25 + 2 * 60
    assert event.episode_start == math.floor(first_above)
    assert event.at == first_above
    assert event.incident_id == alarm_incident_id("river-above", RIVER, math.floor(first_above))
    assert (event.rule_id, event.series, event.station) == ("river-above", RIVER, "Kali Babagan")
    assert (event.program, event.severity, event.value) == ("environment", "critical", 2.61)
    assert event.title_en == "Flood: Kali Babagan 2.61 m (limit 2.5)"
    assert event.title_id == "Banjir: Kali Babagan 2,61 m"  # each title in its language


def test_equal_to_the_threshold_is_not_above() -> None:
    assert run(AlarmEngine([threshold()]), readings([2.5, 2.5])) == []


def test_hysteresis_keeps_the_alarm_until_the_value_is_back_past_the_band() -> None:
    engine = AlarmEngine([threshold(hysteresis=0.3)])
    events = run(engine, readings([2.6, 2.4, 2.3, 2.6, 2.21, 2.2]))
    # 2.4 and 2.3 are inside the deadband (> 2.2): still active, so 2.6 is no return.
    assert kinds(events) == ["raised", "cleared"]
    assert events[1].at == T0 + 5 * 60
    assert events[1].value == 2.2
    assert events[1].title_en == events[0].title_en  # the incident's title, not the clear value


def test_below_mirrors_above() -> None:
    engine = AlarmEngine([threshold("below", limit=1.0, hysteresis=0.2)])
    events = run(engine, readings([1.5, 0.9, 1.1, 1.19, 1.2]))
    assert kinds(events) == ["raised", "cleared"]
    assert events[1].value == 1.2


def test_min_duration_needs_the_condition_to_hold_that_long() -> None:
    engine = AlarmEngine([threshold(min_duration_s=300)])
    # Above for 240 s, then a dip: nothing. Then above for 300 s: raised.
    events = run(engine, readings([3, 3, 3, 3, 3, 2, 3, 3, 3, 3, 3, 3]))
    assert kinds(events) == ["raised"]
    assert events[0].episode_start == T0 + 6 * 60  # the first reading of the run that held
    assert events[0].at == T0 + 11 * 60


def test_flapping_within_rearm_is_one_incident() -> None:
    engine = AlarmEngine([threshold(rearm_s=1800)])
    events = run(engine, readings([3, 2, 3, 2, 3, 2, 2, 3]))
    assert kinds(events) == ["raised", *["cleared", "returned"] * 3]
    assert len({e.incident_id for e in events}) == 1
    assert {e.episode_start for e in events} == {T0}


def test_a_return_after_the_rearm_window_is_a_new_episode() -> None:
    engine = AlarmEngine([threshold(rearm_s=600)])
    # Cleared at T0+60; back at T0+60+540 (returned), cleared at +660, back at +660+600 (new).
    series = [3.0, 2.0] + [2.0] * 8 + [3.0, 2.0] + [2.0] * 9 + [3.0]
    events = run(engine, readings(series))
    assert kinds(events) == ["raised", "cleared", "returned", "cleared", "raised"]
    first, second = events[0].incident_id, events[-1].incident_id
    assert first != second
    assert events[2].incident_id == first
    assert events[-1].episode_start == T0 + 21 * 60


def test_a_return_needs_min_duration_too() -> None:
    engine = AlarmEngine([threshold(min_duration_s=120)])
    events = run(engine, readings([3, 3, 3, 2, 3, 2, 3, 3, 3]))
    assert kinds(events) == ["raised", "cleared", "returned"]
    assert events[2].at == T0 + 8 * 60


def test_each_matching_series_has_its_own_alarm() -> None:
    engine = AlarmEngine([threshold()])
    other = "rembang/environment/river_level/kali_sedan"
    batch = [
        Reading(RIVER, T0, 3.0, "m"),
        Reading(other, T0 + 1, 3.0, "m"),
        Reading("rembang/environment/pm25/lasem", T0, 300.0, "ug/m3"),  # no rule: ignored
    ]
    events = engine.evaluate(batch, now=T0 + 2)
    assert [e.series for e in events] == [RIVER, other]
    assert events[0].incident_id != events[1].incident_id
    assert engine.watched_series == 2


def test_rate_of_change_raises_on_a_jump_and_clears_when_it_settles() -> None:
    engine = AlarmEngine([rate(max_change=0.5, per_s=600)])
    # A slow climb of 0.04 m/min (0.4 per 10 min) stays quiet; a jump to 2.6 m raises,
    # with the change measured over the whole window (from 1.4 m, 600 s before). Once
    # the window holds only the new level, the alarm clears.
    climb = [1.0 + 0.04 * i for i in range(20)]
    events = run(engine, readings([*climb, *[2.6] * 12]))
    assert kinds(events) == ["raised", "cleared"]
    assert events[0].at == T0 + 20 * 60
    assert events[0].title_en == "Changed +1.2 m to 2.6"
    assert events[1].at == T0 + 30 * 60  # the first reading with no rise inside 600 s


@pytest.mark.parametrize(("direction", "alarms"), [("rise", 1), ("fall", 1), ("both", 2)])
def test_rate_direction(direction: str, alarms: int) -> None:
    engine = AlarmEngine([rate(direction, max_change=0.5, per_s=120)])
    events = run(engine, readings([1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0], step=60))
    raised = [e for e in events if e.kind in ("raised", "returned")]
    assert len(raised) == alarms
    if direction == "fall":
        assert raised[0].title_en.startswith("Changed -1.0")


def test_rate_window_memory_is_bounded() -> None:
    engine = AlarmEngine([rate("both", max_change=1e9, per_s=86_400)])
    run(engine, readings([float(i % 7) for i in range(10_000)], step=1))
    watch = engine._watched[RIVER].level[0]
    assert len(watch._lows) <= 4096  # type: ignore[attr-defined]
    assert len(watch._highs) <= 4096  # type: ignore[attr-defined]


def test_stale_is_raised_by_tick_and_cleared_by_the_next_reading() -> None:
    engine = AlarmEngine([stale(after_s=600)])
    topic = "rembang/living/traffic/simpang_lasem"
    engine.evaluate([Reading(topic, T0 + 0.4, 35.0, "vehicles/5min")], now=T0 + 1)
    assert engine.tick(T0 + 600) == []  # 599 s since the reading arrived
    (raised,) = engine.tick(T0 + 601)
    assert raised.kind == "raised"
    assert raised.episode_start == math.floor(T0 + 0.4 + 600)  # from the reading's own time
    assert raised.value == 35.0
    assert raised.title_en == "No data from Simpang Lasem for 600 s"
    assert engine.tick(T0 + 700) == []  # still silent: nothing new
    (cleared,) = engine.evaluate([Reading(topic, T0 + 900, 20.0, None)], now=T0 + 901)
    assert (cleared.kind, cleared.at, cleared.incident_id) == (
        "cleared",
        T0 + 900,
        raised.incident_id,
    )
    # Silent again soon after: the same episode returns (after_s 600 < rearm 1800).
    (returned,) = engine.tick(T0 + 1502)
    assert (returned.kind, returned.incident_id) == ("returned", raised.incident_id)


def test_restarting_stale_timers_prevents_a_flood_after_our_own_outage() -> None:
    engine = AlarmEngine([stale(after_s=600)])
    batch = [Reading(f"rembang/society/wifi_users/s{i}", T0, 1.0, "users") for i in range(50)]
    engine.evaluate(batch, now=T0)
    engine.restart_stale_timers(T0 + 3600)  # the broker link came back after an hour
    assert engine.tick(T0 + 3601) == []
    assert len(engine.tick(T0 + 4200)) == 50  # still silent 10 min after: genuinely stale


def test_a_restarted_console_continues_the_open_episode() -> None:
    before = AlarmEngine([threshold()])
    (raised,) = run(before, readings([3.0, 3.2]))
    # The console restarts during the flood; the store still has the open ticket.
    after = AlarmEngine([threshold()])
    assert after.restore_episode(
        "river-above", RIVER, raised.episode_start, active=True, title_en="Flood", now=T0 + 600
    )
    events = run(after, readings([3.1, 2.0, 3.0], start=T0 + 600))
    assert kinds(events) == ["cleared", "returned"]
    assert {e.incident_id for e in events} == {raised.incident_id}
    assert events[0].title_en == "Flood"
    # Without the restore, the same readings would have opened a second incident.
    (fresh,) = run(AlarmEngine([threshold()]), readings([3.1], start=T0 + 600))
    assert fresh.kind == "raised"
    assert fresh.incident_id != raised.incident_id


def test_a_restored_cleared_episode_returns_within_rearm() -> None:
    engine = AlarmEngine([threshold(rearm_s=1800)])
    assert engine.restore_episode(
        "river-above", RIVER, T0, active=False, cleared_at=T0 + 60, now=T0
    )
    (event,) = run(engine, readings([3.0], start=T0 + 1200))
    assert (event.kind, event.incident_id) == (
        "returned",
        alarm_incident_id("river-above", RIVER, T0),
    )


def test_restoring_an_episode_of_a_rule_that_no_longer_applies_is_refused() -> None:
    engine = AlarmEngine([threshold(), stale()])
    assert not engine.restore_episode("gone", RIVER, T0, active=True, now=T0)
    assert not engine.restore_episode("river-above", "other/topic", T0, active=True, now=T0)
    # A restored stale watch does not tick before the series reports again.
    assert engine.restore_episode("silent", RIVER, T0, active=False, cleared_at=T0, now=T0)
    assert engine.tick(T0 + 86_400) == []


def test_late_readings_are_skipped_and_counted() -> None:
    engine = AlarmEngine([threshold()])
    engine.evaluate([Reading(RIVER, T0 + 60, 2.0, "m")], now=T0 + 61)
    assert engine.evaluate([Reading(RIVER, T0, 3.0, "m")], now=T0 + 62) == []
    assert engine.late_readings == 1


def test_non_finite_values_are_skipped() -> None:
    engine = AlarmEngine([threshold()])
    assert engine.evaluate(readings([math.nan, math.inf]), now=T0 + 200) == []
    assert engine.bad_values == 2


def test_a_reading_without_time_uses_arrival() -> None:
    engine = AlarmEngine([threshold()])
    (event,) = engine.evaluate([Reading(RIVER, None, 3.0, "m")], now=T0 + 0.9)
    assert event.episode_start == T0


def test_duplicate_rule_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="repeated: river-above"):
        AlarmEngine([threshold(), threshold(series="x/#")])


def test_long_titles_are_cut_to_the_incident_limit() -> None:
    engine = AlarmEngine([threshold(message_en="{series}" * 10)])
    (event,) = engine.evaluate([Reading(RIVER, T0, 3.0, "m")], now=T0)
    assert len(event.title_en) == TITLE_MAX
    assert event.title_en.endswith("…")


@pytest.mark.parametrize(
    ("series", "station"),
    [
        ("rembang/society/wifi_users/alun_alun_lasem", "Alun-alun Lasem"),
        ("tele/pju_01/SENSOR#ENERGY.Power", "SENSOR"),
        ("plain", "Plain"),
    ],
)
def test_station_is_the_last_topic_level(series: str, station: str) -> None:
    assert station_of(series) == station


def _stream(values: list[float]) -> list[Reading]:
    """Two rivers interleaved, readings every 60 s."""
    other = "rembang/environment/river_level/kali_sedan"
    out = []
    for i, v in enumerate(values):
        out.append(Reading(RIVER, T0 + 60 * i, v, "m"))
        out.append(Reading(other, T0 + 60 * i + 7.5, 5.0 - v, "m"))
    return out


def _replay(stream: list[Reading], cuts: list[int], shuffle_seed: int) -> list[tuple[object, ...]]:
    """Feed ``stream`` in batches cut at ``cuts``, each batch shuffled; the events seen."""
    rules: list[Rule] = [
        threshold(hysteresis=0.2, min_duration_s=120, rearm_s=600),
        rate(max_change=0.7),
    ]
    engine = AlarmEngine(rules)
    rng = random.Random(shuffle_seed)
    bounds = [0, *sorted(set(cuts)), len(stream)]
    events: list[AlarmEvent] = []
    for lo, hi in itertools.pairwise(bounds):
        batch = stream[lo:hi]
        rng.shuffle(batch)
        arrival = max((r.t or T0 for r in batch), default=T0) + 0.5
        events += engine.evaluate(batch, now=arrival)
    return sorted((e.incident_id, e.kind, e.at, e.rule_id, e.series) for e in events)


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.sampled_from([1.0, 2.0, 2.4, 2.6, 3.0, 3.5]), min_size=5, max_size=80),
    cuts=st.lists(st.integers(min_value=0, max_value=160), max_size=12),
    shuffle_seed=st.integers(min_value=0, max_value=1000),
)
def test_ids_do_not_depend_on_how_batches_were_cut(
    values: list[float], cuts: list[int], shuffle_seed: int
) -> None:
    stream = _stream(values)
    one_by_one = _replay(stream, list(range(len(stream))), 0)
    assert _replay(stream, [c for c in cuts if c < len(stream)], shuffle_seed) == one_by_one


def test_two_engines_with_different_batches_agree_on_a_flapping_river() -> None:
    stream = _stream([2.0, 2.6, 2.7, 2.9, 2.2, 2.0, 2.8, 2.9, 3.0, 2.1] * 5)
    a = _replay(stream, list(range(0, len(stream), 3)), 1)
    b = _replay(stream, [7, 8, 40, 41, 42, 77], 2)
    assert a == b
    assert {kind for _, kind, *_ in a} == {"raised", "cleared", "returned"}


def test_a_restored_episode_continues_on_the_ticket_it_is_given() -> None:
    # A console that starts late continues another console's ticket, whose
    # episode start it may only know approximately (the ticket's creation).
    engine = AlarmEngine([threshold()])
    theirs = alarm_incident_id("river-above", RIVER, T0 - 3600)
    assert engine.restore_episode(
        "river-above", RIVER, T0 - 3500, active=True, now=T0, incident_id=theirs
    )
    events = run(engine, readings([3.0, 2.0, 3.0]))
    assert kinds(events) == ["cleared", "returned"]
    assert {e.incident_id for e in events} == {theirs}
