"""Every topic the console has seen, for the topic browser.

The MQTT thread calls :meth:`TopicCatalog.observe` once per message, so it
does a dict lookup and a few attribute writes, nothing more: no timer, no
allocation beyond a new topic's record and a payload slice over 1 KiB. The GUI
calls :meth:`TopicCatalog.take_changes` a few times a second and gets only the
topics that received messages since its last call, as immutable snapshots,
plus the message rates that moved.

Threads. One ``threading.Lock`` guards the topic dict and the set of changed
topics. The writer holds it for the few writes of one message (uncontended,
that costs tens of nanoseconds); the reader holds it only to swap the changed
set for an empty one. The reader then copies each changed record outside the
lock, so a copy may mix two consecutive messages of a topic (the payload of
message n+1 with the count of message n); that topic is then in the next
changed set again, so the next read corrects it. The rate fields of a record
are touched by the reader alone.

Rates are computed at read time, from the message count a topic gained since
the previous read: an exponentially decaying count over ``rate_window_s``
seconds, corrected for topics younger than the window so a new topic does not
start at zero. A topic that goes quiet decays to 0 and then leaves the set of
active rates.

There is one reader: a second caller of :meth:`take_changes` would take the
first one's changes. Memory is bounded: at most ``max_topics`` topics are
kept (50,000 by default); messages on further topics are counted in
:attr:`TopicCatalog.dropped_messages` and not recorded.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

PAYLOAD_KEEP_BYTES = 1024
DEFAULT_MAX_TOPICS = 50_000
DEFAULT_RATE_WINDOW_S = 10.0
# Below this a decayed rate shows as 0 and the topic stops being recomputed.
_RATE_FLOOR = 1e-3
# A topic seen for less than this is treated as this old (one message just after
# start-up reads as about 1 msg/s, not thousands).
_MIN_AGE_S = 1.0


class _TopicRecord:
    """The live record of one topic; written by the MQTT thread under the catalog's lock."""

    __slots__ = (
        "first_seen",
        "last_seen",
        "messages",
        "payload",
        "payload_size",
        "rate",
        "read_messages",
        "retained",
        "score",
        "score_at",
        "topic",
        "value",
    )

    def __init__(self, topic: str, now: float) -> None:
        self.topic = topic
        self.first_seen = now
        self.last_seen = now
        self.messages = 0
        self.payload = b""
        self.payload_size = 0
        self.retained = False
        self.value: float | None = None
        # Reader-only: rate state, never touched by observe().
        self.read_messages = 0
        self.score = 0.0
        self.score_at = now
        self.rate = 0.0


@dataclass(frozen=True, slots=True)
class TopicSnapshot:
    """One topic as of a read; safe to keep and read from any thread."""

    topic: str
    payload: bytes
    """At most the first :data:`PAYLOAD_KEEP_BYTES` of the last payload."""
    payload_size: int
    """Size of the whole last payload, so a view can say it was cut."""
    value: float | None
    """The last value decoded from this topic (a message that gave none keeps the old one)."""
    retained: bool
    """Whether the last message came from the broker's retained store."""
    messages: int
    first_seen: float
    last_seen: float
    rate: float
    """Messages per second, as of the read that made this snapshot."""

    @property
    def truncated(self) -> bool:
        return self.payload_size > len(self.payload)


@dataclass(frozen=True, slots=True)
class CatalogChanges:
    """What changed since the previous :meth:`TopicCatalog.take_changes`."""

    at: float
    changed: list[TopicSnapshot]
    """Topics with at least one message since the previous read (new topics included)."""
    rates: dict[str, float]
    """Topics without new messages whose rate decayed since the previous read."""
    topic_count: int
    dropped_messages: int


