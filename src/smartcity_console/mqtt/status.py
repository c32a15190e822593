"""The MQTT link as the GUI and the alarm rules see it: a snapshot, replaced, never mutated.

The client's thread (or the ingest process's receiving thread) builds a new
snapshot on every change and swaps it in; the GUI thread reads it at frame
time without a lock, and the alarm rules read the link state from it
(``FeedIngest.watch_link``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from smartcity_console.config import BrokerConfig

ConnectionState = Literal["connecting", "connected", "disconnected", "stopped"]


@dataclass(frozen=True, slots=True)
class ConnectionStatus:
    """A snapshot the GUI can read at any time; replaced, never mutated."""

    state: ConnectionState
    broker: str  # the broker in use, or of the next attempt ([broker] urls)
    since: float  # when this state began
    reason: str | None = None
    next_retry_at: float | None = None

    @property
    def link_up(self) -> bool:
        """Whether the console's link to its broker is up (down: since ``since``)."""
        return self.state == "connected"


@dataclass(frozen=True, slots=True)
class MqttStatus(ConnectionStatus):
    """The connection snapshot plus what a diagnostics view shows about the session.

    ``session_present`` is the CONNACK flag of the current or last connection
    (``None`` before the first); ``refused`` lists subscriptions the broker
    refused or downgraded to QoS 0.
    """

    reconnects: int = 0
    persistent: bool = False
    session_present: bool | None = None
    refused: tuple[str, ...] = ()

    @classmethod
    def connecting(cls, broker: BrokerConfig) -> MqttStatus:
        """Before the first connection."""
        return cls("connecting", broker.url, time.time(), persistent=broker.persistent_session)
