"""Plain callbacks instead of Qt signals: the GUI subscribes, a test subscribes the same way.

Every callback runs on the thread that emits, which for :class:`ConsoleApp`
is the thread that calls its ``tick`` and ``sign_out`` (the GUI thread in
the product). A callback that raises is logged and the others still run:
one broken view must not stop the alarm recorder from telling the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from smartcity_console.console.sync_service import SyncService

log = logging.getLogger(__name__)
T = TypeVar("T")


class Listeners(Generic[T]):
    """Callbacks for one kind of event, called in the order they subscribed."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[T], None]] = []

    def subscribe(self, callback: Callable[[T], None]) -> None:
        self._callbacks.append(callback)

    def unsubscribe(self, callback: Callable[[T], None]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, value: T) -> None:
        for callback in list(self._callbacks):
            try:
                callback(value)
            except Exception:
                log.exception("a listener of %r failed", value)


@dataclass(frozen=True, slots=True)
class AlarmsRecorded:
    """Alarm events were written as tickets: ``created`` new ones, the rest state changes."""

    events: int
    created: int


@dataclass(frozen=True, slots=True)
class SignedOut:
    """``username`` signed out; ``waiting`` of their changes still wait for the server."""

    username: str
    waiting: int


@dataclass(slots=True)
class ConsoleEvents:
    """What a :class:`~smartcity_console.console.app.ConsoleApp` tells its views."""

    alarms_recorded: Listeners[AlarmsRecorded] = field(default_factory=Listeners)
    sync_started: Listeners[SyncService] = field(default_factory=Listeners)
    signed_out: Listeners[SignedOut] = field(default_factory=Listeners)
