"""The console's own broker link: stale alarms suppressed in an outage, one link incident instead.

Found: after 15 minutes without the broker, a console raised 62 "no data"
incidents, one per series, and synced them to every console. Time here is a
fake clock: the tests pass ``now`` and tick once a simulated second.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from smartcity_console.core.alarm_engine import AlarmEngine, AlarmEvent
from smartcity_console.core.alarm_rules import StaleRule
from smartcity_console.core.incidents import alarm_incident_id
from smartcity_console.core.link_outage import (
    LINK_RULE_ID,
    LinkOutageSettings,
    LinkWatch,
    link_series,
)
from smartcity_console.core.readings import Reading
from smartcity_console.sim.catalogue import CATALOGUE

T0 = 1_764_300_000.0
WS = "ruang-komando-1"
TOPICS = [s.topic for s in CATALOGUE]  # the simulator's 65 series (62 when this was found)


def stale_rule(after_s: float = 900) -> StaleRule:
    return StaleRule.model_validate(
        {
            "id": "stale-any",
            "kind": "stale",
            "series": "rembang/#",
            "program": "living",
            "severity": "medium",
            "after_s": after_s,
            "message_id": "Tidak ada data dari {station}",
            "message_en": "No data from {station}",
        }
    )


def engine(
    after_s: float = 900, *, grace_s: float = 120, raise_after_s: float = 60, ws: str = WS
) -> AlarmEngine:
    settings = LinkOutageSettings(ws, grace_s=grace_s, raise_after_s=raise_after_s)
    made = AlarmEngine([stale_rule(after_s)], link=LinkWatch(settings, T0))
    assert made.observe_link(True, T0) == []  # connected at T0
    return made


def report(alarms: AlarmEngine, topics: list[str], t: float) -> list[AlarmEvent]:
    return alarms.evaluate([Reading(topic, t, 1.0, None) for topic in topics], now=t)


def run_timed(
    alarms: AlarmEngine, start: float, end: float, talking: Sequence[str] = ()
) -> list[tuple[float, AlarmEvent]]:
    """Tick once a simulated second over [start, end); ``talking`` series report every minute.

    Each event comes with the tick (or report) time that produced it.
    """
    events: list[tuple[float, AlarmEvent]] = []
    t = start
    while t < end:
        if talking and (t - start) % 60 == 0:
            events += [(t, e) for e in report(alarms, list(talking), t)]
        events += [(t, e) for e in alarms.tick(t)]
        t += 1.0
    return events


def run(
    alarms: AlarmEngine, start: float, end: float, talking: Sequence[str] = ()
) -> list[AlarmEvent]:
    return [event for _, event in run_timed(alarms, start, end, talking)]


def test_fifteen_minutes_without_the_broker_is_one_link_incident_not_62() -> None:
    alarms = engine(after_s=900)
    report(alarms, TOPICS, T0)
    down = T0 + 30
    alarms.observe_link(False, down, "mqtt://broker:1883: connection to the broker lost")
    events = run(alarms, down, down + 15 * 60 + 1)

    (raised,) = events
    assert (raised.kind, raised.rule_id, raised.series) == (
        "raised",
        LINK_RULE_ID,
        link_series(WS),
    )
    assert raised.at == down + 60  # after raise_after_s, not at the first missed tick
    assert raised.incident_id == alarm_incident_id(LINK_RULE_ID, link_series(WS), down)
    assert raised.title_en == f"Link to the broker lost: {WS}"
    assert raised.title_id == f"Koneksi ke broker MQTT terputus: {WS}"
    assert raised.station == WS
    assert (raised.severity, raised.program) == ("high", "governance")
    assert "connection to the broker lost" in raised.detail
    assert alarms.stale_suppressed == len(TOPICS)  # every series would have been an incident

    back = down + 15 * 60 + 1
    (cleared,) = alarms.observe_link(True, back)
    assert (cleared.kind, cleared.incident_id) == ("cleared", raised.incident_id)
    assert cleared.value == back - down  # seconds without the broker

    # The same fault without the link watch: the flood that was found.
    blind = AlarmEngine([stale_rule(900)])
    report(blind, TOPICS, T0)
    flood = run(blind, down, down + 15 * 60 + 1)
    assert len(flood) == len(TOPICS)


def test_a_station_silent_while_others_talk_still_raises_its_stale_alarm() -> None:
    alarms = engine(after_s=600)
    silent, talking = TOPICS[0], TOPICS[1:]
    report(alarms, TOPICS, T0)
    events = run(alarms, T0 + 1, T0 + 1200, talking)
    (event,) = events
    assert (event.kind, event.series, event.rule_id) == ("raised", silent, "stale-any")
    assert event.at == T0 + 600


def test_after_the_outage_silence_counts_from_the_return_and_waits_out_the_grace() -> None:
    # A stale rule shorter than the grace: a series still silent after the return
    # is raised when the grace ends, not after_s after the return.
    alarms = engine(after_s=60, grace_s=120)
    silent, talking = TOPICS[0], TOPICS[1:]
    report(alarms, TOPICS, T0)
    alarms.observe_link(False, T0 + 10)
    events = run(alarms, T0 + 10, T0 + 40)  # a short outage: no link incident
    assert events == []
    back = T0 + 40
    alarms.observe_link(True, back)
    ((when, event),) = run_timed(alarms, back, back + 300, talking)
    assert (event.kind, event.series) == ("raised", silent)
    assert when == back + 120  # held back for the whole grace period
    assert event.episode_start == T0 + 60  # the start every console derives alike
    assert alarms.stale_suppressed == 0


def test_devices_that_come_back_within_the_grace_raise_nothing() -> None:
    alarms = engine(after_s=60, grace_s=120)
    report(alarms, TOPICS, T0)
    alarms.observe_link(False, T0 + 10)
    back = T0 + 600
    events = run(alarms, T0 + 10, back)
    assert [e.rule_id for e in events] == [LINK_RULE_ID]
    events = alarms.observe_link(True, back)
    # The stations reconnect to the restarted broker 90 s later and report again.
    events += run(alarms, back, back + 90)
    events += run(alarms, back + 90, back + 400, TOPICS)
    assert [e.kind for e in events] == ["cleared"]


def test_a_link_that_flaps_within_the_grace_is_one_incident() -> None:
    alarms = engine(raise_after_s=30, grace_s=120)
    events: list[AlarmEvent] = []
    alarms.observe_link(False, T0 + 100)
    events += run(alarms, T0 + 100, T0 + 200)
    events += alarms.observe_link(True, T0 + 200)
    alarms.observe_link(False, T0 + 260)  # down again 60 s after it came back
    events += run(alarms, T0 + 260, T0 + 400)
    events += alarms.observe_link(True, T0 + 400)
    assert [e.kind for e in events] == ["raised", "cleared", "returned", "cleared"]
    assert len({e.incident_id for e in events}) == 1
    # Down again long after the grace: a new outage, a new incident.
    alarms.observe_link(False, T0 + 1000)
    (second,) = run(alarms, T0 + 1000, T0 + 1100)
    assert second.kind == "raised"
    assert second.incident_id != events[0].incident_id
    assert second.episode_start == T0 + 1000


def test_link_incident_ids_are_per_workstation_and_per_outage() -> None:
    ids = set()
    for ws in ("ruang-komando-1", "ruang-komando-2"):
        alarms = engine(ws=ws)
        alarms.observe_link(False, T0 + 5)
        (event,) = run(alarms, T0 + 5, T0 + 100)
        ids.add(event.incident_id)
        # Recomputed the same way by anyone who knows the workstation and the outage.
        assert event.incident_id == alarm_incident_id(LINK_RULE_ID, link_series(ws), T0 + 5)
    assert len(ids) == 2


def test_a_console_that_cannot_connect_at_start_says_so_once() -> None:
    settings = LinkOutageSettings(WS, raise_after_s=60)
    alarms = AlarmEngine([stale_rule()], link=LinkWatch(settings, T0))  # connecting...
    events = run(alarms, T0, T0 + 3600)
    assert [(e.kind, e.at) for e in events] == [("raised", T0 + 60)]


def test_a_restart_during_the_outage_continues_the_link_incident() -> None:
    before = engine()
    before.observe_link(False, T0 + 5)
    (raised,) = run(before, T0 + 5, T0 + 100)
    # The console restarts while the broker is still away; the store has the ticket.
    settings = LinkOutageSettings(WS)
    after = AlarmEngine([stale_rule()], link=LinkWatch(settings, T0 + 200))
    assert after.restore_link(raised.episode_start, raised.incident_id, active=True)
    assert run(after, T0 + 200, T0 + 900) == []  # no second link incident
    (cleared,) = after.observe_link(True, T0 + 900)
    assert (cleared.kind, cleared.incident_id) == ("cleared", raised.incident_id)


def test_a_replay_ticks_at_the_times_something_can_happen() -> None:
    alarms = engine(after_s=600, grace_s=120, raise_after_s=60)
    report(alarms, TOPICS[:2], T0)
    assert alarms.next_tick_due() == T0 + 600
    alarms.observe_link(False, T0 + 100)
    assert alarms.next_tick_due() == T0 + 160  # the link incident
    (raised,) = alarms.tick(T0 + 160)
    assert raised.rule_id == LINK_RULE_ID
    assert alarms.next_tick_due() == math.inf  # stale rules wait for the link
    alarms.observe_link(True, T0 + 700)
    assert alarms.next_tick_due() == T0 + 700 + 600  # silence counted from the return
