"""One ``[[feeds]]`` table of the config file: which topics, which format, which paths.

Validation happens here, once, when the config is loaded, so that a mistake
(a misspelt time zone, a ``#`` in the middle of a filter, ``value`` and
``fields`` together) is reported with the key that holds it instead of
surfacing later as a decode error on every message. Errors are pydantic
custom errors whose message is the plain reason; the config loader adds the
key and the offending input.
"""

from __future__ import annotations

from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from smartcity_console.core.payload_paths import pointer_error
from smartcity_console.core.profiles import ProfileName
from smartcity_console.core.programs import PROGRAM_KEYS
from smartcity_console.core.topics import matches, validate_filter, validate_topic

Format = Literal["number", "json", "senml", "sparkplug", "auto"]

DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024


def _error(kind: str, reason: str) -> PydanticCustomError:
    # The reason goes through the context, never the template, so braces in
    # user input cannot be mistaken for placeholders.
    return PydanticCustomError(kind, "{reason}", {"reason": reason})


def check_path(path: str) -> str:
    """Validate a dotted path (``ENERGY.Power``) or a JSON Pointer (``/PMS5003/PM2.5``)."""
    if not path:
        raise _error("path", "a path cannot be empty")
    if path != path.strip():
        raise _error("path", "a path cannot start or end with spaces")
    if path.startswith("/"):
        problem = pointer_error(path)
        if problem is not None:
            raise _error("path", problem)
        return path
    if "" in path.split("."):
        raise _error("path", "a path cannot have an empty part (check for '..' or a '.' at an end)")
    return path


