"""What a production Mosquitto must be told so that consoles lose no readings.

One place for the numbers that docs/configuration.md recommends, that
``doctor``'s ``broker_queue`` check prints as the line to add, and that the
test brokers run with (tests/support/mosquitto.py), so the three never drift
apart (tests/unit/test_broker_settings.py compares the documented block with
:func:`mosquitto_conf`).

Where each number comes from
    ``mosquitto.conf(5)`` of Mosquitto 2.0: ``max_queued_messages`` is "the
    maximum number of QoS 1 or 2 messages to hold in the queue (per client)
    above those messages that are currently in flight. Defaults to 1000. Set
    to 0 for no maximum (not recommended)", and it applies to a connected
    client that falls behind as much as to an absent one; what does not fit is
    dropped with a NOTICE "Outgoing messages are being dropped for client ...".
    ``persistence`` defaults to false (a broker restart loses every session),
    ``autosave_interval`` to 1800 s, ``persistent_client_expiration`` to never.

    The queue must hold what a console may miss while it is away for as long
    as its session lives: :data:`SESSION_LIFETIME_H` hours (one shift, the
    console's MQTT 5 default ``session_expiry_s``) at :data:`DESIGN_RATE_PER_MIN`
    readings a minute (the Rembang simulator's 62 series, docs/simulator.md,
    with room for the city's real feeds) is 576,000, rounded up to
    :data:`RECOMMENDED_MAX_QUEUED_MESSAGES`.
"""

from __future__ import annotations

from dataclasses import dataclass

# How long a console's session outlives its connection: one shift (config.py).
from smartcity_console.config import SESSION_LIFETIME_H

# Readings a minute a console subscribes to, for sizing the broker's queue.
DESIGN_RATE_PER_MIN = 1200
# DESIGN_RATE_PER_MIN * 60 * SESSION_LIFETIME_H = 576,000, rounded up.
RECOMMENDED_MAX_QUEUED_MESSAGES = 600_000


@dataclass(frozen=True, slots=True)
class BrokerSetting:
    """One ``mosquitto.conf`` line and why the console needs it."""

    option: str
    value: str
    why: str

    @property
    def line(self) -> str:
        return f"{self.option} {self.value}"


MOSQUITTO_SETTINGS = (
    BrokerSetting(
        "persistence",
        "true",
        "without it every session and queued message is lost when the broker restarts",
    ),
    BrokerSetting(
        "autosave_interval",
        "60",
        "the default 1800 s loses up to half an hour of sessions and queues in a crash",
    ),
    BrokerSetting(
        "max_queued_messages",
        str(RECOMMENDED_MAX_QUEUED_MESSAGES),
        f"{DESIGN_RATE_PER_MIN} readings/min for {SESSION_LIFETIME_H} h; the default 1000 "
        "drops the newest readings after under a minute away, or in a burst",
    ),
    BrokerSetting(
        "persistent_client_expiration",
        f"{SESSION_LIFETIME_H}h",
        "MQTT 3.1.1 sessions live as long as MQTT 5 ones (session_expiry_s); the "
        "default never frees a retired workstation's queue",
    ),
)


def mosquitto_conf() -> str:
    """The recommended lines, as they go into ``mosquitto.conf`` (no location-specific ones)."""
    return "".join(f"{setting.line}\n" for setting in MOSQUITTO_SETTINGS)


def max_queued_messages_line(count: int = RECOMMENDED_MAX_QUEUED_MESSAGES) -> str:
    """The exact line doctor tells an administrator to put in ``mosquitto.conf``."""
    return f"max_queued_messages {count}"
