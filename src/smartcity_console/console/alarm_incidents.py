"""Alarm events become incident tickets, and open tickets become alarm state again (Qt-free).

The alarm engine runs on the MQTT thread and only queues events; ticket
writes happen here, on the GUI thread, once a second (:class:`AlarmRecorder`).
A raised episode creates its ticket with the engine's deterministic id, so a
second console (or a restart) raising the same episode finds the ticket and
adds nothing; clears and returns only flip the ticket's alarm state: an alarm
that cleared before anyone acknowledged it still needs an acknowledgement
(ISA-18.2).

Continuity across restarts and late starts (docs/alarms.md):

* :meth:`AlarmRecorder.restore`, at start-up before any reading, hands every
  open alarm ticket of the store (this console's own and those synced from
  others) back to the engine, so a restart continues the incident it had and
  clears its "alarm active" flag when the condition clears.
* A console that starts late during an alarm another console raised does not
  know when that episode started, so its own engine derives another id. Before
  a ticket is created, :meth:`AlarmRecorder.record` therefore looks for an
  open ticket of the same rule and series (alarm active, or cleared within the
  rule's re-arm window) and *attaches* to it: no second ticket, and the
  episode's later clears and returns go to that ticket.

The store is a :class:`AlarmTickets`: :class:`StoreTickets` over the
console's SQLite repository, or :class:`MemoryTickets` for a dry run
(``smartcity-console alarms check``), so both follow the same rules.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol

from smartcity_console.core.alarm_engine import AlarmEngine, AlarmEvent, Rule
from smartcity_console.core.alarm_rules import LINK_RULE_ID, Severity
from smartcity_console.core.clock import wib
from smartcity_console.core.i18n import DEFAULT_LANGUAGE, Language, Message
from smartcity_console.core.incidents import IncidentError
from smartcity_console.core.link_outage import DEFAULT_GRACE_S
from smartcity_console.core.units import LocalNumber
from smartcity_console.store import IncidentRepository, StoreError

log = logging.getLogger(__name__)
# Whether an alarm of (rule, series, station) is shelved at a time (epoch seconds).
ShelvedCheck = Callable[[str, str, str, float], bool]
_ALIASES_MAX = 10_000  # attached episodes remembered; far more than ever run at once


@dataclass(frozen=True, slots=True)
class OpenAlarm:
    """An alarm ticket whose episode may still go on (times in epoch seconds)."""

    id: str
    rule: str
    series: str | None
    episode_start: float
    active: bool
    cleared_at: float | None
    title: str


class AlarmTickets(Protocol):
    """Where alarm tickets live: the console's store, or a dry run's memory."""

    def alarm_tickets(self, cleared_since: float) -> list[OpenAlarm]:
        """Alarm tickets whose alarm is active or cleared at or after ``cleared_since``."""
        ...

    def raise_ticket(self, event: AlarmEvent, title: str, description: str) -> bool:
        """Create the raised episode's ticket; False if it existed already."""
        ...

    def set_active(self, ticket_id: str, active: bool, at: float) -> None:
        """The ticket's alarm is active again, or cleared at ``at``."""
        ...


def _when(epoch: float) -> str:
    """The episode's start in WIB; a device clock beyond what a date can say is shown as is."""
    try:
        return wib(epoch).strftime("%Y-%m-%d %H:%M:%S WIB")
    except (OverflowError, OSError, ValueError):
        return f"{epoch:g} (epoch)"


def describe(event: AlarmEvent, language: Language) -> str:
    """The incident's description: what raised it, since when, and the other language's title.

    The sentence comes from the catalog (context "AlarmIncident"); the titles
    are the alarm rule's own, written in both languages in its config.
    """
    when = _when(event.episode_start)
    other = event.title_en if language == "id" else event.title_id
    if event.rule_id == LINK_RULE_ID:
        detail = f" ({event.detail})" if event.detail else ""
        text = Message.translate(
            "AlarmIncident",
            "Console {station} has had no link to the MQTT broker since {when}{detail}. "
            "During the outage and a grace period after it, stale-feed alarms are "
            "suppressed (ISA-18.2); this incident's alarm clears itself when the link is back.",
        ).format(station=event.station, when=when, detail=detail)
        return f"{text.text(language)}\n{other}"
    text = Message.translate(
        "AlarmIncident", "Alarm {rule} on {series} since {when} (value {value})."
    ).format(
        rule=event.rule_id,
        series=event.series,
        when=when,
        value=format(LocalNumber(event.value, language), "g"),  # 18,5 in Indonesian
    )
    return f"{text.text(language)}\n{other}"


