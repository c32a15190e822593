"""Alarm rules: the ``[[alarms]]`` tables of the config file.

A rule watches every series whose name matches its ``series`` filter, each
series on its own, and raises an incident when the series misbehaves in one of
four ways (``kind``): its value goes ``above`` or ``below`` a threshold, it
changes by more than ``max_change`` within ``per_s`` seconds (``rate``), or it
stops reporting (``stale``). See ``docs/alarms.md`` for the semantics the
engine (:mod:`smartcity_console.core.alarm_engine`) gives them.

Everything that can be checked is checked here, at load time: a misspelt
placeholder in a message template would otherwise surface as a broken title
on the first incident, at night, in front of an operator. Errors carry the
offending key (never a pydantic union tag), so ``parse_config`` can name it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    FiniteFloat,
    ValidationError,
    field_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from smartcity_console.core.programs import PROGRAM_KEYS
from smartcity_console.core.topics import validate_filter

Severity: TypeAlias = Literal["critical", "high", "medium", "low"]
RuleKind: TypeAlias = Literal["above", "below", "rate", "stale"]
RULE_KINDS: tuple[RuleKind, ...] = ("above", "below", "rate", "stale")

DEFAULT_REARM_S = 1800.0
"""A condition that returns within 30 minutes of clearing continues its episode.

Half an hour covers the usual chatter of a feed hovering at its limit (a river
at its bank, a price board changed twice in a morning) while still letting a
second, separate event in the same afternoon become its own incident.
"""

LINK_RULE_ID = "broker-link"
"""The built-in rule of the "link to the broker lost" incident (core/link_outage.py);
reserved, so a configured rule cannot take its incident ids."""

PLACEHOLDERS: tuple[str, ...] = ("series", "station", "value", "unit", "threshold")
"""What every message template may use; ``rate`` rules may also use ``{change}``."""

_SAMPLE: dict[str, Any] = {
    "series": "rembang/environment/pm25/lasem",
    "station": "Lasem",
    "value": 123.4,
    "unit": "ug/m3",
    "threshold": 150.0,
    "change": 12.5,
}
_RULE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def _error(kind: str, reason: str) -> PydanticCustomError:
    # The reason goes through the context, never the template, so braces in
    # user input (templates are full of them) cannot be read as placeholders.
    return PydanticCustomError(kind, "{reason}", {"reason": reason})


def check_template(template: str, allowed: tuple[str, ...]) -> str:
    """Raise a clear error unless ``template`` formats with exactly ``allowed`` names."""
    if not template.strip():
        raise _error("message_template", "a message cannot be blank")
    names = ", ".join("{" + name + "}" for name in allowed)
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise _error(
            "message_template",
            f"not a valid template ({exc}); write {{{{ or }}}} for a literal brace",
        ) from None
    for _literal, name, _spec, _conversion in parts:
        if name is None:
            continue
        if name not in allowed:
            shown = "{" + name + "}" if name else "{}"
            raise _error("message_template", f"unknown placeholder {shown}; use {names}")
    try:
        template.format(**{name: _SAMPLE[name] for name in allowed})
    except (ValueError, KeyError, IndexError, AttributeError) as exc:
        raise _error(
            "message_template",
            f"cannot be formatted ({exc}); check the format after ':' "
            "(numbers: {value:.1f}, text: {station})",
        ) from None
    return template


class _Rule(BaseModel):
    """What every rule names: itself, what it watches, whose it is, how bad, what to say."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    """Stable name; part of every incident id this rule raises, so never rename a deployed rule."""
    series: str
    """MQTT filter over series names; the rule applies to each matching series separately."""
    program: str
    severity: Severity
    message_id: str
    """Incident title in Bahasa Indonesia (``str.format`` template)."""
    message_en: str
    """Incident title in English (``str.format`` template)."""
    rearm_s: Annotated[float, Field(ge=0, le=7 * 86_400, allow_inf_nan=False)] = DEFAULT_REARM_S
    """How long after clearing a return of the condition still belongs to the same episode."""

    @property
    def placeholders(self) -> tuple[str, ...]:
        return PLACEHOLDERS

    @property
    def threshold_value(self) -> float:
        """What ``{threshold}`` shows in the rule's messages."""
        raise NotImplementedError

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if value == LINK_RULE_ID:
            raise _error(
                "rule_id",
                f"{LINK_RULE_ID!r} is the console's own rule for a lost broker link; "
                "choose another id",
            )
        if not _RULE_ID.fullmatch(value):
            raise _error(
                "rule_id",
                "a rule id is 1-64 letters, digits, '-', '_' or '.', starting with a letter "
                "or digit (it is part of every incident id the rule raises)",
            )
        return value

    @field_validator("series")
    @classmethod
    def _check_series(cls, value: str) -> str:
        try:
            validate_filter(value)
        except ValueError as exc:
            raise _error("topic_filter", str(exc)) from None
        return value

    @field_validator("program")
    @classmethod
    def _check_program(cls, value: str) -> str:
        if value not in PROGRAM_KEYS:
            raise _error("program", f"unknown program; expected one of {', '.join(PROGRAM_KEYS)}")
        return value

    @field_validator("message_id", "message_en")
    @classmethod
    def _check_message(cls, value: str) -> str:
        return check_template(value, PLACEHOLDERS)


