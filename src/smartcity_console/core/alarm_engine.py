"""Evaluate alarm rules on ingest batches and turn conditions into incident events.

:class:`AlarmEngine` runs on the MQTT thread, once per ingest batch
(:meth:`AlarmEngine.evaluate`) and about once a second for stale feeds
(:meth:`AlarmEngine.tick`); nothing here runs per message in Qt. It keeps one
small state machine per (rule, series) and emits :class:`AlarmEvent` objects
following ISA-18.2:

* ``raised`` once per episode, with the incident id derived from the rule, the
  series and the episode start (UUIDv5), so every console that sees the same
  readings raises the same incident and the sync server keeps one ticket;
* ``cleared`` when the condition clears (past the hysteresis deadband);
* ``returned`` when it comes back within the rule's re-arm window: the same
  episode and the same incident id, so a flapping feed never opens a second
  incident. After the window a new occurrence is a new episode.

Times are reading times (the device's clock), never arrival times, except for
deciding *when* a feed went silent; episode starts are whole seconds. So two
consoles agree on every id however their batches were cut. Not thread-safe:
one engine belongs to one ingest thread.
"""

from __future__ import annotations

import math
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias

from smartcity_console.core.alarm_rules import (
    RateRule,
    Severity,
    StaleRule,
    ThresholdRule,
)
from smartcity_console.core.i18n import Language
from smartcity_console.core.incidents import TITLE_MAX, alarm_incident_id
from smartcity_console.core.readings import Reading
from smartcity_console.core.topics import matches
from smartcity_console.core.units import LocalNumber, display_unit

if TYPE_CHECKING:  # link_outage builds on this module's AlarmEvent
    from smartcity_console.core.link_outage import LinkWatch

EventKind: TypeAlias = Literal["raised", "cleared", "returned"]
Rule: TypeAlias = ThresholdRule | RateRule | StaleRule

_RATE_WINDOW_MAX = 4096  # readings a rate window keeps at most, whatever per_s says
_UNWATCHED_MAX = 100_000  # series known to match no rule; cleared when it grows past this


@dataclass(frozen=True, slots=True)
class AlarmEvent:
    """One transition of one alarm: what the incident store records.

    ``episode_start`` (whole epoch seconds) and ``at`` are reading times;
    ``value`` is the reading that caused the transition (for ``stale``: the
    last reading before the silence). The titles are the rule's templates
    filled in when the episode was raised, the same on every event of the
    episode: they are the incident's title, not a description of this event.
    """

    kind: EventKind
    rule_id: str
    series: str
    station: str
    episode_start: float
    at: float
    value: float
    incident_id: uuid.UUID
    program: str
    severity: Severity
    title_id: str
    title_en: str
    detail: str = ""


def station_of(series: str) -> str:
    """``rembang/environment/river_level/kali_babagan`` -> ``Kali Babagan`` (last topic level)."""
    topic = series.split("#", 1)[0].rstrip("/")
    slug = topic.rsplit("/", 1)[-1]
    words = slug.replace("_", " ").split()
    # Every alun-alun (a Javanese town square) is spelt so, as docs/contracts.md does.
    return " ".join(w[:1].upper() + w[1:] for w in words).replace("Alun Alun", "Alun-alun") or slug


def fit_title(text: str) -> str:
    """``text`` cut to the incident title limit, ending with ``…`` when cut."""
    return text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1] + "…"


def _title(template: str, **fields: object) -> str:
    return fit_title(template.format(**fields))


