"""A settable clock for escalation and token-expiry tests: time moves without waiting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

T0 = datetime(2025, 11, 28, 3, 0, tzinfo=UTC)  # 10:00 WIB


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
