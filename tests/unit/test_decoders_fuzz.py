"""Decoders never raise anything but DecodeError, whatever arrives on the wire.

Bad input must never stop ingestion (blueprint, "Feed contract"): the ingest
path catches DecodeError only, so any other exception would kill the MQTT
thread. Each test is capped at 200 examples to keep the suite quick.
"""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from smartcity_console.core.decoders import DecodeError, Decoder, make_decoder
from smartcity_console.core.mapping import FeedMapping

NOW = 1_764_300_000.0
FUZZ = settings(max_examples=200, deadline=None)

MAPPINGS = [
    FeedMapping(topic="#", format="number"),
    FeedMapping(topic="#", format="json"),
    FeedMapping(topic="#", format="json", value="a.b", timestamp="t", unit_path="u"),
    FeedMapping(topic="#", format="json", fields=["a", "b.0", "c.d"], timestamp="a"),
    FeedMapping(topic="#", format="json", fields="*", timestamp="t", timezone="Asia/Jakarta"),
    FeedMapping(topic="#", format="senml", unit="V"),
    FeedMapping(topic="#", format="auto"),
    FeedMapping(topic="#", format="auto", fields="*", max_payload_bytes=64),
]
DECODERS: list[Decoder] = [make_decoder(m) for m in MAPPINGS]

numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1e11, 1e14, 1e17, 1e20, 2**28, -(2**28), 1764300000250]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    numbers,
    st.text(max_size=20),
    st.sampled_from(["2025-11-28T10:20:00", "2025-11-28T10:20:00Z", "1764300000", "NaN", ""]),
)
keys = st.one_of(
    st.sampled_from(["a", "b", "c", "d", "t", "u", "0", "value", "ts", "unit"]),
    st.text(max_size=5),
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=20,
)
SENML_LABELS = (
    *("bn", "bt", "bu", "bv", "bs", "bver"),
    *("n", "u", "v", "vs", "vb", "vd", "s", "t", "ut"),
    *("x_", "ct"),  # a must-understand extension, and one that may be ignored
)
senml_labels = st.sampled_from(SENML_LABELS)
senml_values = st.one_of(
    scalars,
    st.sampled_from(["urn:dev:ow:", "temp", "-bad", "a b", "Cel"]),
    st.integers(min_value=-5, max_value=12),
)
senml_packs = st.lists(st.dictionaries(senml_labels, senml_values, max_size=6), max_size=5)
# Mostly well-typed records, so the fuzz also reaches the resolving code, not just type checks.
finite = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(2**60), 2**60)
senml_records = st.fixed_dictionaries(
    {"n": st.sampled_from(["temp", "a:b", "x/y_z.1", "-bad", ""])},
    optional={
        "bn": st.sampled_from(["urn:dev:ow:", "", "dev-1/"]),
        "bt": finite,
        "bu": st.sampled_from(["Cel", "V", ""]),
        "bv": finite,
        "bs": finite,
        "bver": st.integers(min_value=1, max_value=11),
        "u": st.sampled_from(["A", "%RH"]),
        "v": finite,
        "vs": st.text(max_size=5),
        "vb": st.booleans(),
        "s": finite,
        "t": finite,
        "ut": finite,
    },
)


def _check_all(payload: bytes) -> None:
    messages: list[str] = []
    for decoder in DECODERS:
        try:
            decoded = decoder.decode("fuzz/topic", payload, NOW)
        except DecodeError as exc:
            messages.append(str(exc))
            continue
        assert decoded.ignored >= 0
        for reading in decoded.readings:
            assert isinstance(reading.series, str)
            assert reading.series
            assert type(reading.value) is float
            assert math.isfinite(reading.value)
            assert reading.t is None or (type(reading.t) is float and math.isfinite(reading.t))
            assert reading.unit is None or isinstance(reading.unit, str)
    assert all(messages)  # every error says something


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes(payload: bytes) -> None:
    _check_all(payload)


@FUZZ
@given(json_values)
def test_arbitrary_json(value: Any) -> None:
    # allow_nan: devices do send NaN and Infinity, which JSON forbids.
    _check_all(json.dumps(value, allow_nan=True).encode("utf-8"))


@FUZZ
@given(senml_packs)
def test_senml_like_packs(pack: list[dict[str, Any]]) -> None:
    _check_all(json.dumps(pack, allow_nan=True).encode("utf-8"))


@FUZZ
@given(st.lists(senml_records, max_size=6))
def test_well_typed_senml_packs(pack: list[dict[str, Any]]) -> None:
    _check_all(json.dumps(pack).encode("utf-8"))


@FUZZ
@given(st.text(alphabet="0123456789+-.eE \t\n_xnaifNIF", max_size=30))
def test_number_like_text(text: str) -> None:
    _check_all(text.encode("utf-8"))


@FUZZ
@given(st.dictionaries(keys, json_values, max_size=6), st.sampled_from(["{", "[", '"', "1e", "-"]))
def test_truncated_json(value: dict[str, Any], tail: str) -> None:
    text = json.dumps(value, allow_nan=True)
    _check_all(text[: len(text) // 2].encode("utf-8"))
    _check_all((text + tail).encode("utf-8"))
