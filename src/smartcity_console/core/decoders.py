"""Payload decoders: bytes from MQTT to :class:`Reading` tuples, per ``[[feeds]]`` mapping.

:func:`make_decoder` compiles a :class:`FeedMapping` once (paths split, time
zone loaded, the per-format function chosen) because ``decode`` runs for every
message, up to ~100k per second, on the MQTT thread. ``decode`` raises only
:class:`DecodeError`, whose message says in plain words what was wrong; the
ingest path counts it and keeps the payload for the diagnostics view. The
rules each format follows are written down in ``docs/feeds.md``.
"""

from __future__ import annotations

import json
import math
import re
import sys
from typing import Any, Final, NamedTuple, Protocol
from zoneinfo import ZoneInfo

from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.payload_paths import MISSING, PayloadPath, dotted_name, split_path
from smartcity_console.core.profiles import GENERIC_METADATA, PROFILES
from smartcity_console.core.readings import Reading
from smartcity_console.core.time_sanity import TimeRule
from smartcity_console.core.timestamps import (
    NUMBER_PATTERN,
    DecodeError,
    kind_of,
    parse_timestamp,
    preview,
)

__all__ = [
    "SENML_VERSION",
    "DecodeError",
    "Decoded",
    "Decoder",
    "PayloadTooLargeError",
    "hex_prefix",
    "make_decoder",
]


class PayloadTooLargeError(DecodeError):
    """A payload over ``max_payload_bytes``, dropped unread (counted apart as "oversized")."""


class Decoded(NamedTuple):
    """What one payload gave: numeric readings, and how many SenML records were skipped.

    ``ignored`` counts SenML records whose value is a string, a boolean or
    data (``vs``/``vb``/``vd``): valid, but nothing to plot. ``sequence`` is
    the payload's message number (the mapping's ``sequence`` path), when it
    has a whole number there; gaps in it are counted per feed (ingest/gaps.py).
    Stateful formats (Sparkplug B, core/sparkplug) also say which series just
    went stale (``stale``: a node's or device's DEATH) and how many messages
    their own sequence numbers show as missed (``missed``).
    """

    readings: list[Reading]
    ignored: int
    sequence: int | None = None
    stale: tuple[str, ...] = ()
    missed: int = 0


class Decoder(Protocol):
    """A compiled mapping; ``decode`` raises only :class:`DecodeError`."""

    def decode(self, topic: str, payload: bytes, now: float) -> Decoded:
        """Readings of one payload; ``now`` (epoch s) resolves SenML relative times."""
        ...


# --- shared steps -----------------------------------------------------------------

_BOM: Final = b"\xef\xbb\xbf"
_NUMBER_PAYLOAD = re.compile(r"\s*+(" + NUMBER_PATTERN + r")\s*+", re.ASCII)


def _text(payload: bytes, limit: int) -> str:
    size = len(payload)
    if size > limit:
        raise PayloadTooLargeError(
            f"payload is {size} bytes, over the limit of {limit} bytes (max_payload_bytes)"
        )
    if not size:
        raise DecodeError("payload is empty")
    if payload.startswith(_BOM):
        # Windows tools (PowerShell's Out-File, Notepad) put one before JSON; RFC 8259
        # section 8.1 lets a parser ignore it. Skipped here, for every format.
        payload = payload[3:]
        if not payload:
            raise DecodeError("payload is empty (only a UTF-8 byte order mark)")
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"binary payload (not UTF-8 text: byte 0x{payload[exc.start]:02x} at offset "
            f"{exc.start}); first bytes: {hex_prefix(payload)}{_binary_hint(payload)}"
        ) from None


def hex_prefix(payload: bytes, count: int = 16) -> str:
    """The first bytes of a binary payload in hex (``0a 0b ...``): what an error can show."""
    text = payload[:count].hex(" ")
    return text + (" ..." if len(payload) > count else "")


def _binary_hint(payload: bytes) -> str:
    # Sparkplug B payloads are protobuf; most start with field 1 (timestamp, 0x08)
    # or field 2 (metrics, 0x12).
    if payload[:1] in (b"\x08", b"\x12"):
        return " (Sparkplug B? use format 'sparkplug' on its spBv1.0/# topics)"
    return ""


