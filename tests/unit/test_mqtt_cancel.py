"""Stopping the MQTT client never loses a message it already took from aiomqtt's queue.

No broker needed: the race is between the stop (a cancellation) and the task
that takes the next message from aiomqtt's queue, on the client's own loop.
"""

from __future__ import annotations

import asyncio

import aiomqtt
import pytest
from paho.mqtt.client import MQTTMessage

from smartcity_console.config import BrokerConfig
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.mqtt.thread import MqttThread
from smartcity_console.mqtt.transport import new_selector_loop


def _message(value: int) -> aiomqtt.Message:
    raw = MQTTMessage(mid=value, topic=b"rembang/test/stop")
    raw.payload = str(value).encode()
    raw.qos = 1
    return aiomqtt.Message._from_paho_message(raw)


def test_a_stop_just_as_a_message_is_taken_still_decodes_it() -> None:
    ingest = FeedIngest([FeedMapping(topic="rembang/#", format="number")], SeriesStore())
    thread = MqttThread(BrokerConfig(), ingest)

    async def scenario() -> None:
        client = aiomqtt.Client("127.0.0.1")  # never connected: only its queue is used
        waiting = asyncio.ensure_future(thread._next_message(client))
        await asyncio.sleep(0)  # it waits for the queue
        client._queue.put_nowait(_message(7))  # the message arrives...
        waiting.cancel()  # ...in the same instant as the stop
        with pytest.raises(asyncio.CancelledError):
            await waiting

    loop = new_selector_loop()
    try:
        loop.run_until_complete(scenario())
    finally:
        loop.close()
    assert ingest.stats.messages == 1  # taken from the queue, so decoded, not dropped
    ingest.flush()
    snapshot = ingest.store.snapshot("rembang/test/stop")
    assert snapshot is not None
    assert snapshot.v.tolist() == [7.0]
