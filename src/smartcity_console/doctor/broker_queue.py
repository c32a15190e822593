"""How many messages the broker keeps for a console that is away: a probe, not a guess.

A broker drops what does not fit its per-client queue (Mosquitto's
``max_queued_messages``, 1000 by default; EMQX's ``max_mqueue_len``, 1000 by
default) and tells the client nothing: Mosquitto only logs a NOTICE. The
console's own settings cannot show it, so doctor measures it the way a console
meets it:

1. a persistent session of doctor's own (a throw-away client id, never the
   console's: that would take a running console's session) subscribes to a
   probe topic at QoS 1 and disconnects;
2. a second client publishes N numbered QoS 1 messages to that topic;
3. the session comes back and counts what the broker kept for it, until all N
   are in or nothing more comes for :data:`QUIET_S`;
4. the session is ended (a clean connect), so the probe leaves nothing behind.

Kept all N: the limit is at least N (``--queue-probe`` sets N; the default
:data:`DEFAULT_PROBE_MESSAGES` finds the 1000 of both brokers' defaults in a
second or two). Kept fewer: the broker dropped the rest, and the report gives
the exact line for ``mosquitto.conf`` (mqtt/broker_settings.py). Nothing came
back: the login may not publish or subscribe to the probe topic (an ACL), and
nothing is concluded.
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from dataclasses import dataclass, field

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

from smartcity_console.config import BrokerConfig
from smartcity_console.core.i18n import Message
from smartcity_console.doctor.broker import tls_context
from smartcity_console.doctor.model import Check, ok, skip, warn
from smartcity_console.mqtt.broker_settings import (
    RECOMMENDED_MAX_QUEUED_MESSAGES,
    max_queued_messages_line,
)

NAME = "broker_queue"
DEFAULT_PROBE_MESSAGES = 20_000
# The session is done delivering once nothing came for this long.
QUIET_S = 1.0
PROBE_TOPIC_ROOT = "smartcity-console/doctor"
# MQTT 5: the probe's session ends by itself this long after a doctor that crashed.
_PROBE_EXPIRY_S = 300
_SUBACK_FAILURE = 0x80


@dataclass
class _Session:
    """What the probe session's callbacks saw, handed from paho's thread."""

    connected: threading.Event = field(default_factory=threading.Event)
    subscribed: threading.Event = field(default_factory=threading.Event)
    refused: str | None = None
    received: set[int] = field(default_factory=set)
    last_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _client(broker: BrokerConfig, client_id: str, *, persistent: bool) -> paho.Client:
    v5 = broker.protocol == "5"
    client = paho.Client(
        CallbackAPIVersion.VERSION2,
        client_id=client_id,
        protocol=paho.MQTTv5 if v5 else paho.MQTTv311,
        clean_session=None if v5 else not persistent,
    )
    if broker.username is not None:
        client.username_pw_set(broker.username, broker.password)
    if broker.tls:
        client.tls_set_context(tls_context(broker))
        if broker.tls_insecure:
            client.tls_insecure_set(True)
    return client


def _connect(client: paho.Client, broker: BrokerConfig, *, persistent: bool) -> None:
    if broker.protocol == "5":
        properties = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
        properties.SessionExpiryInterval = _PROBE_EXPIRY_S if persistent else 0
        client.connect(
            broker.host,
            broker.port,
            keepalive=broker.keepalive_s,
            clean_start=not persistent,
            properties=properties,
        )
    else:
        client.connect(broker.host, broker.port, keepalive=broker.keepalive_s)


def _open_session(
    broker: BrokerConfig, client_id: str, session: _Session, topic: str | None, timeout: float
) -> paho.Client:
    """The probe session, connected (and subscribed when ``topic`` is given)."""
    client = _client(broker, client_id, persistent=True)

    def on_connect(c: paho.Client, _u: object, _f: object, code: ReasonCode, _p: object) -> None:
        if code.is_failure:
            session.refused = str(code)
        session.connected.set()

    def on_subscribe(
        _c: paho.Client, _u: object, _mid: int, codes: list[ReasonCode], _p: object
    ) -> None:
        if any(int(code.value) >= _SUBACK_FAILURE for code in codes):
            session.refused = f"subscription refused ({codes[0]})"
        session.subscribed.set()

    def on_message(_c: paho.Client, _u: object, message: paho.MQTTMessage) -> None:
        with contextlib.suppress(ValueError):
            number = int(message.payload)
            with session.lock:
                session.received.add(number)
                session.last_at = time.monotonic()

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = on_message
    _connect(client, broker, persistent=True)
    client.loop_start()
    session.connected.wait(timeout)
    if topic is not None and session.refused is None:
        client.subscribe(topic, qos=1)
    return client


def _close(client: paho.Client) -> None:
    with contextlib.suppress(Exception):  # the probe must never fail doctor by itself
        client.disconnect()
    client.loop_stop()


def _publish(broker: BrokerConfig, topic: str, count: int, timeout: float) -> int:
    """Publish ``count`` numbered QoS 1 messages; how many the broker acknowledged."""
    client = _client(broker, f"smartcity-doctor-{uuid.uuid4().hex[:12]}", persistent=False)
    client.max_inflight_messages_set(100)
    client.max_queued_messages_set(0)
    acked = 0
    lock = threading.Lock()
    done = threading.Event()

    def on_publish(_c: paho.Client, _u: object, _mid: int, _code: object, _p: object) -> None:
        nonlocal acked
        with lock:
            acked += 1
            if acked == count:
                done.set()

    client.on_publish = on_publish
    _connect(client, broker, persistent=False)
    client.loop_start()
    try:
        for number in range(count):
            client.publish(topic, str(number), qos=1)
        done.wait(timeout)
    finally:
        _close(client)
    return acked


def measure_queue(broker: BrokerConfig, count: int, timeout: float) -> tuple[int, int, str | None]:
    """(published and acknowledged, kept for the absent session, why it could not be measured)."""
    token = uuid.uuid4().hex[:12]
    client_id = f"smartcity-doctor-q-{token}"
    topic = f"{PROBE_TOPIC_ROOT}/{token}"
    first = _Session()
    client = _open_session(broker, client_id, first, topic, timeout)
    subscribed = first.subscribed.wait(timeout)
    _close(client)
    if first.refused or not subscribed:
        return 0, 0, first.refused or "no answer to the subscription in time"
    # Generous: N messages at a few thousand a second, on a slow link.
    published = _publish(broker, topic, count, timeout + count / 1000)
    back = _Session()
    client = _open_session(broker, client_id, back, None, timeout)
    try:
        deadline = time.monotonic() + timeout + count / 1000
        back.last_at = time.monotonic()
        while time.monotonic() < deadline:
            with back.lock:
                got, last = len(back.received), back.last_at
            if got >= published or time.monotonic() - last > QUIET_S:
                break
            time.sleep(0.05)
    finally:
        _close(client)
        _end_session(broker, client_id)
    with back.lock:
        return published, len(back.received), back.refused


def _end_session(broker: BrokerConfig, client_id: str) -> None:
    """A clean connect with the probe's id: the broker forgets its session and queue."""
    client = _client(broker, client_id, persistent=False)
    connected = threading.Event()
    client.on_connect = lambda *_args: connected.set()
    with contextlib.suppress(OSError):
        _connect(client, broker, persistent=False)
        client.loop_start()
        connected.wait(5)
        _close(client)


