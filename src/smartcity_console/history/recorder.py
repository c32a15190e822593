"""The recorder: the feeds from MQTT into the historian, with the console's own mappings.

It subscribes like a console (QoS 1, a persistent session under its own
client id, mqtt/thread.py) and decodes with the same code
(ingest/feed_ingest.py, the config's ``[[feeds]]``), so the history holds
exactly the series a console plots. Decoded readings are gathered into
batches (:data:`BATCH_ROWS` readings or :data:`BATCH_DELAY_S`, whichever
comes first) and handed to a writer thread, so the MQTT thread decodes the
next batch while the database takes this one.

Nothing is dropped on the way: when the database is slow or away, the
writer keeps its batch and retries, the hand-over queue fills, and the MQTT
thread waits at it; it stops reading, and the broker keeps the rest in the
recorder's session. Stopping drains everything decoded into the database.
A restart replays what the broker kept; the writer stores each
(series, time) once, so a replay and a second recorder are harmless.
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
import time
from collections.abc import Callable

from smartcity_console.config import BrokerConfig
from smartcity_console.core.backoff import Backoff
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.time_sanity import TimeRule
from smartcity_console.history.writer import HistoryWriter, WriteCounts
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.ingest.stats import IngestStats
from smartcity_console.mqtt.status import MqttStatus
from smartcity_console.mqtt.thread import MqttThread

log = logging.getLogger(__name__)

BATCH_ROWS = 20_000
BATCH_DELAY_S = 0.5
# Batches waiting for the writer at most; then the MQTT thread waits (module docstring).
QUEUED_BATCHES = 4
RETENTION_EVERY_S = 3600.0
_STOP = object()


class _Batch:
    __slots__ = ("arrival", "readings")

    def __init__(self, readings: list[Reading], arrival: float) -> None:
        self.readings = readings
        self.arrival = arrival


class RecorderSink:
    """The MQTT thread's sink: decodes like a console, hands batches to the writer thread."""

    def __init__(
        self,
        feeds: list[FeedMapping],
        writer: HistoryWriter,
        *,
        time_rule: TimeRule | None = None,
        batch_rows: int = BATCH_ROWS,
        batch_delay_s: float = BATCH_DELAY_S,
        retry: Backoff | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        # The series store is never filled: readings are taken from the ingest
        # as they are decoded (take_pending), not flushed into it.
        self._ingest = FeedIngest(feeds, SeriesStore(), time_rule=time_rule)
        self.writer = writer
        self.batch_rows = batch_rows
        self.batch_delay_s = batch_delay_s
        self._clock = clock
        self._pending: list[Reading] = []
        self._pending_since: float | None = None
        self._queue: queue.Queue[object] = queue.Queue(QUEUED_BATCHES)
        self._retry = retry or Backoff(initial_s=0.5, max_s=30.0)
        self._thread = threading.Thread(target=self._write_loop, name="history-writer", daemon=True)
        self._thread.start()
        self._last_retention = 0.0
        self.write_error: str | None = None

    # --- IngestSink ------------------------------------------------------------------

    @property
    def subscriptions(self) -> list[str]:
        return self._ingest.subscriptions

    @property
    def stats(self) -> IngestStats:
        return self._ingest.stats

    def handle(self, topic: str, payload: bytes, now: float, retained: bool = False) -> None:
        self._ingest.handle(topic, payload, now, retained)

    def flush(self, now: float | None = None) -> int:
        now = self._clock() if now is None else now
        readings, _intervals = self._ingest.take_pending()
        if readings:
            # Readings without their own time are stamped on arrival, as the console does.
            self._pending.extend(r if r.t is not None else r._replace(t=now) for r in readings)
            if self._pending_since is None:
                self._pending_since = now
        if self._pending_since is not None and (
            len(self._pending) >= self.batch_rows or now - self._pending_since >= self.batch_delay_s
        ):
            self._hand_over(now)
        return len(readings)

    def tick(self, now: float) -> None:
        if now - self._last_retention >= RETENTION_EVERY_S:
            self._last_retention = now
            self._queue.put(("retention", now))

    def connected(self, now: float) -> None:
        """Nothing to reset: the writer does not care whether the link dropped."""

    # --- the rest ----------------------------------------------------------------------

    @property
    def counts(self) -> WriteCounts:
        return self.writer.counts

    def drain(self, timeout: float | None = None) -> bool:
        """Hand over what is pending and wait until the writer has written all of it."""
        self._hand_over(self._clock())
        done = threading.Event()
        self._queue.put(done)
        return done.wait(timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Write everything decoded, then end the writer thread."""
        self.drain(timeout)
        self._queue.put(_STOP)
        self._thread.join(timeout)

    def _hand_over(self, now: float) -> None:
        if self._pending:
            batch, self._pending = self._pending, []
            self._queue.put(_Batch(batch, now))  # waits while the writer is behind
        self._pending_since = None

    def _write_loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            if isinstance(item, threading.Event):
                item.set()
            elif isinstance(item, _Batch):
                self._write(functools.partial(self.writer.write, item.readings, item.arrival))
            elif isinstance(item, tuple):
                self._write(functools.partial(self.writer.apply_retention, float(item[1])))

    def _write(self, action: Callable[[], object]) -> None:
        """Run ``action`` until it succeeds: a batch is never dropped for a database outage."""
        attempt = 0
        while True:
            try:
                action()
            except Exception as exc:  # noqa: BLE001 (any database failure: keep the batch, retry)
                self.write_error = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
                wait = self._retry.next_wait()
                attempt += 1
                log.warning("history write failed (%s); retrying in %.1fs", self.write_error, wait)
                time.sleep(wait)
            else:
                if attempt:
                    self._retry.reset()
                    log.info("history writes resumed after %d failed attempts", attempt)
                self.write_error = None
                return


class Recorder:
    """A recorder: the MQTT thread with a :class:`RecorderSink`; ``start``, then ``stop``."""

    def __init__(
        self,
        broker: BrokerConfig,
        feeds: list[FeedMapping],
        writer: HistoryWriter,
        *,
        time_rule: TimeRule | None = None,
        batch_rows: int = BATCH_ROWS,
        batch_delay_s: float = BATCH_DELAY_S,
    ) -> None:
        self.sink = RecorderSink(
            feeds,
            writer,
            time_rule=time_rule,
            batch_rows=batch_rows,
            batch_delay_s=batch_delay_s,
        )
        self.thread: MqttThread[RecorderSink] = MqttThread(broker, self.sink)

    @property
    def status(self) -> MqttStatus:
        return self.thread.status

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Disconnect (what was read is decoded), then write all of it."""
        self.thread.stop(timeout)
        self.sink.close(timeout)
