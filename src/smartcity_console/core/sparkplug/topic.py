"""Sparkplug B topic names: ``spBv1.0/<group>/<message type>/<node>[/<device>]``.

Sparkplug 3.0 section 4.1: the namespace ``spBv1.0``, the group id, the
message type, the edge node id and, for device messages, the device id. Host
applications also publish ``spBv1.0/STATE/<host id>`` (3.0) and commands
(``NCMD``/``DCMD``) travel on the same tree; neither carries readings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal, cast

from smartcity_console.core.timestamps import DecodeError, preview

NAMESPACE: Final = "spBv1.0"

MessageType = Literal[
    "NBIRTH", "NDATA", "NDEATH", "DBIRTH", "DDATA", "DDEATH", "NCMD", "DCMD", "STATE"
]
_NODE_TYPES: Final = frozenset({"NBIRTH", "NDATA", "NDEATH", "NCMD"})
_DEVICE_TYPES: Final = frozenset({"DBIRTH", "DDATA", "DDEATH", "DCMD"})


@dataclass(frozen=True, slots=True)
class SparkplugTopic:
    """The parts of one Sparkplug B topic; ``device`` is None for node messages."""

    group: str
    kind: MessageType
    node: str
    device: str | None = None

    @property
    def carries_data(self) -> bool:
        """BIRTH, DATA and DEATH messages; commands and host STATE are not readings."""
        return self.kind not in ("NCMD", "DCMD", "STATE")


def parse_topic(topic: str) -> SparkplugTopic:
    """Split a Sparkplug B topic, or raise :class:`DecodeError` saying what is wrong."""
    parts = topic.split("/")
    if parts[0] != NAMESPACE:
        raise DecodeError(
            f"topic {preview(topic)} is not a Sparkplug B topic (it must start with '{NAMESPACE}/')"
        )
    if len(parts) == 3 and parts[1] == "STATE":
        return SparkplugTopic(group="", kind="STATE", node=parts[2])
    if len(parts) < 4:
        raise DecodeError(
            f"Sparkplug B topic {preview(topic)} is too short: expected "
            f"{NAMESPACE}/<group>/<message type>/<node>[/<device>]"
        )
    group, kind, node = parts[1], parts[2], parts[3]
    if kind in _NODE_TYPES:
        if len(parts) != 4:
            raise DecodeError(
                f"Sparkplug B {kind} topic {preview(topic)} has levels after the node id"
            )
        return SparkplugTopic(group, cast(MessageType, kind), node)
    if kind in _DEVICE_TYPES:
        if len(parts) != 5:
            raise DecodeError(
                f"Sparkplug B {kind} topic {preview(topic)} needs exactly one device id "
                "after the node id"
            )
        return SparkplugTopic(group, cast(MessageType, kind), node, parts[4])
    raise DecodeError(
        f"Sparkplug B topic {preview(topic)} has an unknown message type {preview(kind)} "
        "(expected NBIRTH, NDATA, NDEATH, DBIRTH, DDATA, DDEATH, NCMD or DCMD)"
    )


def series_prefix(topic: str) -> str | None:
    """Where the series of a Sparkplug B topic's node or device begin, else None.

    ``spBv1.0/G/DDATA/N/D`` -> ``G/N/D/``; ``spBv1.0/G/NDATA/N`` -> ``G/N/``
    (which also begins the node's devices' series). For the topic browser,
    whose topics are not the series' names (the decoder names them by group,
    node, device and metric, whatever the message type).
    """
    try:
        where = parse_topic(topic)
    except DecodeError:
        return None
    if not where.carries_data:
        return None
    device = f"{where.device}/" if where.device is not None else ""
    return f"{where.group}/{where.node}/{device}"
