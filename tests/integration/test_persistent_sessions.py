"""A console that was stopped gets what was published meanwhile: its own id, a persistent session.

Against a real Mosquitto with the production settings (tests/support/mosquitto.py),
through the console's ingest path in both modes (the MQTT client on a thread,
and in a process of its own), with the config the console itself makes at
start (installation.with_client_id): nothing in the config file asks for it.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smartcity_console.config import AppConfig, BrokerConfig, IncidentsConfig
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.installation import with_client_id
from smartcity_console.mqtt.process import MqttProcess
from smartcity_console.mqtt.status import MqttStatus
from smartcity_console.mqtt.thread import MqttThread
from tests.integration.test_mqtt_ingest import wait_until
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish

FEED = FeedMapping(topic="rembang/#", format="json", value="value", timestamp="ts")
TOPIC = "rembang/environment/river_level/lasem"
MARKER = "rembang/test/marker"

Client = MqttThread[FeedIngest] | MqttProcess[FeedIngest]
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


def console_config(url: str, data: Path) -> AppConfig:
    """What the console connects with: the file's broker URL, then its own id."""
    config = AppConfig(
        broker=BrokerConfig(url=url),
        feeds=[FEED],
        incidents=IncidentsConfig(database=data / "incidents.sqlite3"),
    )
    resolved, _identity = with_client_id(config)
    return resolved


def sequence(count: int, start_ts: float) -> list[tuple[str, bytes | str]]:
    return [(TOPIC, json.dumps({"ts": start_ts + i, "value": i, "seq": i})) for i in range(count)]


def test_readings_published_while_stopped_arrive_all_in_order_once(
    own_mosquitto: Mosquitto, start: Start, tmp_path: Path
) -> None:
    own_mosquitto.start()
    config = console_config(own_mosquitto.url, tmp_path / "data")
    store = SeriesStore()
    ingest = FeedIngest(config.feeds, store)
    first = start(config.broker, ingest)
    first.stop()
    assert first.status.state == "stopped"

    publish(own_mosquitto.port, sequence(1000, time.time() - 2000))  # QoS 1

    second = start(config.broker, ingest)
    # A marker published after the 1,000: once it is here, everything queued before it is.
    publish(own_mosquitto.port, [(MARKER, '{"value": 1}')])
    wait_until(lambda: ingest.stats.messages >= 1001 and len(store) == 2, 30)
    second.stop()

    snapshot = store.snapshot(TOPIC)
    assert snapshot is not None
    assert snapshot.v.tolist() == [float(i) for i in range(1000)]  # all, in order, none twice
    assert ingest.stats.messages == 1001
    status = second.status
    assert isinstance(status, MqttStatus)
    assert status.persistent
    assert status.session_present is True


def test_two_consoles_from_one_copied_data_folder_both_get_everything(
    own_mosquitto: Mosquitto, start: Start, tmp_path: Path
) -> None:
    """Sharing an id, each would get part of the readings (the broker kicks one off)."""
    own_mosquitto.start()
    first_data = tmp_path / "ws-a"
    first = console_config(own_mosquitto.url, first_data)
    shutil.copytree(first_data, tmp_path / "ws-b")
    second = console_config(own_mosquitto.url, tmp_path / "ws-b")
    assert first.broker.client_id != second.broker.client_id

    stores = [SeriesStore(), SeriesStore()]
    for config, store in zip((first, second), stores, strict=True):
        start(config.broker, FeedIngest(config.feeds, store))
    publish(own_mosquitto.port, sequence(300, time.time() - 1000))
    wait_until(lambda: all(_count(store) >= 300 for store in stores), 30)
    for store in stores:
        snapshot = store.snapshot(TOPIC)
        assert snapshot is not None
        assert snapshot.v.tolist() == [float(i) for i in range(300)]


def _count(store: SeriesStore) -> int:
    snapshot = store.snapshot(TOPIC)
    return 0 if snapshot is None else len(snapshot.t)


def test_what_the_broker_dropped_shows_as_gaps_in_the_feeds_diagnostics(
    own_mosquitto: Mosquitto, start: Start, tmp_path: Path
) -> None:
    """A broker left at Mosquitto's default queue of 1,000: the loss is counted, not silent."""
    own_mosquitto.max_queued_messages = 1000
    own_mosquitto.drops_expected = True
    own_mosquitto.start()
    config = console_config(own_mosquitto.url, tmp_path / "data")
    feed = FEED.model_copy(update={"sequence": "seq"})
    ingest = FeedIngest([feed], SeriesStore())
    start(config.broker, ingest).stop()

    publish(own_mosquitto.port, sequence(1500, time.time() - 2000))  # while away
    start(config.broker, ingest)
    latest = json.dumps({"ts": time.time(), "value": 1500, "seq": 1500})
    publish(own_mosquitto.port, [(TOPIC, latest)])
    wait_until(lambda: _last(ingest.store) == 1500)

    received = _count(ingest.store) - 1
    assert received < 1500
    assert own_mosquitto.dropped()  # Mosquitto's NOTICE
    # Mosquitto kept the oldest; every number it dropped is a gap before the latest.
    assert ingest.stats.feeds[0].gaps == 1500 - received


def _last(store: SeriesStore) -> float | None:
    snapshot = store.snapshot(TOPIC)
    return None if snapshot is None or not len(snapshot.v) else float(snapshot.v[-1])


def test_a_stop_in_mid_burst_loses_nothing_and_repeats_nothing(
    own_mosquitto: Mosquitto, start: Start, tmp_path: Path
) -> None:
    """Stopped while a burst streams in, started again: every reading once.

    Readings without a time of their own, so the store's own guard against a
    redelivered reading (same time, same value) cannot hide a repeat. Two ways
    this failed: a stop that came as aiomqtt's iterator took a message lost it;
    and the last acknowledgements before DISCONNECT were lost with the TCP
    reset of a socket closed with unread data, so the broker sent those
    readings again (tens of them, in 4 stops of 10).
    """
    own_mosquitto.start()
    config = console_config(own_mosquitto.url, tmp_path / "data")
    for round_ in range(3):
        topic = f"rembang/living/traffic/round{round_}"
        values = _stop_and_start_in_a_burst(own_mosquitto, start, config, topic)
        assert sorted(values) == [float(i) for i in range(2000)], f"round {round_}"


def _stop_and_start_in_a_burst(
    broker: Mosquitto, start: Start, config: AppConfig, topic: str
) -> list[float]:
    ingest = FeedIngest(config.feeds, SeriesStore())
    first = start(config.broker, ingest)
    burst: list[tuple[str, bytes | str]] = [(topic, json.dumps({"value": i})) for i in range(2000)]
    publisher = threading.Thread(target=publish, args=(broker.port, burst))
    publisher.start()
    wait_until(lambda: ingest.stats.messages >= 500, 30)
    first.stop()
    publisher.join(60)
    second = start(config.broker, ingest)
    wait_until(lambda: ingest.stats.messages >= 2000, 30)
    # A marker after the burst: once it is here, nothing of the burst is still coming.
    publish(broker.port, [(MARKER, '{"value": 1}')])
    wait_until(lambda: ingest.store.snapshot(MARKER) is not None, 30)
    second.stop()
    snapshot = ingest.store.snapshot(topic)
    assert snapshot is not None
    return list(snapshot.v.tolist())
