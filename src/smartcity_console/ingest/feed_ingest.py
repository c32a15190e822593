"""From MQTT messages to series buffers, in batches.

:class:`FeedIngest` is the Qt-free decode step: it routes each message to the
first ``[[feeds]]`` mapping whose filter matches, decodes it, and keeps the
readings in a pending list that :meth:`FeedIngest.flush` moves into the
:class:`SeriesStore` under one lock acquisition. Counters are plain ints
written by the MQTT thread and read by the GUI (atomic under the GIL).

Gaps (readings that never arrived) are counted per feed by :mod:`.gaps`.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import NamedTuple

from smartcity_console.core.alarm_engine import AlarmEngine, AlarmEvent
from smartcity_console.core.decoders import (
    DecodeError,
    Decoder,
    PayloadTooLargeError,
    make_decoder,
)
from smartcity_console.core.mapping import FeedMapping, feed_position
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.sparkplug.errors import BirthMissingError
from smartcity_console.core.time_sanity import TimeRule, TimestampError
from smartcity_console.core.topic_catalog import TopicCatalog
from smartcity_console.core.topics import TopicRouter
from smartcity_console.ingest.gaps import GapCounter
from smartcity_console.ingest.stats import FeedCounters, IngestStats
from smartcity_console.mqtt.status import ConnectionStatus


class _Routes(NamedTuple):
    """Everything indexed by feed, swapped as one object when a feed is added at run time.

    The ingest thread reads it once per message, so a feed mapped from the
    topic browser (gui/topics/map_dialog.py) never meets an index of the old list.
    """

    router: TopicRouter
    decoders: list[Decoder]
    counters: list[FeedCounters]
    intervals: list[float | None]
    period_gaps: list[float | None]


class FeedIngest:
    """Decode messages for a set of feed mappings into a series store."""

    def __init__(
        self,
        feeds: list[FeedMapping],
        store: SeriesStore,
        catalog: TopicCatalog | None = None,
        alarms: AlarmEngine | None = None,
        time_rule: TimeRule | None = None,
        browse: list[str] | None = None,
    ) -> None:
        self.feeds = feeds
        # Subscribed for the topic browser only ([broker] browse): unmatched, never series.
        self.browse = list(browse or [])
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
        self._pending: list[Reading] = []
        # Series -> configured interval, handed to the store with the next batch.
        self._new_intervals: dict[str, float] = {}
        self.stats = IngestStats(feeds=[FeedCounters(f.topic) for f in feeds])
        self._routes = self._build_routes(list(feeds), list(self.stats.feeds))
        self._control: dict[str, Callable[[bytes], None]] = {}
        # Gap counting; by period for the feeds with an interval and no sequence.
        self._gaps = GapCounter()

    def _build_routes(self, feeds: list[FeedMapping], counters: list[FeedCounters]) -> _Routes:
        return _Routes(
            TopicRouter([f.topic for f in feeds]),
            [make_decoder(f, self.time_rule) for f in feeds],
            counters,
            [f.expected_interval_s for f in feeds],
            # Gaps by period for the feeds with an interval and no sequence.
            [f.expected_interval_s if f.sequence is None else None for f in feeds],
        )

    def add_feed(self, mapping: FeedMapping, seen_topic: str) -> int:
        """Use ``mapping`` from the next message on (a device mapped from the topic browser).

        It goes where :func:`feed_position` says, the same place the config
        file gets it, so the next start routes as this session does. Only topics
        already subscribed to are received; the topic browser shows no others.
        Any thread; returns the feed's index.
        """
        feeds = list(self.feeds)
        counters = list(self._routes.counters)
        index, replace = feed_position([f.topic for f in feeds], mapping.topic, seen_topic)
        if replace:
            feeds[index] = mapping
            counters[index] = FeedCounters(mapping.topic)
        else:
            feeds.insert(index, mapping)
            counters.insert(index, FeedCounters(mapping.topic))
        routes = self._build_routes(feeds, counters)
        self.feeds = feeds
        self._routes = routes  # one assignment: the ingest thread sees old or new, never a mix
        self.stats.feeds = counters
        return index

    @property
    def subscriptions(self) -> list[str]:
        feeds = [f.topic for f in self.feeds]
        return feeds + [b for b in self.browse if b not in feeds] + list(self._control)

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
        routes = self._routes
        index = routes.router.route(topic)
        if index is None:
            stats.unmatched += 1
            if self.catalog is not None:
                self.catalog.observe(topic, payload, retained, now, None)
            return
        counters = routes.counters[index]
        counters.messages += 1
        try:
            decoded = routes.decoders[index].decode(topic, payload, now)
        except DecodeError as exc:
            # Oversized payloads are errors too, and counted apart; only a prefix is kept.
            stats.errors += 1
            counters.errors += 1
            if isinstance(exc, PayloadTooLargeError):
                counters.oversized += 1
            elif isinstance(exc, TimestampError):
                counters.time_refused += 1
            elif isinstance(exc, BirthMissingError):
                counters.before_birth += 1
            counters.last_error = str(exc)
            counters.last_bad_payload = payload[:4096]
            if self.catalog is not None:
                self.catalog.observe(topic, payload, retained, now, None)
            return
        counters.ignored += decoded.ignored
        readings = decoded.readings
        if decoded.stale:
            # A node or device said it is gone: what came before goes in first,
            # then its series are stale at once (not after minutes of silence).
            self.flush(now)
            self.store.mark_stale(decoded.stale)
        counters.gaps += decoded.missed
        if decoded.sequence is not None:
            self._gaps.by_sequence(counters, topic, decoded.sequence)
        elif (period := routes.period_gaps[index]) is not None:
            self._gaps.by_period(counters, readings, period)
        if readings:
            counters.readings += len(readings)
            counters.last_good_at = now
            self._pending.extend(readings)
            interval = routes.intervals[index]
            if interval is not None:
                for reading in readings:
                    self._new_intervals[reading.series] = interval
        if self.catalog is not None:
            self.catalog.observe(
                topic, payload, retained, now, readings[0].value if readings else None
            )

    def flush(self, now: float | None = None) -> int:
        """Move pending readings into the store and past the alarm rules; returns the count."""
        if not self._pending:
            return 0
        now = time.time() if now is None else now
        batch, intervals = self.take_pending()
        stored = self.store.append_batch(batch, now, intervals)
        self.stats.readings += stored
        if self.alarms is not None:
            with self._alarm_lock:
                self.alarm_events.extend(self.alarms.evaluate(batch, now))
        return stored

    def take_pending(self) -> tuple[list[Reading], dict[str, float]]:
        """The readings decoded since the last take, and their feeds' intervals.

        For a consumer other than the series store: the historian's recorder
        (history/recorder.py) decodes with this class and writes to a database.
        """
        batch, self._pending = self._pending, []
        intervals, self._new_intervals = self._new_intervals, {}
        return batch, intervals

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
