"""Devices the demo publishes in their own firmware's format, with no ``[[feeds]]`` table.

The Rembang simulator speaks the console's own contract (``rembang/...``
with ``{"ts", "value", "unit"}``). A city also buys off-the-shelf devices
that speak their firmware's format; these two let ``make demo`` show the
installer's round trip: the topic appears in View → Topic browser (the
bundled config subscribes to the firmwares' topics under ``[broker]
browse``), "Map this topic..." maps it with a profile, and "Add to plot"
puts its series on the shown dashboard.

- ``tele/pompa_air_lasem/SENSOR``: the water pump at Lasem behind a Sonoff
  POW R2 running Tasmota (the ENERGY object of Tasmota's telemetry, local
  time in WIB without an offset, as Tasmota sends it).
- ``zigbee2mqtt/pintu_gudang_bulog``: a door contact (Aqara MCCGQ11LM) on the
  BULOG rice warehouse, as zigbee2mqtt publishes it (``contact`` true when closed).

Values are pure functions of time, so the demo needs no state.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import time
from datetime import datetime

import aiomqtt

from smartcity_console.core.clock import WIB
from smartcity_console.mqtt.broker_url import parse_broker_url

log = logging.getLogger(__name__)

PUMP_TOPIC = "tele/pompa_air_lasem/SENSOR"
DOOR_TOPIC = "zigbee2mqtt/pintu_gudang_bulog"
INTERVAL_S = 10.0
_TOTAL_AT_EPOCH_KWH = 1520.0  # the meter's reading when the demo's clock began


def device_messages(now: float) -> list[tuple[str, bytes]]:
    """What the two devices send at ``now`` (epoch seconds)."""
    # The pump runs 40 minutes of every hour, drawing about 750 W.
    running = (now % 3600) < 2400
    power = round(750 + 25 * math.sin(now / 97), 1) if running else 0.0
    voltage = round(225 + 4 * math.sin(now / 613), 1)
    current = round(power / voltage / 0.92, 3) if power else 0.0
    apparent = round(voltage * current, 1)
    reactive = round(math.sqrt(max(apparent**2 - power**2, 0.0)), 1)
    pump = {
        "Time": datetime.fromtimestamp(now, WIB).strftime("%Y-%m-%dT%H:%M:%S"),
        "ENERGY": {
            "TotalStartTime": "2024-01-15T08:00:00",
            "Total": round(_TOTAL_AT_EPOCH_KWH + now / 3600 * 0.5 / 1000, 3),
            "Yesterday": 12.004,
            "Today": round((now % 86_400) / 3600 * 0.5, 3),
            "Power": power,
            "ApparentPower": apparent,
            "ReactivePower": reactive,
            "Factor": 0.92 if power else 0.0,
            "Voltage": voltage,
            "Current": current,
        },
    }
    # The warehouse door opens for five minutes every twenty.
    door = {
        "contact": (now % 1200) >= 300,
        "battery": 91,
        "voltage": 2985,
        "linkquality": 120 + int(10 * math.sin(now / 59)),
    }
    return [
        (PUMP_TOPIC, json.dumps(pump, separators=(",", ":")).encode()),
        (DOOR_TOPIC, json.dumps(door, separators=(",", ":")).encode()),
    ]


async def publish_devices(
    broker_url: str, stop: asyncio.Event, interval_s: float = INTERVAL_S
) -> None:
    """Publish :func:`device_messages` every ``interval_s`` until ``stop``; retries quietly."""
    address = parse_broker_url(broker_url)
    while not stop.is_set():
        try:
            async with aiomqtt.Client(address.host, address.port) as client:
                while not stop.is_set():
                    for topic, payload in device_messages(time.time()):
                        await client.publish(topic, payload, qos=0, retain=False, timeout=3.0)
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), interval_s)
        except aiomqtt.MqttError as exc:
            log.info("demo devices: broker link lost (%s); retrying", exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)
