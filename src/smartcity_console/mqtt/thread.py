"""The MQTT client on a thread of its own with a selector event loop.

The thread runs in the console's process (``[broker] separate_process =
false``) or in the ingest process (mqtt/process.py); either way on a plain
``asyncio.SelectorEventLoop`` (mqtt/transport.py says why), with the client
mqtt/client.py makes.

Subscriptions
    QoS 1, so what was published while the console was away is delivered when
    it returns, as far as the broker kept it. The CONNACK's session-present
    flag is shown in the status: ``False`` on a reconnect to the same broker
    means the broker lost the session (restarted without persistence, or the
    session expired), and with it what was queued.

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
    from the queue goes to the sink's ``handle`` (``FeedIngest.handle``), which
    counts it (``stats.messages``) whatever becomes of it: decoded, a decode
    error, oversized or unmatched, each counted too. When a session ends, by
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
    With backoff and jitter (mqtt/reconnect.py). The status shows the state,
    the reason of the last disconnect, the time of the next attempt and the
    number of reconnects.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Generic

import aiomqtt

from smartcity_console.config import BrokerConfig
from smartcity_console.mqtt import aiomqtt_internals as internals
from smartcity_console.mqtt.client import describe_error, make_client, take_transport_error
from smartcity_console.mqtt.reconnect import ReconnectBackoff
from smartcity_console.mqtt.sink import Sink
from smartcity_console.mqtt.status import ConnectionState, MqttStatus
from smartcity_console.mqtt.transport import new_selector_loop

log = logging.getLogger(__name__)

FLUSH_INTERVAL_S = 0.05
# Decoding stops for a read after this long: Mosquitto sends a client at
# most 20 unacknowledged messages (max_inflight_messages) and then waits for
# PUBACKs, which go out when the loop turns; 2 ms slices let 10,000 msg/s
# through whatever the decoder costs.
DECODE_SLICE_S = 0.002
# QoS values at or above this in a SUBACK mean the broker refused the subscription.
_SUBACK_FAILURE = 0x80


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
        loop = new_selector_loop(self.broker.wake_interval_ms / 1000)
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
                reason = describe_error(exc, take_transport_error())
            except Exception as exc:  # the thread must outlive any one failure (logged)
                log.exception("MQTT session with %s failed", self.current_broker.url)
                reason = f"{type(exc).__name__}: {exc}"
            else:
                break  # _session returns normally only when asked to stop
            wait = self.backoff.wait_after(
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
        internals.watch_connection(client, self._on_session_present, take_transport_error)
        take_transport_error()  # forget the previous session's error
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
        internals.stop_reading(client, self._loop)

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

    def _on_session_present(self, present: bool) -> None:
        self._session_present = present

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
        clock = self._slice_clock
        while until is None or clock() < until:
            message = internals.take_queued(client)
            if message is None:
                return True
            self._handle(message)
        return internals.queue_empty(client)

    async def _next_message(self, client: aiomqtt.Client) -> aiomqtt.Message:
        """The next message; one taken as the wait is cancelled is handled, not lost."""
        return await internals.next_message(client, self._handle)

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
