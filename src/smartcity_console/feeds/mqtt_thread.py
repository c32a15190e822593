"""The MQTT client on a thread of its own with a selector event loop.

paho (under aiomqtt 2.x) needs ``loop.add_reader``, which qasync's loop lacks
on Windows, and qasync routes every callback through Qt (about half the
throughput measured here). So the console runs aiomqtt on a plain
``SelectorEventLoop`` in this thread; the GUI only reads the series store and
the status snapshot at frame time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import threading
import time

import aiomqtt

from smartcity_console.config import BrokerConfig
from smartcity_console.feeds.ingest import ConnectionStatus, FeedIngest

log = logging.getLogger(__name__)

FLUSH_INTERVAL_S = 0.05


def new_selector_loop() -> asyncio.AbstractEventLoop:
    """A loop that has ``add_reader`` on every platform (Windows' default does not)."""
    return asyncio.SelectorEventLoop()


def _tls_params(broker: BrokerConfig) -> aiomqtt.TLSParameters | None:
    if not broker.tls:
        return None
    return aiomqtt.TLSParameters(
        ca_certs=str(broker.ca_file) if broker.ca_file else None,
        certfile=str(broker.cert_file) if broker.cert_file else None,
        keyfile=str(broker.key_file) if broker.key_file else None,
    )


class MqttThread(threading.Thread):
    """Subscribes to the feeds, decodes into the store, reconnects with backoff."""

    def __init__(
        self,
        broker: BrokerConfig,
        ingest: FeedIngest,
        *,
        backoff_initial_s: float = 0.5,
        backoff_max_s: float = 30.0,
    ) -> None:
        super().__init__(name="mqtt-ingest", daemon=True)
        self.broker = broker
        self.ingest = ingest
        self.backoff_initial_s = backoff_initial_s
        self.backoff_max_s = backoff_max_s
        self.status = ConnectionStatus("connecting", broker.url, time.time())
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None
        self._ready = threading.Event()

    def run(self) -> None:
        loop = new_selector_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def stop(self, timeout: float = 5.0) -> None:
        """Disconnect and end the thread; safe to call from any thread, more than once."""
        self._ready.wait(timeout)
        loop, stop = self._loop, self._stop_event
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # loop closed meanwhile
                loop.call_soon_threadsafe(stop.set)
        if self.is_alive():
            self.join(timeout)

    def _set_status(
        self, state: str, reason: str | None = None, retry: float | None = None
    ) -> None:
        self.status = ConnectionStatus(
            state,  # type: ignore[arg-type]
            self.broker.url,
            time.time(),
            reason,
            retry,
        )

    async def _main(self) -> None:
        self._stop_event = asyncio.Event()
        self._ready.set()
        delay = self.backoff_initial_s
        while not self._stop_event.is_set():
            self._set_status("connecting", self.status.reason)
            try:
                await self._session()
                delay = self.backoff_initial_s
            except aiomqtt.MqttError as exc:
                reason = str(exc) or type(exc).__name__
                # Full jitter keeps a room of consoles from reconnecting in lockstep.
                wait = random.uniform(delay / 2, delay)
                self._set_status("disconnected", reason, time.time() + wait)
                log.warning("broker %s: %s; retrying in %.1fs", self.broker.url, reason, wait)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop_event.wait(), wait)
                delay = min(delay * 2, self.backoff_max_s)
        self.ingest.flush()
        self._set_status("stopped", self.status.reason)

    async def _session(self) -> None:
        assert self._stop_event is not None
        broker = self.broker
        async with aiomqtt.Client(
            broker.host,
            broker.port,
            username=broker.username,
            password=broker.password,
            identifier=broker.client_id,
            clean_session=broker.client_id is None,
            keepalive=broker.keepalive_s,
            tls_params=_tls_params(broker),
        ) as client:
            for topic in self.ingest.subscriptions:
                await client.subscribe(topic, qos=1)
            self._set_status("connected")
            consume = asyncio.create_task(self._consume(client))
            flusher = asyncio.create_task(self._flush_periodically())
            stopper = asyncio.create_task(self._stop_event.wait())
            try:
                await asyncio.wait({consume, stopper}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for task in (consume, flusher, stopper):
                    task.cancel()
                await asyncio.gather(consume, flusher, stopper, return_exceptions=True)
                self.ingest.flush()
            if consume.done() and not consume.cancelled() and consume.exception():
                raise consume.exception()  # type: ignore[misc]

    async def _consume(self, client: aiomqtt.Client) -> None:
        handle = self.ingest.handle
        async for message in client.messages:
            payload = message.payload
            if not isinstance(payload, bytes | bytearray):
                payload = str(payload).encode()
            handle(message.topic.value, bytes(payload), time.time())

    async def _flush_periodically(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_INTERVAL_S)
            self.ingest.flush()
