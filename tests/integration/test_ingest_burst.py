"""A burst waits in the console's memory, not at the broker: reading never stops for decoding.

Against a real Mosquitto, in both modes (the MQTT client on a thread, where
decoding shares its loop, and in a process of its own, which hands batches to
the console through a pipe). The decoder is made slower than the broker (a
busy GUI, a slow disk): the console must keep reading and acknowledging, so
the broker's queue for it never fills; what waits is counted as backlog
("data delayed"). Every test broker fails its test if it logged
"Outgoing messages are being dropped" (tests/support/mosquitto.py).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from smartcity_console.config import BrokerConfig
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.mqtt.process import MqttProcess
from smartcity_console.mqtt.thread import MqttThread
from tests.integration.test_mqtt_connection import SEQ_FEED, SequencePublisher
from tests.integration.test_mqtt_ingest import wait_until
from tests.support.mosquitto import Mosquitto

Client = MqttThread[FeedIngest] | MqttProcess[FeedIngest]


class SlowerThanTheBroker(FeedIngest):
    """Decodes about 4,000 readings a second, a fifth of what arrives."""

    def handle(self, topic: str, payload: bytes, now: float, retained: bool = False) -> None:
        time.sleep(0.0002)
        super().handle(topic, payload, now, retained)


Start = Callable[[BrokerConfig, FeedIngest], Client]


@pytest.fixture(params=[MqttThread, MqttProcess], ids=["thread", "process"])
def start(request: pytest.FixtureRequest) -> Iterator[Start]:
    kind: type[Client] = request.param
    clients: list[Client] = []

    def go(broker: BrokerConfig, ingest: FeedIngest) -> Client:
        client = kind(broker, ingest, backoff_initial_s=0.1, backoff_max_s=0.5)
        client.start()
        clients.append(client)
        wait_until(lambda: client.status.state == "connected", 20)
        return client

    yield go
    for client in clients:
        client.stop()


class StuckIngest(FeedIngest):
    """A decoder that decodes nothing until released (a GUI frozen for seconds)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.released = threading.Event()

    def handle(self, topic: str, payload: bytes, now: float, retained: bool = False) -> None:
        self.released.wait(120)
        super().handle(topic, payload, now, retained)


@pytest.mark.parametrize("start", [MqttProcess], indirect=True, ids=["process"])
def test_the_mqtt_process_reads_the_whole_burst_while_the_decoder_is_stuck(
    own_mosquitto: Mosquitto, start: Start
) -> None:
    """Sending into a full pipe used to stop the MQTT process's loop: it read
    nothing more (and the broker's queue for the console filled) until the
    decoder took the next batch. Now the burst waits in the console, counted."""
    own_mosquitto.start()
    ingest = StuckIngest([SEQ_FEED], SeriesStore())
    client = start(BrokerConfig(url=own_mosquitto.url), ingest)
    # 1 KB payloads, a real device's size: the pipe holds a few hundred of them.
    publisher = SequencePublisher(own_mosquitto.port, "stuck", count=3000, topics=6, padding=1000)
    publisher.start()
    publisher.join(120)
    assert publisher.acked == set(range(3000))
    # Taken from the broker and waiting here (all but the first batch, which is
    # the one being decoded), while not one reading was decoded.
    wait_until(lambda: client.backlog >= 2500, 60)
    assert ingest.stats.messages == 0
    ingest.released.set()
    wait_until(lambda: not publisher.missing(ingest.store), 120)
    assert set(publisher.received(ingest.store).values()) == {1}
    wait_until(lambda: client.backlog == 0)


class SliceClock:
    """A clock that moves 1 ms for each message decoded: decoding without sleeping.

    A fake clock so that the test counts slices, not time: a real 1 ms decoder
    on a busy machine makes every count a guess.
    """

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class TimedIngest(FeedIngest):
    def __init__(self, clock: SliceClock, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clock = clock

    def handle(self, topic: str, payload: bytes, now: float, retained: bool = False) -> None:
        self.clock.now += 0.001
        super().handle(topic, payload, now, retained)


def test_the_mqtt_thread_reads_between_slices_of_decoding(own_mosquitto: Mosquitto) -> None:
    """Decoding shares the thread's loop with reading and acknowledging: it used
    to decode up to 1,000 queued messages before the loop turned again (a
    second at 1 ms each, while Mosquitto's queue for the console filled). Now
    the loop turns after each 2 ms slice: a few messages at this decoder's cost."""
    own_mosquitto.start()
    clock = SliceClock()
    ingest = TimedIngest(clock, [SEQ_FEED], SeriesStore())
    thread = MqttThread(BrokerConfig(url=own_mosquitto.url), ingest, slice_clock=clock)
    thread.start()
    turns: list[int] = []  # messages decoded so far, at each turn of the thread's loop
    try:
        wait_until(lambda: thread.status.state == "connected")

        async def count_turns() -> None:
            while True:
                turns.append(ingest.stats.messages)
                await asyncio.sleep(0)

        loop = thread._loop
        assert loop is not None
        counter = asyncio.run_coroutine_threadsafe(count_turns(), loop)
        publisher = SequencePublisher(own_mosquitto.port, "turns", count=3000, topics=6)
        publisher.start()
        publisher.join(120)
        wait_until(lambda: not publisher.missing(ingest.store), 120)
        counter.cancel()
    finally:
        thread.stop()
    steps = [b - a for a, b in itertools.pairwise(turns)]
    assert sum(steps) >= 2900  # the counter saw the burst go through
    # At most a slice: 2 ms is 2 messages at 1 ms each (3 when floating point
    # rounds the sum down), plus the one the iterator hands over. It was 1,000.
    assert max(steps) <= 4


def test_beyond_its_bound_the_console_reads_at_the_decoders_pace_and_loses_nothing(
    own_mosquitto: Mosquitto, start: Start, caplog: pytest.LogCaptureFixture
) -> None:
    """The broker (production settings) keeps what the console's bounded buffer cannot."""
    caplog.set_level(logging.WARNING)
    own_mosquitto.start()
    ingest = SlowerThanTheBroker([SEQ_FEED], SeriesStore())
    bound = 1000
    client = start(BrokerConfig(url=own_mosquitto.url, max_buffered_messages=bound), ingest)
    count = 20_000
    # 10 topics: 2,000 readings a series, within the store's raw window.
    publisher = SequencePublisher(own_mosquitto.port, "bounded", count=count, topics=10)
    publisher.start()
    publisher.join(120)
    assert publisher.acked == set(range(count))
    wait_until(lambda: not publisher.missing(ingest.store), 180)

    assert client.held_back >= 1  # counted (and shown: reading_held, the dashboards' banner)
    assert any("ingest buffer is full" in r.getMessage() for r in caplog.records)  # logged
    assert set(publisher.received(ingest.store).values()) == {1}
    assert not client.reading_held
    assert own_mosquitto.dropped() == []
