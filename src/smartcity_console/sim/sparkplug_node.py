"""One Sparkplug B edge node for ``demo``: a water-utility gateway with one pump.

So that ``make demo`` shows Sparkplug B end to end (docs/feeds.md, Sparkplug B),
the demo's embedded services run this node beside the simulator. It behaves
as Sparkplug 3.0 asks of an edge node: its NDEATH (with the session's
``bdSeq``) is the MQTT will, then NBIRTH and DBIRTH name every metric with
an alias, datatype and ``engUnit``, and DDATA sends aliases only, with a
``seq`` that counts 0-255 across the node's messages. On stop it says DDEATH
and NDEATH itself, as a node that shuts down cleanly does.

The values are a plausible pump (flow in L/s, pressure in bar, running or
not), not a model of anything in Rembang; the simulator's own series are in
sim/simulator.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
import time
from typing import Final

import aiomqtt

from smartcity_console.core.sparkplug.sparkplug_b_pb2 import DataType, Payload
from smartcity_console.mqtt.broker_url import parse_broker_url

GROUP: Final = "PDAM Rembang"
NODE: Final = "gateway-lasem"
DEVICE: Final = "pompa-1"
INTERVAL_S: Final = 5.0

# alias: (name, datatype, unit)
_NODE_METRICS: Final = {1: ("Uptime", DataType.UInt64, "s")}
_DEVICE_METRICS: Final = {
    10: ("Flow", DataType.Float, "L/s"),
    11: ("Pressure", DataType.Float, "bar"),
    12: ("Running", DataType.Boolean, None),
}


def _topic(kind: str, device: str | None = None) -> str:
    return f"spBv1.0/{GROUP}/{kind}/{NODE}" + (f"/{device}" if device else "")


def _set(metric: Payload.Metric, datatype: int, value: float | bool) -> None:
    metric.datatype = datatype
    if datatype == DataType.Boolean:
        metric.boolean_value = bool(value)
    elif datatype == DataType.Float:
        metric.float_value = float(value)
    else:
        metric.long_value = int(value)


class SparkplugNode:
    """The node's state: its session number, ``seq``, and the pump's values."""

    def __init__(self, seed: int = 1, bd_seq: int = 0) -> None:
        self.bd_seq = bd_seq
        self._seq = 0
        self._random = random.Random(seed)
        self._started = time.time()

    def _payload(self) -> Payload:
        payload = Payload()
        payload.timestamp = int(time.time() * 1000)
        payload.seq = self._seq
        self._seq = (self._seq + 1) % 256
        return payload

    def death(self) -> bytes:
        payload = Payload()
        metric = payload.metrics.add()
        metric.name = "bdSeq"
        _set(metric, DataType.Int64, self.bd_seq)
        return payload.SerializeToString()

    def _pump(self, now: float) -> dict[int, float | bool]:
        running = math.sin(now / 600) > -0.6  # off for about a fifth of each hour
        flow = 42.0 + 6.0 * math.sin(now / 300) + self._random.gauss(0, 0.8) if running else 0.0
        pressure = 2.4 + 0.3 * math.sin(now / 300) + self._random.gauss(0, 0.03)
        return {10: round(flow, 2), 11: round(pressure if running else 0.3, 3), 12: running}

    def node_birth(self) -> bytes:
        self._seq = 0
        payload = self._payload()
        self._add(payload, "bdSeq", None, DataType.Int64, self.bd_seq, None)
        self._add(payload, "Node Control/Rebirth", 0, DataType.Boolean, False, None)
        for alias, (name, datatype, unit) in _NODE_METRICS.items():
            self._add(payload, name, alias, datatype, time.time() - self._started, unit)
        return payload.SerializeToString()

    def device_birth(self) -> bytes:
        payload = self._payload()
        values = self._pump(time.time())
        for alias, (name, datatype, unit) in _DEVICE_METRICS.items():
            self._add(payload, name, alias, datatype, values[alias], unit)
        return payload.SerializeToString()

    def device_data(self) -> bytes:
        payload = self._payload()
        for alias, value in self._pump(time.time()).items():
            metric = payload.metrics.add()
            metric.alias = alias
            metric.timestamp = payload.timestamp
            _set(metric, _DEVICE_METRICS[alias][1], value)
        return payload.SerializeToString()

    def device_death(self) -> bytes:
        return self._payload().SerializeToString()

    @staticmethod
    def _add(
        payload: Payload,
        name: str,
        alias: int | None,
        datatype: int,
        value: float | bool,
        unit: str | None,
    ) -> None:
        metric = payload.metrics.add()
        metric.name = name
        if alias is not None:
            metric.alias = alias
        metric.timestamp = payload.timestamp
        _set(metric, datatype, value)
        if unit is not None:
            metric.properties.keys.append("engUnit")
            prop = metric.properties.values.add()
            prop.type = DataType.String
            prop.string_value = unit


async def run_sparkplug_node(
    broker_url: str, stop: asyncio.Event, seed: int = 1, interval_s: float = INTERVAL_S
) -> None:
    """Be the node until ``stop`` is set: BIRTHs, then a DDATA every ``interval_s``."""
    address = parse_broker_url(broker_url)
    node = SparkplugNode(seed)
    will = aiomqtt.Will(_topic("NDEATH"), node.death(), qos=1)
    async with aiomqtt.Client(
        address.host, address.port, identifier=f"sparkplug-{NODE}", will=will
    ) as client:
        await client.publish(_topic("NBIRTH"), node.node_birth(), qos=1)
        await client.publish(_topic("DBIRTH", DEVICE), node.device_birth(), qos=1)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval_s)
            if not stop.is_set():
                await client.publish(_topic("DDATA", DEVICE), node.device_data(), qos=1)
        await client.publish(_topic("DDEATH", DEVICE), node.device_death(), qos=1)
        await client.publish(_topic("NDEATH"), node.death(), qos=1)
