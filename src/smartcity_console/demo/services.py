"""Everything ``demo`` and the self-test run inside the console's process.

An embedded MQTT broker, the Rembang simulator publishing to it over TCP (and
one Sparkplug B edge node, sim/sparkplug_node.py), the sync server on SQLite
and, with ``history``, the historian's recorder writing into the server's
database (a day of the simulator's past first, demo/history_backfill.py), on
one background thread with its own event loop, all on loopback ports chosen
at start. The console then talks to them exactly
as it talks to Mosquitto and a remote server. A demo that is up says where
(:mod:`.rendezvous`), so a second one joins it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field

import aiomqtt
import uvicorn

from smartcity_console import paths
from smartcity_console.config import BrokerConfig
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.demo.history_backfill import DAY_S, backfill_day
from smartcity_console.demo.rendezvous import previous_ports, rendezvous_file
from smartcity_console.history.recorder import Recorder
from smartcity_console.history.writer import HistoryWriter
from smartcity_console.private_files import private_file
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.demo_users import seed_demo_users
from smartcity_console.server.poke import DEFAULT_POKE_TOPIC, PokePublisher
from smartcity_console.sim.devices import publish_devices
from smartcity_console.sim.embedded_broker import EmbeddedBroker, free_loopback_port
from smartcity_console.sim.publish import publish_simulation
from smartcity_console.sim.sparkplug_node import run_sparkplug_node

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServiceOptions:
    seed: int = 1
    speed: float = 1.0
    rate: float = 1.0
    simulate: bool = True
    sync_server: bool = True
    database_url: str | None = None
    broker_port: int | None = None
    server_port: int | None = None
    # Publish this much simulated history first, so plots are not empty at start.
    backfill_s: float = 0.0
    # Say where the broker and server are, so a second demo joins them.
    announce: bool = False
    # How often the unmapped demo devices (sim/devices.py) publish.
    device_interval_s: float = 10.0
    # Record these feeds into the server's database (needs sync_server), after
    # writing `history_backfill_s` of the simulator's past into it.
    history_feeds: tuple[FeedMapping, ...] = field(default_factory=tuple)
    history_backfill_s: float = DAY_S


class EmbeddedServices(threading.Thread):
    """Start with :meth:`start_and_wait`; :meth:`stop` ends every task it started."""

    def __init__(self, options: ServiceOptions = ServiceOptions()) -> None:
        super().__init__(name="embedded-services", daemon=True)
        self.options = options
        broker_port, server_port = options.broker_port, options.server_port
        if options.announce:
            # Back on the last run's ports when they are free: a second workstation
            # that joined that run retries those URLs and finds this one (rendezvous.py).
            last_broker, last_server = previous_ports()
            broker_port = broker_port or last_broker
            server_port = server_port or last_server
        self.broker = EmbeddedBroker(broker_port)
        self.server_port = server_port or free_loopback_port()
        self.published = 0
        self._published_before = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None
        # Not `_started`: threading.Thread has an Event of that name, which its own
        # start-up sets at once, so start_and_wait returned before anything ran.
        self._ready = threading.Event()
        # Set when the console is subscribed: history published before that is lost.
        self.console_ready = threading.Event()
        self._error: BaseException | None = None
        self._poke: PokePublisher | None = None
        self.recorder: Recorder | None = None
        # Set once the recorder holds the backfilled past (the history API can serve it).
        self.history_ready = threading.Event()

    @property
    def broker_url(self) -> str:
        return self.broker.url

    @property
    def server_url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def start_and_wait(self, timeout: float = 30.0) -> None:
        self.start()
        if not self._ready.wait(timeout):
            raise TimeoutError("embedded services did not start in time")
        if self._error is not None:
            raise RuntimeError(f"embedded services failed to start: {self._error}")

    def stop(self, timeout: float = 10.0) -> None:
        loop, stop = self._loop, self._stop_event
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stop.set)
        if self.is_alive():
            self.join(timeout)

    def run(self) -> None:
        loop = asyncio.SelectorEventLoop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        except BaseException as exc:  # noqa: BLE001 (handed to the starting thread, not lost)
            self._error = exc
            self._ready.set()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def _count(self, n: int) -> None:
        # Each publish_simulation call counts from zero; keep a running total.
        self.published = self._published_before + n

    async def _main(self) -> None:
        self._stop_event = asyncio.Event()
        opts = self.options
        await self.broker.start()
        server: uvicorn.Server | None = None
        tasks: list[asyncio.Task[object]] = []
        try:
            if opts.sync_server:
                self._poke = PokePublisher(self.broker.url, DEFAULT_POKE_TOPIC)
                server, database = _uvicorn_server(opts.database_url, self.server_port, self._poke)
                if opts.history_feeds:
                    self.recorder = self._start_recorder(database)
                    tasks.append(asyncio.create_task(asyncio.to_thread(self._backfill_history)))
                serving: asyncio.Task[object] = asyncio.create_task(server.serve())
                tasks.append(serving)
                while not server.started:
                    if serving.done():
                        serving.result()  # re-raises why the server could not start
                        raise RuntimeError("sync server stopped during start-up")
                    await asyncio.sleep(0.02)
            if opts.simulate:
                tasks.append(asyncio.create_task(self._simulate()))
                # Two devices in their firmware's own format, for "Map this topic..."
                # (sim/devices.py); the bundled config only browses their topics.
                tasks.append(
                    asyncio.create_task(
                        publish_devices(self.broker.url, self._stop_event, opts.device_interval_s)
                    )
                )
                tasks.append(asyncio.create_task(self._sparkplug_node()))
            if opts.announce:
                self._announce()
            self._ready.set()
            await self._stop_event.wait()
        finally:
            # The note stays: it names the ports the next run takes again
            # (rendezvous.py); a note whose server does not answer is no running demo.
            if server is not None:
                server.should_exit = True
            self._stop_event.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            if self._poke is not None:
                self._poke.close()
            if self.recorder is not None:
                await asyncio.to_thread(self.recorder.stop)
            await self.broker.stop()

    def _start_recorder(self, database: ServerDatabase) -> Recorder:
        """The recorder on the server's own database, on the embedded broker."""
        broker = BrokerConfig(url=self.broker.url, client_id="smartcity-demo-recorder")
        recorder = Recorder(
            broker, list(self.options.history_feeds), HistoryWriter(database.engine)
        )
        recorder.start()
        return recorder

    def _backfill_history(self) -> None:
        """The simulator's past day straight into the recorder (module docstring)."""
        recorder = self.recorder
        assert recorder is not None
        span = self.options.history_backfill_s
        if span > 0:
            backfill_day(recorder.sink, seed=self.options.seed, end=time.time(), span_s=span)
        self.history_ready.set()

    def _announce(self) -> None:
        info = {
            "broker_url": self.broker_url,
            "server_url": self.server_url,
            "pid": os.getpid(),
            "speed": self.options.speed,
        }
        with contextlib.suppress(OSError), private_file(rendezvous_file()) as out:
            out.write(json.dumps(info).encode("utf-8"))

    async def _simulate(self) -> None:
        opts = self.options
        assert self._stop_event is not None
        # The backfill is worth nothing until the console has subscribed (it may
        # wait at the sign-in dialog for a while); QoS 0 is not kept for anyone.
        while opts.backfill_s > 0 and not self.console_ready.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop_event.wait(), 0.1)
            if self._stop_event.is_set():
                return
        start = time.time()
        if opts.backfill_s > 0:
            # The past `backfill_s` seconds, squeezed into about three real seconds.
            # At `--rate 20` that history is twenty times the messages and took
            # minutes to publish, live data waiting behind it; so a faster rate
            # backfills a shorter past, at the same rate as the live data (a
            # backfill at a slower rate would be drawn as gaps beside it).
            backfill_s = opts.backfill_s / max(opts.rate, 1.0)
            self._published_before = await publish_simulation(
                self.broker.url,
                seed=opts.seed,
                rate=opts.rate,
                start=start - backfill_s,
                speed=backfill_s / 3,
                duration=3,
                # The past, as it was: this speed only hurries the publishing.
                timestamps="simulated",
                stop=self._stop_event,
                on_published=self._count,
            )
        await publish_simulation(
            self.broker.url,
            seed=opts.seed,
            rate=opts.rate,
            speed=opts.speed,
            # Stamped on the wall clock: --speed compresses the day, not the clock.
            timestamps="wall",
            # The backfill already sent the tick at `start` (both ends are inclusive).
            start=start + 0.001,
            stop=self._stop_event,
            on_published=self._count,
        )

    async def _sparkplug_node(self) -> None:
        """One Sparkplug B edge node (sim/sparkplug_node.py), born once the console listens.

        Its BIRTH must reach the console: DATA without it cannot be read, and the
        console does not ask a node to be born again (docs/feeds.md, Sparkplug B).
        """
        assert self._stop_event is not None
        while not self.console_ready.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop_event.wait(), 0.1)
            if self._stop_event.is_set():
                return
        try:
            await run_sparkplug_node(self.broker.url, self._stop_event, seed=self.options.seed)
        except aiomqtt.MqttError as exc:
            log.warning("demo Sparkplug B node stopped: %s", exc)


def _uvicorn_server(
    database_url: str | None, port: int, poke: PokePublisher | None = None
) -> tuple[uvicorn.Server, ServerDatabase]:
    # A database of its own: the demo's public passwords never reach the file
    # that `serve` uses for real accounts.
    url = database_url or f"sqlite:///{paths.user_data_dir() / 'demo-server.sqlite3'}"
    app = create_app(url, poke=poke)  # migrates the database first
    # The demo's sign-in dialog lists these accounts (docs/users.md).
    seed_demo_users(url)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
    )
    database: ServerDatabase = app.state.server_db
    return uvicorn.Server(config), database