def _reject_constant(name: str) -> Any:
    raise DecodeError(f"payload contains {name}, which is not a number")


# One decoder object for the process: json.loads(..., parse_constant=...) would
# build a new one (and its scanner) for every message.
_JSON: Final = json.JSONDecoder(parse_constant=_reject_constant)


def _parse_json(text: str) -> Any:
    try:
        return _JSON.decode(text)
    except DecodeError:
        raise
    except RecursionError:
        raise DecodeError("payload is nested too deeply to decode") from None
    except json.JSONDecodeError as exc:
        if not text.strip():
            raise DecodeError("payload is empty (only whitespace)") from None
        raise DecodeError(f"payload is not valid JSON: {exc}") from None
    except ValueError:  # Python's guard against integers of thousands of digits
        limit = sys.get_int_max_str_digits()
        raise DecodeError(f"payload has an integer with more than {limit} digits") from None


def _number_text(text: str) -> float | None:
    """The number a whole text payload spells (ASCII whitespace around it), else None."""
    match = _NUMBER_PAYLOAD.fullmatch(text)
    if match is None:
        return None
    value = float(match.group(1))
    if not math.isfinite(value):
        raise DecodeError("payload number is too large")
    return value


def _as_number(raw: object, what: str) -> float:
    # type() rather than isinstance(): a JSON true/false is a bool, which is an int.
    if type(raw) is float:
        if math.isfinite(raw):
            return raw
        raise DecodeError(f"{what} is not a finite number")
    if type(raw) is int:
        try:
            return float(raw)
        except OverflowError:
            raise DecodeError(f"{what} is too large") from None
    raise DecodeError(f"{what} is {kind_of(raw)}, expected a number")


# --- JSON objects -------------------------------------------------------------------

# A field's unit: tried in order, a path into the payload (its string, when there
# is one) or a fixed unit (always an answer, so it ends the list).
_UnitSource = tuple[PayloadPath | None, str | None]
_CACHE_LIMIT: Final = 4096  # leaf names remembered per mapping (payload keys are untrusted)


def _state_or_number(raw: object, what: str, states: dict[str, float]) -> tuple[float, bool]:
    """A number, or a state: a JSON boolean, or one of the profile's state words."""
    if type(raw) is bool:
        return (1.0 if raw else 0.0), True
    if type(raw) is str and raw in states:
        return states[raw], True
    return _as_number(raw, what), False