def check_broker_queue(
    broker: BrokerConfig,
    count: int = DEFAULT_PROBE_MESSAGES,
    *,
    timeout: float = 5.0,
    name: str = NAME,
) -> Check:
    """The probe as a doctor check (module docstring)."""
    if count <= 0:
        return skip(name, Message.translate("Doctor", "not measured (--queue-probe 0)"))
    try:
        published, kept, problem = measure_queue(broker, count, timeout)
    except (OSError, ValueError) as exc:
        published, kept, problem = 0, 0, str(exc) or type(exc).__name__
    where = f"{broker.host}:{broker.port}"
    if problem is not None or published == 0 or kept == 0:
        why = problem or ("nothing was acknowledged" if published == 0 else "nothing came back")
        return skip(
            name,
            Message.translate(
                "Doctor",
                "could not measure the queue of {where} ({why}); allow this login to publish "
                "and subscribe to {PROBE_TOPIC_ROOT}/# to let doctor check it",
            ).format(where=where, why=why, PROBE_TOPIC_ROOT=PROBE_TOPIC_ROOT),
        )
    recommended = RECOMMENDED_MAX_QUEUED_MESSAGES
    if kept < published:
        line = max_queued_messages_line()
        return warn(
            name,
            "broker-queue-drops",
            Message.translate(
                "Doctor",
                "{where} kept only {kept:,} of {published:,} QoS 1 messages for a console "
                "that is away, and dropped the rest without a word to the console: its queue "
                "per client holds about {kept:,} (Mosquitto's and EMQX's default is 1,000). "
                "A console restarting, or a burst, loses readings there.",
            ).format(where=where, kept=kept, published=published),
            Message.translate(
                "Doctor",
                "Put this line in mosquitto.conf and restart Mosquitto: {line} (EMQX: "
                "mqtt.max_mqueue_len = {recommended}). docs/configuration.md says where the "
                "number comes from and lists the other settings.",
            ).format(line=line, recommended=recommended),
        )
    more: Message | str = (
        ""
        if published >= recommended
        else Message.translate(
            "Doctor", "; doctor --queue-probe {recommended} checks the recommended {count:,}"
        ).format(recommended=recommended, count=recommended)
    )
    return ok(
        name,
        Message.translate(
            "Doctor",
            "{where} kept all {published:,} QoS 1 messages for an absent console: its queue "
            "per client holds at least that many{more}",
        ).format(where=where, published=published, more=more),
    )
