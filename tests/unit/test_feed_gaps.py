"""Readings that never arrived are counted per feed, by sequence number or by period."""

from __future__ import annotations

import json

import pytest

from smartcity_console.config import ConfigError, parse_config
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.ingest.gaps import REPLAY_WINDOW

NOW = 1_764_300_000.0


def _ingest(**mapping: object) -> FeedIngest:
    feed = FeedMapping.model_validate(
        {"topic": "rembang/#", "format": "json", "value": "value", "timestamp": "ts", **mapping}
    )
    return FeedIngest([feed], SeriesStore())


def _send(ingest: FeedIngest, topic: str, **payload: object) -> None:
    # Arrives when it was stamped: the time rule refuses readings far ahead of arrival.
    stamped = payload.get("ts")
    arrived = stamped if isinstance(stamped, float) else NOW
    ingest.handle(topic, json.dumps({"value": 1.0, **payload}).encode(), arrived)


def test_a_jump_in_the_sequence_counts_the_numbers_that_never_came() -> None:
    ingest = _ingest(sequence="seq")
    for seq in (1, 2, 3, 7, 8, 10):
        _send(ingest, "rembang/a", seq=seq)
    assert ingest.stats.feeds[0].gaps == 3 + 1


def test_each_topic_has_its_own_sequence() -> None:
    ingest = _ingest(sequence="seq")
    for seq in range(5):
        _send(ingest, "rembang/a", seq=seq)
        _send(ingest, "rembang/b", seq=100 + seq)
    assert ingest.stats.feeds[0].gaps == 0


def test_a_redelivery_counts_nothing_and_a_restart_starts_again() -> None:
    """MQTT QoS 1 delivers at least once: a broker restarted from its persistence
    file, or a failover, can hand over what came already."""
    ingest = _ingest(sequence="seq")
    for seq in [*range(10, 20), *range(12, 20), 20]:
        _send(ingest, "rembang/a", seq=seq)
    counters = ingest.stats.feeds[0]
    assert counters.gaps == 0
    big = 5 * REPLAY_WINDOW
    _send(ingest, "rembang/a", seq=big)
    assert counters.gaps == big - 20 - 1
    _send(ingest, "rembang/a", seq=0)  # the device rebooted and counts from 0 again
    _send(ingest, "rembang/a", seq=1)
    assert counters.sequence_restarts == 1
    assert counters.gaps == big - 20 - 1


def test_a_payload_without_a_whole_sequence_number_is_still_a_reading() -> None:
    ingest = _ingest(sequence="seq")
    _send(ingest, "rembang/a", seq=1)
    _send(ingest, "rembang/a")
    _send(ingest, "rembang/a", seq="three")
    _send(ingest, "rembang/a", seq=2.0)
    counters = ingest.stats.feeds[0]
    assert counters.readings == 4
    assert counters.errors == 0
    assert counters.gaps == 0


def test_a_regular_feed_without_numbers_counts_missed_periods() -> None:
    ingest = _ingest(expected_interval_s=60.0)
    for minute in (0, 1, 2, 5, 6):  # 3 and 4 missing
        _send(ingest, "rembang/a", ts=NOW + 60 * minute + (3 if minute % 2 else 0))
    assert ingest.stats.feeds[0].gaps == 2


def test_period_gaps_ignore_readings_stamped_on_arrival() -> None:
    ingest = _ingest(expected_interval_s=60.0, timestamp=None)
    ingest.handle("rembang/a", b'{"value": 1}', NOW)
    ingest.handle("rembang/a", b'{"value": 1}', NOW + 3600)
    assert ingest.stats.feeds[0].gaps == 0


def test_sequence_is_a_path_for_json_formats_only() -> None:
    with pytest.raises(ConfigError, match=r"feeds\[1\].*sequence.*format 'number'"):
        parse_config('[[feeds]]\ntopic = "a/#"\nformat = "number"\nsequence = "seq"\n', "t")
