"""The Sparkplug B decoder: protobuf payloads to readings, with the BIRTH state they need.

One :class:`SparkplugDecoder` serves one ``[[feeds]]`` mapping with
``format = "sparkplug"`` and lives as long as the console's ingest
(``ingest.feed_ingest.FeedIngest``), so what a BIRTH taught survives a
reconnect to the broker; a new NBIRTH (a new session of that node) replaces
it. Per node it remembers:

- the metrics of the NBIRTH and of each DBIRTH: name, datatype, unit (the
  ``engUnit`` property) and alias, so that DATA messages that send only an
  alias are read with the BIRTH's name and datatype. A DATA with no BIRTH
  before it (or after a DEATH) is refused with :class:`BirthMissingError`,
  counted in the diagnostics; its aliases are never guessed.
- the last ``seq`` (0-255, one counter per node across its N and D
  messages): numbers that were skipped are reported in ``Decoded.missed``.
- the NBIRTH's ``bdSeq``: an NDEATH with another ``bdSeq`` is the will of an
  earlier session, delivered late, and is ignored (Sparkplug 3.0: bdSeq pairs
  an NDEATH with its NBIRTH).

Series are named ``<group>/<node>/<metric>`` and
``<group>/<node>/<device>/<metric>``; an NDEATH (DDEATH) returns every series
of that node (device) in ``Decoded.stale``, which the store marks stale at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final

from google.protobuf.message import DecodeError as ProtobufDecodeError

from smartcity_console.core.decoders import Decoded, PayloadTooLargeError, hex_prefix
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.readings import Reading
from smartcity_console.core.sparkplug.errors import BirthMissingError
from smartcity_console.core.sparkplug.sparkplug_b_pb2 import DataType, Payload
from smartcity_console.core.sparkplug.topic import SparkplugTopic, parse_topic
from smartcity_console.core.timestamps import DecodeError, preview

__all__ = ["BirthMissingError", "SparkplugDecoder"]


# Signed integer types and their width: Sparkplug sends them as two's complement
# in the unsigned int_value/long_value fields (Tahu's addMetric adds 2**width).
_SIGNED_WIDTH: Final[dict[int, int]] = {
    DataType.Int8: 8,
    DataType.Int16: 16,
    DataType.Int32: 32,
    DataType.Int64: 64,
}
_UNSIGNED: Final[frozenset[int]] = frozenset(
    {DataType.UInt8, DataType.UInt16, DataType.UInt32, DataType.UInt64}
)
_REAL: Final[frozenset[int]] = frozenset({DataType.Float, DataType.Double})
_PLOTTED: Final[frozenset[int]] = frozenset({*_SIGNED_WIDTH, *_UNSIGNED, *_REAL, DataType.Boolean})
# Metrics that are commands or session bookkeeping, not measurements.
_CONTROL_PREFIXES: Final = ("Node Control/", "Device Control/")
_SESSION_METRIC: Final = "bdSeq"
# The property Tahu and Ignition use for a metric's engineering unit.
UNIT_PROPERTY: Final = "engUnit"
# seq counts 0..255 and wraps; a step back of up to this many is a late message.
_SEQ_MODULUS: Final = 256
_LATE_WINDOW: Final = 64
_MAX_TEMPLATE_DEPTH: Final = 8
_NUMERIC_VALUE_FIELDS: Final = frozenset(
    {"int_value", "long_value", "float_value", "double_value", "boolean_value"}
)


@dataclass(slots=True)
class _Metric:
    """What a BIRTH said about one metric."""

    series: str
    datatype: int
    unit: str | None
    control: bool = False  # Node Control/..., Device Control/..., bdSeq: never a series
    # A Template instance (a UDT): its members, by name, each a series of its own.
    members: dict[str, _Metric] | None = None

    def all_series(self) -> list[str]:
        """The series this metric gives: itself when numeric, else its members'."""
        if self.control:
            return []
        if self.members is not None:
            return [name for member in self.members.values() for name in member.all_series()]
        return [self.series] if self.datatype in _PLOTTED else []


@dataclass(slots=True)
class _Edge:
    """A node's or a device's metrics, by alias and by name, from its last BIRTH."""

    by_alias: dict[int, _Metric] = field(default_factory=dict)
    by_name: dict[str, _Metric] = field(default_factory=dict)
    alive: bool = True

    def series(self) -> list[str]:
        """The series this node or device can have: its numeric metrics and members."""
        return [name for metric in self.by_name.values() for name in metric.all_series()]


