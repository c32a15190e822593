"""The MQTT connection against a real Mosquitto: reconnects, sessions, TLS, floods.

Every message carries its publisher's sequence number as the reading's value,
so a test checks exactly which messages arrived (from the series store, the
path the GUI reads), not just how many. Waits are generous and assertions are
counts and sets, never durations.
"""

from __future__ import annotations

import asyncio
import gc
import json
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.reasoncodes import ReasonCode

from smartcity_console.config import BrokerConfig
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.mqtt.client import make_client
from smartcity_console.mqtt.status import MqttStatus
from smartcity_console.mqtt.thread import MqttThread
from smartcity_console.mqtt.transport import BufferedSocket, new_selector_loop
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish
from tests.support.sockets import CountingSocket
from tests.support.tls import make_ca, make_tls_files

pytestmark = pytest.mark.broker

PREFIX = "rembang/test"
SEQ_FEED = FeedMapping(topic=f"{PREFIX}/#", format="json", value="value", timestamp="ts")


def wait_until(predicate: Callable[[], bool], timeout: float = 20.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"not met within {timeout}s: {what or predicate}")
        time.sleep(0.01)


class SequencePublisher(threading.Thread):
    """Publishes ``count`` QoS 1 readings whose value is the sequence number 0..count-1.

    Its paho client reconnects by itself and re-sends what the broker did not
    acknowledge, so it keeps publishing through a broker restart. ``acked``
    is what the broker acknowledged: the messages it took responsibility for.
    """

    def __init__(
        self,
        port: int,
        name: str,
        *,
        count: int,
        topics: int = 4,
        interval_s: float = 0.0,
        padding: int = 0,
    ) -> None:
        super().__init__(name=f"publisher-{name}", daemon=True)
        self.port = port
        self.publisher = name
        self.count = count
        self.topics = [f"{PREFIX}/{name}/{k}" for k in range(topics)]
        self.interval_s = interval_s
        self.padding = "x" * padding  # a payload of a real device's size (Tasmota, Zigbee2MQTT)
        self.sent = 0  # handed to paho so far
        self._lock = threading.Lock()
        self._mid_to_seq: dict[int, int] = {}
        self._acked_mids: set[int] = set()
        self._base_ts = time.time() - 60

    @property
    def acked(self) -> set[int]:
        with self._lock:
            return {seq for mid, seq in self._mid_to_seq.items() if mid in self._acked_mids}

    def _on_publish(
        self, client: mqtt.Client, userdata: Any, mid: int, rc: ReasonCode, props: Any
    ) -> None:
        # May run before publish() returns the mid; the set is joined with the map later.
        with self._lock:
            self._acked_mids.add(mid)

    def run(self) -> None:
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"pub-{self.publisher}")
        client.on_publish = self._on_publish
        client.max_inflight_messages_set(100)
        client.reconnect_delay_set(1, 1)
        client.connect("127.0.0.1", self.port)
        client.loop_start()
        try:
            for seq in range(self.count):
                reading: dict[str, object] = {"ts": self._base_ts + seq / 1000, "value": seq}
                if self.padding:
                    reading["note"] = self.padding
                payload = json.dumps(reading)
                info = client.publish(self.topics[seq % len(self.topics)], payload, qos=1)
                with self._lock:
                    self._mid_to_seq[info.mid] = seq
                self.sent += 1
                if self.interval_s:
                    time.sleep(self.interval_s)
            wait_until(lambda: len(self.acked) == self.count, 60, "all publishes acknowledged")
        finally:
            client.disconnect()
            client.loop_stop()

    def received(self, store: SeriesStore) -> Counter[int]:
        """How often each sequence number reached the store."""
        seen: Counter[int] = Counter()
        for name in store.names(f"{PREFIX}/{self.publisher}/+"):
            snap = store.snapshot(name)
            assert snap is not None
            seen.update(int(v) for v in snap.v.tolist())
        return seen

    def missing(self, store: SeriesStore) -> set[int]:
        return set(range(self.count)) - set(self.received(store))


