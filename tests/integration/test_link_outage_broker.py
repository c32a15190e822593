"""A real Mosquitto stopped and restarted: one link incident, no flood, real silence alarms.

The console's pieces without its window: the MQTT client (a process or a
thread), the decoder and the alarm engine with its link watch reading the
client's status, and a ticker standing in for the console's one-second timer
(console/app.py ``ConsoleApp.tick``), which keeps the link watched while
the MQTT thread waits to reconnect. Times are short (stale after 5 s, the link
incident after 1 s) so the test takes seconds; it waits on conditions, never
on sleeps.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from smartcity_console.config import BrokerConfig
from smartcity_console.core.alarm_engine import AlarmEngine, AlarmEvent
from smartcity_console.core.alarm_rules import StaleRule
from smartcity_console.core.link_outage import LINK_RULE_ID, LinkOutageSettings, LinkWatch
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.mqtt.process import MqttProcess
from smartcity_console.mqtt.thread import MqttThread
from tests.integration.test_mqtt_ingest import SIM_FEED, wait_until
from tests.support.mosquitto import Mosquitto

STATIONS = [f"rembang/society/wifi_users/s{i}" for i in range(5)]
AFTER_S = 5.0  # longer than it takes to notice a broker that closed the connection


def stale_rule() -> StaleRule:
    return StaleRule.model_validate(
        {
            "id": "stale-society",
            "kind": "stale",
            "series": "rembang/society/#",
            "program": "society",
            "severity": "medium",
            "after_s": AFTER_S,
            "message_id": "Tidak ada data dari {station}",
            "message_en": "No data from {station}",
        }
    )


class Ticker(threading.Thread):
    """The console's alarm timer: ``ingest.tick`` over and over until stopped."""

    def __init__(self, ingest: FeedIngest) -> None:
        super().__init__(name="test-alarm-timer", daemon=True)
        self.ingest = ingest
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(0.05):
            self.ingest.tick(time.time())

    def stop(self) -> None:
        self.halt.set()
        self.join()


class Publisher(threading.Thread):
    """Stations that keep reporting (QoS 1, every 0.3 s) while the test waits."""

    def __init__(self, port: int, topics: list[str]) -> None:
        super().__init__(name="test-stations", daemon=True)
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2)
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        self.topics = topics
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(0.3):
            for topic in self.topics:
                self.client.publish(topic, json.dumps({"value": 12}), qos=1)

    def stop(self) -> None:
        self.halt.set()
        self.join()
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def stopper() -> Iterator[list[Callable[[], None]]]:
    stops: list[Callable[[], None]] = []
    yield stops
    for stop in reversed(stops):
        stop()


def events_of(ingest: FeedIngest) -> list[AlarmEvent]:
    return list(ingest.alarm_events)


@pytest.mark.broker
@pytest.mark.parametrize("kind", [MqttProcess, MqttThread], ids=["process", "thread"])
def test_a_broker_outage_is_one_link_incident_and_real_silence_still_alarms(
    own_mosquitto: Mosquitto,
    kind: type[MqttProcess[FeedIngest]] | type[MqttThread[FeedIngest]],
    stopper: list[Callable[[], None]],
) -> None:
    own_mosquitto.start()
    # No grace (tested on a fake clock): a drop soon after the first connect would
    # otherwise continue a link incident raised while the MQTT process was starting.
    settings = LinkOutageSettings("ws-test", grace_s=0.0, raise_after_s=1.0)
    engine = AlarmEngine([stale_rule()], link=LinkWatch(settings, time.time()))
    ingest = FeedIngest([SIM_FEED], SeriesStore(), alarms=engine)
    client = kind(
        BrokerConfig(url=own_mosquitto.url), ingest, backoff_initial_s=0.1, backoff_max_s=0.3
    )
    ingest.watch_link(lambda: client.status)
    client.start()
    stopper.append(client.stop)
    ticker = Ticker(ingest)
    ticker.start()
    stopper.append(ticker.stop)
    link = engine.link
    assert link is not None
    wait_until(lambda: client.status.state == "connected" and link.up)
    # Starting the MQTT process can take longer than raise_after_s on a busy machine:
    # the console then rightly said it was blind until connected. Not this test's outage.
    ingest.alarm_events.clear()

    publisher = Publisher(own_mosquitto.port, STATIONS)
    publisher.start()
    wait_until(lambda: engine.watched_series == len(STATIONS))
    publisher.stop()

    # The broker goes away: every station falls silent at once, for longer than after_s.
    own_mosquitto.stop()
    wait_until(lambda: engine.stale_suppressed == len(STATIONS), timeout=30)
    events = events_of(ingest)
    assert len(events) == 1, events
    (raised,) = events
    assert (raised.kind, raised.rule_id, raised.station) == ("raised", LINK_RULE_ID, "ws-test")
    assert own_mosquitto.url in raised.detail

    # Back: the link incident clears itself, and no stale alarm follows the outage.
    own_mosquitto.start()
    wait_until(lambda: len(ingest.alarm_events) == 2, timeout=30)
    cleared = events_of(ingest)[1]
    assert (cleared.kind, cleared.incident_id) == ("cleared", raised.incident_id)

    # Four stations talk again, one stays silent: only that one is stale, once.
    silent, talking = STATIONS[0], STATIONS[1:]
    publisher = Publisher(own_mosquitto.port, talking)
    publisher.start()
    stopper.append(publisher.stop)
    wait_until(lambda: len(ingest.alarm_events) >= 3, timeout=30)
    # Silence was counted from the reconnect for every station alike, so a talker
    # wrongly taken for silent would have been raised by this same tick.
    stale = events_of(ingest)[2:]
    assert [(e.kind, e.rule_id, e.series) for e in stale] == [("raised", "stale-society", silent)]