class FeedMapping(BaseModel):
    """How the console reads the messages of one topic filter.

    See ``docs/feeds.md`` for the decoding rules each option drives.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    topic: str
    """MQTT topic filter (``+`` and ``#`` wildcards)."""
    format: Format = "auto"
    value: str | None = None
    """Dotted path to the one number of the payload; series named by the topic."""
    fields: list[str] | Literal["*"] | None = None
    """Dotted paths, or ``"*"`` for every numeric leaf; series named ``topic#path``."""
    timestamp: str | None = None
    """Dotted path to the payload's time; without one, arrival time is used."""
    timezone: str = "UTC"
    """IANA zone for ISO times without an offset (Tasmota's ``Time``)."""
    unit: str | None = None
    """Fixed unit, used when the payload names none."""
    unit_path: str | None = None
    """Dotted path to a unit string in the payload."""
    units: dict[str, str] | None = None
    """Field path -> unit, per field (``{"ENERGY.Voltage" = "V"}``); beats ``unit``."""
    unit_paths: dict[str, str] | None = None
    """Field path -> path of the unit string for that field; beats ``unit_path``."""
    profile: ProfileName | None = None
    """A device profile (core/profiles.py): its fields, metadata, time and units."""
    series: str | None = None
    """The series name instead of the topic (``series#path`` with fields), for a filter
    without wildcards: a device gets a name the dashboards' filters take
    (``rembang/<program>/<measurement>/<station>``)."""
    max_payload_bytes: Annotated[int, Field(gt=0, strict=True)] = DEFAULT_MAX_PAYLOAD_BYTES
    program: str | None = None
    """One of the six program keys; None lets the topic decide (``rembang/<program>/...``)."""
    expected_interval_s: Annotated[float, Field(gt=0, strict=True)] | None = None
    """How often the feed should report; the basis of stale-feed detection (and of gap
    counting when there is no ``sequence``)."""
    sequence: str | None = None
    """Dotted path to a message sequence number the device increments per message
    (``seq``); the diagnostics count the numbers that never arrived, per feed."""

    @field_validator("topic")
    @classmethod
    def _check_topic(cls, topic: str) -> str:
        try:
            validate_filter(topic)
        except ValueError as exc:
            raise _error("topic_filter", str(exc)) from None
        return topic

    @field_validator("format")
    @classmethod
    def _check_sparkplug_topic(cls, fmt: Format, info: ValidationInfo) -> Format:
        topic = info.data.get("topic")
        if fmt == "sparkplug" and topic is not None:
            first = topic.split("/", 1)[0]
            if first not in ("spBv1.0", "+", "#"):
                raise _error(
                    "sparkplug_topic",
                    "Sparkplug B topics start with 'spBv1.0/'; use a filter such as "
                    "'spBv1.0/#' or 'spBv1.0/<group>/#'",
                )
        return fmt

    @field_validator("value", "timestamp", "unit_path", "sequence")
    @classmethod
    def _check_path_option(cls, path: str | None, info: ValidationInfo) -> str | None:
        if path is None:
            return None
        _check_format_takes_paths(info)
        return check_path(path)

    @field_validator("fields", mode="before")
    @classmethod
    def _star_list(cls, fields: object) -> object:
        # ["*"] in TOML (or `--fields '*'`) means the same as "*".
        if isinstance(fields, list) and fields == ["*"]:
            return "*"
        return fields

    @field_validator("fields")
    @classmethod
    def _check_fields(
        cls, fields: list[str] | Literal["*"] | None, info: ValidationInfo
    ) -> list[str] | Literal["*"] | None:
        if fields is None:
            return None
        _check_format_takes_paths(info)
        if info.data.get("value") is not None:
            raise _error("value_and_fields", "give either 'value' or 'fields', not both")
        if fields == "*":
            return fields
        if not fields:
            raise _error("fields", 'the list of fields is empty; list paths or use "*"')
        if "*" in fields:
            raise _error("fields", "'*' means every numeric field and cannot be mixed with paths")
        seen: set[str] = set()
        for path in fields:
            check_path(path)
            if path in seen:
                raise _error("fields", f"the path {path!r} is listed twice")
            seen.add(path)
        return fields

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, zone: str) -> str:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise _error(
                "timezone",
                "unknown time zone; use an IANA name such as 'Asia/Jakarta' or 'UTC'",
            ) from None
        return zone

    @field_validator("unit")
    @classmethod
    def _check_unit(cls, unit: str | None) -> str | None:
        if unit is not None and not unit.strip():
            raise _error("unit", "a unit cannot be blank; leave the key out for no unit")
        return unit

    @field_validator("units", "unit_paths")
    @classmethod
    def _check_unit_tables(
        cls, table: dict[str, str] | None, info: ValidationInfo
    ) -> dict[str, str] | None:
        if table is None:
            return None
        _check_format_takes_paths(info)
        for path, target in table.items():
            check_path(path)
            if not target.strip():
                what = "unit" if info.field_name == "units" else "unit path"
                raise _error("unit", f"the {what} for {path!r} is blank")
            if info.field_name == "unit_paths":
                check_path(target)
        return table

    @field_validator("profile")
    @classmethod
    def _check_profile(cls, profile: str | None, info: ValidationInfo) -> str | None:
        if profile is not None and info.data.get("format") in ("number", "senml"):
            raise _error(
                "profile", "a profile reads JSON payloads; use format 'json' or 'auto' with it"
            )
        if profile is not None and info.data.get("value") is not None:
            raise _error("profile", "a profile reads every field; use 'fields' to pick some")
        return profile

    @field_validator("series")
    @classmethod
    def _check_series(cls, series: str | None, info: ValidationInfo) -> str | None:
        if series is None:
            return None
        topic = info.data.get("topic", "")
        if "+" in topic or "#" in topic:
            raise _error(
                "series", "a series name needs a topic without wildcards (one device, one name)"
            )
        try:
            validate_topic(series)
        except ValueError as exc:
            raise _error("series", f"a series name is written like a topic: {exc}") from None
        return series

    @field_validator("program")
    @classmethod
    def _check_program(cls, program: str | None) -> str | None:
        if program is not None and program not in PROGRAM_KEYS:
            raise _error("program", f"unknown program; expected one of {', '.join(PROGRAM_KEYS)}")
        return program


def _check_format_takes_paths(info: ValidationInfo) -> None:
    fmt = info.data.get("format")
    if fmt == "number":
        raise _error(
            "format_paths",
            f"format 'number' reads the whole payload as one number; remove '{info.field_name}'",
        )
    if fmt == "senml":
        raise _error(
            "format_paths",
            f"SenML carries its own names, times and units; remove '{info.field_name}'",
        )
    if fmt == "sparkplug":
        raise _error(
            "format_paths",
            f"Sparkplug B carries its own names, times and units; remove '{info.field_name}'",
        )


def feed_position(topics: list[str], mapping_topic: str, seen_topic: str) -> tuple[int, bool]:
    """Where a new mapping goes among feeds with these filters, and whether it replaces one.

    The first match wins, so a mapping appended after a broader filter that
    already takes ``seen_topic`` (``tele/#``) would never be used: it goes
    before the first such filter. A feed with the very same filter is replaced.
    """
    for index, topic in enumerate(topics):
        if topic == mapping_topic:
            return index, True
    for index, topic in enumerate(topics):
        if matches(topic, seen_topic):
            return index, False
    return len(topics), False
