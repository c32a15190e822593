"""A broken [[alarms]] table is refused at load time with the key and the reason."""

from __future__ import annotations

import pytest

from smartcity_console.config import ConfigError, load_config, parse_config
from smartcity_console.core.alarm_rules import RateRule, StaleRule, ThresholdRule, at_speed
from smartcity_console.core.programs import PROGRAM_KEYS
from smartcity_console.paths import bundled_config_file

SERIES = "rembang/environment/pm25/+"
GOOD = {
    "id": "pm25-high",
    "kind": "above",
    "series": SERIES,
    "program": "environment",
    "severity": "high",
    "threshold": 150,
    "message_id": "PM2.5 {station} {value:.0f} {unit}",
    "message_en": "PM2.5 at {station}: {value:.0f} {unit} (limit {threshold:g}, {series})",
}


def _toml(*tables: dict[str, object]) -> str:
    out = []
    for table in tables:
        out.append("[[alarms]]")
        for key, value in table.items():
            if isinstance(value, str):
                escaped = value.replace("\\", "\\\\").replace('"', '\\"')
                out.append(f'{key} = "{escaped}"')
            else:
                out.append(f"{key} = {value}")
    return "\n".join(out) + "\n"


def _refused(*tables: dict[str, object]) -> str:
    with pytest.raises(ConfigError) as err:
        parse_config(_toml(*tables), "console.toml")
    return str(err.value)


def _with(**changes: object) -> dict[str, object]:
    table = {**GOOD, **changes}
    return {k: v for k, v in table.items() if v is not None}


def test_bundled_default_rules_are_valid() -> None:
    rules = load_config(bundled_config_file()).alarms
    assert rules, "the default config must wire the simulator's anomalies to alarms"
    assert len({r.id for r in rules}) == len(rules)
    assert {r.kind for r in rules} >= {"above", "stale"}
    assert {r.program for r in rules if r.kind == "stale"} == set(PROGRAM_KEYS)


def test_each_kind_parses_to_its_model() -> None:
    config = parse_config(
        _toml(
            GOOD,
            _with(id="pdam-low", kind="below", threshold=1.0, hysteresis=0.2, min_duration_s=60),
            _with(
                id="price-rise",
                kind="rate",
                threshold=None,
                max_change=10000,
                per_s=3600,
                direction="rise",
                message_en="rose {change:+.0f} to {value:.0f}",
            ),
            _with(id="silent", kind="stale", threshold=None, after_s=900, rearm_s=0),
        ),
        "console.toml",
    )
    above, below, rate, stale = config.alarms
    assert isinstance(above, ThresholdRule)
    assert (above.kind, above.hysteresis, above.min_duration_s, above.rearm_s) == (
        "above",
        0.0,
        0.0,
        1800.0,
    )
    assert isinstance(below, ThresholdRule)
    assert below.kind == "below"
    assert isinstance(rate, RateRule)
    assert (rate.max_change, rate.per_s, rate.direction) == (10000.0, 3600.0, "rise")
    assert isinstance(stale, StaleRule)
    assert (stale.after_s, stale.rearm_s) == (900.0, 0.0)


def test_unknown_kind_names_the_key_and_the_kinds() -> None:
    message = _refused(_with(kind="abov"))
    assert "console.toml" in message
    assert f"alarms[1] ({SERIES}).kind" in message
    assert "unknown alarm kind; expected one of above, below, rate, stale" in message
    assert "'abov'" in message


def test_missing_kind_is_reported() -> None:
    message = _refused(_with(kind=None))
    assert f"alarms[1] ({SERIES}).kind" in message
    assert "every alarm needs a kind" in message


def test_unknown_placeholder_names_the_template_and_the_choices() -> None:
    message = _refused(_with(message_en="PM2.5 at {stasiun}"))
    assert f"alarms[1] ({SERIES}).message_en" in message
    assert "unknown placeholder {stasiun}" in message
    assert "{series}, {station}, {value}, {unit}, {threshold}" in message
    assert "'PM2.5 at {stasiun}'" in message


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("value {}", "unknown placeholder {}"),
        ("value {0}", "unknown placeholder {0}"),
        ("value {value.real}", "unknown placeholder {value.real}"),
        ("value {value", "not a valid template"),
        ("{station:.1f}", "cannot be formatted"),
        ("   ", "cannot be blank"),
        ("rose {change}", "unknown placeholder {change}"),  # only rate rules have a change
    ],
)
def test_bad_templates_are_refused(template: str, expected: str) -> None:
    assert expected in _refused(_with(message_id=template))


