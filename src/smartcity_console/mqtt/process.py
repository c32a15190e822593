"""The MQTT client in a process of its own, so that it never takes the GIL from drawing.

Why a process
    At thousands of messages a second, paho and aiomqtt hold Python's GIL
    about half of the time (py-spy, bench/render.py). On a thread of the
    console's process that time is taken from the GUI thread: a plot panel
    that redraws in 2.3 ms alone took 9-12 ms, and publish-to-frame at 5,000
    msg/s stayed far over its 250 ms target whatever the switch interval. In a
    child process the MQTT protocol work runs on its own interpreter and GIL;
    the console's process only decodes the raw messages (``FeedIngest``,
    about a fifth of the work), which arrive in batches a few dozen times a
    second. ``[broker] separate_process = false`` keeps the client on a thread
    (:class:`MqttThread`), as before.

The console's side
    :class:`MqttProcess` starts the child (mqtt/child.py), decodes the batches
    it sends and restarts it after the backoff if it dies.

Falling behind says so
    The child counts every message it takes from aiomqtt in a shared counter
    (``taken``), before its queue; the console counts what it decoded.
    ``backlog`` is the difference plus aiomqtt's own queue: the messages in
    the child's queue and the pipe, waiting for the decoder. Only beyond the
    bound does anything wait at the broker, which MQTT cannot count (so the
    number is then a lower bound; ``held`` says when).

Nothing acknowledged is discarded silently
    The child hands every message it took from aiomqtt to its queue and the
    pipe; a full queue makes the child read slower (and the broker queue),
    never drop. If the child dies, what it had acknowledged but not yet sent
    is lost, as it would be if the console itself died; the status says so,
    and a new child is started after the backoff.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import threading
import time
from dataclasses import replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.sharedctypes import Synchronized
from typing import Any, Generic

from smartcity_console.config import BrokerConfig
from smartcity_console.mqtt.child import child_main
from smartcity_console.mqtt.reconnect import ReconnectBackoff
from smartcity_console.mqtt.sink import Sink
from smartcity_console.mqtt.status import MqttStatus

log = logging.getLogger(__name__)

# How often the child sends what it has: each batch costs the console's process
# one wake; 25 ms adds at most that to publish-to-frame.
CHILD_FLUSH_INTERVAL_S = 0.025
# The console's side looks at the clock this often even without messages
# (stale-feed alarm rules run on FeedIngest.tick).
_TICK_S = 0.25
_JOIN_S = 5.0


class MqttProcess(Generic[Sink]):
    """The console's side of the ingest process; the same face as :class:`MqttThread`.

    ``status`` is replaced, never mutated, by the receiving thread, so the GUI
    thread may read it (and ``backlog``) at any time without a lock. The
    receiving thread decodes each batch into the store (:meth:`FeedIngest.handle`,
    then one :meth:`FeedIngest.flush`), so control topics (the sync poke) and
    alarm rules work as with the thread.
    """

    def __init__(
        self,
        broker: BrokerConfig,
        ingest: Sink,
        *,
        backoff_initial_s: float | None = None,
        backoff_max_s: float | None = None,
        flush_interval_s: float = CHILD_FLUSH_INTERVAL_S,
    ) -> None:
        self.broker = broker
        self.ingest = ingest
        # Between children; the child's own MqttThread backs off between sessions.
        self.backoff = ReconnectBackoff(broker, backoff_initial_s, backoff_max_s)
        self.flush_interval_s = flush_interval_s
        self.status = MqttStatus.connecting(broker)
        self._queued = 0  # aiomqtt's queue in the child, with its last batch
        # The child's buffer is full: it reads at the decoder's pace (module docstring).
        self.reading_held = False
        self.held_back = 0  # times that happened, over every child
        self._decoded = 0  # messages of the current child decoded here
        self._taken: Synchronized[int] | None = None
        # Reconnects counted by children that ended, so the count survives a restart.
        self._earlier_reconnects = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        self._process: BaseProcess | None = None
        self._receiver = threading.Thread(target=self._run, name="mqtt-receive", daemon=True)

    @property
    def backlog(self) -> int:
        """Messages the MQTT process has taken and this one has not decoded yet (see above)."""
        taken = self._taken
        in_pipe = taken.value - self._decoded if taken is not None else 0
        return max(0, in_pipe) + self._queued

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs (tests, diagnostics)."""
        process = self._process
        return process.pid if process is not None and process.is_alive() else None

    def start(self) -> None:
        self._receiver.start()

    def is_alive(self) -> bool:
        return self._receiver.is_alive()

    def stop(self, timeout: float = _JOIN_S) -> None:
        """Ask the child to disconnect, wait for its last batch; any thread, more than once."""
        if self._receiver.ident is None:  # never started
            return
        self._stopping.set()
        self._ask_to_stop()
        self._receiver.join(timeout)

    def _ask_to_stop(self) -> None:
        with self._lock:
            conn = self._conn
            if conn is not None:
                with contextlib.suppress(OSError):
                    conn.send(("stop",))

    def _run(self) -> None:
        while not self._stopping.is_set():
            started = time.monotonic()
            exitcode = self._run_child()
            if self._stopping.is_set():
                break
            wait = self.backoff.wait_after(time.monotonic() - started)
            reason = f"the MQTT process ended unexpectedly (exit code {exitcode})"
            log.error("%s; starting a new one in %.1fs", reason, wait)
            self._earlier_reconnects = self.status.reconnects + 1
            self.status = replace(
                self.status,
                state="disconnected",
                since=time.time(),
                reason=reason,
                next_retry_at=time.time() + wait,
            )
            self._taken, self._queued, self.reading_held = None, 0, False
            self._stopping.wait(wait)
        self.ingest.flush()
        self._taken, self._queued = None, 0
        if self.status.state != "stopped":
            self.status = replace(self.status, state="stopped", since=time.time())

    def _run_child(self) -> int | None:
        context = multiprocessing.get_context("spawn")
        conn, child_conn = context.Pipe(duplex=True)
        taken = context.Value("q", 0)  # written by the child only
        self._decoded = 0
        process = context.Process(
            target=child_main,
            args=(
                child_conn,
                self.broker,
                self.ingest.subscriptions,
                self.backoff.initial_s,
                self.backoff.max_s,
                self.flush_interval_s,
                logging.getLogger().getEffectiveLevel(),
                taken,
            ),
            name="smartcity-mqtt",
            daemon=True,
        )
        process.start()
        child_conn.close()
        with self._lock:
            self._conn, self._process, self._taken = conn, process, taken
        if self._stopping.is_set():  # stop() came while the child was starting
            self._ask_to_stop()
        try:
            self._receive(conn)
        finally:
            with self._lock:
                self._conn = None
            conn.close()
            process.join(_JOIN_S)
            if process.is_alive():
                log.warning("the MQTT process did not stop within %.0fs; ending it", _JOIN_S)
                process.kill()
                process.join(_JOIN_S)
        return process.exitcode

    def _receive(self, conn: Connection) -> None:
        ingest = self.ingest
        while True:
            if conn.poll(_TICK_S):
                try:
                    message = conn.recv()
                except (EOFError, OSError):  # the child has ended
                    return
                try:
                    self._dispatch(message)
                except Exception:  # a bug in decoding must not stop ingestion (logged)
                    log.exception("handling a message from the MQTT process failed")
            ingest.tick(time.time())

    def _dispatch(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "batch":
            _, batch, queued = message
            # Counted first: a batch whose decoding raises must not stay "waiting".
            self._decoded += len(batch)
            self._queued = queued
            handle = self.ingest.handle
            for topic, payload, received_at, retained in batch:
                handle(topic, payload, received_at, retained)
            self.ingest.flush()
        elif kind == "status":
            status: MqttStatus = message[1]
            if self._earlier_reconnects:
                status = replace(status, reconnects=status.reconnects + self._earlier_reconnects)
            previous, self.status = self.status, status
            if status.state == "connected" and previous.state != "connected":
                self.ingest.connected(time.time())
        elif kind == "held":
            self.reading_held = bool(message[1])
            self.held_back += int(self.reading_held)
        elif kind == "log":
            record = logging.makeLogRecord(message[1])
            logging.getLogger(record.name).handle(record)