class StoreTickets:
    """:class:`AlarmTickets` over the console's incident repository (SQLite)."""

    def __init__(self, repository: IncidentRepository) -> None:
        self.repository = repository

    def alarm_tickets(self, cleared_since: float) -> list[OpenAlarm]:
        since = datetime.fromtimestamp(max(cleared_since, 0.0), UTC)
        return [
            OpenAlarm(
                id=ticket.id,
                rule=ticket.rule,
                series=ticket.series,
                episode_start=ticket.episode_start.timestamp(),
                active=ticket.active,
                cleared_at=None if ticket.cleared_at is None else ticket.cleared_at.timestamp(),
                title=ticket.title,
            )
            for ticket in self.repository.alarm_tickets(since)
        ]

    def raise_ticket(self, event: AlarmEvent, title: str, description: str) -> bool:
        _, created = self.repository.create_alarm_incident(
            event.rule_id,
            event.series,
            event.episode_start,
            title=title,
            program=event.program,
            severity=event.severity,
            station=event.station,
            description=description,
        )
        return created

    def set_active(self, ticket_id: str, active: bool, at: float) -> None:
        self.repository.set_alarm_state(ticket_id, active, datetime.fromtimestamp(at, UTC))


@dataclass(frozen=True, slots=True)
class DryRunIncident:
    """One incident of a dry run, as ``alarms check`` prints it."""

    id: str
    rule: str
    series: str
    severity: Severity
    raised_at: float
    episode_start: float
    title: str
    active: bool = True
    cleared_at: float | None = None


class MemoryTickets:
    """:class:`AlarmTickets` in memory, for ``alarms check``: the incidents a run would raise.

    ``clock`` is the run's "now": an incident is raised when the console would
    raise it (as the store's ``created_at`` is the console's clock), which for
    a stale alarm is later than its episode start.
    """

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self.incidents: dict[str, DryRunIncident] = {}
        self._clock = clock

    def alarm_tickets(self, cleared_since: float) -> list[OpenAlarm]:
        found = [
            OpenAlarm(i.id, i.rule, i.series, i.episode_start, i.active, i.cleared_at, i.title)
            for i in self.incidents.values()
            if i.active or (i.cleared_at is not None and i.cleared_at >= cleared_since)
        ]
        return sorted(found, key=lambda alarm: (alarm.episode_start, alarm.id))

    def raise_ticket(self, event: AlarmEvent, title: str, description: str) -> bool:
        key = str(event.incident_id)
        if key in self.incidents:
            return False
        self.incidents[key] = DryRunIncident(
            key,
            event.rule_id,
            event.series,
            event.severity,
            event.at if self._clock is None else max(event.at, self._clock()),
            event.episode_start,
            title,
        )
        return True

    def set_active(self, ticket_id: str, active: bool, at: float) -> None:
        incident = self.incidents.get(ticket_id)
        if incident is None:
            raise IncidentError(f"No incident with id {ticket_id}.")
        if incident.active != active:
            self.incidents[ticket_id] = replace(
                incident, active=active, cleared_at=None if active else at
            )


