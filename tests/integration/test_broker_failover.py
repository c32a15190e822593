"""``[broker] urls``: when its broker is gone the console moves to the next one, and stays.

Two real Mosquittos (with the production settings) stand for two nodes of a
broker pair; devices publish to whichever node they reach, here the one
still running. Both modes: the MQTT client on a thread, and in its process.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smartcity_console.config import BrokerConfig
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.mqtt.process import MqttProcess
from smartcity_console.mqtt.thread import MqttThread
from tests.integration.test_mqtt_ingest import wait_until
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish

FEED = FeedMapping(topic="rembang/#", format="json", value="value", timestamp="ts")
TOPIC = "rembang/environment/tide/tasik_agung"

Client = MqttThread[FeedIngest] | MqttProcess[FeedIngest]


@pytest.fixture
def second_mosquitto(tmp_path: Path) -> Iterator[Mosquitto]:
    broker = Mosquitto(workdir=tmp_path / "mosquitto-b")
    yield broker
    broker.stop()
    broker.check_no_drops()


@pytest.fixture(params=[MqttThread, MqttProcess], ids=["thread", "process"])
def start(request: pytest.FixtureRequest) -> Iterator[Callable[[BrokerConfig], Client]]:
    kind: type[Client] = request.param
    clients: list[Client] = []

    def go(broker: BrokerConfig) -> Client:
        client = kind(broker, FeedIngest([FEED], SeriesStore()), backoff_initial_s=0.1)
        client.start()
        clients.append(client)
        return client

    yield go
    for client in clients:
        client.stop()


def readings(values: range) -> list[tuple[str, bytes | str]]:
    now = time.time()
    return [(TOPIC, json.dumps({"ts": now - 100 + v, "value": v})) for v in values]


def values(client: Client) -> list[float]:
    snapshot = client.ingest.store.snapshot(TOPIC)
    return [] if snapshot is None else snapshot.v.tolist()


def test_readings_keep_flowing_from_the_second_broker_when_the_first_is_gone(
    own_mosquitto: Mosquitto,
    second_mosquitto: Mosquitto,
    start: Callable[[BrokerConfig], Client],
) -> None:
    first, second = own_mosquitto, second_mosquitto
    first.start()
    second.start()
    client = start(
        BrokerConfig(
            urls=[first.url, second.url],
            client_id="console-failover",
            backoff_initial_s=0.1,
            backoff_max_s=0.5,
        )
    )
    wait_until(lambda: client.status.state == "connected")
    assert client.status.broker == first.url  # the first in the list, while it works
    publish(first.port, readings(range(10)))
    wait_until(lambda: len(values(client)) == 10)

    first.stop()
    wait_until(lambda: client.status.state == "connected" and client.status.broker == second.url)
    publish(second.port, readings(range(10, 20)))
    wait_until(lambda: len(values(client)) == 20)
    assert values(client) == [float(v) for v in range(20)]

    # The first broker returns: the console stays on the one that works (no flapping).
    first.start()
    publish(second.port, readings(range(20, 25)))
    wait_until(lambda: len(values(client)) == 25)
    assert client.status.broker == second.url

    # Until that one goes: then it moves on, round the list, back to the first.
    second.stop()
    wait_until(lambda: client.status.state == "connected" and client.status.broker == first.url)
    publish(first.port, readings(range(25, 30)))
    wait_until(lambda: len(values(client)) == 30)
    assert values(client) == [float(v) for v in range(30)]  # none twice (a redelivery is not)


def test_with_one_url_the_console_retries_the_same_broker(
    own_mosquitto: Mosquitto, start: Callable[[BrokerConfig], Client]
) -> None:
    """``url`` alone (every config written before ``urls``) works as before."""
    own_mosquitto.start()
    client = start(BrokerConfig(url=own_mosquitto.url, backoff_initial_s=0.1, backoff_max_s=0.5))
    wait_until(lambda: client.status.state == "connected")
    assert client.status.link_up
    own_mosquitto.stop()
    wait_until(lambda: client.status.state == "disconnected")
    assert not client.status.link_up
    assert client.status.broker == own_mosquitto.url
    own_mosquitto.start()
    wait_until(lambda: client.status.state == "connected")
    assert client.status.broker == own_mosquitto.url
    assert client.status.link_up