def publish_all(port: int, name: str, count: int) -> SequencePublisher:
    publisher = SequencePublisher(port, name, count=count)
    publisher.start()
    publisher.join(90)
    assert publisher.acked == set(range(count))
    return publisher


Console = tuple[MqttThread[FeedIngest], SeriesStore]


@pytest.fixture
def console() -> Iterator[Callable[[BrokerConfig], Console]]:
    """Start MQTT threads on the given config; all are stopped at the end."""
    started: list[MqttThread[FeedIngest]] = []

    def start(broker: BrokerConfig) -> Console:
        store = SeriesStore()
        thread = MqttThread(broker, FeedIngest([SEQ_FEED], store))
        thread.start()
        started.append(thread)
        return thread, store

    yield start
    for thread in started:
        thread.stop()
        assert not thread.is_alive()


def quick(url: str, **kwargs: Any) -> BrokerConfig:
    """A broker config with short reconnect waits, so tests do not idle."""
    return BrokerConfig(url=url, backoff_initial_s=0.1, backoff_max_s=1.0, **kwargs)


class StatusRecorder(threading.Thread):
    """Samples a thread's status snapshots and keeps each distinct one, in order."""

    def __init__(self, thread: MqttThread[FeedIngest]) -> None:
        super().__init__(daemon=True)
        self.thread = thread
        self.seen: list[MqttStatus] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            status = self.thread.status
            if not self.seen or status is not self.seen[-1]:
                assert isinstance(status, MqttStatus)
                self.seen.append(status)
            time.sleep(0.002)

    def states(self) -> list[str]:
        out: list[str] = []
        for status in self.seen:
            if not out or out[-1] != status.state:
                out.append(status.state)
        return out


def test_broker_restart_mid_stream_reconnects_and_delivers_every_message(
    own_mosquitto: Mosquitto, console: Callable[[BrokerConfig], Console]
) -> None:
    own_mosquitto.persistence = True
    own_mosquitto.max_queued_messages = 100_000
    own_mosquitto.start()
    thread, store = console(quick(own_mosquitto.url, client_id="console-restart"))
    wait_until(lambda: thread.status.state == "connected")
    recorder = StatusRecorder(thread)
    recorder.start()
    publisher = SequencePublisher(own_mosquitto.port, "restart", count=800, interval_s=0.004)
    publisher.start()

    wait_until(lambda: thread.ingest.stats.messages >= 100, what="first messages")
    own_mosquitto.stop()
    wait_until(lambda: thread.status.state == "disconnected")
    down = thread.status
    sent_while_down = publisher.sent
    wait_until(lambda: publisher.sent >= sent_while_down + 50, what="publishing while down")
    own_mosquitto.start()
    wait_until(lambda: thread.status.state == "connected", what="reconnected by itself")
    publisher.join(90)
    assert publisher.acked == set(range(publisher.count))
    wait_until(lambda: not publisher.missing(store), 30, "every acknowledged message")
    recorder.done.set()
    recorder.join()

    assert down.reason
    assert down.next_retry_at is not None
    assert down.next_retry_at >= down.since
    states = recorder.states()
    assert states[0] == "connected"
    assert "disconnected" in states
    assert states[-1] == "connected"
    assert states.index("disconnected") < len(states) - 1
    status = thread.status
    assert isinstance(status, MqttStatus)
    assert status.reconnects >= 1
    # The last disconnect's reason stays visible once connected again.
    assert status.reason == [s for s in recorder.seen if s.state == "disconnected"][-1].reason
    assert status.session_present is True  # persistence kept the session over the restart
    assert thread.ingest.stats.errors == 0


