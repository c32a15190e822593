"""From MQTT messages to series buffers, in batches.

:class:`FeedIngest` is the Qt-free decode step: it routes each message to the
first ``[[feeds]]`` mapping whose filter matches, decodes it, and keeps the
readings in a pending list that :meth:`FeedIngest.flush` moves into the
:class:`SeriesStore` under one lock acquisition. Counters are plain ints
written by the MQTT thread and read by the GUI (atomic under the GIL).

Gaps: readings that never arrived
    Where a feed can tell, the readings that never reached the console are
    counted per feed (``FeedCounters.gaps``), so a loss anywhere on the way
    (the device's link, the broker's queue limit, a console that was away
    longer than its session) shows in the diagnostics view:

    - with ``sequence`` (a message number the device increments), per topic:
      a jump from n to n + k counts k - 1. The same number again, or a number
      less than :data:`REPLAY_WINDOW` below the highest seen, is a redelivery
      or a late message (MQTT QoS 1 delivers at least once) and counts
      nothing; a number further below is the device restarting its count
      (``sequence_restarts``), the new count's baseline.
    - else with ``expected_interval_s``, per series, from the readings' own
      times: a step of more than 1.5 intervals counts the readings that
      should have come in it (rounded). Readings stamped on arrival say
      nothing about the device and are not used.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from smartcity_console.core.alarm_engine import AlarmEngine, AlarmEvent
from smartcity_console.core.decoders import (
    DecodeError,
    Decoder,
    PayloadTooLargeError,
    make_decoder,
)
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.time_sanity import TimeRule, TimestampError
from smartcity_console.core.topic_catalog import TopicCatalog
from smartcity_console.core.topics import TopicRouter

# A sequence number this far below the highest seen is a device restarting its
# count; closer, it is a redelivery or a late message.
REPLAY_WINDOW = 1000
# A step between readings longer than this many expected intervals is a gap.
_GAP_FACTOR = 1.5


@dataclass(slots=True)
class FeedCounters:
    """What the diagnostics view shows for one ``[[feeds]]`` mapping."""

    topic_filter: str
    messages: int = 0
    readings: int = 0
    errors: int = 0
    oversized: int = 0
    ignored: int = 0
    # Payloads refused for an implausible time (core/time_sanity.py); counted in errors too.
    time_refused: int = 0
    last_error: str | None = None
    last_bad_payload: bytes | None = None
    last_good_at: float | None = None
    # Readings that never arrived, by sequence number or period (module docstring).
    gaps: int = 0
    sequence_restarts: int = 0


@dataclass(slots=True)
class IngestStats:
    messages: int = 0
    readings: int = 0
    errors: int = 0
    unmatched: int = 0
    feeds: list[FeedCounters] = field(default_factory=list)


class IngestSink(Protocol):
    """What the MQTT client hands its messages to.

    :class:`FeedIngest` decodes them into the store; in the ingest process
    (feeds/ingest_process.py) a forwarder batches them for the console's process.
    """

    @property
    def subscriptions(self) -> list[str]: ...

    def handle(self, topic: str, payload: bytes, now: float, retained: bool = False) -> None: ...

    def flush(self, now: float | None = None) -> int: ...

    def tick(self, now: float) -> None: ...

    def connected(self, now: float) -> None: ...


class FeedIngest:
    """Decode messages for a set of feed mappings into a series store."""

    def __init__(
        self,
        feeds: list[FeedMapping],
        store: SeriesStore,
        catalog: TopicCatalog | None = None,
        alarms: AlarmEngine | None = None,
        time_rule: TimeRule | None = None,
    ) -> None:
        self.feeds = feeds
        self.store = store
        self.catalog = catalog
        self.alarms = alarms
        # Alarm events for the GUI thread to write as incidents. A deque's append
        # and popleft are atomic, so the two threads need no lock; events are rare.
        self.alarm_events: deque[AlarmEvent] = deque()
        self._last_tick = 0.0
        # The engine is fed by the ingest thread (flush) and ticked by it and by the
        # console's timer (which keeps ticking while the MQTT thread waits to reconnect).
        self._alarm_lock = threading.Lock()
        self._link: Callable[[], ConnectionStatus] | None = None
        self.time_rule = time_rule or TimeRule()
        self._decoders: list[Decoder] = [make_decoder(f, self.time_rule) for f in feeds]
        self._router = TopicRouter([f.topic for f in feeds])
        self._pending: list[Reading] = []
        self._intervals = [f.expected_interval_s for f in feeds]
        # Series -> configured interval, handed to the store with the next batch.
        self._new_intervals: dict[str, float] = {}
        self.stats = IngestStats(feeds=[FeedCounters(f.topic) for f in feeds])
        self._control: dict[str, Callable[[bytes], None]] = {}
        # Gap counting: the highest sequence number per topic, the last time per
        # series of the feeds counted by period (those with an interval, no sequence).
        self._last_seq: dict[str, int] = {}
        self._last_t: dict[str, float] = {}
        self._period_gaps = [f.expected_interval_s if f.sequence is None else None for f in feeds]

    @property
    def subscriptions(self) -> list[str]:
        return [f.topic for f in self.feeds] + list(self._control)

    def add_control_topic(self, topic: str, callback: Callable[[bytes], None]) -> None:
        """A topic the console itself listens on (the sync server's poke), never a series.

        ``callback`` runs on the MQTT thread; it must only hand over (for
        example ``loop.call_soon_threadsafe``). Add topics before the thread starts.
        """
        self._control[topic] = callback

    def handle(self, topic: str, payload: bytes, now: float, retained: bool = False) -> None:
        control = self._control.get(topic)
        if control is not None:
            if not retained:  # a poke is news only when it is new
                control(payload)
            return
        stats = self.stats
        stats.messages += 1
        index = self._router.route(topic)
        if index is None:
            stats.unmatched += 1
            if self.catalog is not None:
                self.catalog.observe(topic, payload, retained, now, None)
            return
        counters = stats.feeds[index]
        counters.messages += 1
        try:
            decoded = self._decoders[index].decode(topic, payload, now)
        except DecodeError as exc:
            # Oversized payloads are errors too, and counted apart; only a prefix is kept.
            stats.errors += 1
            counters.errors += 1
            if isinstance(exc, PayloadTooLargeError):
                counters.oversized += 1
            elif isinstance(exc, TimestampError):
                counters.time_refused += 1
            counters.last_error = str(exc)
            counters.last_bad_payload = payload[:4096]
            if self.catalog is not None:
                self.catalog.observe(topic, payload, retained, now, None)
            return
        counters.ignored += decoded.ignored
        readings = decoded.readings
        if decoded.sequence is not None:
            self._count_sequence(counters, topic, decoded.sequence)
        elif (period := self._period_gaps[index]) is not None:
            self._count_period(counters, readings, period)
        if readings:
            counters.readings += len(readings)
            counters.last_good_at = now
            self._pending.extend(readings)
            interval = self._intervals[index]
            if interval is not None:
                for reading in readings:
                    self._new_intervals[reading.series] = interval
        if self.catalog is not None:
            self.catalog.observe(
                topic, payload, retained, now, readings[0].value if readings else None
            )

    def _count_sequence(self, counters: FeedCounters, topic: str, seq: int) -> None:
        last = self._last_seq.get(topic)
        if last is None or seq > last:
            if last is not None:
                counters.gaps += seq - last - 1
            self._last_seq[topic] = seq
        elif last - seq > REPLAY_WINDOW:
            counters.sequence_restarts += 1
            self._last_seq[topic] = seq

    def _count_period(self, counters: FeedCounters, readings: list[Reading], period: float) -> None:
        last_t = self._last_t
        for reading in readings:
            t = reading.t
            if t is None:
                continue
            previous = last_t.get(reading.series)
            if previous is None or t > previous:
                if previous is not None and t - previous > _GAP_FACTOR * period:
                    counters.gaps += round((t - previous) / period) - 1
                last_t[reading.series] = t

    def flush(self, now: float | None = None) -> int:
        """Move pending readings into the store and past the alarm rules; returns the count."""
        if not self._pending:
            return 0
        now = time.time() if now is None else now
        batch, self._pending = self._pending, []
        intervals, self._new_intervals = self._new_intervals, {}
        stored = self.store.append_batch(batch, now, intervals)
        self.stats.readings += stored
        if self.alarms is not None:
            with self._alarm_lock:
                self.alarm_events.extend(self.alarms.evaluate(batch, now))
        return stored

    def watch_link(self, status: Callable[[], ConnectionStatus]) -> None:
        """Where :meth:`tick` reads the state of the console's own broker link.

        ``status`` is the MQTT client's snapshot (``MqttThread.status`` or
        ``MqttProcess.status``), read as it is: ``connected`` is up, ``stopped``
        (shutting down) says nothing, any other state is down. The alarm
        engine suppresses stale-feed alarms while the link is down and raises
        one "link to the broker lost" incident instead (docs/alarms.md).
        """
        self._link = status

    def tick(self, now: float) -> None:
        """Let the link state and stale-feed rules look at the clock (cheap; any thread).

        Called by the ingest thread and by the console's one-second timer, so
        the link is watched even while the MQTT thread waits to reconnect.
        Stale rules run at most once a second.
        """
        alarms = self.alarms
        if alarms is None:
            return
        with self._alarm_lock:
            link = self._link
            if link is not None:
                status = link()
                if status.state != "stopped":
                    detail = status.broker + (f": {status.reason}" if status.reason else "")
                    up = status.state == "connected"
                    self.alarm_events.extend(alarms.observe_link(up, now, detail))
            if now - self._last_tick >= 1.0:
                self._last_tick = now
                self.alarm_events.extend(alarms.tick(now))

    def connected(self, now: float) -> None:
        """The broker link is back: silence is counted from now, not from the outage."""
        if self.alarms is not None:
            with self._alarm_lock:
                # A new session even if no tick saw the link down (a blip): count afresh.
                self.alarm_events.extend(self.alarms.observe_link(True, now, reconnected=True))


ConnectionState = Literal["connecting", "connected", "disconnected", "stopped"]


@dataclass(frozen=True, slots=True)
class ConnectionStatus:
    """A snapshot the GUI can read at any time; replaced, never mutated."""

    state: ConnectionState
    broker: str  # the broker in use, or of the next attempt ([broker] urls)
    since: float  # when this state began
    reason: str | None = None
    next_retry_at: float | None = None

    @property
    def link_up(self) -> bool:
        """Whether the console's link to its broker is up (down: since ``since``)."""
        return self.state == "connected"
