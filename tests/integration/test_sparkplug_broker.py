"""Sparkplug B through a real Mosquitto and the console's MQTT process.

An edge node publishes Eclipse Tahu's example messages (tests/support/sparkplug.py,
built with the vendored proto) the way Tahu's example.py does: its NDEATH as
the MQTT will, then NBIRTH, DBIRTH and DDATA by alias. The console must plot
them by name, count what it cannot read, keep the aliases across its own
reconnect, and show the node's series stale the moment the broker delivers its
death (here: the node's connection cut without DISCONNECT, so the will fires).
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from smartcity_console.config import BrokerConfig
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.mqtt.process import MqttProcess
from smartcity_console.sim import sparkplug_node
from tests.integration.test_mqtt_ingest import wait_until
from tests.support import sparkplug as tahu
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish
from tests.support.sparkplug import DEVICE_SERIES, NODE_SERIES, device_topic, node_topic

FEED = FeedMapping(topic="spBv1.0/#", format="sparkplug")
METRIC2 = DEVICE_SERIES + "output/Device Metric2"
NODE_METRIC2 = NODE_SERIES + "Node Metric2"


@pytest.fixture
def console(mosquitto: Mosquitto) -> Iterator[MqttProcess[FeedIngest]]:
    client = MqttProcess(
        BrokerConfig(url=mosquitto.url),
        FeedIngest([FEED], SeriesStore()),
        backoff_initial_s=0.1,
        backoff_max_s=0.5,
    )
    client.start()
    wait_until(lambda: client.status.state == "connected" and client.pid is not None)
    yield client
    client.stop()


@pytest.fixture
def edge_node(mosquitto: Mosquitto) -> Iterator[mqtt.Client]:
    """Tahu example.py's connection: NDEATH (bdSeq 0) as the will, QoS 1 here for order."""
    node = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="tahu-edge-node")
    node.will_set(node_topic("NDEATH"), tahu.node_death(bd_seq=0), qos=1)
    node.connect("127.0.0.1", mosquitto.port)
    node.loop_start()
    yield node
    node.loop_stop()
    node.disconnect()


def send(node: mqtt.Client, *messages: tuple[str, bytes]) -> None:
    for info in [node.publish(topic, payload, qos=1) for topic, payload in messages]:
        info.wait_for_publish(timeout=10)


def values(client: MqttProcess[FeedIngest], series: str) -> list[float]:
    snapshot = client.ingest.store.snapshot(series)
    return [] if snapshot is None else snapshot.v.tolist()


def test_a_sparkplug_node_is_plotted_counted_and_goes_stale_when_it_dies(
    mosquitto: Mosquitto, console: MqttProcess[FeedIngest], edge_node: mqtt.Client
) -> None:
    counters = console.ingest.stats.feeds[0]
    store = console.ingest.store
    t_ms = int(time.time() * 1000)

    # A DDATA from a node this console never saw born: counted, nothing guessed.
    publish(mosquitto.port, [(device_topic("DDATA"), tahu.device_data(t_ms, 9, True, 3))])
    wait_until(lambda: counters.before_birth == 1)
    assert counters.errors == 1
    assert len(store) == 0

    send(
        edge_node,
        (node_topic("NBIRTH"), tahu.node_birth(t_ms, bd_seq=0, seq=0)),
        (device_topic("DBIRTH"), tahu.device_birth(t_ms, seq=1, metric2=16)),
        (device_topic("DDATA"), tahu.device_data(t_ms + 1000, 2, False, metric2=-5)),
        (device_topic("DDATA"), tahu.device_data(t_ms + 2000, 5, True, metric2=7)),  # 3, 4 lost
    )
    wait_until(lambda: values(console, METRIC2) == [16.0, -5.0, 7.0])
    assert values(console, DEVICE_SERIES + "input/Device Metric1") == [1.0, 0.0, 1.0]
    assert values(console, NODE_METRIC2) == [13.0]
    snapshot = store.snapshot(NODE_METRIC2)
    assert snapshot is not None
    assert snapshot.unit == "MyCustomUnits"
    assert counters.gaps == 2
    assert store.stale(time.time()) == set()

    # The console's MQTT process dies and is replaced: the aliases it learnt stay.
    old = console.pid
    assert old is not None
    os.kill(old, signal.SIGKILL)
    wait_until(lambda: console.pid not in (None, old) and console.status.state == "connected")
    send(edge_node, (node_topic("NDATA"), tahu.node_data(t_ms + 3000, 6, node_metric2=-300)))
    wait_until(lambda: values(console, NODE_METRIC2) == [13.0, -300.0])

    # DDEATH: that device's series are stale at once, the node's are not.
    send(edge_node, (device_topic("DDEATH"), tahu.device_death(t_ms + 4000, 7)))
    wait_until(lambda: METRIC2 in store.stale(time.time()))
    assert NODE_METRIC2 not in store.stale(time.time())

    # The node's connection is cut (no DISCONNECT): the broker publishes its will.
    edge_node.loop_stop()
    sock = edge_node.socket()
    assert sock is not None
    sock.close()
    wait_until(lambda: NODE_METRIC2 in store.stale(time.time()))
    assert counters.errors == 1  # the deaths were read, not refused


def test_the_demo_node_is_read_by_name_with_units_and_its_shutdown_is_stale(
    mosquitto: Mosquitto, console: MqttProcess[FeedIngest]
) -> None:
    """sim/sparkplug_node.py, the node ``make demo`` runs, against the console's default feed."""
    store = console.ingest.store
    flow = f"{sparkplug_node.GROUP}/{sparkplug_node.NODE}/{sparkplug_node.DEVICE}/Flow"

    async def run_until_two_ddata(stop: asyncio.Event) -> None:
        node = asyncio.create_task(
            sparkplug_node.run_sparkplug_node(mosquitto.url, stop, interval_s=0.05)
        )
        # The console decodes on its own thread; wait for it off this loop.
        await asyncio.to_thread(wait_until, lambda: len(values(console, flow)) >= 3)
        stop.set()
        await node

    asyncio.run(run_until_two_ddata(asyncio.Event()))
    wait_until(lambda: flow in store.stale(time.time()))
    snapshot = store.snapshot(flow)
    assert snapshot is not None
    assert snapshot.unit == "L/s"
    running = store.snapshot(flow.replace("/Flow", "/Running"))
    assert running is not None
    assert set(running.v.tolist()) <= {0.0, 1.0}
    counters = console.ingest.stats.feeds[0]
    assert (counters.errors, counters.gaps) == (0, 0)