class _ObjectReader:
    """Reads one JSON object according to a mapping's value/fields/timestamp/units/profile."""

    __slots__ = (
        "_exclude",
        "_field_units",
        "_fields",
        "_fixed_unit",
        "_leaves",
        "_mapping_units",
        "_profile",
        "_roots",
        "_seq",
        "_star",
        "_states",
        "_times",
        "_tz",
        "_unit",
        "_unit_paths",
        "_value",
        "_words",
    )

    def __init__(self, mapping: FeedMapping) -> None:
        timestamp, unit_path = mapping.timestamp, mapping.unit_path
        value = mapping.value
        profile = PROFILES[mapping.profile] if mapping.profile is not None else None
        self._profile = profile
        if value is None and mapping.fields is None and profile is None:
            # The console's own payload {"ts": ..., "value": ..., "unit": ...}.
            value, timestamp, unit_path = "value", timestamp or "ts", unit_path or "unit"
        self._tz = ZoneInfo(mapping.timezone)
        self._fixed_unit = mapping.unit
        times = [timestamp] if timestamp is not None else list(profile.timestamp if profile else ())
        self._times = tuple(PayloadPath(p, "timestamp") for p in times)
        self._roots = tuple(PayloadPath(p, "root") for p in (profile.root if profile else ()))
        self._unit = None if unit_path is None else PayloadPath(unit_path, "unit")
        self._value = None if value is None else PayloadPath(value, "value")
        self._seq = None if mapping.sequence is None else PayloadPath(mapping.sequence, "sequence")
        self._star = mapping.fields == "*" or (mapping.fields is None and profile is not None)
        self._states = profile.states if profile is not None else {}
        self._words = profile.unit_words if profile is not None else {}
        # Per-field units of the mapping, keyed by the field's dotted name.
        self._mapping_units = {
            dotted_name(split_path(k)): u for k, u in (mapping.units or {}).items()
        }
        self._unit_paths = {
            dotted_name(split_path(k)): PayloadPath(p, "unit")
            for k, p in (mapping.unit_paths or {}).items()
        }
        fields = mapping.fields if isinstance(mapping.fields, list) else []
        self._fields = tuple(
            (path, "#" + path.name, self._unit_sources(path.keys[-1], path.name))
            for path in (PayloadPath(p, "value") for p in fields)
        )
        self._field_units = self._unit_sources(
            self._value.keys[-1] if self._value else "", self._value.name if self._value else ""
        )
        # With "*", the time, unit and sequence number are metadata, not series.
        self._exclude = frozenset(
            dotted_name(split_path(p))
            for p in (*times, unit_path, mapping.sequence, *(mapping.unit_paths or {}).values())
            if p is not None
        )
        self._leaves: dict[str, tuple[_UnitSource, ...] | None] = {}

    def _unit_sources(self, last: str, name: str) -> tuple[_UnitSource, ...]:
        """Where the unit of the field ``name`` comes from, most specific first."""
        sources: list[_UnitSource] = []
        if name in self._unit_paths:
            sources.append((self._unit_paths[name], None))
        if name in self._mapping_units:
            return (*sources, (None, self._mapping_units[name]))
        if self._unit is not None:
            sources.append((self._unit, None))
        if self._fixed_unit is not None:
            return (*sources, (None, self._fixed_unit))
        if self._profile is not None:
            path, fixed = self._profile.unit_for(last, name)
            if path is not None:
                sources.append((PayloadPath(path, "unit"), None))
            if fixed is not None:
                return (*sources, (None, fixed))
        return tuple(sources)

    def sequence_of(self, obj: dict[str, Any]) -> int | None:
        """The message number, when the mapping names one and the payload has a whole number."""
        if self._seq is None:
            return None
        raw = self._seq.get(obj)
        if type(raw) is int:
            return raw
        if type(raw) is float and raw.is_integer():
            return int(raw)
        return None  # absent, or not a number: nothing to count (never a decode error)

    def read(self, topic: str, obj: dict[str, Any]) -> list[Reading]:
        t = self._time_of(obj)
        if self._value is not None:
            raw = self._value.get(obj)
            if raw is MISSING:
                raise DecodeError(
                    f"payload has no value at {self._value.text!r}: {self._value.missing(obj)}"
                )
            value, state = _state_or_number(raw, self._value.what, self._states)
            unit = None if state else self._unit_of(obj, self._field_units)
            return [Reading(topic, t, value, unit, state)]
        data = self._data_of(obj)
        if self._star:
            return self._read_all(topic, obj, data, t)
        readings = []
        for path, suffix, sources in self._fields:
            raw = path.get(data)
            if raw is MISSING or raw is None:  # absent this time (e.g. Zigbee2MQTT null)
                continue
            value, state = _state_or_number(raw, path.what, self._states)
            unit = None if state else self._unit_of(obj, sources)
            readings.append(Reading(topic + suffix, t, value, unit, state))
        if not readings:
            names = ", ".join(repr(path.text) for path, _, _ in self._fields)
            raise DecodeError(f"payload has none of the fields {names} ({_top_keys(data)})")
        return readings

    def _data_of(self, obj: dict[str, Any]) -> dict[str, Any]:
        """Where the readings are: the profile's root (TTN's decoded_payload), else the payload."""
        for root in self._roots:
            node = root.get(obj)
            if type(node) is dict:
                return node
        return obj

    def _time_of(self, obj: dict[str, Any]) -> float | None:
        for path in self._times:
            raw = path.get(obj)
            if raw is not MISSING and raw is not None:
                return parse_timestamp(raw, self._tz, path.what)
        return None

    def _unit_of(self, obj: dict[str, Any], sources: tuple[_UnitSource, ...]) -> str | None:
        for path, fixed in sources:
            if path is None:
                return fixed
            raw = path.get(obj)
            if type(raw) is str:
                if raw:
                    return self._words.get(raw, raw)
            elif raw is not MISSING and raw is not None:
                raise DecodeError(f"unit at {path.text!r} is {kind_of(raw)}, expected a string")
        return None

    def _leaf(self, last: str, name: str) -> tuple[_UnitSource, ...] | None:
        """The unit sources of a leaf under "*", or None when it is metadata (not a series)."""
        leaves = self._leaves
        if name in leaves:
            return leaves[name]
        profile = self._profile
        result: tuple[_UnitSource, ...] | None
        if (
            name in self._exclude
            or GENERIC_METADATA.search(last) is not None
            or (profile is not None and profile.is_metadata(last, name))
        ):
            result = None
        else:
            result = self._unit_sources(last, name)
        if len(leaves) < _CACHE_LIMIT:
            leaves[name] = result
        return result

    def _read_all(
        self, topic: str, obj: dict[str, Any], data: dict[str, Any], t: float | None
    ) -> list[Reading]:
        """Every numeric leaf (and state) under nested objects, in payload order; arrays skipped."""
        readings: list[Reading] = []
        states = self._states
        # An explicit stack: json accepts nesting deeper than Python recursion allows here.
        stack = [("", iter(data.items()))]
        while stack:
            prefix, items = stack[-1]
            for key, raw in items:
                path = prefix + key
                kind = type(raw)
                if kind is dict:
                    if self._leaf(key, path) is not None:  # a metadata subtree is skipped whole
                        stack.append((path + ".", iter(raw.items())))
                        break
                    continue
                state = kind is bool or (kind is str and raw in states)
                if not (state or kind is float or kind is int):
                    continue
                sources = self._leaf(key, path)
                if sources is None:
                    continue
                if state:
                    value = states[raw] if kind is str else (1.0 if raw else 0.0)
                    readings.append(Reading(f"{topic}#{path}", t, value, None, True))
                    continue
                if kind is float and math.isfinite(raw):
                    value = raw
                else:  # ints, and the error path; the label is built only here
                    value = _as_number(raw, f"value at {path!r}")
                unit = self._unit_of(obj, sources) if sources else None
                readings.append(Reading(f"{topic}#{path}", t, value, unit))
            else:
                stack.pop()
        if not readings:
            raise DecodeError(f"payload has no numeric fields ({_top_keys(data)})")
        return readings