@dataclass(slots=True)
class _Node:
    edge: _Edge | None = None  # None until its NBIRTH
    devices: dict[str, _Edge] = field(default_factory=dict)
    seq: int | None = None
    bd_seq: int | None = None


def _unit_of(metric: Payload.Metric) -> str | None:
    if not metric.HasField("properties"):
        return None
    props = metric.properties
    for key, value in zip(props.keys, props.values, strict=False):
        if key == UNIT_PROPERTY and value.WhichOneof("value") == "string_value":
            return value.string_value or None
    return None


def _template_members(
    metric: Payload.Metric, prefix: str, depth: int = 0
) -> dict[str, _Metric] | None:
    """The members of a Template instance, as the BIRTH declares them; None for no instance.

    Template definitions (``is_definition``, Ignition's ``_types_/...``) hold no
    values. Members are named ``<metric>/<member>``; nested instances recurse
    (to a depth of :data:`_MAX_TEMPLATE_DEPTH`).
    """
    if metric.WhichOneof("value") != "template_value" or metric.template_value.is_definition:
        return None
    members: dict[str, _Metric] = {}
    for member in metric.template_value.metrics:
        if not member.name or not member.HasField("datatype"):
            continue
        known = _Metric(prefix + member.name, member.datatype, _unit_of(member))
        if member.datatype == DataType.Template and depth < _MAX_TEMPLATE_DEPTH:
            known.members = _template_members(member, known.series + "/", depth + 1)
        members[member.name] = known
    return members


def _number(metric: Payload.Metric, datatype: int, label: str) -> float | None:
    """The metric's value as a float, or None when it is no number (string, dataset...).

    Booleans are 0/1. The value is read from whichever numeric field is set,
    so a UInt32 in ``long_value`` (Sparkplug 3.0) or ``int_value`` (Tahu) reads alike.
    """
    which = metric.WhichOneof("value")
    if which not in _NUMERIC_VALUE_FIELDS:
        return None
    if datatype in _SIGNED_WIDTH:
        raw = metric.int_value if which == "int_value" else metric.long_value
        width = _SIGNED_WIDTH[datatype]
        if width < 32 and raw >= 2**31:  # sign-extended to 32 bits by some encoders
            raw -= 2**32
        elif raw >= 2 ** (width - 1):
            raw -= 2**width
        return float(raw)
    if datatype in _UNSIGNED:
        return float(metric.int_value if which == "int_value" else metric.long_value)
    if datatype in _REAL:
        if which not in ("float_value", "double_value"):
            raise DecodeError(f"metric {label} is a {DataType.Name(datatype)} without a real value")
        value = metric.float_value if which == "float_value" else metric.double_value
        return value if math.isfinite(value) else None
    if datatype == DataType.Boolean:
        if which != "boolean_value":
            raise DecodeError(f"metric {label} is a Boolean without a boolean value")
        return 1.0 if metric.boolean_value else 0.0
    return None  # DateTime, String, Text, UUID, Bytes, File, DataSet, Template, arrays


