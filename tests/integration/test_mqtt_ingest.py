"""Readings published to a real Mosquitto reach the series store through the MQTT client.

Each test runs with the client on a thread of this process (``MqttThread``)
and in a process of its own (``MqttProcess``, the console's default).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator

import pytest

from smartcity_console.config import BrokerConfig
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.mqtt.process import MqttProcess
from smartcity_console.mqtt.thread import MqttThread
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish

SIM_FEED = FeedMapping(
    topic="rembang/#", format="json", value="value", timestamp="ts", unit_path="unit"
)


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


Client = MqttThread[FeedIngest] | MqttProcess[FeedIngest]


@pytest.fixture(params=[MqttThread, MqttProcess], ids=["thread", "process"])
def client_factory(
    request: pytest.FixtureRequest,
) -> Iterator[Callable[[str], tuple[Client, SeriesStore]]]:
    started: list[Client] = []
    kind: type[Client] = request.param

    def make(url: str) -> tuple[Client, SeriesStore]:
        store = SeriesStore()
        client = kind(BrokerConfig(url=url), FeedIngest([SIM_FEED], store), backoff_initial_s=0.1)
        client.start()
        started.append(client)
        return client, store

    yield make
    for client in started:
        client.stop()
        assert not client.is_alive()


def test_published_reading_reaches_the_store(
    mosquitto: Mosquitto, client_factory: Callable[[str], tuple[Client, SeriesStore]]
) -> None:
    client, store = client_factory(mosquitto.url)
    wait_until(lambda: client.status.state == "connected")
    payload = json.dumps({"ts": 1764300000.25, "value": 23.4, "unit": "ug/m3"})
    publish(mosquitto.port, [("rembang/environment/pm25/alun_alun", payload)])
    wait_until(lambda: len(store) == 1)
    snap = store.snapshot("rembang/environment/pm25/alun_alun")
    assert snap is not None
    assert snap.t.tolist() == [1764300000.25]
    assert snap.v.tolist() == [23.4]
    assert snap.unit == "ug/m3"


def test_bad_payload_is_counted_and_ingestion_goes_on(
    mosquitto: Mosquitto, client_factory: Callable[[str], tuple[Client, SeriesStore]]
) -> None:
    client, store = client_factory(mosquitto.url)
    wait_until(lambda: client.status.state == "connected")
    topic = "rembang/environment/pm25/lasem"
    publish(mosquitto.port, [(topic, b"\xff\xfe not json"), (topic, '{"value": 7}')])
    wait_until(lambda: len(store) == 1)
    counters = client.ingest.stats.feeds[0]
    assert counters.errors == 1
    assert counters.last_bad_payload == b"\xff\xfe not json"
    assert counters.readings == 1


def test_reconnects_by_itself_after_the_broker_restarts(
    own_mosquitto: Mosquitto, client_factory: Callable[[str], tuple[Client, SeriesStore]]
) -> None:
    own_mosquitto.start()
    client, store = client_factory(own_mosquitto.url)
    wait_until(lambda: client.status.state == "connected")
    own_mosquitto.stop()
    wait_until(lambda: client.status.state == "disconnected")
    assert client.status.reason
    assert client.status.next_retry_at is not None
    own_mosquitto.start()
    wait_until(lambda: client.status.state == "connected", timeout=20)
    publish(own_mosquitto.port, [("rembang/living/traffic/lasem", '{"value": 12}')])
    wait_until(lambda: len(store) == 1)


def test_oversized_payload_is_counted_and_kept_for_diagnostics() -> None:
    from smartcity_console.core.topic_catalog import TopicCatalog

    catalog = TopicCatalog()
    feed = SIM_FEED.model_copy(update={"max_payload_bytes": 64})
    ingest = FeedIngest([feed], SeriesStore(), catalog)
    big = b'{"value": 1, "pad": "' + b"x" * 100 + b'"}'
    ingest.handle("rembang/economy/price_beras/pasar_rembang", big, now=1000.0)
    counters = ingest.stats.feeds[0]
    assert counters.oversized == 1
    assert counters.errors == 1
    assert counters.last_bad_payload == big
    assert catalog.snapshot("rembang/economy/price_beras/pasar_rembang") is not None