class _Watch:
    """One rule on one series: the ISA-18.2 episode bookkeeping every kind shares."""

    __slots__ = (
        "active",
        "cleared_at",
        "episode_start",
        "incident_id",
        "pending_since",
        "rule",
        "series",
        "station",
        "titles",
    )

    def __init__(self, rule: Rule, series: str) -> None:
        self.rule = rule
        self.series = series
        self.station = station_of(series)
        self.active = False
        self.episode_start: float | None = None
        self.incident_id: uuid.UUID | None = None
        self.cleared_at: float | None = None
        self.pending_since: float | None = None
        self.titles = ("", "")  # (id, en) of the open episode, rendered when it was raised

    def restore(
        self,
        episode_start: float,
        active: bool,
        cleared_at: float | None,
        titles: tuple[str, str],
        incident_id: uuid.UUID | None,
    ) -> None:
        """Continue an episode raised before this console (re)started, on its ticket."""
        self.episode_start = float(math.floor(episode_start))
        if incident_id is None:
            incident_id = alarm_incident_id(self.rule.id, self.series, self.episode_start)
        self.incident_id = incident_id
        self.active = active
        self.cleared_at = None if active else cleared_at
        self.pending_since = None
        self.titles = titles

    def _confirm(
        self, since: float, at: float, value: float, unit: str | None, change: float
    ) -> AlarmEvent:
        """The condition holds (since ``since``): a new episode, or the open one returning."""
        self.active = True
        self.pending_since = None
        cleared_at = self.cleared_at
        self.cleared_at = None
        if (
            self.episode_start is not None
            and cleared_at is not None
            and since - cleared_at < self.rule.rearm_s
        ):
            return self._event("returned", at, value)
        self.episode_start = float(math.floor(since))
        rule = self.rule
        self.incident_id = alarm_incident_id(rule.id, self.series, self.episode_start)

        def fields(language: Language) -> dict[str, object]:
            # Each title in its own language: "18,5 µg/m³" and "18.5 µg/m³", the
            # numbers and units the tiles show (core/units.py), never "18.5 ug/m3".
            return {
                "series": self.series,
                "station": self.station,
                "value": LocalNumber(value, language),
                "unit": display_unit(unit, language),
                "threshold": LocalNumber(rule.threshold_value, language),
                "change": LocalNumber(change, language),
            }

        self.titles = (
            _title(rule.message_id, **fields("id")),
            _title(rule.message_en, **fields("en")),
        )
        return self._event("raised", at, value)

    def _clear(self, at: float, value: float) -> AlarmEvent:
        self.active = False
        self.cleared_at = at
        return self._event("cleared", at, value)

    def _event(self, kind: EventKind, at: float, value: float) -> AlarmEvent:
        rule = self.rule
        start, incident_id = self.episode_start, self.incident_id
        assert start is not None  # set with the episode
        assert incident_id is not None
        return AlarmEvent(
            kind=kind,
            rule_id=rule.id,
            series=self.series,
            station=self.station,
            episode_start=start,
            at=at,
            value=value,
            incident_id=incident_id,
            program=rule.program,
            severity=rule.severity,
            title_id=self.titles[0],
            title_en=self.titles[1],
        )


class _LevelWatch(_Watch):
    """Threshold and rate rules: a condition on each reading, with an on-delay."""

    __slots__ = ("min_duration_s",)

    def __init__(self, rule: ThresholdRule | RateRule, series: str) -> None:
        super().__init__(rule, series)
        self.min_duration_s = rule.min_duration_s

    def _test(self, t: float, value: float) -> tuple[bool, bool, float]:
        """(condition holds, condition cleared, change) for one reading."""
        raise NotImplementedError

    def feed(self, t: float, value: float, unit: str | None) -> AlarmEvent | None:
        """One reading, in time order for this series."""
        firing, clears, change = self._test(t, value)
        if self.active:
            return self._clear(t, value) if clears else None
        if not firing:
            self.pending_since = None
            return None
        since = self.pending_since
        if since is None:
            since = self.pending_since = t
        if t - since < self.min_duration_s:
            return None
        return self._confirm(since, t, value, unit, change)


class _ThresholdWatch(_LevelWatch):
    __slots__ = ("_above", "_clear_at", "_limit")

    def __init__(self, rule: ThresholdRule, series: str) -> None:
        super().__init__(rule, series)
        self._above = rule.kind == "above"
        self._limit = rule.threshold
        band = rule.hysteresis if self._above else -rule.hysteresis
        self._clear_at = rule.threshold - band

    def _test(self, t: float, value: float) -> tuple[bool, bool, float]:
        if self._above:
            return value > self._limit, value <= self._clear_at, 0.0
        return value < self._limit, value >= self._clear_at, 0.0