def test_persistent_session_delivers_what_was_published_while_away(
    own_mosquitto: Mosquitto, console: Callable[[BrokerConfig], Console]
) -> None:
    own_mosquitto.persistence = True
    own_mosquitto.max_queued_messages = 10_000
    own_mosquitto.start()
    broker = quick(own_mosquitto.url, client_id="console-persistent")
    first, _ = console(broker)
    wait_until(lambda: first.status.state == "connected")
    first.stop()
    assert first.status.state == "stopped"

    # 500 messages while the console is away, with a broker restart in between.
    before = publish_all(own_mosquitto.port, "before", 250)
    own_mosquitto.stop()
    own_mosquitto.start()
    after = publish_all(own_mosquitto.port, "after", 250)

    second, store = console(broker)
    wait_until(
        lambda: not before.missing(store) and not after.missing(store), 30, "all 500 messages"
    )
    assert set(before.received(store)) == set(range(250))
    assert set(after.received(store)) == set(range(250))
    status = second.status
    assert isinstance(status, MqttStatus)
    assert status.session_present is True
    assert status.persistent is True


def test_mqtt5_persistent_session_with_expiry(
    own_mosquitto: Mosquitto, console: Callable[[BrokerConfig], Console]
) -> None:
    own_mosquitto.persistence = True
    own_mosquitto.start()
    broker = quick(own_mosquitto.url, protocol="5", client_id="console-mqtt5", session_expiry_s=600)
    first, _ = console(broker)
    wait_until(lambda: first.status.state == "connected")
    first.stop()

    away = publish_all(own_mosquitto.port, "mqtt5", 100)
    own_mosquitto.stop()
    own_mosquitto.start()

    second, store = console(broker)
    wait_until(lambda: not away.missing(store), 30, "all 100 messages")
    assert set(away.received(store)) == set(range(100))
    assert second.status.state == "connected"
    status = second.status
    assert isinstance(status, MqttStatus)
    assert status.session_present is True


@pytest.mark.parametrize("protocol", ["3.1.1", "5"])
def test_without_client_id_the_session_is_clean(
    own_mosquitto: Mosquitto, console: Callable[[BrokerConfig], Console], protocol: str
) -> None:
    """The other side of the contract: a random id keeps nothing while away."""
    own_mosquitto.start()
    first, _ = console(quick(own_mosquitto.url, protocol=protocol))
    wait_until(lambda: first.status.state == "connected")
    first.stop()
    publish_all(own_mosquitto.port, "nobody", 20)
    second, store = console(quick(own_mosquitto.url, protocol=protocol))
    wait_until(lambda: second.status.state == "connected")
    publish(own_mosquitto.port, [(f"{PREFIX}/marker/0", '{"value": 1}')])
    wait_until(lambda: second.ingest.stats.messages >= 1)
    second.ingest.flush()
    assert store.names(f"{PREFIX}/nobody/+") == []
    status = second.status
    assert isinstance(status, MqttStatus)
    assert status.persistent is False
    assert status.session_present is False


def test_tls_with_client_certificate(
    own_mosquitto: Mosquitto, console: Callable[[BrokerConfig], Console], tmp_path: Path
) -> None:
    tls = make_tls_files(tmp_path / "certs")
    own_mosquitto.tls = tls
    own_mosquitto.start()
    thread, store = console(
        quick(
            own_mosquitto.tls_url,
            ca_file=tls.ca.cert,
            cert_file=tls.client_cert,
            key_file=tls.client_key,
        )
    )
    wait_until(lambda: thread.status.state == "connected")
    # Published on the broker's plain listener; received over TLS.
    publish(own_mosquitto.port, [(f"{PREFIX}/tls/0", '{"ts": 1764300000.25, "value": 23.4}')])
    wait_until(lambda: len(store) == 1)
    snap = store.snapshot(f"{PREFIX}/tls/0")
    assert snap is not None
    assert snap.v.tolist() == [23.4]


# WORKAROUND: paho 2.2 leaves the SSLSocket of a failed handshake to the garbage
# collector (Client._ssl_wrap_socket does not close it when do_handshake()
# raises; seen also in https://github.com/spacemanspiff2007/HABApp/issues/88).
# Its finalizer closes the descriptor; the ResourceWarning it emits is expected
# here, and gc.collect() makes it fire inside the test that caused it.
_PAHO_TLS_LEAK = pytest.mark.filterwarnings("ignore:unclosed <ssl.SSLSocket:ResourceWarning")


