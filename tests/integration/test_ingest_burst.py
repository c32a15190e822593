"""A burst waits in the console's memory, not at the broker: reading never stops for decoding.

Against a real Mosquitto, in both modes (the MQTT client on a thread, where
decoding shares its loop, and in a process of its own, which hands batches to
the console through a pipe). The decoder is made slower than the broker (a
busy GUI, a slow disk): the console must keep reading and acknowledging, so
the broker's queue for it never fills; what waits is counted as backlog
("data delayed"). Every test broker fails its test if it logged
"Outgoing messages are being dropped" (tests/support/mosquitto.py).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from smartcity_console.config import BrokerConfig
from smartcity_console.core.series import SeriesStore
from smartcity_console.feeds.ingest import FeedIngest
from smartcity_console.feeds.ingest_process import MqttProcess
from smartcity_console.feeds.mqtt_thread import MqttThread
from tests.integration.test_mqtt_connection import SEQ_FEED, SequencePublisher
from tests.integration.test_mqtt_ingest import wait_until
from tests.integration.test_mqtt_process import SlowIngest
from tests.support.mosquitto import Mosquitto

Client = MqttThread[FeedIngest] | MqttProcess


class SlowerThanTheBroker(FeedIngest):
    """Decodes about 4,000 readings a second, a fifth of what arrives."""

    def handle(self, topic: str, payload: bytes, now: float, retained: bool = False) -> None:
        time.sleep(0.0002)
        super().handle(topic, payload, now, retained)


Start = Callable[[BrokerConfig, FeedIngest], Client]


@pytest.fixture(params=[MqttThread, MqttProcess], ids=["thread", "process"])
def start(request: pytest.FixtureRequest) -> Iterator[Start]:
    kind: type[Client] = request.param
    clients: list[Client] = []

    def go(broker: BrokerConfig, ingest: FeedIngest) -> Client:
        client = kind(broker, ingest, backoff_initial_s=0.1, backoff_max_s=0.5)
        client.start()
        clients.append(client)
        wait_until(lambda: client.status.state == "connected", 20)
        return client

    yield go
    for client in clients:
        client.stop()


class Sampler(threading.Thread):
    """Keeps what the dashboard would read once a second, but far more often."""

    def __init__(self, client: Client) -> None:
        super().__init__(daemon=True)
        self.client = client
        self.backlogs: list[int] = []
        self.held: list[bool] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.005):
            self.backlogs.append(self.client.backlog)
            self.held.append(self.client.reading_held)


def test_a_slow_decoder_never_makes_a_default_broker_drop(
    own_mosquitto: Mosquitto, start: Start
) -> None:
    """Mosquitto's (and EMQX's) default queue of 1,000 per client, a 4,000-reading burst.

    Payloads of 1 KB, a real device's size: a pipe of a few hundred KB holds
    only a few hundred of them, so a console that stops reading while its
    pipe is full makes the broker queue the rest.
    """
    own_mosquitto.max_queued_messages = 1000
    own_mosquitto.start()
    ingest = SlowIngest([SEQ_FEED], SeriesStore())
    client = start(BrokerConfig(url=own_mosquitto.url), ingest)
    sampler = Sampler(client)
    sampler.start()
    # About 2,000 readings a second, twice what the decoder manages.
    publisher = SequencePublisher(
        own_mosquitto.port, "burst", count=4000, interval_s=0.0005, padding=1000
    )
    publisher.start()
    publisher.join(120)
    assert publisher.acked == set(range(4000))
    wait_until(lambda: not publisher.missing(ingest.store), 120)
    sampler.done.set()
    sampler.join()

    assert own_mosquitto.dropped() == []
    received = publisher.received(ingest.store)
    assert set(received.values()) == {1}  # each once
    # The burst waited in the console, counted: the dashboard said "data delayed".
    assert max(sampler.backlogs) >= 1000
    assert not any(sampler.held)  # far below the console's own bound
    assert client.backlog == 0


@pytest.mark.parametrize("start", [MqttProcess], indirect=True, ids=["process"])
def test_a_full_speed_burst_waits_in_the_mqtt_process_not_at_a_default_broker(
    own_mosquitto: Mosquitto, start: Start
) -> None:
    """The MQTT process reads at full speed whatever the console's decoder does.

    Sending into a full pipe used to stop its loop: 6,000 readings published
    at full speed against Mosquitto's default queue of 1,000 lost the newest
    ones at the broker.
    """
    own_mosquitto.max_queued_messages = 1000
    own_mosquitto.start()
    ingest = SlowIngest([SEQ_FEED], SeriesStore())
    client = start(BrokerConfig(url=own_mosquitto.url), ingest)
    publisher = SequencePublisher(own_mosquitto.port, "fast", count=6000, topics=6)
    publisher.start()
    publisher.join(120)
    assert publisher.acked == set(range(6000))
    wait_until(lambda: not publisher.missing(ingest.store), 120)
    assert own_mosquitto.dropped() == []
    assert set(publisher.received(ingest.store).values()) == {1}
    assert client.backlog == 0


def test_beyond_its_bound_the_console_reads_at_the_decoders_pace_and_loses_nothing(
    own_mosquitto: Mosquitto, start: Start, caplog: pytest.LogCaptureFixture
) -> None:
    """The broker (production settings) keeps what the console's bounded buffer cannot."""
    caplog.set_level(logging.WARNING)
    own_mosquitto.start()
    ingest = SlowerThanTheBroker([SEQ_FEED], SeriesStore())
    bound = 1000
    client = start(BrokerConfig(url=own_mosquitto.url, max_buffered_messages=bound), ingest)
    sampler = Sampler(client)
    sampler.start()
    count = 20_000
    # 10 topics: 2,000 readings a series, within the store's raw window.
    publisher = SequencePublisher(own_mosquitto.port, "bounded", count=count, topics=10)
    publisher.start()
    publisher.join(120)
    assert publisher.acked == set(range(count))
    wait_until(lambda: not publisher.missing(ingest.store), 180)
    sampler.done.set()
    sampler.join()

    assert any(sampler.held)  # shown on the dashboards
    assert client.held_back >= 1  # counted
    assert any("ingest buffer is full" in r.getMessage() for r in caplog.records)  # logged
    assert set(publisher.received(ingest.store).values()) == {1}
    assert not client.reading_held
    assert own_mosquitto.dropped() == []
