"""Publish the Rembang simulator to a real MQTT broker, paced by simulated time.

``speed`` is simulated seconds per real second, so a demo can show a whole day
(traffic peaks, the fish auction, an anomaly or four) in a few minutes. It
compresses the day's pattern, not the clock: each message carries the
wall-clock time it is published at (sim/compressed_day.py), unless
``timestamps="simulated"`` asks for the simulator's own time (a backfill of
the past, a replay whose exact stamps matter).

Messages are QoS 0 and not retained, like most real sensors: a retained value
would make a console that subscribes later believe a stale station is alive,
which is exactly what the ``station_silent`` anomaly must not hide.

The first connection failing is an error the caller reports
(:class:`BrokerUnreachableError`); a connection lost later is retried with
jittered exponential backoff, and on reconnect the simulated time missed is
published as a catch-up burst (at most :data:`MAX_CATCH_UP_S` of it).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import ssl
import time
from collections import deque
from collections.abc import Callable

import aiomqtt

from smartcity_console.core.backoff import Backoff
from smartcity_console.mqtt.broker_url import BrokerAddress, parse_broker_url
from smartcity_console.sim.compressed_day import CompressedDay, Stamping
from smartcity_console.sim.series import Message
from smartcity_console.sim.simulator import Simulator

log = logging.getLogger(__name__)

MAX_CATCH_UP_S = 3600.0
"""Simulated seconds replayed after a reconnect; older messages are skipped."""

_MAX_SLEEP_S = 0.5  # real seconds: wake at least this often (stop, deadline)
_MIN_SLEEP_S = 0.02  # at high speed, batch rather than wake for every message
_YIELD_EVERY = 500  # let the loop run (socket writes, stop) within big batches
# WORKAROUND: with aiomqtt 2.5 / paho 2.2, a broker that resets the connection
# while paho has unsent data can leave publish() waiting for a write that never
# happens (re-registering the closed socket's writer fails in the loop); only
# the timeout ends it. A healthy QoS 0 publish completes in milliseconds.
_PUBLISH_TIMEOUT_S = 3.0
_BACKOFF_INITIAL_S = 0.5
_BACKOFF_MAX_S = 10.0


class BrokerUnreachableError(ConnectionError):
    """The first connection to the broker failed; ``str()`` is one line for the user."""

    def __init__(self, address: BrokerAddress, reason: str) -> None:
        super().__init__(f"cannot reach broker at {address.display}: {reason}")
        self.address = address
        self.reason = reason


def encode(payload: dict[str, float | str]) -> bytes:
    """Compact JSON, as small on the wire as the contract allows."""
    return json.dumps(payload, separators=(",", ":")).encode()


async def publish_simulation(
    broker_url: str,
    *,
    seed: int,
    rate: float = 1.0,
    speed: float = 1.0,
    duration: float | None = None,
    client_id: str | None = None,
    stop: asyncio.Event | None = None,
    on_published: Callable[[int], None] | None = None,
    start: float | None = None,
    anomaly_rate_per_day: float = 4.0,
    timestamps: Stamping = "wall",
) -> int:
    """Publish until ``stop`` is set or ``duration`` real seconds pass; return the count.

    ``rate`` multiplies how often each series publishes; ``start`` is the
    simulated start time (default now). ``on_published`` gets the running
    total after each batch. With a ``duration`` and a broker that stays up,
    everything due up to ``start + duration * speed`` is published, so the
    messages are reproducible (with ``timestamps="simulated"``, to the byte).
    ``timestamps``: ``wall`` stamps each reading with the wall-clock time of
    its publication (the day's pattern runs ``speed`` times faster, the clock
    does not); ``simulated`` with the simulator's own time.
    Raises :class:`BrokerUnreachableError` when the first connection fails.
    """
    if not speed > 0:
        raise ValueError(f"speed must be positive, not {speed!r}")
    if duration is not None and duration < 0:
        raise ValueError(f"duration must not be negative, not {duration!r}")
    address = parse_broker_url(broker_url)
    sim = Simulator(seed=seed, start=start, anomaly_rate_per_day=anomaly_rate_per_day, rate=rate)
    pump = _Pump(sim, speed, duration, stop or asyncio.Event(), on_published, timestamps)
    await pump.run(address, client_id)
    return pump.published


class _Pump:
    """Steps the simulator against the loop clock and publishes what is due."""

    def __init__(
        self,
        sim: Simulator,
        speed: float,
        duration: float | None,
        stop: asyncio.Event,
        on_published: Callable[[int], None] | None,
        timestamps: Stamping = "wall",
    ) -> None:
        self.sim = sim
        self.speed = speed
        self.stop = stop
        self.on_published = on_published
        self.published = 0
        self._pending: deque[Message] = deque()
        self._loop = asyncio.get_running_loop()
        self._real0 = self._loop.time()
        # Taken with _real0: pattern time sim.start is published at wall time now.
        self._day = CompressedDay(sim.start, time.time(), speed) if timestamps == "wall" else None
        self._sim_end = None if duration is None else sim.start + duration * speed

    def _sim_now(self) -> float:
        now = self.sim.start + (self._loop.time() - self._real0) * self.speed
        return now if self._sim_end is None else min(now, self._sim_end)

    def _finished(self) -> bool:
        return self.stop.is_set() or (
            self._sim_end is not None and self._sim_now() >= self._sim_end
        )

    async def _pause(self, seconds: float) -> None:
        """Sleep ``seconds`` of real time, or less if ``stop`` is set meanwhile."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stop.wait(), max(seconds, 0.0))

    async def run(self, address: BrokerAddress, client_id: str | None) -> None:
        connected_once = False
        backoff = Backoff(_BACKOFF_INITIAL_S, _BACKOFF_MAX_S)  # publishers don't stampede
        while True:
            try:
                async with aiomqtt.Client(
                    address.host,
                    address.port,
                    username=address.username,
                    password=address.password,
                    identifier=client_id,
                    tls_context=ssl.create_default_context() if address.tls else None,
                ) as client:
                    connected_once = True
                    backoff.reset()
                    await self._publish_until_done(client)
                    return
            except aiomqtt.MqttError as exc:
                reason = str(exc) or type(exc).__name__
                if not connected_once:
                    raise BrokerUnreachableError(address, reason) from None
                wait = backoff.next_wait()
                log.warning("broker %s: %s; reconnecting in %.1fs", address.display, reason, wait)
                await self._pause(wait)
                if self._finished():
                    return
                self._cap_catch_up()

    def _cap_catch_up(self) -> None:
        now = self._sim_now()
        if now - self.sim.cursor > MAX_CATCH_UP_S:
            skipped_to = now - MAX_CATCH_UP_S
            log.warning(
                "skipping %.0f simulated seconds missed while disconnected",
                skipped_to - self.sim.cursor,
            )
            self.sim.skip(skipped_to)

    async def _publish_until_done(self, client: aiomqtt.Client) -> None:
        while True:
            now = self._sim_now()
            if not self._pending:
                due = self.sim.step(now)
                self._pending.extend(due if self._day is None else self._day.stamp(due))
            await self._publish_pending(client)
            if self.stop.is_set() or (self._sim_end is not None and now >= self._sim_end):
                return
            until = (
                self.sim.next_due()
                if self._sim_end is None
                else min(self.sim.next_due(), self._sim_end)
            )
            wait = (until - self._sim_now()) / self.speed
            await self._pause(min(max(wait, _MIN_SLEEP_S), _MAX_SLEEP_S))

    async def _publish_pending(self, client: aiomqtt.Client) -> None:
        """Publish the pending batch in order; on failure the rest stays for the retry."""
        before = self.published
        try:
            while self._pending:
                topic, payload = self._pending[0]
                await client.publish(
                    topic, encode(payload), qos=0, retain=False, timeout=_PUBLISH_TIMEOUT_S
                )
                self._pending.popleft()
                self.published += 1
                if self.published % _YIELD_EVERY == 0:
                    await asyncio.sleep(0)
                    if self.stop.is_set():
                        break
        finally:
            if self.on_published is not None and self.published != before:
                self.on_published(self.published)
