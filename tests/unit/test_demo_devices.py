"""The demo's round trip (issue 14): devices seen unmapped, mapped with a profile, then series.

``make demo`` publishes two devices in their firmware's own format
(sim/devices.py: a Tasmota Sonoff POW R2 on a pump, a zigbee2mqtt door
contact). The bundled config browses their topics without a ``[[feeds]]``
table, so they reach the topic browser and no series; mapped with their
profile (what "Map this topic..." does), they give series with units and states.
"""

from __future__ import annotations

from smartcity_console.config import load_config
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.topic_catalog import TopicCatalog
from smartcity_console.core.topics import TopicRouter, matches
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.paths import bundled_config_file
from smartcity_console.sim.devices import DOOR_TOPIC, PUMP_TOPIC, device_messages

NOW = 1_764_300_000.0  # 10:20 WIB: the pump runs, the warehouse door is open


def test_demo_devices_are_browsed_unmapped_then_mapped_with_their_profiles() -> None:
    config = load_config(bundled_config_file())
    feeds = config.feeds
    for topic in (PUMP_TOPIC, DOOR_TOPIC):
        assert TopicRouter([f.topic for f in feeds]).route(topic) is None
        assert any(matches(b, topic) for b in config.broker.browse)

    catalog = TopicCatalog()
    ingest = FeedIngest(list(feeds), SeriesStore(), catalog, browse=config.broker.browse)
    assert set(config.broker.browse) <= set(ingest.subscriptions)
    for topic, payload in device_messages(NOW):
        ingest.handle(topic, payload, NOW)
    assert ingest.flush(NOW) == 0  # seen, not plotted
    assert {s.topic for s in catalog.take_changes(NOW).changed} == {PUMP_TOPIC, DOOR_TOPIC}

    ingest.add_feed(
        FeedMapping(topic=PUMP_TOPIC, profile="tasmota", timezone="Asia/Jakarta"), PUMP_TOPIC
    )
    ingest.add_feed(FeedMapping(topic=DOOR_TOPIC, profile="zigbee2mqtt"), DOOR_TOPIC)
    later = NOW + 10
    for topic, payload in device_messages(later):
        ingest.handle(topic, payload, later)
    assert ingest.flush(later) > 0
    store = ingest.store
    power = store.buffer(PUMP_TOPIC + "#ENERGY.Power")
    assert power is not None
    assert power.unit == "W"
    last = power.last()
    assert last is not None
    assert last[0] == later  # stamped with the device's own Time (WIB, no offset)
    assert last[1] > 700
    assert store.buffer(PUMP_TOPIC + "#ENERGY.Total").unit == "kWh"  # type: ignore[union-attr]
    door = store.buffer(DOOR_TOPIC + "#contact")
    assert door is not None
    assert door.state
    assert door.last() == (later, 0.0)  # contact false: open (zigbee2mqtt's exposes)