class ThresholdRule(_Rule):
    """``above``: value > threshold; ``below``: value < threshold.

    Once raised, the alarm clears only when the value is back past the
    threshold by ``hysteresis`` (a deadband, so noise at the limit does not
    toggle it), and it is raised only after the condition held for
    ``min_duration_s`` (an on-delay, so one odd sample raises nothing).
    """

    kind: Literal["above", "below"]
    threshold: FiniteFloat
    hysteresis: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0.0
    min_duration_s: Annotated[float, Field(ge=0, le=86_400, allow_inf_nan=False)] = 0.0

    @property
    def threshold_value(self) -> float:
        return self.threshold


class RateRule(_Rule):
    """The value moved by more than ``max_change`` within the last ``per_s`` seconds.

    ``direction`` picks rises, falls or both; ``min_duration_s`` is the same
    on-delay as for thresholds. Templates may also use ``{change}``.
    """

    kind: Literal["rate"]
    max_change: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    per_s: Annotated[float, Field(gt=0, le=86_400, allow_inf_nan=False)]
    direction: Literal["rise", "fall", "both"] = "both"
    min_duration_s: Annotated[float, Field(ge=0, le=86_400, allow_inf_nan=False)] = 0.0

    @property
    def placeholders(self) -> tuple[str, ...]:
        return (*PLACEHOLDERS, "change")

    @property
    def threshold_value(self) -> float:
        return self.max_change

    @field_validator("message_id", "message_en")
    @classmethod
    def _check_message(cls, value: str) -> str:
        return check_template(value, (*PLACEHOLDERS, "change"))


class StaleRule(_Rule):
    """No reading of the series has arrived for ``after_s`` seconds.

    Only series that reported at least once since the console started are
    watched: a series the console never saw has no name to alarm on.
    """

    kind: Literal["stale"]
    after_s: Annotated[float, Field(ge=1, le=7 * 86_400, allow_inf_nan=False)]

    @property
    def threshold_value(self) -> float:
        return self.after_s


_MODELS: dict[str, type[ThresholdRule | RateRule | StaleRule]] = {
    "above": ThresholdRule,
    "below": ThresholdRule,
    "rate": RateRule,
    "stale": StaleRule,
}


def _validation_error(errors: list[InitErrorDetails]) -> ValidationError:
    return ValidationError.from_exception_data("AlarmRule", errors)


def _by_kind(data: object) -> object:
    """Validate a rule table with the model its ``kind`` names.

    The union below is discriminated on ``kind`` for typing and the schema,
    but pydantic would put the tag into every error location
    (``alarms.0.above.threshold``); dispatching here first keeps locations
    equal to the keys in the file (``alarms[1].threshold``).
    """
    if not isinstance(data, Mapping):
        return data  # a model instance, or junk that the union reports itself
    kind = data.get("kind")
    model = _MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        expected = ", ".join(RULE_KINDS)
        if kind is None:
            error = _error("missing", f"every alarm needs a kind: one of {expected}")
        else:
            error = _error("alarm_kind", f"unknown alarm kind; expected one of {expected}")
        raise _validation_error([{"type": error, "loc": ("kind",), "input": kind}])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(
            [
                {
                    "type": _error(err["type"], err["msg"]),
                    "loc": tuple(err["loc"]),
                    "input": err["input"],
                }
                for err in exc.errors(include_url=False)
            ]
        ) from None


def _unique_ids(rules: list[ThresholdRule | RateRule | StaleRule]) -> list[Any]:
    """Two rules with one id would share incident ids: refuse, naming the second."""
    seen: dict[str, int] = {}
    for i, rule in enumerate(rules):
        first = seen.setdefault(rule.id, i)
        if first != i:
            error = _error("duplicate_rule_id", f"alarm [{first + 1}] already uses this id")
            raise _validation_error([{"type": error, "loc": (i, "id"), "input": rule.id}])
    return rules


AlarmRule: TypeAlias = Annotated[
    ThresholdRule | RateRule | StaleRule,
    Field(discriminator="kind"),
    BeforeValidator(_by_kind),
]
"""One ``[[alarms]]`` table, discriminated on ``kind``."""

AlarmRules: TypeAlias = Annotated[list[AlarmRule], AfterValidator(_unique_ids)]
"""Every ``[[alarms]]`` table, with ids unique across the file."""


def at_speed(
    rules: list[ThresholdRule | RateRule | StaleRule], speed: float
) -> list[ThresholdRule | RateRule | StaleRule]:
    """The rules for readings whose day runs ``speed`` times faster than the clock.

    ``demo --speed N`` compresses the simulator's day onto the wall clock
    (sim/compressed_day.py): an anomaly of 20 simulated minutes lasts 20/N real
    minutes. Every duration of a rule (on-delay, rate window, stale limit,
    re-arm window) is compressed alike, so the demo's incidents match its
    anomalies as they would at real speed. A stale limit stays at least 1 s
    (the console ticks once a second). Identity at speed 1.
    """
    if speed == 1:
        return list(rules)
    compressed: list[ThresholdRule | RateRule | StaleRule] = []
    for rule in rules:
        update: dict[str, float] = {"rearm_s": rule.rearm_s / speed}
        if isinstance(rule, ThresholdRule | RateRule):
            update["min_duration_s"] = rule.min_duration_s / speed
        if isinstance(rule, RateRule):
            update["per_s"] = rule.per_s / speed
        if isinstance(rule, StaleRule):
            update["after_s"] = max(1.0, rule.after_s / speed)
        compressed.append(rule.model_copy(update=update))
    return compressed
