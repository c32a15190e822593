"""The MQTT client on a thread of its own with a selector event loop.

Why a thread and a selector loop
    paho (under aiomqtt 2.x) drives its socket with ``loop.add_reader`` and
    ``add_writer``. qasync's loop on Windows is a Proactor loop, which has
    neither, and qasync routes every callback through Qt (about half the
    throughput measured here). So the console runs aiomqtt on a plain
    ``asyncio.SelectorEventLoop`` made explicitly by :func:`new_selector_loop`
    (Windows' default loop is a Proactor loop too), in this thread; the GUI only
    reads the series store and the status snapshot at frame time
    (docs/windows.md).

Sessions
    The console connects with its installation's client id (installation.py)
    and a persistent session, unless the config asks for a clean one: MQTT
    3.1.1 ``clean_session=False``; MQTT 5 ``clean_start=False`` on *every*
    connect (aiomqtt's default, "clean on the first connect", would wipe the
    session each time, since each connection here is a new client object) and
    a ``SessionExpiryInterval``. A ``BrokerConfig`` without a client id (doctor,
    tests) connects with a random id and a clean session. Subscriptions are
    QoS 1, so what was published while the console was away is delivered
    when it returns, as far as the broker kept it. The CONNACK's
    session-present flag is shown in the status: ``False`` on a reconnect to
    the same broker means the broker lost the session (restarted without
    persistence, or the session expired), and with it what was queued.

Never stop reading the socket
    Decoding runs on this loop (thread mode) and would keep paho from reading
    and acknowledging: Mosquitto sends a client at most 20 unacknowledged
    messages, queues the rest up to ``max_queued_messages`` and drops beyond
    it. So queued messages are decoded in slices of :data:`DECODE_SLICE_S`,
    and the loop reads (and acknowledges) between two slices: a burst waits
    in aiomqtt's queue, in this process's memory, counted by
    :attr:`MqttThread.backlog` ("data delayed"), not at the broker. The
    queue is bounded by ``[broker] max_buffered_messages``: at or beyond it
    the thread decodes before it reads again, so it reads at the decoder's
    pace and the broker keeps the rest (``reading_held``, logged once per
    episode, counted in ``held_back``).

Nothing acknowledged is discarded silently
    paho acknowledges a QoS 1 message (PUBACK) right after handing it to
    aiomqtt, which puts it into its incoming queue. That queue has no limit of
    its own (``max_queued_incoming_messages`` is never set: aiomqtt's
    "Message queue is full. Discarding message." cannot happen); the bound
    above is kept by reading slower, never by dropping. Every message taken
    from the queue goes to :meth:`FeedIngest.handle`, which counts it
    (``stats.messages``) whatever becomes of it: decoded, a decode error,
    oversized or unmatched, each counted too. When a session ends, by
    :meth:`MqttThread.stop` or a lost connection, the messages still in the
    queue are handled before the client is dropped. What can still be missing
    is therefore only what the broker never delivered, which is the broker's
    limit (``max_queued_messages``, ``persistence``, the session expiry;
    docs/configuration.md), or, if the process dies, the messages that were
    in memory, like the series store itself.

Failover
    With ``[broker] urls``, a connection that fails or drops moves the next
    attempt to the next broker in the list (after the usual backoff), round
    and round. A working connection stays where it is: the console does not
    go back to the first broker when it returns, because every move costs a
    new session on the other broker (with bridged Mosquittos each node keeps
    its own) and a burst of what that node queued meanwhile. ``status.broker``
    names the broker in use.

Reconnects
    Exponential backoff from ``backoff_initial_s`` doubling to
    ``backoff_max_s``, each wait drawn from its upper half (jitter, so a room
    of consoles does not return in lockstep). The backoff resets only after a
    connection stayed up for :data:`STABLE_AFTER_S`, so two consoles that
    share a client id (and keep kicking each other off) back off instead of
    flapping. The status shows the state, the reason of the last disconnect,
    the time of the next attempt and the number of reconnects.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import selectors
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import aiomqtt
import paho.mqtt.client as paho
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

from smartcity_console.config import BrokerConfig
from smartcity_console.feeds.ingest import ConnectionState, ConnectionStatus, IngestSink

if TYPE_CHECKING:
    from _typeshed import FileDescriptorLike

log = logging.getLogger(__name__)

# The decoder in the console's process, or the ingest process's forwarder.
Sink = TypeVar("Sink", bound=IngestSink)


class _LastTransportError(logging.Handler):
    """Keeps, per thread, the last error paho logged.

    paho reports why a socket failed (a TLS alert, a reset) only in its log;
    its callbacks carry "Unspecified error". The status shows this text.
    """

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self._local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        self._local.message = record.getMessage()

    def take(self) -> str | None:
        message: str | None = getattr(self._local, "message", None)
        self._local.message = None
        return message


# paho and aiomqtt log here (not to aiomqtt's "mqtt" logger), so the console
# can keep their last error and an administrator can filter them by name.
_PAHO_LOG = logging.getLogger(f"{__name__}.paho")
_TRANSPORT_ERRORS = _LastTransportError()
_PAHO_LOG.addHandler(_TRANSPORT_ERRORS)

FLUSH_INTERVAL_S = 0.05
# The MQTT thread's loop wakes at most this often (CoalescingSelector).
WAKE_INTERVAL_S = 0.01
# Decoding stops for a read after this long: Mosquitto sends a client at
# most 20 unacknowledged messages (max_inflight_messages) and then waits for
# PUBACKs, which go out when the loop turns; 2 ms slices let 10,000 msg/s
# through whatever the decoder costs.
DECODE_SLICE_S = 0.002
# How long a graceful close waits for the broker to close its side (BufferedSocket.close).
CLOSE_WAIT_S = 1.0
# A connection that lasted this long counts as good: the next failure starts
# the backoff from backoff_initial_s again.
STABLE_AFTER_S = 10.0
# QoS values at or above this in a SUBACK mean the broker refused the subscription.
_SUBACK_FAILURE = 0x80
_ITERATION_ENDED = "Disconnected during message iteration"


def new_selector_loop() -> asyncio.SelectorEventLoop:
    """A loop that has ``add_reader`` on every platform.

    Made explicitly rather than through the event loop policy: on Windows the
    default policy gives a ``ProactorEventLoop``, whose ``add_reader`` raises
    ``NotImplementedError``, and paho cannot run without it.
    """
    interval = float(os.environ.get("SMARTCITY_MQTT_WAKE_INTERVAL_MS", WAKE_INTERVAL_S * 1000))
    if interval <= 0:
        return asyncio.SelectorEventLoop()
    return asyncio.SelectorEventLoop(CoalescingSelector(interval / 1000))


class CoalescingSelector(selectors.BaseSelector):
    """A selector that wakes its loop at most once per ``interval`` seconds.

    At thousands of messages a second the socket is readable all the time, so
    the MQTT thread woke for every few packets and each wake took the GIL
    from the GUI thread, which then waited up to a switch interval (5 ms) to
    get it back, several times per plot it painted. Sleeping out the rest of
    the interval before waiting on the socket lets packets gather (in the
    kernel's buffer) and be decoded in one go: the GUI loses the GIL about
    100 times a second instead of thousands. Costs at most ``interval`` of
    latency per message; nothing is dropped (the socket buffers).
    """

    def __init__(
        self,
        interval: float,
        inner: selectors.BaseSelector | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._inner = inner or selectors.DefaultSelector()
        self._clock = clock
        self._sleep = sleep
        self._last = -interval

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        if timeout is not None and timeout <= 0:
            return self._inner.select(timeout)  # a poll between ready callbacks
        wait = self.interval - (self._clock() - self._last)
        if wait > 0:
            if timeout is not None:
                wait = min(wait, timeout)
                timeout -= wait
            self._sleep(wait)
        events = self._inner.select(timeout)
        self._last = self._clock()  # a wake: the next one no sooner than interval
        return events

    def register(
        self, fileobj: FileDescriptorLike, events: int, data: Any = None
    ) -> selectors.SelectorKey:
        return self._inner.register(fileobj, events, data)

    def unregister(self, fileobj: FileDescriptorLike) -> selectors.SelectorKey:
        return self._inner.unregister(fileobj)

    def modify(
        self, fileobj: FileDescriptorLike, events: int, data: Any = None
    ) -> selectors.SelectorKey:
        return self._inner.modify(fileobj, events, data)

    def get_map(self) -> Mapping[FileDescriptorLike, selectors.SelectorKey]:
        return self._inner.get_map()

    def close(self) -> None:
        self._inner.close()


def _tls_params(broker: BrokerConfig) -> aiomqtt.TLSParameters | None:
    if not broker.tls:
        return None
    return aiomqtt.TLSParameters(
        ca_certs=str(broker.ca_file) if broker.ca_file else None,
        certfile=str(broker.cert_file) if broker.cert_file else None,
        keyfile=str(broker.key_file) if broker.key_file else None,
    )


def make_client(broker: BrokerConfig, *, timeout: float | None = None) -> aiomqtt.Client:
    """An aiomqtt client with the session, login and TLS the config asks for.

    Call it inside the running loop (aiomqtt binds to it). The incoming queue
    keeps aiomqtt's unbounded default on purpose (module docstring).
    """
    persistent = broker.persistent_session
    properties: Properties | None = None
    clean_session: bool | None
    clean_start: paho.CleanStartOption
    if broker.protocol == "5":
        protocol = aiomqtt.ProtocolVersion.V5
        clean_session = None  # paho refuses it for MQTT 5; clean_start says it
        clean_start = not persistent
        if persistent:
            properties = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
            properties.SessionExpiryInterval = broker.effective_session_expiry_s
    else:
        protocol = aiomqtt.ProtocolVersion.V311
        clean_session = not persistent
        clean_start = paho.MQTT_CLEAN_START_FIRST_ONLY  # paho refuses anything else for 3.1.1
    client = aiomqtt.Client(
        broker.host,
        broker.port,
        username=broker.username,
        password=broker.password,
        identifier=broker.client_id,
        protocol=protocol,
        clean_session=clean_session,
        clean_start=clean_start,
        properties=properties,
        keepalive=broker.keepalive_s,
        timeout=timeout,
        logger=_PAHO_LOG,
        tls_params=_tls_params(broker),
        # Passed only when asked for: paho refuses tls_insecure_set without TLS.
        tls_insecure=True if broker.tls_insecure else None,
    )
    _buffer_reads(client)
    return client


class BufferedSocket:
    """A socket whose small reads are served from one large read.

    paho reads each packet with three ``recv`` calls (command byte, length,
    body), and every ``recv`` releases the GIL. With the GUI thread busy
    drawing, each release can cost the MQTT thread a whole switch interval
    (5 ms) before it runs again, so it read a few hundred messages a second
    and the broker's backlog grew to seconds (bench/render.py, 5,000 msg/s
    through Mosquitto: publish-to-frame p50 0.9 s). One ``recv`` of
    :data:`READ_CHUNK` bytes takes in hundreds of messages per release.
    ``pending()`` counts what is buffered, so aiomqtt's reader (which loops
    while ``pending()`` is positive, for TLS's own buffer) handles all of it
    before it waits on the socket again.
    """

    READ_CHUNK = 256 * 1024

    def __init__(self, sock: Any) -> None:
        self._sock = sock
        self._buffer = b""
        self._pos = 0

    def recv(self, bufsize: int) -> bytes:
        if self._pos >= len(self._buffer):
            data: bytes = self._sock.recv(self.READ_CHUNK)  # BlockingIOError passes to paho
            if not data:
                return data  # closed by the broker
            self._buffer, self._pos = data, 0
        chunk = self._buffer[self._pos : self._pos + bufsize]
        self._pos += len(chunk)
        return chunk

    def pending(self) -> int:
        inner = self._sock.pending() if hasattr(self._sock, "pending") else 0
        return len(self._buffer) - self._pos + int(inner)

    def close(self) -> None:
        """Close after the broker did, so that it reads the last PUBACKs.

        paho closes right after writing DISCONNECT. Bytes the broker sent
        meanwhile were still unread here, and closing a socket with unread
        data sends a TCP reset, which makes the broker's kernel drop what it
        had not read yet: the last PUBACKs. The broker then delivered those
        messages again at the next start, although they had been decoded
        (tens of readings twice after a stop in mid-burst). So the rest is
        read and discarded (never parsed: not acknowledged, the broker keeps
        them) until the broker closes its side, at most :data:`CLOSE_WAIT_S`.
        """
        sock = self._sock
        with contextlib.suppress(OSError, ValueError):
            sock.settimeout(CLOSE_WAIT_S)
            deadline = time.monotonic() + CLOSE_WAIT_S
            while time.monotonic() < deadline and sock.recv(self.READ_CHUNK):
                pass
        sock.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _buffer_reads(client: aiomqtt.Client) -> None:
    # WORKAROUND (paho-mqtt 2.1, aiomqtt 2.x): neither lets a caller choose how the
    # socket is read; paho's _create_socket is where the socket (TLS already
    # wrapped) is made, so its result is wrapped on the way out.
    paho_client = client._client
    create = paho_client._create_socket

    def create_buffered() -> BufferedSocket:
        return BufferedSocket(create())

    paho_client._create_socket = create_buffered  # type: ignore[method-assign]


# What an operator or installer should check, by the words OpenSSL or aiomqtt use.
_HINTS = (
    (
        "CERTIFICATE_VERIFY_FAILED",
        "TLS: the broker's certificate was not accepted (check broker.ca_file)",
    ),
    (
        "CERTIFICATE_REQUIRED",
        "TLS: the broker wants a client certificate (broker.cert_file, key_file)",
    ),
    ("ALERT_UNKNOWN_CA", "TLS: the broker did not accept this console's certificate"),
    ("ALERT_BAD_CERTIFICATE", "TLS: the broker did not accept this console's certificate"),
    ("Operation timed out", "the broker did not answer in time"),
)


def describe_error(exc: BaseException, detail: str | None = None) -> str:
    """The reason shown to the operator.

    aiomqtt's message, the cause it wraps, and ``detail`` (paho's last logged
    error, the only place that says *why* a socket failed), led by a hint
    that names the config key to check when the words are recognised.
    """
    text = str(exc) or type(exc).__name__
    if text == _ITERATION_ENDED:
        # aiomqtt's words for "the connection dropped while we were receiving".
        text = "connection to the broker lost"
    cause = str(exc.__cause__ or "")
    # paho's "[code:128] Unspecified error" (a socket closed, MQTT 3.1.1) adds nothing.
    if cause and cause not in text and not cause.endswith("Unspecified error"):
        text = f"{text}: {cause}"
    if detail and detail not in text:
        text = f"{text}; {detail}"
    for words, hint in _HINTS:
        if words in text:
            return f"{hint}: {text}"
    return text


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


class ReconnectBackoff:
    """The waits between connection attempts (Reconnects, in the module docstring).

    Keyword overrides win over the config (tests use short waits). Shared by
    :class:`MqttThread` (between sessions) and the ingest process's parent
    (between children), so both back off alike.
    """

    def __init__(
        self, broker: BrokerConfig, initial_s: float | None = None, max_s: float | None = None
    ) -> None:
        self.initial_s = broker.backoff_initial_s if initial_s is None else initial_s
        self.max_s = max(self.initial_s, broker.backoff_max_s if max_s is None else max_s)
        self._delay = self.initial_s

    def next_wait(self, stayed_up_s: float) -> float:
        """The wait after an attempt that lasted ``stayed_up_s`` (0: it never connected)."""
        if stayed_up_s >= STABLE_AFTER_S:
            self._delay = self.initial_s
        wait = random.uniform(self._delay / 2, self._delay)
        self._delay = min(self._delay * 2, self.max_s)
        return wait


class MqttThread(threading.Thread, Generic[Sink]):
    """Subscribes to the feeds, decodes into the store, reconnects with backoff.

    ``status`` is replaced (never mutated) on every change, so the GUI thread
    may read it at any time without a lock.
    """

    def __init__(
        self,
        broker: BrokerConfig,
        ingest: Sink,
        *,
        backoff_initial_s: float | None = None,
        backoff_max_s: float | None = None,
        flush_interval_s: float = FLUSH_INTERVAL_S,
        on_status: Callable[[MqttStatus], None] | None = None,
        slice_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(name="mqtt-ingest", daemon=True)
        # What decoding slices are measured with (a test counts slices with a fake one).
        self._slice_clock = slice_clock
        self.broker = broker
        self.ingest = ingest
        self.flush_interval_s = flush_interval_s
        # Called on this thread with each new status (the ingest process forwards it).
        self._on_status = on_status
        self.backoff = ReconnectBackoff(broker, backoff_initial_s, backoff_max_s)
        self.status = MqttStatus.connecting(broker)
        # The broker of the current or next attempt, an index into broker.brokers.
        self._current = 0
        self._connected_to: str | None = None  # the broker of the last connection
        # Decoding ahead of reading: the buffer reached max_buffered_messages.
        self.reading_held = False
        self.held_back = 0  # times that happened
        self._reason: str | None = None
        self._connects = 0
        self._session_present: bool | None = None
        self._refused: tuple[str, ...] = ()
        self._client: aiomqtt.Client | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None
        self._ready = threading.Event()

    @property
    def backlog(self) -> int:
        """Messages acknowledged to the broker and not yet decoded (0 when disconnected)."""
        client = self._client
        return len(client.messages) if client is not None else 0

    @property
    def current_broker(self) -> BrokerConfig:
        """The config of the broker in use, or of the next attempt (``[broker] urls``)."""
        return self.broker.at(self.broker.brokers[self._current])

    def run(self) -> None:
        loop = new_selector_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
            loop.close()

    def stop(self, timeout: float = 5.0) -> None:
        """Disconnect and end the thread; safe to call from any thread, more than once."""
        if self.ident is None:  # never started
            return
        self._ready.wait(timeout)
        loop, stop = self._loop, self._stop_event
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # loop closed meanwhile
                loop.call_soon_threadsafe(stop.set)
        if self.is_alive():
            self.join(timeout)

    def _set_status(self, state: ConnectionState, retry: float | None = None) -> None:
        self.status = MqttStatus(
            state,
            self.current_broker.url,
            time.time(),
            self._reason,
            retry,
            reconnects=max(0, self._connects - 1),
            persistent=self.broker.persistent_session,
            session_present=self._session_present,
            refused=self._refused,
        )
        if self._on_status is not None:
            self._on_status(self.status)

    async def _main(self) -> None:
        stop = self._stop_event = asyncio.Event()
        self._ready.set()
        while not stop.is_set():
            self._set_status("connecting")
            connected_at: list[float] = []
            try:
                await self._session(stop, connected_at)
            except aiomqtt.MqttError as exc:
                reason = describe_error(exc, _TRANSPORT_ERRORS.take())
            except Exception as exc:  # the thread must outlive any one failure (logged)
                log.exception("MQTT session with %s failed", self.current_broker.url)
                reason = f"{type(exc).__name__}: {exc}"
            else:
                break  # _session returns normally only when asked to stop
            wait = self.backoff.next_wait(
                time.monotonic() - connected_at[0] if connected_at else 0.0
            )
            self._reason = reason
            failed = self.current_broker.url
            brokers = self.broker.brokers
            self._current = (self._current + 1) % len(brokers)  # failover (module docstring)
            self._set_status("disconnected", time.time() + wait)
            if len(brokers) > 1:
                log.warning(
                    "broker %s: %s; trying %s in %.1fs",
                    failed,
                    reason,
                    self.current_broker.url,
                    wait,
                )
            else:
                log.warning("broker %s: %s; retrying in %.1fs", failed, reason, wait)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), wait)
        self.ingest.flush()
        self._set_status("stopped")

    async def _session(self, stop: asyncio.Event, connected_at: list[float]) -> None:
        client = make_client(self.current_broker)
        self._watch_connection(client)
        _TRANSPORT_ERRORS.take()  # forget the previous session's error
        try:
            async with client:
                connected_at.append(time.monotonic())
                await self._subscribe(client)
                self._connects += 1
                self._client = client
                self._set_status("connected")
                self.ingest.connected(time.time())
                self._report_session()
                consume = asyncio.create_task(self._consume(client))
                flusher = asyncio.create_task(self._flush_periodically())
                stopper = asyncio.create_task(stop.wait())
                try:
                    await asyncio.wait({consume, stopper}, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    for task in (consume, flusher, stopper):
                        task.cancel()
                    await asyncio.gather(consume, flusher, stopper, return_exceptions=True)
                if not consume.cancelled() and (error := consume.exception()) is not None:
                    raise error
                self._stop_reading(client)  # then aiomqtt disconnects, on leaving the block
        finally:
            self._client = None
            # Acknowledged already: decode what is left rather than drop it with the client.
            self._drain(client)
            self.ingest.flush()

    def _stop_reading(self, client: aiomqtt.Client) -> None:
        """Read no more before a graceful disconnect, so that each message handed on is acked.

        paho acknowledges a message after it read it, by queueing a PUBACK
        behind what is queued already. A message read after the DISCONNECT was
        queued got its PUBACK behind the DISCONNECT, which closes the socket:
        never sent, so the broker delivered the message again at the next
        start, although it had been decoded (tens of readings twice after a
        stop in mid-burst). What is left unread now stays the broker's to send
        again: nothing is lost with a persistent session.
        """
        # WORKAROUND (aiomqtt 2.5, paho 2.2): aiomqtt registers paho's socket with
        # add_reader and offers no way to pause it; its own close removes it again.
        sock = client._client.socket()
        loop = self._loop
        if sock is not None and loop is not None:
            loop.remove_reader(sock.fileno())

    async def _subscribe(self, client: aiomqtt.Client) -> None:
        topics = self.ingest.subscriptions
        if not topics:
            return
        granted = await client.subscribe([(topic, 1) for topic in topics])
        refused = []
        # MQTT 3.1.1 answers granted QoS numbers, MQTT 5 reason codes (same values).
        codes = [g if isinstance(g, int) else int(g.value) for g in granted]
        for topic, code, grant in zip(topics, codes, granted, strict=False):
            if code >= _SUBACK_FAILURE or code == 0:
                refused.append(topic)
                log.warning(
                    "broker %s refused QoS 1 on %r (granted %s): messages sent while the"
                    " console is away are not kept for it",
                    self.current_broker.url,
                    topic,
                    grant,
                )
        self._refused = tuple(refused)

    def _watch_connection(self, client: aiomqtt.Client) -> None:
        """Wrap aiomqtt's paho callbacks for what aiomqtt 2.x does not pass on.

        WORKAROUND (aiomqtt 2.5): it reads CONNACK's session-present flag and
        drops it; and it ignores a connection closed before CONNACK (a broker
        refusing this console's TLS certificate after the handshake), so the
        connect waits its whole timeout and reports "Operation timed out".
        """
        inner_connect = client._on_connect
        inner_disconnect = client._on_disconnect
        loop_thread = threading.get_ident()

        def on_connect(
            mqttc: paho.Client,
            userdata: Any,  # paho's callback signature
            flags: paho.ConnectFlags,
            reason_code: ReasonCode,
            properties: Properties | None = None,
        ) -> None:
            self._session_present = bool(flags.session_present)
            inner_connect(mqttc, userdata, flags, reason_code, properties)

        def on_disconnect(
            mqttc: paho.Client,
            userdata: Any,  # paho's callback signature
            flags: paho.DisconnectFlags,
            reason_code: ReasonCode,
            properties: Properties | None = None,
        ) -> None:
            connected = client._connected
            # Futures belong to the loop's thread; paho may call from the connect executor.
            if threading.get_ident() == loop_thread and not connected.done():
                detail = _TRANSPORT_ERRORS.take() or str(reason_code)
                connected.set_exception(
                    aiomqtt.MqttError(f"the broker closed the connection during login: {detail}")
                )
            inner_disconnect(mqttc, userdata, flags, reason_code, properties)

        client._client.on_connect = on_connect
        client._client.on_disconnect = on_disconnect

    def _report_session(self) -> None:
        url = self.current_broker.url
        same_broker, self._connected_to = self._connected_to == url, url
        if not self.broker.persistent_session or self._session_present:
            return
        if self._connects > 1 and same_broker:
            log.warning(
                "broker %s did not keep the session of %r: messages published while the"
                " console was disconnected are lost (broker restarted without persistence,"
                " or the session expired)",
                url,
                self.broker.client_id,
            )
        else:
            log.info("broker %s starts a new session for %r", url, self.broker.client_id)

    def _handle(self, message: aiomqtt.Message) -> None:
        payload = message.payload
        if not isinstance(payload, bytes | bytearray):
            payload = str(payload).encode()
        self.ingest.handle(message.topic.value, bytes(payload), time.time(), message.retain)

    def _drain(self, client: aiomqtt.Client, until: float | None = None) -> bool:
        """Handle what is queued now, without waiting (until ``until``, monotonic).

        Returns whether the queue was emptied.
        """
        # WORKAROUND: aiomqtt 2.x has no public non-blocking read of its queue.
        queue = client._queue
        clock = self._slice_clock
        while until is None or clock() < until:
            try:
                message = queue.get_nowait()
            except asyncio.QueueEmpty:
                return True
            self._handle(message)
        return queue.empty()

    async def _next_message(self, client: aiomqtt.Client) -> aiomqtt.Message:
        """The next message, waiting for one; raises MqttError once the connection is lost.

        What aiomqtt's ``client.messages`` iterator does, but safe to cancel: the
        iterator takes the message from the queue in a task of its own, so a stop
        that cancelled it just then lost that message (one reading missing in the
        middle of a stream, already acknowledged). Here a message taken is handled.
        """
        # WORKAROUND (aiomqtt 2.5): MessagesIterator.__anext__ drops a message its
        # get task took when it is cancelled; its queue and disconnect future are private.
        queue: asyncio.Queue[aiomqtt.Message] = client._queue
        disconnected: asyncio.Future[Any] = client._disconnected
        get: asyncio.Future[Any] = asyncio.ensure_future(queue.get())
        try:
            await asyncio.wait({get, disconnected}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            if get.done() and not get.cancelled():
                self._handle(get.result())
            else:
                get.cancel()
            raise
        if get.done():
            message: aiomqtt.Message = get.result()
            return message
        get.cancel()  # safe: Queue.get removes an item only when it returns it
        cause = None if disconnected.cancelled() else disconnected.exception()
        raise aiomqtt.MqttError(_ITERATION_ENDED) from cause

    async def _consume(self, client: aiomqtt.Client) -> None:
        bound = self.broker.max_buffered_messages
        while True:
            message = await self._next_message(client)
            self._handle(message)
            # Take more of what is queued at once (aiomqtt's iterator makes a
            # task per message, which costs more than decoding it), a slice at
            # a time, reading between slices (module docstring).
            while not self._drain(client, self._slice_clock() + DECODE_SLICE_S):
                queued = len(client.messages)
                if queued >= bound:
                    self._hold_reading(queued)
                elif queued <= bound // 2:  # resume in spells, not per slice
                    self.reading_held = False
                if not self.reading_held:
                    await asyncio.sleep(0)  # the loop reads and acknowledges here
            self.reading_held = False

    def _hold_reading(self, queued: int) -> None:
        if self.reading_held:
            return
        self.reading_held = True
        self.held_back += 1
        log.warning(
            "the console's ingest buffer is full (%d messages waiting for the decoder): "
            "reading from the broker slows to the decoder's pace, and the broker keeps"
            " the rest (its max_queued_messages)",
            queued,
        )

    async def _flush_periodically(self) -> None:
        while True:
            await asyncio.sleep(self.flush_interval_s)
            self.ingest.flush()
            self.ingest.tick(time.time())