def _top_keys(obj: dict[str, Any]) -> str:
    keys = [repr(key) for key in list(obj)[:12]]
    more = f" and {len(obj) - 12} more" if len(obj) > 12 else ""
    return f"its keys: {', '.join(keys)}{more}" if keys else "it is an empty object"


def _require_object(obj: Any) -> dict[str, Any]:
    if type(obj) is dict:
        return obj
    hint = " (a SenML pack? use format 'senml')" if type(obj) is list else ""
    raise DecodeError(f"payload is {kind_of(obj)}, expected a JSON object{hint}")


# --- SenML (RFC 8428) ---------------------------------------------------------------

SENML_VERSION: Final = 10
"""The SenML version this console understands; packs declaring a newer one are refused."""

_SENML_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9:./_-]*")
_RELATIVE_BELOW: Final = 2.0**28


def _senml_number(rec: dict[str, Any], key: str, label: str, index: int) -> float:
    raw = rec[key]
    if type(raw) is float or type(raw) is int:
        try:
            value = float(raw)
        except OverflowError:
            value = math.inf
        if math.isfinite(value):
            return value
        raise DecodeError(f"SenML {label} must be a finite number ({key} in record {index})")
    raise DecodeError(f"SenML {label} must be a number ({key} in record {index} is {kind_of(raw)})")


def _senml_string(rec: dict[str, Any], key: str, label: str, index: int) -> str:
    raw = rec[key]
    if type(raw) is str:
        return raw
    raise DecodeError(f"SenML {label} must be a string ({key} in record {index} is {kind_of(raw)})")


def _senml_version(rec: dict[str, Any], index: int, current: int | None) -> int:
    raw = rec["bver"]
    if type(raw) is float and raw.is_integer():
        raw = int(raw)
    if type(raw) is not int or raw < 1:
        raise DecodeError(
            f"SenML version must be a positive integer (bver in record {index} is {raw!r})"
        )
    if raw > SENML_VERSION:
        raise DecodeError(
            f"SenML version {raw} is newer than this console understands ({SENML_VERSION})"
        )
    if current is not None and raw != current:
        raise DecodeError(
            f"SenML records disagree on the version: record {index} says {raw}, "
            f"earlier records {current}"
        )
    return raw