def test_literal_braces_and_format_specs_are_fine() -> None:
    config = parse_config(_toml(_with(message_id="{{ {value:>8.1f} }} {unit!s}")), "c.toml")
    assert config.alarms[0].message_id == "{{ {value:>8.1f} }} {unit!s}"


def test_negative_hysteresis_is_refused() -> None:
    message = _refused(_with(hysteresis=-0.5))
    assert f"alarms[1] ({SERIES}).hysteresis" in message
    assert "greater than or equal to 0" in message
    assert "(got -0.5)" in message


def test_a_key_of_another_kind_is_an_unknown_key() -> None:
    message = _refused(_with(after_s=600))
    assert f"alarms[1] ({SERIES}).after_s" in message
    assert "unknown key" in message


def test_missing_kind_specific_key_is_reported() -> None:
    message = _refused(_with(kind="stale", threshold=None))
    assert f"alarms[1] ({SERIES}).after_s" in message
    assert "Field required" in message


def test_duplicate_ids_name_the_second_table() -> None:
    message = _refused(GOOD, _with(series="rembang/environment/pm25/lasem"))
    assert "alarms[2] (rembang/environment/pm25/lasem).id" in message
    assert "alarm [1] already uses this id" in message


@pytest.mark.parametrize(
    ("changes", "key", "expected"),
    [
        ({"id": "pm 25"}, "id", "a rule id is 1-64 letters"),
        ({"id": "a/b"}, "id", "a rule id is 1-64 letters"),
        ({"program": "weather"}, "program", "unknown program; expected one of governance"),
        ({"severity": "urgent"}, "severity", "'critical', 'high', 'medium' or 'low'"),
        ({"series": "rembang/#/pm25"}, "series", "'#' must be the whole last level"),
        ({"threshold": "high"}, "threshold", "valid number"),
        ({"threshold": "nan"}, "threshold", "finite number"),
        ({"min_duration_s": -1}, "min_duration_s", "greater than or equal to 0"),
        ({"rearm_s": -1}, "rearm_s", "greater than or equal to 0"),
    ],
)
def test_field_errors_name_their_key(changes: dict[str, object], key: str, expected: str) -> None:
    message = _refused(_with(**changes))
    assert f".{key}'" in message
    assert expected in message


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"max_change": 0}, "max_change"),
        ({"per_s": 0}, "per_s"),
        ({"direction": "up"}, "direction"),
    ],
)
def test_rate_rule_limits(changes: dict[str, object], key: str) -> None:
    rate: dict[str, object] = {"kind": "rate", "threshold": None, "max_change": 5, "per_s": 600}
    table = _with(**{**rate, **changes})
    assert f"({SERIES}).{key}'" in _refused(table)


def test_stale_needs_a_positive_after_s() -> None:
    message = _refused(_with(kind="stale", threshold=None, after_s=0))
    assert f"({SERIES}).after_s'" in message


def test_the_link_rule_id_is_reserved() -> None:
    message = _refused(_with(id="broker-link"))
    assert "key 'alarms[1] (rembang/environment/pm25/+).id'" in message
    assert "'broker-link' is the console's own rule for a lost broker link" in message


def test_rules_at_the_demo_speed_compress_every_duration() -> None:
    rules = load_config(bundled_config_file()).alarms
    assert at_speed(rules, 1.0) == rules
    fast = at_speed(rules, 300.0)
    for slow, quick in zip(rules, fast, strict=True):
        assert quick.id == slow.id
        assert quick.rearm_s == slow.rearm_s / 300
        if isinstance(slow, ThresholdRule):
            assert isinstance(quick, ThresholdRule)
            assert quick.threshold == slow.threshold  # values are not time
            assert quick.min_duration_s == slow.min_duration_s / 300
        if isinstance(slow, StaleRule):
            assert isinstance(quick, StaleRule)
            assert quick.after_s == slow.after_s / 300  # 900 s -> 3 s
    stale = next(rule for rule in at_speed(rules, 3600.0) if isinstance(rule, StaleRule))
    assert stale.after_s == 1.0  # never below the console's one-second tick
    rate = RateRule.model_validate(
        {
            **_with(threshold=None),
            "kind": "rate",
            "max_change": 5,
            "per_s": 600,
            "min_duration_s": 60,
        }
    )
    (quick_rate,) = at_speed([rate], 60.0)
    assert isinstance(quick_rate, RateRule)
    assert (quick_rate.per_s, quick_rate.min_duration_s) == (10.0, 1.0)
