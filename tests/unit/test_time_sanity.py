"""One time rule for every format: implausible stamps are refused at decode time, visibly.

Found: a single reading stamped years ahead (a SenML base time in
milliseconds) made every later reading of its series drop as ``too_old`` and
skip alarm evaluation as ``late``. Now such a payload is a decode error of
its feed, and the series goes on.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from smartcity_console.config import parse_config
from smartcity_console.core.alarm_engine import AlarmEngine
from smartcity_console.core.alarm_rules import ThresholdRule
from smartcity_console.core.decoders import DecodeError, make_decoder
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.time_sanity import TimeRule, TimestampError, describe_span
from smartcity_console.ingest.feed_ingest import FeedIngest

NOW = 1_764_300_000.0  # 2025-11-28 03:20 UTC
YEAR = 365.25 * 86_400
RIVER = "rembang/environment/river_level/kali_babagan"
RULE = TimeRule()


def refused(mapping: FeedMapping, topic: str, payload: Any, now: float = NOW) -> str:
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    with pytest.raises(TimestampError) as info:
        make_decoder(mapping, RULE).decode(topic, data, now)
    return str(info.value)


@pytest.mark.parametrize(
    ("mapping", "payload"),
    [
        # The console's own payload, epoch seconds 3.9 years ahead.
        (FeedMapping(topic="#", format="json"), {"ts": NOW + 3.9 * YEAR, "value": 1.0}),
        # JSON fields with an ISO time, as Tasmota sends it.
        (
            FeedMapping(topic="#", format="json", fields=["t"], timestamp="Time"),
            {"Time": "2029-10-25T00:00:00", "t": 1.0},
        ),
        # Auto: an object read like json.
        (FeedMapping(topic="#", format="auto"), {"ts": NOW + 3.9 * YEAR, "value": 1.0}),
    ],
    ids=["json-value", "json-fields-iso", "auto-object"],
)
def test_a_reading_years_ahead_is_refused_in_every_format(
    mapping: FeedMapping, payload: dict[str, Any]
) -> None:
    message = refused(mapping, RIVER, payload)
    assert message.startswith("timestamp 3.9 years in the future (2029-")
    assert "[timestamps] max_future_s" in message


@pytest.mark.parametrize("format_", ["senml", "auto"])
def test_a_senml_base_time_in_milliseconds_is_refused_with_a_hint(format_: str) -> None:
    # RFC 8428 times are seconds; a gateway that sends milliseconds lands in year 57,000.
    pack = [{"bn": "urn:dev:river:", "bt": NOW * 1000, "n": "level", "u": "m", "v": 1.2, "t": -5}]
    mapping = FeedMapping.model_validate({"topic": "#", "format": format_})
    message = refused(mapping, "senml/river", pack)
    assert message.startswith("timestamp 55,")
    assert "years in the future" in message
    assert message.endswith("milliseconds where seconds are expected?")


def test_a_clock_that_was_never_set_is_refused() -> None:
    message = refused(FeedMapping(topic="#", format="json"), RIVER, {"ts": 86_400.0, "value": 1})
    assert message.startswith("timestamp 1970-01-02 00:00:00 UTC is before 2010-01-01")
    assert "[timestamps] earliest" in message


def test_plausible_times_pass_and_relative_senml_times_follow_the_clock() -> None:
    decoder = make_decoder(FeedMapping(topic="#", format="auto"), RULE)
    ahead = decoder.decode(RIVER, json.dumps({"ts": NOW + 299, "value": 1}).encode(), NOW)
    assert [r.t for r in ahead.readings] == [NOW + 299]  # within five minutes of skew
    relative = decoder.decode("s", b'[{"n":"x","v":1,"t":-30}]', NOW)
    assert [r.t for r in relative.readings] == [NOW - 30]
    untimed = decoder.decode(RIVER, b"2.5", NOW)
    assert [r.t for r in untimed.readings] == [None]  # arrival time, nothing to check
    with pytest.raises(TimestampError):
        decoder.decode(RIVER, json.dumps({"ts": NOW + 301, "value": 1}).encode(), NOW)


def test_a_refused_payload_is_a_decode_error_of_its_feed() -> None:
    assert issubclass(TimestampError, DecodeError)  # counted like any bad payload


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(42, "42 s"), (600, "10 minutes"), (5.5 * 3600, "5.5 hours"), (3 * 86_400, "3.0 days")],
)
def test_spans_read_naturally(seconds: float, text: str) -> None:
    assert describe_span(seconds) == text


def _ingest() -> FeedIngest:
    rule = ThresholdRule.model_validate(
        {
            "id": "river-flood",
            "kind": "above",
            "series": "rembang/environment/river_level/+",
            "program": "environment",
            "severity": "critical",
            "threshold": 2.5,
            "message_id": "Banjir {station}",
            "message_en": "Flood {station}",
        }
    )
    feed = FeedMapping(topic="rembang/#", format="json")
    return FeedIngest([feed], SeriesStore(), alarms=AlarmEngine([rule]))


def _send(ingest: FeedIngest, t: float, value: float, now: float) -> None:
    ingest.handle(RIVER, json.dumps({"ts": t, "value": value, "unit": "m"}).encode(), now)
    ingest.flush(now)


def test_one_reading_years_ahead_neither_starves_its_series_nor_its_alarms() -> None:
    ingest = _ingest()
    _send(ingest, NOW, 1.0, NOW)
    _send(ingest, NOW + 3.9 * YEAR, 1.1, NOW + 60)  # the bad one
    for i in range(2, 6):
        _send(ingest, NOW + i * 60, 3.0, NOW + i * 60)  # a flood, correctly stamped

    counters = ingest.stats.feeds[0]
    assert (counters.errors, counters.time_refused) == (1, 1)
    assert counters.last_error is not None
    assert counters.last_error.startswith("timestamp 3.9 years in the future")
    assert counters.last_bad_payload is not None
    assert b"1.1" in counters.last_bad_payload
    buffer = ingest.store.buffer(RIVER)
    assert buffer is not None
    assert buffer.too_old == 0
    assert len(buffer) == 5  # every correct reading is on the plot
    assert buffer.last() == (NOW + 5 * 60, 3.0)
    assert ingest.alarms is not None
    assert ingest.alarms.late_readings == 0
    assert [e.kind for e in ingest.alarm_events] == ["raised"]  # the flood is not missed


def test_the_time_rule_comes_from_the_config() -> None:
    config = parse_config("[timestamps]\nmax_future_s = 60\nearliest = 2025-01-01\n", "t.toml")
    rule = config.timestamps.rule()
    assert rule.max_future_s == 60
    assert not rule.allows(NOW + 61, NOW)
    assert not rule.allows(1_735_689_599.0, NOW)  # 2024-12-31 23:59:59 UTC
    assert rule.allows(1_735_689_600.0, NOW)
    ingest = FeedIngest([FeedMapping(topic="#", format="json")], SeriesStore(), time_rule=rule)
    ingest.handle(RIVER, json.dumps({"ts": NOW + 61, "value": 1}).encode(), NOW)
    assert ingest.stats.feeds[0].time_refused == 1
