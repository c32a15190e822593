"""The MQTT client in a process of its own, so that it never takes the GIL from drawing.

Why a process
    At thousands of messages a second, paho and aiomqtt hold Python's GIL
    about half of the time (py-spy, bench/render.py). On a thread of the
    console's process that time is taken from the GUI thread: a plot panel
    that redraws in 2.3 ms alone took 9-12 ms, and publish-to-frame at 5,000
    msg/s stayed far over its 250 ms target whatever the switch interval. In a
    child process the MQTT protocol work runs on its own interpreter and GIL;
    the console's process only decodes the raw messages (:class:`FeedIngest`,
    about a fifth of the work), which arrive in batches a few dozen times a
    second. ``[broker] separate_process = false`` keeps the client on a thread
    (:class:`MqttThread`), as before.

The child
    :func:`child_main` runs the same :class:`MqttThread` (sessions, TLS,
    backoff, the buffered socket) with a :class:`_Forwarder` in place of the
    decoder: raw messages are gathered and sent every ``flush_interval_s``.
    It is started with multiprocessing's ``spawn`` (never ``fork``: the
    console's process has Qt and threads), which also works in the PyInstaller
    bundle (``multiprocessing.freeze_support()`` in packaging/entry.py).

The pipe
    child → console: ``("batch", [(topic, payload, received_at, retained), ...],
    backlog)``, ``("status", MqttStatus)``, ``("log", LogRecord attributes)``,
    ``("held", bool)`` (the buffer below is full, or no longer).
    console → child: ``("stop",)``. The end of the pipe stops the child too, so
    a console that is killed leaves no orphan connected to the broker.

Never stop reading the socket
    ``Connection.send`` blocks while the pipe is full, that is while the
    console's decoder is behind. Called on the MQTT loop, it stopped the loop:
    nothing was read or acknowledged, Mosquitto's queue for the console
    filled (``max_queued_messages``, 1000 by default) and the broker dropped
    the newest messages, saying so only in its log at NOTICE level. So the
    loop never sends: :class:`_Sender` is a thread of its own with a queue,
    and the loop only appends to it. A burst then waits here, in the
    console's memory, counted in ``backlog`` ("data delayed"), not at the
    broker.

    The queue is bounded (``[broker] max_buffered_messages``, 200,000 by
    default, about 60 MB of simulator readings). Beyond it the loop waits for
    the decoder after each flush, so it reads only as fast as the console
    decodes and the broker keeps the rest in the console's session, within
    its own limit; the status says ``held`` (shown on the dashboards and
    logged once per episode), and the episodes are counted (``held_back``).
    Nothing acknowledged is dropped here.

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
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.sharedctypes import Synchronized
from typing import Any

from smartcity_console.config import DEFAULT_MAX_BUFFERED, BrokerConfig
from smartcity_console.feeds.ingest import FeedIngest
from smartcity_console.feeds.mqtt_thread import MqttStatus, MqttThread, ReconnectBackoff

log = logging.getLogger(__name__)

# How often the child sends what it has: each batch costs the console's process
# one wake; 25 ms adds at most that to publish-to-frame.
CHILD_FLUSH_INTERVAL_S = 0.025
# The console's side looks at the clock this often even without messages
# (stale-feed alarm rules run on FeedIngest.tick).
_TICK_S = 0.25
_JOIN_S = 5.0

RawMessage = tuple[str, bytes, float, bool]


class _Sender:
    """The child's one way to the console: a thread that does the pipe's waiting.

    Everything else in the child only appends to this queue: :meth:`send`
    (status, log records) never waits; :meth:`send_batch` waits only while
    ``max_buffered`` messages are already queued (module docstring). A console
    that is gone ends sending.
    """

    def __init__(self, conn: Connection, max_buffered: int = DEFAULT_MAX_BUFFERED) -> None:
        self._conn = conn
        self.max_buffered = max_buffered
        self._queue: deque[tuple[Any, ...]] = deque()
        self._ready = threading.Condition()
        self.buffered = 0  # messages in queued batches
        self.held = False
        # Changes of `held` to tell, in order, ahead of the queued batches they are about.
        self._held_news: list[bool] = []
        self.held_back = 0  # times the queue filled up (episodes)
        self.closed = False
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="mqtt-send", daemon=True)
        self._thread.start()

    def send(self, message: tuple[Any, ...]) -> None:
        with self._ready:
            if not self.closed:
                self._queue.append(message)
                self._ready.notify_all()

    def send_batch(self, batch: list[RawMessage], backlog: int) -> None:
        """Queue a batch; once the queue is full, wait until half of it went (reads slow down)."""
        held_at = 0
        with self._ready:
            if self.buffered >= self.max_buffered and not self.held and not self.closed:
                self.held = True
                self._held_news.append(True)
                self.held_back += 1
                self._ready.notify_all()
                # Logged outside the lock: the log handler sends through this queue too.
                held_at = self.buffered
            while self.held and not self.closed:
                self._ready.wait()
            if self.closed:
                return
            self._queue.append(("batch", batch, backlog))
            self.buffered += len(batch)
            self._ready.notify_all()
        if held_at:
            log.warning(
                "the console's ingest buffer is full (%d messages waiting for the decoder): "
                "reading from the broker slows to the decoder's pace, and the broker keeps"
                " the rest (its max_queued_messages)",
                held_at,
            )

    def close(self) -> None:
        """Send what is queued, then end the thread (the console reads until the pipe ends)."""
        with self._ready:
            self._closing = True
            self._ready.notify_all()
        self._thread.join()

    def _run(self) -> None:
        while True:
            with self._ready:
                while not self._queue and not self._held_news and not self._closing:
                    self._ready.wait()
                if self._held_news:
                    message: tuple[Any, ...] = ("held", self._held_news.pop(0))
                elif self._queue:
                    message = self._queue.popleft()
                else:
                    return
            try:
                self._conn.send(message)
            except OSError:  # the console's end is closed: nobody to tell
                with self._ready:
                    self.closed = True
                    self._queue.clear()
                    self.buffered = 0
                    self.held = False
                    self._ready.notify_all()
                return
            if message[0] == "batch":
                with self._ready:
                    self.buffered -= len(message[1])
                    # Released at half the bound, so reading resumes in spells, not per batch.
                    if self.held and self.buffered <= self.max_buffered // 2:
                        self.held = False
                        self._held_news.append(False)
                    self._ready.notify_all()


class _PipeLogHandler(logging.Handler):
    """Hands the child's log records to the console, whose handlers write the log file."""

    def __init__(self, sender: _Sender) -> None:
        super().__init__()
        self._sender = sender

    def emit(self, record: logging.LogRecord) -> None:
        try:
            attributes = dict(record.__dict__)
            attributes["msg"] = record.getMessage()
            attributes["args"] = None
            if record.exc_info:
                attributes["exc_text"] = "".join(traceback.format_exception(*record.exc_info))
            attributes["exc_info"] = None
            self._sender.send(("log", attributes))
        except Exception:  # noqa: BLE001  (a log record must never end the child)
            self.handleError(record)


