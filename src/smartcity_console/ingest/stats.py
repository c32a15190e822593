"""What ingest counts, per feed and in total, for the diagnostics view and the status bar.

Plain ints written by the thread that decodes and read by the GUI at frame
time (each write is atomic under the GIL, so no lock is needed).
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    # Sparkplug B DATA messages with no BIRTH to read them by (core/sparkplug); in errors too.
    before_birth: int = 0
    last_error: str | None = None
    last_bad_payload: bytes | None = None
    last_good_at: float | None = None
    # Readings that never arrived, by sequence number or period (ingest/gaps.py).
    gaps: int = 0
    sequence_restarts: int = 0


@dataclass(slots=True)
class IngestStats:
    messages: int = 0
    readings: int = 0
    errors: int = 0
    unmatched: int = 0
    feeds: list[FeedCounters] = field(default_factory=list)