class _RateWatch(_LevelWatch):
    """Rise (value minus the window's minimum) and fall over the last ``per_s`` seconds.

    Two monotonic deques give the window's minimum and maximum in amortised
    O(1) per reading; their length is bounded by the window and by
    ``_RATE_WINDOW_MAX`` (past it the oldest extreme drops out, which only
    shortens the window for a feed far faster than the rule expects).
    """

    __slots__ = ("_fall", "_highs", "_lows", "_max", "_per_s", "_rise")

    def __init__(self, rule: RateRule, series: str) -> None:
        super().__init__(rule, series)
        self._per_s = rule.per_s
        self._max = rule.max_change
        self._rise = rule.direction in ("rise", "both")
        self._fall = rule.direction in ("fall", "both")
        self._lows: deque[tuple[float, float]] = deque(maxlen=_RATE_WINDOW_MAX)
        self._highs: deque[tuple[float, float]] = deque(maxlen=_RATE_WINDOW_MAX)

    def _test(self, t: float, value: float) -> tuple[bool, bool, float]:
        horizon = t - self._per_s
        rise = fall = 0.0
        lows, highs = self._lows, self._highs
        if self._rise:
            while lows and lows[0][0] < horizon:
                lows.popleft()
            if lows:
                rise = value - lows[0][1]
            while lows and lows[-1][1] >= value:
                lows.pop()
            lows.append((t, value))
        if self._fall:
            while highs and highs[0][0] < horizon:
                highs.popleft()
            if highs:
                fall = highs[0][1] - value
            while highs and highs[-1][1] <= value:
                highs.pop()
            highs.append((t, value))
        change = rise if rise >= fall else -fall
        firing = max(rise, fall) > self._max
        return firing, not firing, change


class _StaleWatch(_Watch):
    """No reading for ``after_s`` seconds of arrival time.

    Arrival time decides *whether* the feed is silent (a device clock that
    runs slow must not look silent); the episode starts at the last reading's
    own time plus ``after_s``, which every console computes alike.
    """

    __slots__ = ("_after_s", "last_arrival", "last_t", "last_unit", "last_value")

    def __init__(self, rule: StaleRule, series: str, now: float) -> None:
        super().__init__(rule, series)
        self._after_s = rule.after_s
        self.last_arrival = now
        self.last_t = -math.inf  # until the first reading (a restored episode comes before it)
        self.last_value = math.nan
        self.last_unit: str | None = None

    def seen(
        self, batch: Sequence[tuple[float, float, str | None]], now: float
    ) -> AlarmEvent | None:
        """Readings (time order) arrived at ``now``: the feed is alive."""
        self.last_arrival = max(self.last_arrival, now)
        t, value, unit = batch[-1]
        if t >= self.last_t:
            self.last_t, self.last_value, self.last_unit = t, value, unit
        if not self.active:
            return None
        first_t, first_value, _unit = batch[0]
        return self._clear(first_t, first_value)

    def due(self) -> float | None:
        """When :meth:`tick` raises, if no reading arrives meanwhile (None: it cannot)."""
        if self.active or self.last_t == -math.inf:
            return None
        return self.last_arrival + self._after_s

    def tick(self, now: float) -> AlarmEvent | None:
        if self.active or now - self.last_arrival < self._after_s or self.last_t == -math.inf:
            return None
        since = self.last_t + self._after_s
        return self._confirm(since, since, self.last_value, self.last_unit, 0.0)

    def restart(self, now: float) -> None:
        if not self.active:
            self.last_arrival = max(self.last_arrival, now)


class _SeriesWatches:
    """Every rule that applies to one series, resolved once when the series first appears."""

    __slots__ = ("level", "newest", "stale")

    def __init__(self, level: tuple[_LevelWatch, ...], stale: tuple[_StaleWatch, ...]) -> None:
        self.level = level
        self.stale = stale
        self.newest = -math.inf