_BASE_FIELDS: Final = frozenset({"bn", "bt", "bu", "bv", "bs", "bver"})
_UNITS_REMEMBERED: Final = 10_000


def _decode_senml(
    pack: Any, now: float, default_unit: str | None, units: dict[str, str | None]
) -> Decoded:
    """Resolve an RFC 8428 JSON pack (section 4) into readings.

    ``units`` is the decoder's memory of the first unit each name came with:
    that unit keeps the plain name as its series, any other unit of the same
    name (RFC 8428 section 5.1.3 sends a name in several units) gets a series
    of its own, ``<name>#<unit>``, so values in different units never share a line.
    """
    if type(pack) is not list:
        raise DecodeError(f"SenML payload must be a JSON array of records, not {kind_of(pack)}")
    readings: list[Reading] = []
    ignored = 0
    base_name, base_unit = "", default_unit
    base_time, base_value, base_sum = 0.0, 0.0, 0.0
    has_base_time = False
    version: int | None = None
    for index, rec in enumerate(pack, 1):
        if type(rec) is not dict:
            raise DecodeError(f"SenML record {index} is {kind_of(rec)}, expected an object")
        for key in rec:
            # RFC 8428 section 4.4 (and 12.3.1): unknown labels ending in '_' must be understood.
            if key.endswith("_"):
                raise DecodeError(
                    f"SenML record {index} has the must-understand field {key!r}, "
                    "which this console does not support"
                )
        # Base fields apply to this record and every later one until changed.
        if "bver" in rec:
            version = _senml_version(rec, index, version)
        elif version is None:
            version = SENML_VERSION
        if "bn" in rec:
            base_name = _senml_string(rec, "bn", "base name", index)
        if "bt" in rec:
            base_time = _senml_number(rec, "bt", "base time", index)
            has_base_time = True
        if "bu" in rec:
            base_unit = _senml_string(rec, "bu", "base unit", index)
        if "bv" in rec:
            base_value = _senml_number(rec, "bv", "base value", index)
        if "bs" in rec:
            base_sum = _senml_number(rec, "bs", "base sum", index)

        name = base_name + _senml_string(rec, "n", "name", index) if "n" in rec else base_name
        if not name:
            raise DecodeError(f"SenML record {index} has no name (neither bn nor n)")
        if _SENML_NAME.fullmatch(name) is None:
            raise DecodeError(
                f"SenML name {preview(name)} in record {index} is not valid: it must start "
                "with a letter or digit and use only letters, digits and - : . / _"
            )
        unit = (_senml_string(rec, "u", "unit", index) if "u" in rec else base_unit) or None

        t: float | None
        if "t" in rec:
            t = base_time + _senml_number(rec, "t", "time", index)
        elif has_base_time:
            t = base_time
        else:
            t = None  # no time at all: "roughly now", i.e. arrival time
        if t is not None:
            if t < _RELATIVE_BELOW:  # RFC 8428 section 4.5.3: relative to now
                t += now
            if not math.isfinite(t):
                raise DecodeError(f"SenML time in record {index} is out of range")
        if "ut" in rec:
            _senml_number(rec, "ut", "update time", index)

        has_v, has_s = "v" in rec, "s" in rec
        others = ("vs" in rec) + ("vb" in rec) + ("vd" in rec)
        if has_v + others > 1:
            raise DecodeError(f"SenML record {index} has more than one value field (v, vs, vb, vd)")
        series = _senml_series(name, unit, units)
        if has_v:
            value = base_value + _senml_number(rec, "v", "value", index)
            if not math.isfinite(value):
                raise DecodeError(f"SenML value in record {index} is out of range")
            readings.append(Reading(series, t, value, unit))
        elif "vb" in rec:
            _check_other_value(rec, index)
            readings.append(Reading(series, t, 1.0 if rec["vb"] else 0.0, None, True))
        elif others:
            _check_other_value(rec, index)
            ignored += 1
        elif not has_s and _BASE_FIELDS.isdisjoint(rec):
            raise DecodeError(f"SenML record {index} has no value (v, vs, vb or vd) and no sum (s)")
        if has_s:
            total = base_sum + _senml_number(rec, "s", "sum", index)
            if not math.isfinite(total):
                raise DecodeError(f"SenML sum in record {index} is out of range")
            # The sum integrates the value over time: its unit is the unit times seconds.
            sum_unit = None if unit is None else f"{unit}*s"
            readings.append(Reading(series + "#sum", t, total, sum_unit))
    return Decoded(readings, ignored)