class _Forwarder:
    """The child's ingest: keeps raw messages and sends them to the console in batches."""

    def __init__(
        self, subscriptions: list[str], sender: _Sender, taken: Synchronized[int] | None = None
    ) -> None:
        self._subscriptions = list(subscriptions)
        self._sender = sender
        self._taken = taken
        self._pending: list[RawMessage] = []
        self._sent_backlog = 0
        self.backlog: Callable[[], int] = lambda: 0

    @property
    def subscriptions(self) -> list[str]:
        return self._subscriptions

    def handle(self, topic: str, payload: bytes, now: float, retained: bool = False) -> None:
        self._pending.append((topic, payload, now, retained))

    def flush(self, now: float | None = None) -> int:
        backlog = self.backlog()
        if not self._pending and backlog == self._sent_backlog:
            return 0
        batch, self._pending = self._pending, []
        self._sent_backlog = backlog
        if self._taken is not None and batch:
            # Counted before the queue: from now on it waits for the decoder.
            self._taken.value += len(batch)
        self._sender.send_batch(batch, backlog)
        return len(batch)

    def tick(self, now: float) -> None:
        """Alarm rules run in the console's process."""

    def connected(self, now: float) -> None:
        """The console learns of it from the status."""


def child_main(
    conn: Connection,
    broker: BrokerConfig,
    subscriptions: list[str],
    backoff_initial_s: float,
    backoff_max_s: float,
    flush_interval_s: float,
    log_level: int,
    taken: Synchronized[int] | None = None,
) -> None:
    """The child process: the MQTT client until the console says stop or goes away."""
    sender = _Sender(conn, broker.max_buffered_messages)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_PipeLogHandler(sender))
    root.setLevel(log_level)
    forwarder = _Forwarder(subscriptions, sender, taken)
    thread = MqttThread(
        broker,
        forwarder,
        backoff_initial_s=backoff_initial_s,
        backoff_max_s=backoff_max_s,
        flush_interval_s=flush_interval_s,
        on_status=lambda status: sender.send(("status", status)),
    )
    forwarder.backlog = lambda: thread.backlog
    thread.start()
    try:
        while True:
            try:
                command = conn.recv()
            except (EOFError, OSError):  # the console is gone
                break
            if command == ("stop",):
                break
    finally:
        thread.stop()
        root.handlers.clear()  # nothing more goes into the sender's queue
        sender.close()
        with contextlib.suppress(OSError):
            conn.close()


class MqttProcess:
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
        ingest: FeedIngest,
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
            wait = self.backoff.next_wait(time.monotonic() - started)
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
