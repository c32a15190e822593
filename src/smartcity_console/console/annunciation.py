"""Annunciation (ISA-18.2 / EEMUA 191): nobody misses a high or critical incident (no Qt).

A new incident of severity high or critical waits for acknowledgement; until
a supervisor acknowledges it (here or on any console, through sync) or it is
closed, it is *waiting*: the window title counts it, the status bar shows the
count in the severity's colour, and it *sounds*, again every ``repeat_s``,
until it is acknowledged or an operator *silences* it. Silence is not
acknowledge: the incident keeps waiting (title, status bar, escalation) and
only this console's sound stops; a new waiting incident sounds again.

Why silence is a local journal entry and not a synced op (docs/incidents.md):
the sound is this console's horn. Silencing it at the desk must not silence
the wall or the console in the next room, whose operators may not have heard
it; the acknowledgement, which is what everyone must see, is already a
synced op. Operators may silence (they cannot acknowledge), so the entry
says who silenced which incidents, when, on which workstation, in
``annunciation-journal.jsonl`` beside the incident database, and in the log.

Each annunciation is logged at INFO as ``annunciate <severity> <incident id>``
and each silence as ``silence <incident id> ...``: an installer checks a new
console from its log. The GUI (gui/annunciation/) subscribes to
:attr:`Annunciator.changed`, :attr:`Annunciator.raised` and
:attr:`Annunciator.sound`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from smartcity_console.console.events import Listeners
from smartcity_console.core.incidents import SEVERITY_ORDER, Severity, Status
from smartcity_console.private_files import private_file
from smartcity_console.store import StoreError
from smartcity_console.store.queries import TicketQuery
from smartcity_console.store.records import Ticket

if TYPE_CHECKING:
    from smartcity_console.console.app import ConsoleApp
    from smartcity_console.store import IncidentRepository

log = logging.getLogger(__name__)

# The severities that sound (ISA-18.2 priorities that need an operator now).
ANNUNCIATED: frozenset[Severity] = frozenset({Severity.CRITICAL, Severity.HIGH})
JOURNAL_FILE = "annunciation-journal.jsonl"
DEFAULT_REPEAT_S = 5.0


@dataclass(frozen=True, slots=True)
class Waiting:
    """One incident waiting for acknowledgement, as the title, status bar and notice need it."""

    id: str
    title: str
    severity: Severity
    station: str | None
    created_at: datetime

    @classmethod
    def of(cls, ticket: Ticket) -> Waiting:
        return cls(ticket.id, ticket.title, ticket.severity, ticket.station, ticket.created_at)


def _rank(item: Waiting) -> tuple[int, datetime, str]:
    return (SEVERITY_ORDER.index(item.severity), item.created_at, item.id)


@dataclass(frozen=True, slots=True)
class AnnunciationState:
    """What waits (most severe, then oldest first) and which of it still sounds."""

    waiting: tuple[Waiting, ...] = ()
    silenced: frozenset[str] = frozenset()

    @property
    def sounding(self) -> tuple[Waiting, ...]:
        return tuple(item for item in self.waiting if item.id not in self.silenced)

    @property
    def most_severe(self) -> Severity | None:
        """The severity whose colour the status bar uses (silenced ones still wait)."""
        return self.waiting[0].severity if self.waiting else None

    @property
    def loudest(self) -> Severity | None:
        """The severity whose sound plays, or None when nothing sounds."""
        sounding = self.sounding
        return sounding[0].severity if sounding else None

    def count(self, severity: Severity | None = None) -> int:
        return sum(1 for item in self.waiting if severity is None or item.severity is severity)


@dataclass(frozen=True, slots=True)
class Silenced:
    """An operator silenced the incidents in ``ids`` on this console."""

    ids: tuple[str, ...]
    user: str
    at: datetime


class SilenceJournal:
    """The local journal of silences: one JSON line each, in a file only this user reads."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, entry: Silenced, workstation: str, role: str) -> None:
        line = {
            "kind": "silence",
            "at": entry.at.isoformat(),
            "user": entry.user,
            "role": role,
            "workstation": workstation,
            "incidents": list(entry.ids),
        }
        with private_file(self.path, "ab") as handle:
            handle.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")

    def entries(self) -> list[dict[str, object]]:
        """Every entry written so far (doctor, tests, an auditor); a torn last line is skipped."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        out: list[dict[str, object]] = []
        for line in text.splitlines():
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                out.append(value)
        return out


@dataclass
class Annunciator:
    """The console service that decides what sounds; the GUI only plays and shows it.

    ``tick`` runs right after the alarm recorder wrote the tick's tickets
    (console/app.py), so an alarm's incident sounds in the tick that raised it.
    ``clock`` gives the time of a silence's journal entry.
    """

    repeat_s: float = DEFAULT_REPEAT_S
    journal: SilenceJournal | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    name: str = "annunciation"
    changed: Listeners[AnnunciationState] = field(default_factory=Listeners)
    raised: Listeners[Waiting] = field(default_factory=Listeners)
    sound: Listeners[Severity] = field(default_factory=Listeners)

    def __post_init__(self) -> None:
        self.state = AnnunciationState()
        self._repository: IncidentRepository | None = None
        self._user = ""
        self._role = ""
        self._workstation = ""
        self._announced: set[str] = set()
        self._last_sound: float | None = None

    def start(self, app: ConsoleApp) -> None:
        self._repository = app.repository
        self._user = app.operator.username
        self._role = str(app.operator.role)
        self._workstation = app.config.workstation
        if self.journal is None:
            self.journal = SilenceJournal(app.db.path.parent / JOURNAL_FILE)

    def tick(self, now: float) -> None:
        if self._repository is None:
            return
        try:
            tickets = self._repository.list(
                TicketQuery(statuses=frozenset({Status.NEW}), severities=ANNUNCIATED)
            )
        except StoreError as exc:
            log.warning("annunciation: the incidents could not be read: %s", exc)
            return
        self.update([Waiting.of(t) for t in tickets if t.acknowledged_at is None], now)

    def update(self, waiting: list[Waiting], now: float) -> None:
        """Take what waits now: announce the new ones, sound, tell the views."""
        ordered = tuple(sorted(waiting, key=_rank))
        ids = {item.id for item in ordered}
        fresh = [item for item in ordered if item.id not in self._announced]
        for item in fresh:
            log.info("annunciate %s %s", item.severity.value, item.id)
            self._announced.add(item.id)
        # Forget what stopped waiting: a reopened id would be a new annunciation.
        self._announced &= ids
        state = AnnunciationState(ordered, self.state.silenced & ids)
        if state != self.state:
            self.state = state
            self.changed.emit(state)
        for item in fresh:
            self.raised.emit(item)
        loudest = state.loudest
        if loudest is None:
            self._last_sound = None
            return
        due = self._last_sound is None or now - self._last_sound >= self.repeat_s
        if any(item.id not in state.silenced for item in fresh) or due:
            self._last_sound = now
            self.sound.emit(loudest)

    def silence(self) -> int:
        """Silence what sounds now (not an acknowledgement); journalled. How many were silenced."""
        sounding = self.state.sounding
        if not sounding:
            return 0
        ids = tuple(item.id for item in sounding)
        entry = Silenced(ids, self._user, self.clock())
        for item in sounding:
            log.info("silence %s %s by %s", item.severity.value, item.id, self._user or "?")
        if self.journal is not None:
            try:
                self.journal.append(entry, self._workstation, self._role)
            except OSError as exc:
                log.error("annunciation: silence not journalled in %s: %s", self.journal.path, exc)
        self.state = AnnunciationState(self.state.waiting, self.state.silenced | set(ids))
        self._last_sound = None
        self.changed.emit(self.state)
        return len(ids)

    def stop(self) -> None:
        self._repository = None