def _senml_series(name: str, unit: str | None, units: dict[str, str | None]) -> str:
    first = units.get(name, _NO_UNIT_YET)
    if first is _NO_UNIT_YET:
        if len(units) < _UNITS_REMEMBERED:
            units[name] = unit
        return name
    if first == unit or unit is None:
        return name
    return f"{name}#{unit}"


_NO_UNIT_YET: Final = "\0"  # not a unit SenML can carry (units are printable strings)


def _check_other_value(rec: dict[str, Any], index: int) -> None:
    if "vs" in rec:
        _senml_string(rec, "vs", "string value", index)
    elif "vd" in rec:
        _senml_string(rec, "vd", "data value", index)
    elif type(rec["vb"]) is not bool:
        kind = kind_of(rec["vb"])
        raise DecodeError(
            f"SenML boolean value must be true or false (vb in record {index} is {kind})"
        )


# --- one decoder per format ---------------------------------------------------------


class _NumberDecoder:
    __slots__ = ("_limit", "_unit")

    def __init__(self, mapping: FeedMapping) -> None:
        self._limit = mapping.max_payload_bytes
        self._unit = mapping.unit

    def decode(self, topic: str, payload: bytes, now: float) -> Decoded:
        text = _text(payload, self._limit)
        value = _number_text(text)
        if value is None:
            if not text.strip():
                raise DecodeError("payload is empty (only whitespace)")
            raise DecodeError(f"payload is not a number: {preview(text.strip())}")
        return Decoded([Reading(topic, None, value, self._unit)], 0)


class _JsonDecoder:
    __slots__ = ("_limit", "_reader")

    def __init__(self, mapping: FeedMapping) -> None:
        self._limit = mapping.max_payload_bytes
        self._reader = _ObjectReader(mapping)

    def decode(self, topic: str, payload: bytes, now: float) -> Decoded:
        obj = _require_object(_parse_json(_text(payload, self._limit)))
        reader = self._reader
        return Decoded(reader.read(topic, obj), 0, reader.sequence_of(obj))


class _SenmlDecoder:
    __slots__ = ("_limit", "_unit", "_units")

    def __init__(self, mapping: FeedMapping) -> None:
        self._limit = mapping.max_payload_bytes
        self._unit = mapping.unit
        self._units: dict[str, str | None] = {}

    def decode(self, topic: str, payload: bytes, now: float) -> Decoded:
        pack = _parse_json(_text(payload, self._limit))
        return _decode_senml(pack, now, self._unit, self._units)


