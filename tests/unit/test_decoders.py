"""Payload decoders: the shared test vectors, then each format's rules one by one."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from smartcity_console.core.decoders import (
    Decoded,
    DecodeError,
    PayloadTooLargeError,
    make_decoder,
)
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.readings import Reading
from smartcity_console.core.timestamps import epoch_seconds, parse_timestamp

VECTORS = Path(__file__).resolve().parent.parent / "data" / "feeds"
NOW = 1_764_300_000.0
TOPIC = "rembang/environment/pm25/alun_alun"


def _vectors() -> list[Any]:
    cases = []
    for path in sorted(VECTORS.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if line.strip():
                cases.append(pytest.param(json.loads(line), id=f"{path.stem}-{number}"))
    return cases


def decode(payload: bytes | str, topic: str = TOPIC, **options: Any) -> Decoded:
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    mapping = FeedMapping(topic=options.pop("filter", "#"), **options)
    return make_decoder(mapping).decode(topic, payload, NOW)


def readings(payload: bytes | str, topic: str = TOPIC, **options: Any) -> list[Reading]:
    return decode(payload, topic, **options).readings


def error(payload: bytes | str, topic: str = TOPIC, **options: Any) -> str:
    with pytest.raises(DecodeError) as info:
        decode(payload, topic, **options)
    return str(info.value)


# --- the shared vectors -------------------------------------------------------------


def test_vectors_are_all_there() -> None:
    assert {p.stem for p in VECTORS.glob("*.jsonl")} == {
        "bad",
        "plain",
        "senml",
        "tasmota",
        "zigbee2mqtt",
    }
    assert len(_vectors()) == 13


@pytest.mark.parametrize("case", _vectors())
def test_vector(case: dict[str, Any]) -> None:
    mapping = FeedMapping(topic=case["topic"], **case["mapping"])
    decoder = make_decoder(mapping)
    payload = case["payload"].encode("utf-8")
    if not case["readings"]:
        with pytest.raises(DecodeError):
            decoder.decode(case["topic"], payload, NOW)
        return
    got = decoder.decode(case["topic"], payload, NOW).readings
    assert [r.series for r in got] == [e["series"] for e in case["readings"]]
    assert [r.unit for r in got] == [e["unit"] for e in case["readings"]]
    assert [r.value for r in got] == pytest.approx([e["value"] for e in case["readings"]])
    for reading, expected in zip(got, case["readings"], strict=True):
        if expected["t"] is None:
            assert reading.t is None
        else:
            assert reading.t == pytest.approx(expected["t"], abs=1e-6)


@pytest.mark.parametrize(
    ("payload", "mapping", "message"),
    [
        ("", {"format": "json", "value": "value"}, "payload is empty"),
        ('{"value": "tinggi"}', {"format": "json", "value": "value"}, "is a string"),
        ('{"value": 12.5', {"format": "json", "value": "value"}, "not valid JSON"),
        ("NaN", {"format": "number"}, "not a number: 'NaN'"),
        ('[{"bn": 5, "v": 1}]', {"format": "senml"}, "SenML base name must be a string"),
        ('{"n":"x","v":1}', {"format": "senml"}, "must be a JSON array of records"),
    ],
    ids=["empty", "string-value", "truncated", "nan", "senml-bn", "senml-object"],
)
def test_bad_vectors_say_what_is_wrong(payload: str, mapping: dict[str, Any], message: str) -> None:
    assert message in error(payload, **mapping)


# --- common to every format ---------------------------------------------------------


@pytest.mark.parametrize("fmt", ["number", "json", "senml", "auto"])
def test_oversized_payload_is_refused_unread(fmt: str) -> None:
    with pytest.raises(PayloadTooLargeError, match="11 bytes, over the limit of 10"):
        decode(b"12345678901", format=fmt, max_payload_bytes=10)
    assert readings(b"1234567890", format="number", max_payload_bytes=10)[0].value == 1234567890


@pytest.mark.parametrize("fmt", ["number", "json", "senml", "auto"])
def test_binary_payload_is_refused_as_binary_with_its_first_bytes(fmt: str) -> None:
    """Issue 14: named a binary payload, with its first bytes in hex, not "not valid UTF-8"."""
    assert error(b'{"value": "\xff"}', format=fmt) == (
        "binary payload (not UTF-8 text: byte 0xff at offset 11); "
        "first bytes: 7b 22 76 61 6c 75 65 22 3a 20 22 ff 22 7d"
    )


@pytest.mark.parametrize("fmt", ["number", "json", "senml", "auto"])
def test_blank_payload_is_refused(fmt: str) -> None:
    assert error(b"", format=fmt) == "payload is empty"
    assert error(b" \r\n", format=fmt) == "payload is empty (only whitespace)"


# --- number -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.87", 1.87), (" 42500 \n", 42500.0), ("-3", -3.0), ("+.5", 0.5), ("5.", 5.0), ("1e3", 1e3)],
)
def test_number(text: str, value: float) -> None:
    assert readings(text, format="number") == [Reading(TOPIC, None, value, None)]


@pytest.mark.parametrize(
    "text", ["NaN", "inf", "-Infinity", "1_000", "0x10", "1,5", "true", "\u0661"]
)
def test_number_refuses_what_is_not_a_plain_decimal(text: str) -> None:
    assert error(text, format="number").startswith("payload is not a number")


def test_number_refuses_overflow_and_takes_fixed_unit() -> None:
    assert error("1e400", format="number") == "payload number is too large"
    assert readings("7", format="number", unit="m")[0].unit == "m"


def test_long_junk_is_refused_quickly() -> None:
    # A regex that backtracks over the digits would take seconds here.
    assert error(b"1" * 262_143 + b"x", format="number").startswith("payload is not a number")


# --- json: value --------------------------------------------------------------------

SIMULATOR = '{"ts": 1764300000.25, "value": 23.4, "unit": "ug/m3"}'


def test_simulator_payload_with_an_explicit_mapping() -> None:
    got = readings(SIMULATOR, format="json", value="value", timestamp="ts", unit_path="unit")
    assert got == [Reading(TOPIC, 1764300000.25, 23.4, "ug/m3")]


@pytest.mark.parametrize("fmt", ["json", "auto"])
def test_default_mapping_reads_the_console_format(fmt: str) -> None:
    assert readings(SIMULATOR, format=fmt) == [Reading(TOPIC, 1764300000.25, 23.4, "ug/m3")]
    assert readings('{"value": 1}', format=fmt) == [Reading(TOPIC, None, 1.0, None)]
    assert error('{"level": 1}', format=fmt) == (
        "payload has no value at 'value': no key 'value' at the top level; keys there: 'level'"
    )


def test_value_path_goes_into_objects_and_arrays() -> None:
    payload = '{"sensors": [{"pm": 1}, {"pm": 2.5}], "a": {"b": {"c": 7}}}'
    assert readings(payload, format="json", value="sensors.1.pm")[0].value == 2.5
    assert readings(payload, format="json", value="a.b.c")[0].value == 7.0
    assert error(payload, format="json", value="sensors.2.pm") == (
        "payload has no value at 'sensors.2.pm': 'sensors' is an array of 2 item(s), no item '2'"
    )
    assert error(payload, format="json", value="a.b.c.d") == (
        "payload has no value at 'a.b.c.d': 'a.b.c' is not an object"
    )


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ('{"a": {"b": "1.5"}}', "value at 'a.b' is a string, expected a number"),
        ('{"a": {"b": null}}', "value at 'a.b' is null, expected a number"),
        ('{"a": {"b": [1]}}', "value at 'a.b' is an array, expected a number"),
        ('{"a": {"b": NaN}}', "payload contains NaN, which is not a number"),
        ('{"a": {"b": -Infinity}}', "payload contains -Infinity, which is not a number"),
        ('{"a": {"b": 1e400}}', "value at 'a.b' is not a finite number"),
        ('{"a": {"b": 1' + "0" * 400 + "}}", "value at 'a.b' is too large"),
    ],
    ids=["string", "null", "array", "nan", "-inf", "overflow-float", "overflow-int"],
)
def test_value_must_be_a_finite_number(payload: str, message: str) -> None:
    assert error(payload, format="json", value="a.b") == message


def test_json_must_be_an_object() -> None:
    assert error("[1, 2]", format="json", value="a") == (
        "payload is an array, expected a JSON object (a SenML pack? use format 'senml')"
    )
    assert error("3", format="json", value="a") == "payload is a number, expected a JSON object"


def test_nesting_too_deep_is_a_decode_error() -> None:
    assert (
        error("[" * 100_000, format="json", value="a") == "payload is nested too deeply to decode"
    )


def test_integer_with_too_many_digits_is_a_decode_error() -> None:
    assert "integer with more than" in error('{"a": ' + "1" * 5000 + "}", format="json", value="a")


# --- json: units and timestamps -----------------------------------------------------


def test_units_fixed_from_payload_and_fallback() -> None:
    assert readings('{"v": 1}', format="json", value="v", unit="mm")[0].unit == "mm"
    got = readings('{"v": 1, "u": "cm"}', format="json", value="v", unit_path="u", unit="mm")
    assert got[0].unit == "cm"
    # The payload's unit wins; when it has none the fixed unit is the fallback.
    assert readings('{"v": 1}', format="json", value="v", unit_path="u", unit="mm")[0].unit == "mm"
    assert readings('{"v": 1, "u": ""}', format="json", value="v", unit_path="u")[0].unit is None
    assert error('{"v": 1, "u": 3}', format="json", value="v", unit_path="u") == (
        "unit at 'u' is a number, expected a string"
    )


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("1764300000.25", 1764300000.25),
        ("1764300000250", 1764300000.25),
        ('"1764300000250"', 1764300000.25),
        ("1764300000250000", 1764300000.25),
        ("1764300000250000000", 1764300000.25),
        ('"2025-11-28T03:20:00.25Z"', 1764300000.25),
        ('"2025-11-28T10:20:00.25+07:00"', 1764300000.25),
        ('"2025-11-28T10:20:00.25"', 1764300000.25),  # naive: Asia/Jakarta
        ('" 2025-11-28 03:20:00.25+00:00 "', 1764300000.25),
    ],
    ids=["s", "ms", "ms-text", "us", "ns", "iso-z", "iso-offset", "iso-naive", "iso-space"],
)
def test_timestamps(stamp: str, expected: float) -> None:
    payload = '{"v": 1, "time": ' + stamp + "}"
    got = readings(payload, format="json", value="v", timestamp="time", timezone="Asia/Jakarta")
    assert got[0].t == pytest.approx(expected, abs=1e-6)


def test_missing_timestamp_means_arrival_time() -> None:
    assert readings('{"v": 1}', format="json", value="v", timestamp="time")[0].t is None
    assert (
        readings('{"v": 1, "time": null}', format="json", value="v", timestamp="time")[0].t is None
    )


@pytest.mark.parametrize(
    ("stamp", "message"),
    [
        ("true", "timestamp at 'time' is a boolean, expected a number or an ISO 8601 string"),
        ('"kemarin"', "timestamp at 'time' 'kemarin' is neither an epoch number nor an ISO 8601"),
        ('""', "timestamp at 'time' is an empty string"),
        ("1e25", "timestamp at 'time' 1e+25 is too large to be an epoch time"),
        ("1e400", "timestamp at 'time' is not a finite number"),
        ("[1]", "timestamp at 'time' is an array"),
    ],
)
def test_bad_timestamps(stamp: str, message: str) -> None:
    payload = '{"v": 1, "time": ' + stamp + "}"
    assert error(payload, format="json", value="v", timestamp="time").startswith(message)


def test_epoch_magnitude_rule_boundaries() -> None:
    assert epoch_seconds(99_999_999_999.0) == 99_999_999_999.0  # year 5138, still seconds
    assert epoch_seconds(100_000_000_000.0) == 100_000_000.0  # 1973-03-03 in milliseconds
    assert epoch_seconds(-1_764_300_000_250.0) == -1_764_300_000.25
    assert epoch_seconds(0.0) == 0.0


def test_naive_iso_follows_daylight_saving_of_the_zone() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    summer = datetime(2025, 7, 1, 10, 0, tzinfo=UTC).timestamp()
    winter = datetime(2025, 1, 1, 10, 0, tzinfo=UTC).timestamp()
    assert parse_timestamp("2025-07-01T12:00:00", berlin) == summer
    assert parse_timestamp("2025-01-01T11:00:00", berlin) == winter


# --- json: fields -------------------------------------------------------------------

ZIGBEE = '{"temperature": 27.34, "humidity": null, "linkquality": 120, "battery": 97}'


def test_fields_list_skips_absent_and_null_fields() -> None:
    got = readings(ZIGBEE, "z/s", format="json", fields=["temperature", "humidity", "pressure"])
    assert got == [Reading("z/s#temperature", None, 27.34, None)]


def test_fields_list_with_no_reading_is_an_error() -> None:
    assert error(ZIGBEE, format="json", fields=["humidity", "pressure"]) == (
        "payload has none of the fields 'humidity', 'pressure' "
        "(its keys: 'temperature', 'humidity', 'linkquality', 'battery')"
    )


def test_fields_list_refuses_a_field_of_the_wrong_type() -> None:
    payload = '{"temperature": 27.3, "state": "ON"}'
    assert error(payload, format="json", fields=["temperature", "state"]) == (
        "value at 'state' is a string, expected a number"
    )


def test_fields_share_time_and_unit() -> None:
    payload = '{"t": 1764300000, "u": "V", "a": {"x": 1, "y": 2}}'
    got = readings(payload, "m", format="json", fields=["a.y", "a.x"], timestamp="t", unit_path="u")
    assert got == [
        Reading("m#a.y", 1764300000.0, 2.0, "V"),
        Reading("m#a.x", 1764300000.0, 1.0, "V"),
    ]


TASMOTA = (
    '{"Time": "2024-05-01T07:00:00", "Epoch": 1714521600, "ENERGY": {"Power": 12, '
    '"Today": 0.5, "Meta": {"Ok": true, "Name": "pju", "Ids": [1, 2]}}, "Unit": "W", '
    '"Flag": false}'
)


def test_star_takes_every_numeric_leaf_in_order() -> None:
    got = readings(TASMOTA, "tele/pju/SENSOR", format="json", fields="*", timestamp="Epoch")
    assert [r.series for r in got] == [
        "tele/pju/SENSOR#ENERGY.Power",
        "tele/pju/SENSOR#ENERGY.Today",
        "tele/pju/SENSOR#ENERGY.Meta.Ok",
        "tele/pju/SENSOR#Flag",
    ]
    assert [r.value for r in got] == [12.0, 0.5, 1.0, 0.0]
    # Booleans are states (issue 14): 0/1, drawn as steps, no unit.
    assert [r.state for r in got] == [False, False, True, True]
    assert {r.t for r in got} == {1714521600.0}


def test_star_without_timestamp_keeps_numeric_time_fields_as_series() -> None:
    got = readings(TASMOTA, "t", format="json", fields="*", unit_path="Unit")
    numbers = [r for r in got if not r.state]
    assert [r.series for r in numbers] == ["t#Epoch", "t#ENERGY.Power", "t#ENERGY.Today"]
    assert {r.unit for r in numbers} == {"W"}


def test_star_with_a_numeric_unit_is_an_error_not_a_series() -> None:
    payload = '{"a": 1, "m": {"code": 5}}'
    assert error(payload, format="json", fields="*", unit_path="m.code") == (
        "unit at 'm.code' is a number, expected a string"
    )


def test_star_with_nothing_numeric_is_an_error() -> None:
    assert error('{"a": "x", "b": [1], "c": {}}', format="json", fields="*") == (
        "payload has no numeric fields (its keys: 'a', 'b', 'c')"
    )
    assert error('{"a": {"b": 1e999}}', format="json", fields="*") == (
        "value at 'a.b' is not a finite number"
    )


def test_star_survives_nesting_deeper_than_python_recursion() -> None:
    payload = '{"a": ' * 900 + "1" + "}" * 900
    got = readings(payload, "t", format="json", fields="*")
    assert got[0].series == "t#" + ".".join(["a"] * 900)


# --- senml --------------------------------------------------------------------------


def senml(records: list[dict[str, Any]], **options: Any) -> Decoded:
    return decode(json.dumps(records), "devices/x", format="senml", **options)


def senml_error(records: list[Any]) -> str:
    return error(json.dumps(records), "devices/x", format="senml")


def test_senml_relative_times_are_relative_to_now() -> None:
    got = senml(
        [{"n": "a", "v": 1, "t": -10}, {"n": "a", "v": 2, "t": 0}, {"n": "a", "v": 3}]
    ).readings
    assert [r.t for r in got] == [NOW - 10, NOW, None]


def test_senml_base_time_relative_and_absolute() -> None:
    got = senml([{"bt": -60, "n": "a", "v": 1}, {"n": "a", "v": 2, "t": 30}]).readings
    assert [r.t for r in got] == [NOW - 60, NOW - 30]
    got = senml([{"bt": 1.5e9, "n": "a", "v": 1}, {"n": "a", "v": 2, "t": 30}]).readings
    assert [r.t for r in got] == [1.5e9, 1.5e9 + 30]
    # 2**28 is the first absolute time (1978-07-04).
    assert senml([{"n": "a", "v": 1, "t": 2**28}]).readings[0].t == 2**28
    assert senml([{"n": "a", "v": 1, "t": 2**28 - 1}]).readings[0].t == NOW + 2**28 - 1


def test_senml_base_fields_carry_over_until_changed() -> None:
    got = senml(
        [
            {"bn": "urn:dev:x:", "bu": "Cel", "bv": 20, "n": "t1", "v": 1.5},
            {"n": "t2", "v": 2, "u": "K"},
            {"bn": "urn:dev:y:", "n": "t1", "v": -1},
            {"bv": 0, "n": "t3", "v": 4},
        ]
    ).readings
    assert got == [
        Reading("urn:dev:x:t1", None, 21.5, "Cel"),
        Reading("urn:dev:x:t2", None, 22.0, "K"),
        Reading("urn:dev:y:t1", None, 19.0, "Cel"),
        Reading("urn:dev:y:t3", None, 4.0, "Cel"),
    ]


def test_senml_name_may_come_from_base_name_alone() -> None:
    assert senml([{"bn": "urn:dev:ow:1", "v": 5}]).readings[0].series == "urn:dev:ow:1"


def test_senml_fixed_unit_is_a_fallback() -> None:
    got = senml([{"n": "a", "v": 1}, {"n": "b", "v": 2, "u": "V"}], unit="A").readings
    assert [r.unit for r in got] == ["A", "V"]


def test_senml_string_and_data_records_are_counted_not_plotted_booleans_are_states() -> None:
    result = senml(
        [
            {"bn": "dev:", "n": "door", "vb": True},
            {"n": "label", "vs": "Pasar Rembang"},
            {"n": "blob", "vd": "aGVsbG8"},
            {"n": "temp", "v": 30.5},
        ]
    )
    assert result == Decoded(
        [Reading("dev:door", None, 1.0, None, True), Reading("dev:temp", None, 30.5, None)], 2
    )


def test_senml_sums_are_their_own_series() -> None:
    result = senml(
        [
            {"bn": "meter:", "bs": 1000, "n": "energy", "u": "W", "s": 5},
            {"n": "power", "u": "W", "v": 150, "s": 7},
            {"n": "state", "vs": "on", "s": 1},
        ]
    )
    assert result == Decoded(
        [
            Reading("meter:energy#sum", None, 1005.0, "W*s"),
            Reading("meter:power", None, 150.0, "W"),
            Reading("meter:power#sum", None, 1007.0, "W*s"),
            Reading("meter:state#sum", None, 1001.0, None),
        ],
        1,
    )


@pytest.mark.parametrize(
    ("records", "message"),
    [
        (
            [{"n": "a", "v": 1, "bver": 11}],
            "SenML version 11 is newer than this console understands (10)",
        ),
        ([{"n": "a", "v": 1, "bver": 0}], "SenML version must be a positive integer"),
        ([{"n": "a", "v": 1, "bver": "5"}], "SenML version must be a positive integer"),
        ([{"n": "a", "v": 1, "bver": True}], "SenML version must be a positive integer"),
        (
            [{"n": "a", "v": 1}, {"n": "a", "v": 1, "bver": 5}],
            "SenML records disagree on the version",
        ),
        ([{"n": "a", "v": 1, "foo_": 1}], "SenML record 1 has the must-understand field 'foo_'"),
        (
            [{"n": "a", "v": 1}, {"n": "b", "v": 1, "bfoo_": 1}],
            "SenML record 2 has the must-understand",
        ),
        ([{"v": 1}], "SenML record 1 has no name (neither bn nor n)"),
        ([{"n": "-a", "v": 1}], "SenML name '-a' in record 1 is not valid"),
        ([{"n": "a b", "v": 1}], "SenML name 'a b' in record 1 is not valid"),
        ([{"n": "a#b", "v": 1}], "SenML name 'a#b' in record 1 is not valid"),
        ([{"n": "suhu°", "v": 1}], "is not valid"),
        ([{"n": 1, "v": 1}], "SenML name must be a string (n in record 1 is a number)"),
        ([{"n": "a", "v": "1"}], "SenML value must be a number (v in record 1 is a string)"),
        ([{"n": "a", "v": True}], "SenML value must be a number (v in record 1 is a boolean)"),
        ([{"n": "a", "v": 1, "t": "now"}], "SenML time must be a number"),
        ([{"n": "a", "v": 1, "u": 1}], "SenML unit must be a string"),
        ([{"n": "a", "v": 1, "ut": None}], "SenML update time must be a number"),
        ([{"n": "a", "vb": 1}], "SenML boolean value must be true or false"),
        ([{"n": "a", "vs": 1}], "SenML string value must be a string"),
        ([{"n": "a", "v": 1, "vs": "x"}], "SenML record 1 has more than one value field"),
        ([{"n": "a"}], "SenML record 1 has no value (v, vs, vb or vd) and no sum (s)"),
        ([{"n": "a", "v": 1}, 5], "SenML record 2 is a number, expected an object"),
        ([{"n": "a", "v": 1e308, "bv": 1e308}], "SenML value in record 1 is out of range"),
    ],
)
def test_senml_errors(records: list[Any], message: str) -> None:
    assert message in senml_error(records)


def test_senml_version_rules_that_pass() -> None:
    assert senml([{"bver": 10.0, "n": "a", "v": 1}, {"n": "b", "v": 2}]).readings[1].value == 2.0
    assert senml([{"bver": 5, "n": "a", "v": 1}, {"bver": 5, "n": "b", "v": 2}]).ignored == 0


def test_senml_ignores_unknown_fields_without_underscore() -> None:
    assert senml([{"n": "a", "v": 1, "ct": "60", "x": [1]}]).readings == [
        Reading("a", None, 1.0, None)
    ]


def test_senml_empty_pack_has_no_readings() -> None:
    assert senml([]) == Decoded([], 0)


# --- auto ---------------------------------------------------------------------------


def test_auto_order() -> None:
    assert readings(" 12.5 ", format="auto", unit="m") == [Reading(TOPIC, None, 12.5, "m")]
    assert readings('{"value": 3}', format="auto")[0].value == 3.0
    assert readings('{"a": {"b": 4}}', format="auto", value="a.b")[0].value == 4.0
    assert readings('[{"n": "x", "v": 5}]', format="auto")[0] == Reading("x", None, 5.0, None)
    assert error('"12"', format="auto") == (
        "payload is a string; expected a number, a JSON object or a SenML array"
    )
    assert error("null", format="auto").startswith("payload is null;")
    assert error("NaN", format="auto") == "payload contains NaN, which is not a number"
    assert error("hello", format="auto").startswith("payload is not valid JSON")
