"""The server's poke: a tiny MQTT message after each push that recorded events.

Consoles already hold an MQTT connection for the feeds; a message on the poke
topic makes them pull at once instead of at their next periodic pull. The
poke carries only the new cursor (never ticket data: the broker's ACL is not
the sync server's), is QoS 0 and never retained, and a broker that is down
costs nothing but the poke: consoles still pull every few seconds.

paho's own network thread (``loop_start``) does the I/O, so a push handler
never waits for the broker; paho reconnects by itself.
"""

from __future__ import annotations

import logging
import ssl
import threading
import uuid

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from smartcity_console.contract.sync_api import Poke
from smartcity_console.mqtt.broker_url import parse_broker_url

log = logging.getLogger("smartcity_console.server.poke")
DEFAULT_POKE_TOPIC = "rembang/console/sync"


class PokePublisher:
    """Publishes ``{"cursor": N}`` on ``topic``; call :meth:`close` at shutdown."""

    def __init__(self, broker_url: str, topic: str = DEFAULT_POKE_TOPIC) -> None:
        address = parse_broker_url(broker_url)
        self.topic = topic
        self._client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=f"smartcity-sync-{uuid.uuid4().hex[:12]}",
            clean_session=True,
        )
        if address.username:
            self._client.username_pw_set(address.username, address.password)
        if address.tls:
            self._client.tls_set_context(ssl.create_default_context())
        self._client.reconnect_delay_set(min_delay=1, max_delay=30)
        self._lock = threading.Lock()
        self._client.connect_async(address.host, address.port, keepalive=30)
        self._client.loop_start()
        log.info("poking consoles on %s at %s", topic, address.display)

    def __call__(self, cursor: int) -> None:
        payload = Poke(cursor=cursor).model_dump_json()
        with self._lock:  # paho's publish is thread-safe, but the order of pokes should hold
            info = self._client.publish(self.topic, payload, qos=0, retain=False)
        if info.rc != mqtt.MQTT_ERR_SUCCESS:
            log.debug(
                "poke not sent (%s): consoles pull on their timer", mqtt.error_string(info.rc)
            )

    def close(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()
