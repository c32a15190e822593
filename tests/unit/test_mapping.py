"""FeedMapping: one [[feeds]] table, validated with messages a user can act on."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from smartcity_console.config import ConfigError, parse_config
from smartcity_console.core.mapping import FeedMapping


def problems(**options: Any) -> list[tuple[tuple[int | str, ...], str]]:
    with pytest.raises(ValidationError) as info:
        FeedMapping(**options)
    return [(tuple(e["loc"]), e["msg"]) for e in info.value.errors(include_url=False)]


def test_defaults() -> None:
    mapping = FeedMapping(topic="rembang/#")
    assert mapping.format == "auto"
    assert mapping.value is None
    assert mapping.fields is None
    assert mapping.timestamp is None
    assert mapping.timezone == "UTC"
    assert mapping.unit is None
    assert mapping.unit_path is None
    assert mapping.max_payload_bytes == 262_144
    assert mapping.program is None
    assert mapping.expected_interval_s is None


def test_full_mapping() -> None:
    mapping = FeedMapping(
        topic="tele/+/SENSOR",
        format="json",
        fields=["ENERGY.Power", "ENERGY.Today"],
        timestamp="Time",
        timezone="Asia/Jakarta",
        unit_path="Unit",
        unit="W",
        max_payload_bytes=4096,
        program="living",
        expected_interval_s=300,
    )
    assert mapping.fields == ["ENERGY.Power", "ENERGY.Today"]
    assert mapping.expected_interval_s == 300.0


def test_star_list_means_star() -> None:
    assert FeedMapping(topic="a", fields=["*"]).fields == "*"
    assert FeedMapping(topic="a", fields="*").fields == "*"


def test_mapping_is_frozen_and_closed() -> None:
    mapping = FeedMapping(topic="a")
    with pytest.raises(ValidationError):
        mapping.topic = "b"  # type: ignore[misc]  # the point of the test
    assert problems(topic="a", feilds="*") == [(("feilds",), "Extra inputs are not permitted")]


@pytest.mark.parametrize(
    ("options", "loc", "message"),
    [
        ({"topic": "a/#/b"}, "topic", "'#' must be the whole last level"),
        ({"topic": "a+"}, "topic", "'+' must be a whole level"),
        ({"topic": ""}, "topic", "a topic filter cannot be empty"),
        (
            {"topic": "a", "value": "v", "fields": ["x"]},
            "fields",
            "give either 'value' or 'fields'",
        ),
        ({"topic": "a", "fields": []}, "fields", "the list of fields is empty"),
        ({"topic": "a", "fields": ["x", "*"]}, "fields", "cannot be mixed with paths"),
        ({"topic": "a", "fields": ["x", "x"]}, "fields", "the path 'x' is listed twice"),
        ({"topic": "a", "fields": ["x", "a..b"]}, "fields", "a path cannot have an empty part"),
        ({"topic": "a", "value": ""}, "value", "a path cannot be empty"),
        ({"topic": "a", "timestamp": ".Time"}, "timestamp", "a path cannot have an empty part"),
        ({"topic": "a", "unit_path": " u"}, "unit_path", "cannot start or end with spaces"),
        ({"topic": "a", "timezone": "Asia/Jakart"}, "timezone", "unknown time zone"),
        ({"topic": "a", "timezone": "../../etc/passwd"}, "timezone", "unknown time zone"),
        ({"topic": "a", "timezone": ""}, "timezone", "unknown time zone"),
        ({"topic": "a", "unit": " "}, "unit", "a unit cannot be blank"),
        ({"topic": "a", "program": "health"}, "program", "unknown program; expected one of"),
        ({"topic": "a", "format": "xml"}, "format", "Input should be 'number', 'json'"),
        ({"topic": "a", "format": "number", "value": "v"}, "value", "format 'number' reads"),
        ({"topic": "a", "format": "senml", "timestamp": "t"}, "timestamp", "SenML carries its own"),
        ({"topic": "a", "format": "senml", "fields": "*"}, "fields", "SenML carries its own"),
        ({"topic": "a", "max_payload_bytes": 0}, "max_payload_bytes", "greater than 0"),
        ({"topic": "a", "max_payload_bytes": True}, "max_payload_bytes", "valid integer"),
        ({"topic": "a", "expected_interval_s": 0}, "expected_interval_s", "greater than 0"),
    ],
)
def test_invalid_mappings_name_the_key_and_the_reason(
    options: dict[str, Any], loc: str, message: str
) -> None:
    found = problems(**options)
    assert any(where[0] == loc and message in text for where, text in found), found


def test_fixed_unit_is_allowed_for_every_format() -> None:
    for fmt in ("number", "json", "senml", "auto"):
        assert FeedMapping(topic="a", format=fmt, unit="Cel").unit == "Cel"


def test_config_loader_reports_the_key_of_a_bad_mapping() -> None:
    text = '[[feeds]]\ntopic = "tele/+/SENSOR"\nformat = "json"\ntimezone = "Jakarta"\n'
    with pytest.raises(ConfigError) as info:
        parse_config(text, "site.toml")
    message = str(info.value)
    assert "site.toml" in message
    assert "feeds[1] (tele/+/SENSOR).timezone" in message
    assert "unknown time zone" in message