class SparkplugDecoder:
    """Decodes the messages of one ``format = "sparkplug"`` feed; keeps BIRTH state.

    Not thread-safe: like every decoder it runs on the one thread that
    decodes (``mqtt-receive``, or ``mqtt-ingest`` without a separate process).
    """

    __slots__ = ("_limit", "_nodes", "_unit")

    def __init__(self, mapping: FeedMapping) -> None:
        self._limit = mapping.max_payload_bytes
        self._unit = mapping.unit  # for metrics with no engUnit, as in every format
        self._nodes: dict[tuple[str, str], _Node] = {}

    def decode(self, topic: str, payload: bytes, now: float) -> Decoded:
        """Readings of one message; raises only :class:`DecodeError`."""
        if len(payload) > self._limit:
            raise PayloadTooLargeError(
                f"payload is {len(payload)} bytes, over the limit of {self._limit} bytes "
                "(max_payload_bytes)"
            )
        where = parse_topic(topic)
        if not where.carries_data:
            return Decoded([], 0)  # commands and host STATE: nothing to plot, not an error
        if not payload:
            raise DecodeError("payload is empty (a Sparkplug B payload is never empty)")
        try:
            message = Payload.FromString(payload)
        except ProtobufDecodeError:
            raise DecodeError(
                f"binary payload is not a Sparkplug B protobuf payload (first bytes: "
                f"{hex_prefix(payload)})"
            ) from None
        kind = where.kind
        if kind == "NBIRTH":
            return self._node_birth(where, message)
        if kind == "NDEATH":
            return self._node_death(where, message)
        node = self._nodes.get((where.group, where.node))
        missed = 0 if node is None else self._step_seq(node, message)
        if kind == "DBIRTH":
            return self._device_birth(where, message, missed)
        if kind == "DDEATH":
            return self._device_death(where, node, missed)
        return self._data(where, node, message, missed)

    # -- BIRTH ----------------------------------------------------------------

    def _node_birth(self, where: SparkplugTopic, message: Payload) -> Decoded:
        # A new session of the node: its devices must be born again too. The old
        # session's aliases go first, so a BIRTH refused below leaves none to misread by.
        self._nodes.pop((where.group, where.node), None)
        node = _Node(seq=message.seq if message.HasField("seq") else None)
        for metric in message.metrics:
            if metric.name == _SESSION_METRIC and metric.WhichOneof("value") == "long_value":
                node.bd_seq = metric.long_value
        edge, readings, ignored = self._birth(where, message, f"{where.group}/{where.node}/")
        node.edge = edge
        self._nodes[(where.group, where.node)] = node
        return Decoded(readings, ignored)

    def _device_birth(self, where: SparkplugTopic, message: Payload, missed: int) -> Decoded:
        assert where.device is not None
        node = self._nodes.setdefault((where.group, where.node), _Node())
        node.devices.pop(where.device, None)  # as for the NBIRTH: nothing stale to misread by
        prefix = f"{where.group}/{where.node}/{where.device}/"
        edge, readings, ignored = self._birth(where, message, prefix)
        node.devices[where.device] = edge
        return Decoded(readings, ignored, missed=missed)

    def _birth(
        self, where: SparkplugTopic, message: Payload, prefix: str
    ) -> tuple[_Edge, list[Reading], int]:
        edge = _Edge()
        readings: list[Reading] = []
        ignored = 0
        for index, metric in enumerate(message.metrics, 1):
            if not metric.name:
                raise DecodeError(
                    f"{where.kind} metric {index} has no name (a BIRTH names them all)"
                )
            name = metric.name
            if not metric.HasField("datatype"):
                raise DecodeError(f"{where.kind} metric {preview(name)} has no datatype")
            control = name.startswith(_CONTROL_PREFIXES) or (
                where.device is None and name == _SESSION_METRIC
            )
            known = _Metric(prefix + name, metric.datatype, _unit_of(metric), control)
            if metric.datatype == DataType.Template:
                known.members = _template_members(metric, known.series + "/")
            if metric.HasField("alias"):
                other = edge.by_alias.get(metric.alias)
                if other is not None and other.series != known.series:
                    raise DecodeError(
                        f"{where.kind} gives alias {metric.alias} to two metrics "
                        f"({preview(other.series[len(prefix) :])} and {preview(name)})"
                    )
                edge.by_alias[metric.alias] = known
            edge.by_name[name] = known
            if not control:
                ignored += self._read(metric, known, _time(message), readings, preview(name))
        return edge, readings, ignored

    # -- DATA -----------------------------------------------------------------

    def _data(
        self, where: SparkplugTopic, node: _Node | None, message: Payload, missed: int
    ) -> Decoded:
        edge = self._edge(where, node)
        readings: list[Reading] = []
        ignored = 0
        for index, metric in enumerate(message.metrics, 1):
            if metric.HasField("alias"):
                known = edge.by_alias.get(metric.alias)
                label = f"alias {metric.alias}"
            elif metric.name:
                known = edge.by_name.get(metric.name)
                label = preview(metric.name)
            else:
                raise DecodeError(f"{where.kind} metric {index} has neither a name nor an alias")
            if known is None:
                raise DecodeError(
                    f"{where.kind} metric {label} is not in the {_birth_of(where)} of "
                    f"{_who(where)}; the node should be asked for a rebirth"
                )
            if not known.control:
                ignored += self._read(metric, known, _time(message), readings, label)
        return Decoded(readings, ignored, missed=missed)

    def _edge(self, where: SparkplugTopic, node: _Node | None) -> _Edge:
        """The BIRTH state a DATA message is read with; refuses rather than guesses."""
        edge: _Edge | None = None
        if node is not None:
            edge = node.edge if where.device is None else node.devices.get(where.device)
        if edge is None or not edge.alive:
            since = "since its DEATH" if edge is not None else "before it"
            raise BirthMissingError(
                f"{where.kind} from {_who(where)} with no {_birth_of(where)} {since}: its "
                "aliases and datatypes are unknown, so nothing is read until the next BIRTH"
            )
        return edge

    def _read(
        self,
        metric: Payload.Metric,
        known: _Metric,
        default_t: float | None,
        readings: list[Reading],
        label: str,
    ) -> int:
        """Append the metric's reading(s); returns how many held no number (ignored).

        ``default_t`` is the time of what holds the metric (the payload, or the
        Template instance of a member).
        """
        if metric.is_null:
            return 0  # explicitly no value now: nothing to plot, nothing wrong
        t = metric.timestamp / 1000.0 if metric.HasField("timestamp") else default_t
        if known.members is not None:
            if metric.WhichOneof("value") != "template_value":
                return 1
            ignored = 0
            for member in metric.template_value.metrics:
                inner = known.members.get(member.name)
                if inner is None:  # a member the BIRTH did not declare: nothing guessed
                    ignored += 1
                    continue
                ignored += self._read(member, inner, t, readings, f"{label}/{preview(member.name)}")
            return ignored
        datatype = metric.datatype if metric.HasField("datatype") else known.datatype
        value = _number(metric, datatype, label)
        if value is None:
            return 1 if metric.WhichOneof("value") is not None else 0
        unit = _unit_of(metric) or known.unit or self._unit
        # A Boolean (a pump running, a valve open) is a state: steps on the plot, on/off on tiles.
        readings.append(Reading(known.series, t, value, unit, datatype == DataType.Boolean))
        return 0

    # -- DEATH and seq --------------------------------------------------------

    def _node_death(self, where: SparkplugTopic, message: Payload) -> Decoded:
        node = self._nodes.get((where.group, where.node))
        if node is None or node.edge is None or not node.edge.alive:
            return Decoded([], 0)  # the will of a session this console never saw born
        for metric in message.metrics:
            if (
                metric.name == _SESSION_METRIC
                and metric.WhichOneof("value") == "long_value"
                and node.bd_seq is not None
                and metric.long_value != node.bd_seq
            ):
                return Decoded([], 0)  # an earlier session's will, delivered late
        stale = node.edge.series()
        node.edge.alive = False
        for device in node.devices.values():
            if device.alive:
                stale.extend(device.series())
                device.alive = False
        return Decoded([], 0, stale=tuple(stale))

    def _device_death(self, where: SparkplugTopic, node: _Node | None, missed: int) -> Decoded:
        assert where.device is not None
        device = None if node is None else node.devices.get(where.device)
        if device is None or not device.alive:
            return Decoded([], 0, missed=missed)
        device.alive = False
        return Decoded([], 0, stale=tuple(device.series()), missed=missed)

    @staticmethod
    def _step_seq(node: _Node, message: Payload) -> int:
        """Numbers skipped since the node's last message (0 for a repeat or a late one)."""
        if not message.HasField("seq") or node.seq is None:
            if message.HasField("seq"):
                node.seq = message.seq % _SEQ_MODULUS
            return 0
        seq = message.seq % _SEQ_MODULUS
        step = (seq - node.seq) % _SEQ_MODULUS
        if step == 0 or step > _SEQ_MODULUS - _LATE_WINDOW:
            return 0  # the same number again (a redelivery), or a late message
        node.seq = seq
        return step - 1


def _time(message: Payload) -> float | None:
    """The payload's time (epoch s), for metrics that carry none of their own."""
    return message.timestamp / 1000.0 if message.HasField("timestamp") else None


def _birth_of(where: SparkplugTopic) -> str:
    return "NBIRTH" if where.device is None else "DBIRTH"


def _who(where: SparkplugTopic) -> str:
    who = f"node {where.group}/{where.node}"
    return who if where.device is None else f"device {where.device} of {who}"