class TopicCatalog:
    """Written by the ingest thread once per message; read by the GUI in batches."""

    def __init__(
        self,
        max_topics: int = DEFAULT_MAX_TOPICS,
        rate_window_s: float = DEFAULT_RATE_WINDOW_S,
    ) -> None:
        if max_topics < 1 or rate_window_s <= 0:
            raise ValueError("max_topics must be at least 1 and rate_window_s positive")
        self.max_topics = max_topics
        self.rate_window_s = rate_window_s
        self.dropped_messages = 0  # messages on topics beyond max_topics
        self._lock = threading.Lock()
        self._topics: dict[str, _TopicRecord] = {}
        self._dirty: dict[str, _TopicRecord] = {}
        self._active: dict[str, _TopicRecord] = {}  # reader-only: rates above the floor
        # One topic whose payloads are kept whole (the topic browser's selected topic:
        # the map dialog previews decoding them, and a cut JSON payload decodes to nothing).
        self._watched: str | None = None
        self._watched_payload: bytes | None = None

    def observe(
        self, topic: str, payload: bytes, retained: bool, now: float, value: float | None
    ) -> None:
        """Record one message; must stay O(1) and cheap (it runs per message)."""
        with self._lock:
            record = self._topics.get(topic)
            if record is None:
                if len(self._topics) >= self.max_topics:
                    self.dropped_messages += 1
                    return
                record = self._topics[topic] = _TopicRecord(topic, now)
            record.messages += 1
            record.last_seen = now
            record.retained = retained
            record.payload_size = len(payload)
            # Slicing a bytes object no longer than the limit returns it without copying.
            record.payload = payload[:PAYLOAD_KEEP_BYTES]
            if topic == self._watched:
                self._watched_payload = payload
            if value is not None:
                record.value = value
            self._dirty[topic] = record

    def take_changes(self, now: float | None = None) -> CatalogChanges:
        """Topics changed since the last call, and rates that moved; one reader only."""
        now = time.time() if now is None else now
        with self._lock:
            dirty, self._dirty = self._dirty, {}
            count = len(self._topics)
        window = self.rate_window_s
        active = self._active
        changed: list[TopicSnapshot] = []
        for topic, record in dirty.items():
            messages = record.messages
            self._update_rate(record, messages - record.read_messages, now, window)
            record.read_messages = messages
            active[topic] = record
            changed.append(
                TopicSnapshot(
                    topic,
                    record.payload,
                    record.payload_size,
                    record.value,
                    record.retained,
                    messages,
                    record.first_seen,
                    record.last_seen,
                    record.rate,
                )
            )
        rates: dict[str, float] = {}
        quiet: list[str] = []
        for topic, record in active.items():
            if topic in dirty:
                continue
            self._update_rate(record, 0, now, window)
            if record.rate < _RATE_FLOOR:
                record.rate = 0.0
                quiet.append(topic)
            rates[topic] = record.rate
        for topic in quiet:
            del active[topic]
        return CatalogChanges(now, changed, rates, count, self.dropped_messages)

    @staticmethod
    def _update_rate(record: _TopicRecord, new: int, now: float, window: float) -> None:
        decay = math.exp(-max(0.0, now - record.score_at) / window)
        record.score = record.score * decay + new
        record.score_at = now
        age = max(now - record.first_seen, _MIN_AGE_S)
        record.rate = record.score / (window * -math.expm1(-age / window))

    def watch(self, topic: str | None) -> None:
        """Keep the whole payload of ``topic`` from now on (one topic at a time; None: none)."""
        with self._lock:
            if topic != self._watched:
                self._watched = topic
                self._watched_payload = None

    def watched_payload(self, topic: str) -> bytes | None:
        """The whole last payload of the watched ``topic``, if one came since :meth:`watch`."""
        with self._lock:
            return self._watched_payload if topic == self._watched else None

    def snapshot(self, topic: str) -> TopicSnapshot | None:
        """The current state of one topic (for a detail view), or None if never seen."""
        with self._lock:
            record = self._topics.get(topic)
            if record is None:
                return None
            return TopicSnapshot(
                topic,
                record.payload,
                record.payload_size,
                record.value,
                record.retained,
                record.messages,
                record.first_seen,
                record.last_seen,
                record.rate,
            )

    def __len__(self) -> int:
        return len(self._topics)