@_PAHO_TLS_LEAK
def test_tls_with_the_wrong_ca_fails_with_a_clear_reason(
    own_mosquitto: Mosquitto, console: Callable[[BrokerConfig], Console], tmp_path: Path
) -> None:
    tls = make_tls_files(tmp_path / "certs")
    other_ca = make_ca(tmp_path / "other", "other-ca")
    own_mosquitto.tls = tls
    own_mosquitto.start()
    thread, _ = console(
        quick(
            own_mosquitto.tls_url,
            ca_file=other_ca.cert,
            cert_file=tls.client_cert,
            key_file=tls.client_key,
        )
    )
    wait_until(lambda: thread.status.state == "disconnected")
    status = thread.status
    assert status.reason is not None
    assert "certificate" in status.reason.lower()
    assert "ca_file" in status.reason
    assert status.next_retry_at is not None
    thread.stop()
    gc.collect()  # see _PAHO_TLS_LEAK


@_PAHO_TLS_LEAK
def test_tls_without_a_client_certificate_is_refused(
    own_mosquitto: Mosquitto, console: Callable[[BrokerConfig], Console], tmp_path: Path
) -> None:
    tls = make_tls_files(tmp_path / "certs")
    own_mosquitto.tls = tls
    own_mosquitto.start()
    thread, _ = console(quick(own_mosquitto.tls_url, ca_file=tls.ca.cert))
    wait_until(lambda: thread.status.state == "disconnected")
    status = thread.status
    assert status.reason is not None
    assert "client certificate" in status.reason
    assert "CERTIFICATE_REQUIRED" in status.reason
    thread.stop()
    gc.collect()  # see _PAHO_TLS_LEAK


def test_flood_every_message_is_received(
    own_mosquitto: Mosquitto, console: Callable[[BrokerConfig], Console]
) -> None:
    # 0 = no limit on the broker's queue for this console: nothing may be dropped
    # on the broker's side, so received must equal published exactly.
    own_mosquitto.max_queued_messages = 0
    own_mosquitto.start()
    thread, store = console(quick(own_mosquitto.url))
    wait_until(lambda: thread.status.state == "connected")
    publishers = [
        SequencePublisher(own_mosquitto.port, f"flood{k}", count=10_000, topics=100)
        for k in range(2)
    ]
    for publisher in publishers:
        publisher.start()
    for publisher in publishers:
        publisher.join(120)
    published = sum(len(p.acked) for p in publishers)
    assert published == 20_000
    stats = thread.ingest.stats
    wait_until(lambda: stats.messages >= published, 60, "every flood message")
    thread.ingest.flush()
    wait_until(lambda: stats.readings >= published, 10, "every reading stored")
    assert stats.messages == published
    assert stats.errors == 0
    assert stats.unmatched == 0
    for publisher in publishers:
        assert publisher.missing(store) == set()
    assert thread.backlog == 0


