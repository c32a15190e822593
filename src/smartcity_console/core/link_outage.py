"""The console's own broker link: state-based suppression and one incident per outage.

When the console loses its broker, every feed falls silent at once, and
without this module every stale-feed rule would raise one incident per
series (62 for the simulator after 15 minutes away, each synced to every
console), all for one fault that is not the stations'. ISA-18.2 calls the
remedy *state-based suppression*: while the link is down, and for a grace
period after it returns (devices reconnect to a restarted broker on their own
backoff), stale-feed alarms are held back, and one incident says what is
really wrong: "link to the broker lost", for this workstation.

:class:`LinkWatch` is the state machine; :class:`~smartcity_console.core.alarm_engine.AlarmEngine`
owns one and asks it, on every tick, whether stale rules may fire. It raises
its incident only after the link has been down for ``raise_after_s`` (a
reconnect in progress is not an incident), clears it the moment the link is
back, and a drop within ``grace_s`` of the return continues the same episode
(the ISA-18.2 re-arm), so a flapping link is one incident. The incident id is
:func:`~smartcity_console.core.incidents.alarm_incident_id` of
:data:`LINK_RULE_ID`, this workstation's :func:`link_series` and the outage's
start: stable per workstation and outage, and never equal to another
workstation's.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass

from smartcity_console.core.alarm_engine import AlarmEvent, EventKind, fit_title
from smartcity_console.core.alarm_rules import LINK_RULE_ID, Severity
from smartcity_console.core.incidents import alarm_incident_id

__all__ = [
    "DEFAULT_GRACE_S",
    "DEFAULT_RAISE_AFTER_S",
    "LINK_RULE_ID",
    "LinkOutageSettings",
    "LinkWatch",
    "link_series",
]

DEFAULT_GRACE_S = 120.0
"""Stale-feed alarms stay suppressed this long after the link returns.

When the console lost its link because the broker itself went down, the
devices lost it too and come back on their own reconnect backoff: paho's
clients (Python, and the C and Java ones alike) back off to at most 120 s by
default (paho-mqtt 2.1 ``reconnect_delay_set(min_delay=1, max_delay=120)``);
AWS's IoT device SDK stops at 128 s. Two minutes covers paho's ceiling.
"""

DEFAULT_RAISE_AFTER_S = 60.0
"""The link incident is raised after the link has been down this long: twice the
console's longest reconnect wait (``[broker] backoff_max_s``, 30 s by default), so a
broker restarted for maintenance, which the console rejoins within one wait, is no incident."""

TITLE_ID = "Koneksi ke broker MQTT terputus: {station}"
TITLE_EN = "Link to the broker lost: {station}"


def link_series(workstation: str) -> str:
    """The link incident's series name: ``$console/<workstation>/broker``.

    ``$`` topics are the broker's own (``$SYS``) and never a feed's, so this
    name cannot collide with a real series, and it says whose link it is.
    """
    return f"$console/{workstation}/broker"


@dataclass(frozen=True, slots=True)
class LinkOutageSettings:
    """The ``[outage]`` section of the config, plus this workstation's name."""

    workstation: str
    grace_s: float = DEFAULT_GRACE_S
    raise_after_s: float = DEFAULT_RAISE_AFTER_S
    severity: Severity = "high"
    program: str = "governance"


class LinkWatch:
    """Whether the console's broker link is up, and its incident; one per alarm engine.

    ``up`` is the state at ``now`` when it is made: down for a console that
    is only starting to connect (it is blind until it connects, and says so
    after ``raise_after_s``), up for a replay whose readings already flow.
    """

    def __init__(self, settings: LinkOutageSettings, now: float, *, up: bool = False) -> None:
        self.settings = settings
        self.series = link_series(settings.workstation)
        self.up = up
        self.down_since: float | None = None if up else now
        # Stale alarms are suppressed until this time (inf while the link is down).
        self.suppress_until = -math.inf if up else math.inf
        self.active = False
        self.episode_start: float | None = None
        self.incident_id: uuid.UUID | None = None
        self.cleared_at: float | None = None
        self.detail = ""

    def suppressing(self, now: float) -> bool:
        """Stale-feed alarms are held back: the link is down, or came back less than grace ago."""
        return now < self.suppress_until

    def observe(self, up: bool, now: float, detail: str = "") -> list[AlarmEvent]:
        """The link's state at ``now``; the link incident's clear when it comes back."""
        if detail:
            self.detail = detail
        if up == self.up:
            return []
        self.up = up
        if not up:
            self.down_since = now
            self.suppress_until = math.inf
            return []
        self.down_since = None
        self.suppress_until = now + self.settings.grace_s
        if not self.active:
            return []
        self.active = False
        self.cleared_at = now
        return [self._event("cleared", now)]

    def tick(self, now: float) -> list[AlarmEvent]:
        """Raise the link incident once the link has been down ``raise_after_s``."""
        down_since = self.down_since
        if self.up or self.active or down_since is None:
            return []
        if now - down_since < self.settings.raise_after_s:
            return []
        self.active = True
        cleared_at, self.cleared_at = self.cleared_at, None
        if (
            self.incident_id is not None
            and cleared_at is not None
            and down_since - cleared_at < self.settings.grace_s
        ):
            return [self._event("returned", now)]
        self.episode_start = float(math.floor(down_since))
        self.incident_id = alarm_incident_id(LINK_RULE_ID, self.series, self.episode_start)
        return [self._event("raised", now)]

    def next_due(self) -> float | None:
        """When :meth:`tick` will next raise something, if nothing changes meanwhile."""
        if self.up or self.active or self.down_since is None:
            return None
        return self.down_since + self.settings.raise_after_s

    def restore(
        self,
        episode_start: float,
        incident_id: uuid.UUID,
        *,
        active: bool,
        cleared_at: float | None,
    ) -> None:
        """Continue the link incident this workstation had open before it restarted."""
        self.episode_start = float(math.floor(episode_start))
        self.incident_id = incident_id
        self.active = active
        self.cleared_at = None if active else cleared_at

    def _event(self, kind: EventKind, now: float) -> AlarmEvent:
        settings = self.settings
        start = self.episode_start
        incident_id = self.incident_id
        assert start is not None  # set when the episode was raised
        assert incident_id is not None
        station = settings.workstation
        # The value: seconds without the broker so far (raised) or in all (cleared).
        began = self.down_since if self.down_since is not None else start
        return AlarmEvent(
            kind=kind,
            rule_id=LINK_RULE_ID,
            series=self.series,
            station=station,
            episode_start=start,
            at=now,
            value=max(0.0, round(now - began, 1)),
            incident_id=incident_id,
            program=settings.program,
            severity=settings.severity,
            title_id=fit_title(TITLE_ID.format(station=station)),
            title_en=fit_title(TITLE_EN.format(station=station)),
            detail=self.detail,
        )
