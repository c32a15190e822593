"""MQTT topic filters (MQTT 3.1.1 section 4.7) and the ingest path's router."""

from __future__ import annotations

import re

import pytest

from smartcity_console.core.topics import TopicRouter, matches, validate_filter, validate_topic


@pytest.mark.parametrize(
    "topic_filter",
    ["#", "+", "a/b", "a/+/c", "a/#", "+/+", "/", "/+", "+/tennis/#", "rembang/+/pm25/#", "$SYS/#"],
)
def test_valid_filters(topic_filter: str) -> None:
    validate_filter(topic_filter)


@pytest.mark.parametrize(
    ("topic_filter", "reason"),
    [
        ("", "cannot be empty"),
        ("a/\x00", "NUL"),
        ("a/#/b", "'#' must be the whole last level"),
        ("a#", "'#' must be the whole last level"),
        ("a/b#", "'#' must be the whole last level"),
        ("a+/b", "'+' must be a whole level"),
        ("a/+b", "'+' must be a whole level"),
        ("a/\ud800", "not valid UTF-8"),
        ("a" * 65_536, "65536 bytes long"),
    ],
)
def test_invalid_filters_say_why(topic_filter: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        validate_filter(topic_filter)


def test_topic_names_have_no_wildcards() -> None:
    validate_topic("rembang/environment/pm25/alun_alun")
    with pytest.raises(ValueError, match="cannot contain the wildcards"):
        validate_topic("rembang/+/pm25")
    with pytest.raises(ValueError, match="cannot be empty"):
        validate_topic("")


@pytest.mark.parametrize(
    ("topic_filter", "topic", "expected"),
    [
        ("sport/tennis/player1/#", "sport/tennis/player1", True),
        ("sport/tennis/player1/#", "sport/tennis/player1/ranking", True),
        ("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", True),
        ("sport/tennis/player1/#", "sport/tennis/player2", False),
        ("sport/#", "sport", True),
        ("#", "sport/tennis", True),
        ("sport/tennis/+", "sport/tennis/player1", True),
        ("sport/tennis/+", "sport/tennis/player1/ranking", False),
        ("sport/+", "sport", False),
        ("sport/+", "sport/", True),
        ("+/+", "/finance", True),
        ("/+", "/finance", True),
        ("+", "/finance", False),
        ("a/b", "a/b", True),
        ("a/b", "a/b/", False),
        ("a/b", "A/b", False),
        ("#", "$SYS/broker/uptime", False),
        ("+/broker/uptime", "$SYS/broker/uptime", False),
        ("$SYS/#", "$SYS/broker/uptime", True),
        ("$SYS/+/uptime", "$SYS/broker/uptime", True),
        ("rembang/+/pm25/#", "rembang/environment/pm25/alun_alun", True),
    ],
)
def test_matches(topic_filter: str, topic: str, expected: bool) -> None:
    assert matches(topic_filter, topic) is expected


def test_router_returns_the_first_matching_filter() -> None:
    router = TopicRouter(["tele/pju/SENSOR", "tele/+/SENSOR", "tele/#", "rembang/#"])
    assert router.route("tele/pju/SENSOR") == 0
    assert router.route("tele/pompa/SENSOR") == 1
    assert router.route("tele/pompa/STATE") == 2
    assert router.route("tele") == 2
    assert router.route("rembang/living/traffic/lasem") == 3
    assert router.route("zigbee2mqtt/x") is None
    assert router.filters == ("tele/pju/SENSOR", "tele/+/SENSOR", "tele/#", "rembang/#")


def test_router_caches_answers_including_no_match() -> None:
    router = TopicRouter(["a/+"])
    assert router.route("a/1") == 0
    assert router.route("b/1") is None
    assert router.cached_topics() == 2
    assert router.route("a/1") == 0
    assert router.route("b/1") is None
    assert router.cached_topics() == 2


def test_router_cache_is_bounded_and_stays_correct_after_a_clear() -> None:
    router = TopicRouter(["a/+", "b/#"], cache_size=3)
    for i in range(10):
        assert router.route(f"a/{i}") == 0
        assert router.cached_topics() <= 3
    assert router.route("b/x/y") == 1
    assert router.route("a/0") == 0


def test_router_refuses_invalid_filters_and_sizes() -> None:
    with pytest.raises(ValueError, match="'#' must be the whole last level"):
        TopicRouter(["ok/+", "bad/#/x"])
    with pytest.raises(ValueError, match="cache_size"):
        TopicRouter(["a"], cache_size=0)


def test_router_with_no_filters_matches_nothing() -> None:
    assert TopicRouter([]).route("a") is None