class SysWatcher:
    """Follows one of Mosquitto's ``$SYS`` counters (published every sys_interval)."""

    def __init__(self, port: int, topic: str) -> None:
        self.value: int | None = None
        self._client = mqtt.Client(CallbackAPIVersion.VERSION2)
        self._client.on_message = self._on_message
        self._client.on_connect = lambda c, *_: c.subscribe(topic)
        self._client.connect("127.0.0.1", port)
        self._client.loop_start()

    def _on_message(self, client: mqtt.Client, userdata: Any, message: mqtt.MQTTMessage) -> None:
        self.value = int(message.payload)

    def close(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()


def test_what_the_broker_drops_is_counted_by_the_broker(
    own_mosquitto: Mosquitto, console: Callable[[BrokerConfig], Console]
) -> None:
    """With Mosquitto's queue limit too small, received + broker-dropped = published."""
    own_mosquitto.max_queued_messages = 100
    own_mosquitto.drops_expected = True
    own_mosquitto.extra_config = "sys_interval 1\n"
    own_mosquitto.start()
    broker = quick(own_mosquitto.url, client_id="console-short-queue")
    first, _ = console(broker)
    wait_until(lambda: first.status.state == "connected")
    first.stop()
    away = publish_all(own_mosquitto.port, "overflow", 300)

    second, store = console(broker)
    watcher = SysWatcher(own_mosquitto.port, "$SYS/broker/publish/messages/dropped")
    try:
        wait_until(
            lambda: (
                watcher.value is not None
                and second.ingest.stats.messages + watcher.value == away.count
            ),
            30,
            "received + dropped == published",
        )
        dropped = watcher.value
    finally:
        watcher.close()
    received = away.received(store)
    assert dropped is not None
    assert dropped > 0
    assert sum(received.values()) + dropped == away.count
    # Mosquitto keeps the oldest messages and drops the newest ones.
    assert set(received) == set(range(away.count - dropped))
    # And says so in its log, at NOTICE level (which the test brokers log).
    assert own_mosquitto.dropped()


def test_new_selector_loop_supports_add_reader() -> None:
    loop = new_selector_loop()
    reader, writer = socket.socketpair()
    try:
        assert isinstance(loop, asyncio.SelectorEventLoop)
        if sys.platform == "win32":
            assert not isinstance(loop, asyncio.ProactorEventLoop)
        got: list[bytes] = []

        def on_readable() -> None:
            got.append(reader.recv(16))
            loop.stop()

        loop.add_reader(reader.fileno(), on_readable)
        writer.send(b"x")
        timeout = loop.call_later(10, loop.stop)
        loop.run_forever()
        timeout.cancel()
        loop.remove_reader(reader.fileno())
        assert got == [b"x"]
    finally:
        loop.close()
        reader.close()
        writer.close()


class _NoReaderLoop(asyncio.SelectorEventLoop):
    """Stands in for Windows' Proactor loop: no ``add_reader``."""

    # Any signature will do: the test fails if this is ever called.
    def add_reader(self, *args: Any) -> None:  # type: ignore[override]
        raise NotImplementedError


class _NoReaderPolicy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        return _NoReaderLoop()


def test_mqtt_thread_does_not_depend_on_the_loop_policy(
    mosquitto: Mosquitto, console: Callable[[BrokerConfig], Console]
) -> None:
    """As on Windows, where the policy's loop lacks add_reader, the thread still connects."""
    previous = asyncio.get_event_loop_policy()
    asyncio.set_event_loop_policy(_NoReaderPolicy())
    try:
        thread, store = console(quick(mosquitto.url))
        wait_until(lambda: thread.status.state == "connected")
        publish(mosquitto.port, [(f"{PREFIX}/policy/0", '{"value": 5}')])
        wait_until(lambda: len(store) == 1)
        assert type(thread._loop) is asyncio.SelectorEventLoop
    finally:
        asyncio.set_event_loop_policy(previous)


def test_a_queued_burst_is_read_with_few_system_calls(
    mosquitto: Mosquitto, monkeypatch: pytest.MonkeyPatch
) -> None:
    """paho alone reads each packet with three recv calls, each a GIL release that
    can cost the MQTT thread 5 ms behind a busy GUI thread (docs/dashboards.md)."""
    sockets: list[CountingSocket] = []
    original = BufferedSocket.__init__

    def counting_init(self: BufferedSocket, sock: Any) -> None:
        sockets.append(CountingSocket(sock))
        original(self, sockets[-1])

    monkeypatch.setattr(BufferedSocket, "__init__", counting_init)
    broker = BrokerConfig(url=mosquitto.url, client_id="few-recvs")

    async def receive(count: int) -> list[str]:
        async with make_client(broker) as client:
            await client.subscribe("recv/#", qos=1)
            # Published while the reader is not reading: they pile up in the socket.
            await asyncio.to_thread(
                publish, mosquitto.port, [(f"recv/{i}", str(i)) for i in range(count)], 0
            )
            got: list[str] = []
            async for message in client.messages:
                got.append(bytes(message.payload).decode())
                if len(got) == count:
                    return got
        return []

    loop = new_selector_loop()
    try:
        got = loop.run_until_complete(asyncio.wait_for(receive(2000), 30))
    finally:
        loop.close()
    assert got == [str(i) for i in range(2000)]
    assert sockets  # the console's client reads through the buffer
    assert sum(s.recvs for s in sockets) < 200  # 6,000 without the buffer