class _AutoDecoder:
    """A bare number, else JSON: an array is SenML, an object is read as for ``json``.

    A bare state word of the mapping's profile (``ON``, Tasmota's ``stat/<topic>/POWER``,
    a Home Assistant binary sensor) and a bare JSON ``true``/``false`` are states.
    """

    __slots__ = ("_announced", "_config_topics", "_limit", "_reader", "_states", "_unit", "_units")

    def __init__(self, mapping: FeedMapping) -> None:
        self._limit = mapping.max_payload_bytes
        self._unit = mapping.unit
        self._reader = _ObjectReader(mapping)
        self._units: dict[str, str | None] = {}
        profile = PROFILES[mapping.profile] if mapping.profile is not None else None
        self._states = profile.states if profile is not None else {}
        # Home Assistant discovery: ".../config" topics describe an entity, they hold no
        # reading; the unit they announce for a state topic is that topic's unit.
        self._config_topics = mapping.profile == "homeassistant"
        self._announced: dict[str, str] = {}

    def decode(self, topic: str, payload: bytes, now: float) -> Decoded:
        text = _text(payload, self._limit)
        value = _number_text(text)
        if value is not None:
            unit = self._unit
            if unit is None and self._announced:  # Home Assistant: as its discovery said
                unit = self._announced.get(topic)
            return Decoded([Reading(topic, None, value, unit)], 0)
        if self._states:
            word = text.strip()
            if word in self._states:
                return Decoded([Reading(topic, None, self._states[word], None, True)], 0)
        if self._config_topics and topic.endswith("/config"):
            self._learn_unit(text)
            return Decoded([], 1)
        obj = _parse_json(text)
        if type(obj) is dict:
            reader = self._reader
            return Decoded(reader.read(topic, obj), 0, reader.sequence_of(obj))
        if type(obj) is list:
            return _decode_senml(obj, now, self._unit, self._units)
        if type(obj) is bool:
            return Decoded([Reading(topic, None, 1.0 if obj else 0.0, None, True)], 0)
        raise DecodeError(
            f"payload is {kind_of(obj)}; expected a number, a JSON object or a SenML array"
        )

    def _learn_unit(self, text: str) -> None:
        """A discovery message's ``unit_of_measurement`` for its ``state_topic`` (abbreviations,
        ``~`` included: https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery)."""
        try:
            config = json.loads(text)
        except ValueError:
            return  # a discovery message the console cannot read describes nothing it plots
        if type(config) is not dict:
            return
        base = config.get("~")
        state = config.get("state_topic", config.get("stat_t"))
        unit = config.get("unit_of_measurement", config.get("unit_of_meas"))
        if type(state) is not str or type(unit) is not str or not unit.strip():
            return
        if type(base) is str:
            if state.startswith("~"):
                state = base + state[1:]
            elif state.endswith("~"):
                state = state[:-1] + base
        if state in self._announced or len(self._announced) < _UNITS_REMEMBERED:
            self._announced[state] = unit.strip()


class _TimeChecked:
    """Any format's decoder, with the one time rule applied to every reading it gives."""

    __slots__ = ("_inner", "_rule")

    def __init__(self, inner: Decoder, rule: TimeRule) -> None:
        self._inner = inner
        self._rule = rule

    def decode(self, topic: str, payload: bytes, now: float) -> Decoded:
        decoded = self._inner.decode(topic, payload, now)
        rule = self._rule
        latest = now + rule.max_future_s
        earliest = rule.earliest
        for reading in decoded.readings:
            t = reading.t
            if t is not None and not earliest <= t <= latest:
                rule.check(t, now)  # raises TimestampError with the reason
        return decoded


class _Renamed:
    """A decoder whose series are named ``series`` (``series#path``) instead of by the topic."""

    __slots__ = ("_inner", "_series")

    def __init__(self, inner: Decoder, series: str) -> None:
        self._inner = inner
        self._series = series

    def decode(self, topic: str, payload: bytes, now: float) -> Decoded:
        decoded = self._inner.decode(topic, payload, now)
        cut, series = len(topic), self._series
        readings = [
            r._replace(series=series + r.series[cut:]) if r.series.startswith(topic) else r
            for r in decoded.readings
        ]
        return decoded._replace(readings=readings)


def make_decoder(mapping: FeedMapping, time_rule: TimeRule | None = None) -> Decoder:
    """Compile ``mapping`` into the decoder for its format.

    With ``time_rule`` (the console always passes one), a payload holding a
    reading stamped too far ahead of ``now`` or before the rule's floor is
    refused as a whole (:class:`~smartcity_console.core.time_sanity.TimestampError`),
    for every format alike.
    """
    decoder: Decoder
    if mapping.format == "number":
        decoder = _NumberDecoder(mapping)
    elif mapping.format == "json":
        decoder = _JsonDecoder(mapping)
    elif mapping.format == "senml":
        decoder = _SenmlDecoder(mapping)
    elif mapping.format == "sparkplug":
        # Imported here: protobuf loads only for a console that reads Sparkplug B,
        # and core.sparkplug imports this module.
        from smartcity_console.core.sparkplug.decoder import SparkplugDecoder

        decoder = SparkplugDecoder(mapping)
    else:
        decoder = _AutoDecoder(mapping)
    if mapping.series is not None:
        decoder = _Renamed(decoder, mapping.series)
    return decoder if time_rule is None else _TimeChecked(decoder, time_rule)
