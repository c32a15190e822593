"""Publish test messages with paho's client directly.

paho's ``publish.single`` helper logs "Client is not connected" at ERROR on
every call (paho 2.2); a test's log should hold only what the console said.
"""

from __future__ import annotations

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion


def publish(port: int, messages: list[tuple[str, bytes | str]], qos: int = 1) -> None:
    client = mqtt.Client(CallbackAPIVersion.VERSION2)
    client.connect("127.0.0.1", port)
    client.loop_start()
    try:
        infos = [client.publish(topic, payload, qos=qos) for topic, payload in messages]
        for info in infos:
            info.wait_for_publish(timeout=10)
    finally:
        client.disconnect()
        client.loop_stop()
