"""The ingest process's side: the MQTT thread with a forwarder in place of the decoder.

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
"""

from __future__ import annotations

import contextlib
import logging
import threading
import traceback
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.sharedctypes import Synchronized
from typing import Any

from smartcity_console.config import DEFAULT_MAX_BUFFERED, BrokerConfig
from smartcity_console.mqtt.thread import MqttThread

log = logging.getLogger(__name__)

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
