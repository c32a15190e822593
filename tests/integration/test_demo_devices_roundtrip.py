"""``make demo``'s round trip over a real broker (issue 14): seen unmapped, mapped, then series.

The demo's embedded broker and publishers (demo/services.py) run here; the
console's ingest subscribes as the console does, with the bundled config's
feeds and its ``[broker] browse`` list. The Tasmota pump and the zigbee2mqtt
door (sim/devices.py) reach the topic catalog (what the topic browser shows)
without a series; mapped as the map dialog maps them, they become series.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from smartcity_console.config import BrokerConfig, load_config
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.topic_catalog import TopicCatalog
from smartcity_console.demo.services import EmbeddedServices, ServiceOptions
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.mqtt.thread import MqttThread
from smartcity_console.paths import bundled_config_file
from smartcity_console.sim.devices import DOOR_TOPIC, PUMP_TOPIC


def wait_until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def test_demo_devices_are_seen_then_mapped_then_plotted() -> None:
    services = EmbeddedServices(ServiceOptions(sync_server=False, device_interval_s=0.2))
    services.start_and_wait()
    config = load_config(bundled_config_file())
    catalog = TopicCatalog()
    ingest = FeedIngest(list(config.feeds), SeriesStore(), catalog, browse=config.broker.browse)
    client = MqttThread(BrokerConfig(url=services.broker_url), ingest, backoff_initial_s=0.1)
    client.start()
    try:
        wait_until(lambda: catalog.snapshot(PUMP_TOPIC) is not None)
        wait_until(lambda: catalog.snapshot(DOOR_TOPIC) is not None)
        ingest.flush()
        assert not ingest.store.names("tele/#")  # seen in the browser, not a series
        ingest.add_feed(
            FeedMapping(topic=PUMP_TOPIC, profile="tasmota", timezone="Asia/Jakarta"), PUMP_TOPIC
        )
        ingest.add_feed(FeedMapping(topic=DOOR_TOPIC, profile="zigbee2mqtt"), DOOR_TOPIC)

        def mapped() -> bool:
            ingest.flush()
            return {PUMP_TOPIC + "#ENERGY.Power", DOOR_TOPIC + "#contact"} <= set(
                ingest.store.names()
            )

        wait_until(mapped)
        power = ingest.store.buffer(PUMP_TOPIC + "#ENERGY.Power")
        door = ingest.store.buffer(DOOR_TOPIC + "#contact")
        assert power is not None
        assert door is not None
        assert power.unit == "W"
        assert door.state
    finally:
        client.stop()
        services.stop()
