"""What the alarm rules say about one series: thresholds to draw and a state to colour.

Plots draw a band beyond each ``above``/``below`` threshold that applies to a
series, tiles and station cells take the colour of the most severe breached
rule. Qt-free, so the wall, the tiles and the tests agree on one answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from smartcity_console.core.alarm_rules import RateRule, Severity, StaleRule, ThresholdRule
from smartcity_console.core.topics import matches

SEVERITY_ORDER: dict[str, int] = {"critical": 0, "high": 1, "medium": 2, "low": 3}

State = Literal["ok", "breach", "stale", "empty"]


@dataclass(frozen=True, slots=True)
class Band:
    """Values beyond ``threshold`` (above it for ``above``, below for ``below``) alarm."""

    rule_id: str
    kind: Literal["above", "below"]
    threshold: float
    severity: Severity

    def breached(self, value: float) -> bool:
        return value > self.threshold if self.kind == "above" else value < self.threshold


def bands_for(series: str, rules: Sequence[ThresholdRule | RateRule | StaleRule]) -> list[Band]:
    """Threshold rules whose filter matches ``series`` (the topic part of ``topic#path``)."""
    topic = series.split("#", 1)[0]
    out = [
        Band(rule.id, rule.kind, rule.threshold, rule.severity)
        for rule in rules
        if isinstance(rule, ThresholdRule) and matches(rule.series, topic)
    ]
    return sorted(out, key=lambda b: SEVERITY_ORDER[b.severity])


def worst_breach(value: float, bands: Sequence[Band]) -> Band | None:
    """The most severe band ``value`` lies in, or None."""
    for band in bands:  # sorted most severe first
        if band.breached(value):
            return band
    return None


def state_of(value: float | None, stale: bool, bands: Sequence[Band]) -> State:
    if value is None:
        return "empty"
    if stale:
        return "stale"
    return "breach" if worst_breach(value, bands) else "ok"