def _event_order(event: AlarmEvent) -> tuple[float, str, str]:
    return event.at, event.series, event.rule_id


class AlarmEngine:
    """Alarm state for every (rule, series) pair, fed one ingest batch at a time.

    With a :class:`~smartcity_console.core.link_outage.LinkWatch` (the
    console always has one), :meth:`observe_link` tells the engine whether
    the console's own broker link is up: while it is down, and for the grace
    period after, stale rules are suppressed and the watch raises one link
    incident instead (ISA-18.2 state-based suppression).
    """

    def __init__(self, rules: Sequence[Rule], link: LinkWatch | None = None) -> None:
        ids = [rule.id for rule in rules]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"alarm rule ids must be unique; repeated: {', '.join(duplicates)}")
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.link = link
        # The link state last observed (None: never), so only a change restarts the stale clocks.
        self._link_up: bool | None = None if link is None else link.up
        self.stale_suppressed = 0
        """Stale alarms due at the last tick but held back by link suppression (diagnostics)."""
        self._watched: dict[str, _SeriesWatches] = {}
        self._unwatched: set[str] = set()
        self._stale: list[_StaleWatch] = []
        self.late_readings = 0
        """Readings older than one already evaluated for their series: skipped (counted)."""
        self.bad_values = 0
        """NaN or infinite values: skipped (counted)."""

    def _resolve(self, series: str, now: float) -> _SeriesWatches | None:
        level: list[_LevelWatch] = []
        stale: list[_StaleWatch] = []
        for rule in self.rules:
            if not matches(rule.series, series):
                continue
            if isinstance(rule, ThresholdRule):
                level.append(_ThresholdWatch(rule, series))
            elif isinstance(rule, RateRule):
                level.append(_RateWatch(rule, series))
            else:
                stale.append(_StaleWatch(rule, series, now))
        if not level and not stale:
            if len(self._unwatched) >= _UNWATCHED_MAX:
                self._unwatched.clear()  # costs a rescan per series, never a wrong answer
            self._unwatched.add(series)
            return None
        entry = _SeriesWatches(tuple(level), tuple(stale))
        self._watched[series] = entry
        self._stale.extend(stale)
        return entry

    def evaluate(self, readings: Sequence[Reading], now: float) -> list[AlarmEvent]:
        """Feed one ingest batch (arrived by ``now``); the events it caused, in time order.

        Per reading this costs a dict lookup and an append unless a rule
        watches the series. Each watched series' readings are put in time
        order; one older than a reading evaluated in an earlier batch is
        skipped and counted, so state only ever moves forward in time.
        """
        groups: dict[str, list[Reading]] = {}
        watched, unwatched = self._watched, self._unwatched
        for reading in readings:
            series = reading.series
            group = groups.get(series)
            if group is None:
                if series in unwatched:
                    continue
                if series not in watched and self._resolve(series, now) is None:
                    continue
                group = groups[series] = []
            group.append(reading)

        events: list[AlarmEvent] = []
        for series, group in groups.items():
            entry = watched[series]
            if len(group) > 1:
                group.sort(key=lambda r: now if r.t is None else r.t)
            fresh: list[tuple[float, float, str | None]] = []
            newest = entry.newest
            for reading in group:
                t = now if reading.t is None else reading.t
                value = reading.value
                if not math.isfinite(value):
                    self.bad_values += 1
                    continue
                if t < newest:
                    self.late_readings += 1
                    continue
                newest = t
                fresh.append((t, value, reading.unit))
            entry.newest = newest
            if not fresh:
                continue
            for stale in entry.stale:
                event = stale.seen(fresh, now)
                if event is not None:
                    events.append(event)
            for watch in entry.level:
                for t, value, unit in fresh:
                    event = watch.feed(t, value, unit)
                    if event is not None:
                        events.append(event)
        events.sort(key=_event_order)
        return events

    def tick(self, now: float) -> list[AlarmEvent]:
        """Raise stale alarms for watched series silent for their ``after_s`` (call ~1/s).

        While the link watch suppresses them (link down, or back for less
        than the grace period), nothing stale is raised: the ones that would
        have been are counted in :attr:`stale_suppressed`, and the link watch
        raises its own incident once the link has been down long enough.
        """
        link = self.link
        events: list[AlarmEvent] = []
        if link is not None:
            events.extend(link.tick(now))
            if link.suppressing(now):
                self.stale_suppressed = sum(
                    1 for watch in self._stale if (due := watch.due()) is not None and due <= now
                )
                return events
            self.stale_suppressed = 0
        events.extend(event for watch in self._stale if (event := watch.tick(now)) is not None)
        events.sort(key=_event_order)
        return events

    def next_tick_due(self) -> float | None:
        """The earliest time :meth:`tick` can raise something if no reading arrives first.

        For a replay (``alarms check``), which ticks at these times instead of every second.
        """
        dues = [due for watch in self._stale if (due := watch.due()) is not None]
        link = self.link
        if link is not None and dues:
            earliest = min(dues)
            dues = [max(earliest, link.suppress_until)]
        if link is not None and (due := link.next_due()) is not None:
            dues.append(due)
        return min(dues, default=None)

    def observe_link(
        self, up: bool, now: float, detail: str = "", *, reconnected: bool = False
    ) -> list[AlarmEvent]:
        """The console's broker link is ``up`` (or down) at ``now``; call on every change.

        Calling it again with the same state is cheap and changes nothing.
        ``reconnected`` says the client connected anew even if no down state
        was seen in between (a blip shorter than a tick): silence is then
        counted from ``now`` all the same.
        """
        came_back = up and (self._link_up is False or reconnected)
        self._link_up = up
        if came_back:
            self.restart_stale_timers(now)
        if self.link is None:
            return []
        return self.link.observe(up, now, detail)

    def restart_stale_timers(self, now: float) -> None:
        """Count silence from ``now``: done when the broker connection comes back.

        Without it, a console whose own link was down for longer than a stale
        rule's ``after_s`` would raise one incident per series on the next
        tick, an alarm flood for a fault that is not the stations'.
        """
        for watch in self._stale:
            watch.restart(now)

    def restore_link(
        self,
        episode_start: float,
        incident_id: uuid.UUID,
        *,
        active: bool,
        cleared_at: float | None = None,
    ) -> bool:
        """Continue this workstation's open link incident after a restart (False: no link watch)."""
        if self.link is None:
            return False
        self.link.restore(episode_start, incident_id, active=active, cleared_at=cleared_at)
        return True

    def restore_episode(
        self,
        rule_id: str,
        series: str,
        episode_start: float,
        *,
        active: bool,
        cleared_at: float | None = None,
        title_id: str = "",
        title_en: str = "",
        now: float,
        incident_id: uuid.UUID | None = None,
    ) -> bool:
        """Continue an alarm episode raised before this console (re)started.

        Engine state lives in memory; without this, a console restarted during
        a flood would see the river still high, start a new episode and raise
        a second incident for it. At start-up, call it for every ticket whose
        alarm is still open (active, or cleared less than ``rearm_s`` ago),
        from the ticket's ``alarm`` data (``alarm_incidents.AlarmRecorder.restore``
        does). ``incident_id`` is the ticket to continue, when it is not the
        one derived from ``episode_start`` (another console's ticket). False
        when no configured rule with that id applies to that series any more:
        that ticket is left alone.
        """
        entry = self._watched.get(series)
        if entry is None and series not in self._unwatched:
            entry = self._resolve(series, now)
        if entry is None:
            return False
        for watch in (*entry.level, *entry.stale):
            if watch.rule.id == rule_id:
                titles = (title_id, title_en)
                watch.restore(episode_start, active, cleared_at, titles, incident_id)
                return True
        return False

    @property
    def watched_series(self) -> int:
        """How many series at least one rule applies to (for diagnostics)."""
        return len(self._watched)