class AlarmRecorder:
    """Writes alarm events as tickets and restores open tickets into an engine (see module doc).

    ``rules`` are the engine's rules (for their re-arm windows); the link
    incident re-arms within ``link_grace_s``. One recorder per console; it
    runs on one thread (the GUI's), like its repository.
    """

    def __init__(
        self,
        tickets: AlarmTickets,
        rules: Iterable[Rule] = (),
        language: Language = DEFAULT_LANGUAGE,
        *,
        link_grace_s: float = DEFAULT_GRACE_S,
        shelved: ShelvedCheck | None = None,
    ) -> None:
        self.tickets = tickets
        self.language = language
        self._shelved = shelved
        # Episodes a shelf kept from becoming tickets, by their latest event, until it ends.
        self.held: dict[uuid.UUID, AlarmEvent] = {}
        self._rearm: dict[str, float] = {rule.id: rule.rearm_s for rule in rules}
        self._rearm[LINK_RULE_ID] = link_grace_s
        # Our engine's incident id -> the open ticket (another console's) it attached to.
        self._aliases: dict[uuid.UUID, str] = {}

    def restore(self, engine: AlarmEngine, now: float) -> int:
        """Continue every open alarm ticket in ``engine``; call before it sees a reading.

        A ticket continues when its alarm is active, or cleared less than its
        rule's re-arm window ago (a return is then the same incident). Returns
        how many episodes were restored; tickets of rules no longer configured
        (or of another workstation's link) are left alone.
        """
        horizon = max(self._rearm.values(), default=0.0)
        restored = 0
        link_series = engine.link.series if engine.link is not None else None
        for ticket in self.tickets.alarm_tickets(now - horizon):
            rearm = self._rearm.get(ticket.rule)
            if rearm is None or ticket.series is None:
                continue
            if not ticket.active and (
                ticket.cleared_at is None or now - ticket.cleared_at >= rearm
            ):
                continue
            incident_id = uuid.UUID(ticket.id)
            if ticket.rule == LINK_RULE_ID:
                if ticket.series != link_series:
                    continue
                done = engine.restore_link(
                    ticket.episode_start,
                    incident_id,
                    active=ticket.active,
                    cleared_at=ticket.cleared_at,
                )
            else:
                done = engine.restore_episode(
                    ticket.rule,
                    ticket.series,
                    ticket.episode_start,
                    active=ticket.active,
                    cleared_at=ticket.cleared_at,
                    title_id=ticket.title,
                    title_en=ticket.title,
                    now=now,
                    incident_id=incident_id,
                )
            restored += int(done)
        if restored:
            log.info("continuing %d open alarm episode(s) from the incident store", restored)
        return restored

    def record(self, events: deque[AlarmEvent], now: float | None = None) -> int:
        """Write queued events as tickets; returns how many tickets were created.

        An event that cannot be written (database locked or damaged) stays at
        the head of the queue for the next call, so no alarm is lost to a
        passing fault. ``now`` (epoch seconds, default: each event's time) is
        what shelves are judged at: a shelved episode is held, not written,
        and raised by the first call after its shelf ends while it is still
        active (docs/alarms.md, Shelving).
        """
        created = self._release(now) if now is not None else 0
        while events:
            event = events[0]
            try:
                if self._hold(event, event.at if now is None else now):
                    events.popleft()
                    continue
                if event.kind == "raised":
                    created += int(self._raise(event))
                else:
                    ticket_id = self._aliases.get(event.incident_id, str(event.incident_id))
                    self.tickets.set_active(ticket_id, event.kind == "returned", event.at)
            except StoreError as exc:
                log.warning("alarm %s on %s not recorded yet: %s", event.rule_id, event.series, exc)
                return created
            except IncidentError as exc:
                # Refused for good (e.g. its ticket was closed meanwhile): say so, move on.
                log.warning("alarm %s on %s refused: %s", event.rule_id, event.series, exc)
            events.popleft()
        return created

    def _is_shelved(self, event: AlarmEvent, now: float) -> bool:
        return self._shelved is not None and self._shelved(
            event.rule_id, event.series, event.station, now
        )

    def _hold(self, event: AlarmEvent, now: float) -> bool:
        """Whether a shelf keeps ``event`` from the store (a held episode's later events too)."""
        if event.incident_id in self.held:
            self.held[event.incident_id] = event  # its latest state is what a release raises
            return True
        if event.kind != "raised" or not self._is_shelved(event, now):
            return False
        self.held[event.incident_id] = event
        log.info("alarm %s on %s is shelved: no incident raised", event.rule_id, event.series)
        return True

    def _release(self, now: float) -> int:
        """Raise the held episodes whose shelf has ended (expired or ended early)."""
        created = 0
        for incident_id, event in list(self.held.items()):
            if self._is_shelved(event, now):
                continue
            try:
                if event.kind != "cleared":  # cleared while shelved: nothing to raise
                    created += int(self._raise(event))
            except StoreError as exc:
                log.warning("shelved alarm %s not raised yet: %s", event.rule_id, exc)
                break
            except IncidentError as exc:
                log.warning("shelved alarm %s refused: %s", event.rule_id, exc)
            del self.held[incident_id]
            log.info("alarm %s on %s is no longer shelved", event.rule_id, event.series)
        return created

    def _raise(self, event: AlarmEvent) -> bool:
        """Attach to an open ticket of the same rule and series, else create the episode's."""
        existing = self._open_ticket(event)
        if existing is not None:
            if len(self._aliases) >= _ALIASES_MAX:
                del self._aliases[next(iter(self._aliases))]
            self._aliases[event.incident_id] = existing.id
            if not existing.active:
                self.tickets.set_active(existing.id, True, event.at)
            log.info(
                "alarm %s on %s continues the open incident %s",
                event.rule_id,
                event.series,
                existing.id,
            )
            return False
        title = event.title_id if self.language == "id" else event.title_en
        return self.tickets.raise_ticket(event, title, describe(event, self.language))

    def _open_ticket(self, event: AlarmEvent) -> OpenAlarm | None:
        rearm = self._rearm.get(event.rule_id, 0.0)
        own = str(event.incident_id)
        candidates = [
            ticket
            for ticket in self.tickets.alarm_tickets(event.at - rearm)
            if ticket.rule == event.rule_id
            and ticket.series == event.series
            and ticket.id != own
            and (
                ticket.active
                or (ticket.cleared_at is not None and event.at - ticket.cleared_at < rearm)
            )
        ]
        return candidates[-1] if candidates else None  # the newest episode


def record_alarm_events(
    repository: IncidentRepository, events: deque[AlarmEvent], language: Language = DEFAULT_LANGUAGE
) -> int:
    """Write queued events as tickets without the rules at hand (see :class:`AlarmRecorder`)."""
    return AlarmRecorder(StoreTickets(repository), language=language).record(events)
