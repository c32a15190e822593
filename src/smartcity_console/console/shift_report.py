"""The shift handover report, without Qt: what happened in a period, from the local journal.

Issue 16: a shift change used to hand the console over with nothing written
down. This module reads the local store (store/shifts.py) and says who was
on duty, what each did to which incident, what is still open, which
acknowledgement deadlines were missed, how loaded the operators were
(alarms per hour against the EEMUA 191 bands, floods) and which feeds were
stale for how long. ``gui/reports/`` renders it as a PDF; ``report shift
--json`` prints :func:`to_json` of the same object, so both say the same.

Decisions where the issue is silent (docs/incidents.md, "Shift handover report"):

- "Still open" is new, acknowledged or in progress at the end of the period
  (resolved waits only for a supervisor's close and is counted as handled).
- "Reopened" is a transition from resolved back to in progress.
- An alarm is an incident raised by an alarm rule, counted at its creation;
  the bands are per operator hour (EEMUA 191): up to 6 an hour (one per 10
  minutes) very likely acceptable, up to 12 manageable, up to 60 likely
  over-demanding, more unacceptable; a flood is more than 10 alarms in 10 minutes.
- A feed outage is a stale-feed or broker-link alarm incident, from its
  raise to its clear (or the end of the period while still active).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from smartcity_console import paths
from smartcity_console.core.alarm_rules import LINK_RULE_ID
from smartcity_console.core.incidents import DEFAULT_ACK_DEADLINES, Severity, Status
from smartcity_console.core.incidents.journal_text import to_iso
from smartcity_console.store import Database, Ticket, TicketEvent, shifts

log = logging.getLogger(__name__)
OPEN_AT_HANDOVER = (Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS)
COUNTED_ACTIONS = ("raised", "acknowledged", "closed", "reopened")
FLOOD_WINDOW = timedelta(minutes=10)
FLOOD_MORE_THAN = 10
# A report's id from who handed over where and when: the same shift is one report.
_REPORT_NAMESPACE = uuid.UUID("5d0c3c8e-9f3a-4c53-8a1e-16b0a2d0f0aa")


class AlarmBand(StrEnum):
    """EEMUA 191's average alarm rate bands, per operator hour."""

    ACCEPTABLE = "acceptable"  # <= 6 an hour (one per 10 minutes)
    MANAGEABLE = "manageable"  # <= 12 (one per 5 minutes)
    OVER_DEMANDING = "over_demanding"  # <= 60 (one a minute)
    UNACCEPTABLE = "unacceptable"


def band(per_hour: float) -> AlarmBand:
    if per_hour <= 6:
        return AlarmBand.ACCEPTABLE
    if per_hour <= 12:
        return AlarmBand.MANAGEABLE
    if per_hour <= 60:
        return AlarmBand.OVER_DEMANDING
    return AlarmBand.UNACCEPTABLE


@dataclass(frozen=True, slots=True)
class OnDuty:
    username: str
    role: str
    workstation: str
    start: datetime
    end: datetime | None  # None: still signed in when the report was made


@dataclass(frozen=True, slots=True)
class Action:
    at: datetime
    author: str
    action: str  # raised, acknowledged, in_progress, resolved, closed, reopened, assigned
    ticket_id: str
    title: str
    program: str
    severity: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Count:
    program: str
    severity: str
    raised: int = 0
    acknowledged: int = 0
    closed: int = 0
    reopened: int = 0


@dataclass(frozen=True, slots=True)
class OpenItem:
    ticket_id: str
    title: str
    program: str
    severity: str
    status: str
    created_at: datetime
    age_minutes: int
    assignee: str | None
    last_note: str | None
    escalated: bool


@dataclass(frozen=True, slots=True)
class MissedAck:
    ticket_id: str
    title: str
    severity: str
    deadline: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None


@dataclass(frozen=True, slots=True)
class HourRate:
    hour: datetime
    alarms: int
    band: AlarmBand


@dataclass(frozen=True, slots=True)
class Flood:
    start: datetime
    end: datetime
    alarms: int


@dataclass(frozen=True, slots=True)
class FeedOutage:
    series: str
    rule: str
    start: datetime
    end: datetime | None  # None: still stale at the end of the period
    minutes: int


@dataclass(frozen=True, slots=True)
class ShiftReport:
    id: str
    workstation: str
    start: datetime
    end: datetime
    generated_at: datetime
    handed_over_by: str | None
    note: str
    on_duty: list[OnDuty] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    actions: list[Action] = field(default_factory=list)
    open_items: list[OpenItem] = field(default_factory=list)
    missed_acks: list[MissedAck] = field(default_factory=list)
    alarms_per_hour: list[HourRate] = field(default_factory=list)
    alarm_total: int = 0
    alarm_rate: float = 0.0
    alarm_band: AlarmBand = AlarmBand.ACCEPTABLE
    floods: list[Flood] = field(default_factory=list)
    feed_outages: list[FeedOutage] = field(default_factory=list)


def report_id(workstation: str, handed_over_by: str | None, end: datetime) -> str:
    """The same shift (workstation, who, end) always has the same id."""
    name = f'["{workstation}", "{handed_over_by or ""}", "{to_iso(end)}"]'
    return str(uuid.uuid5(_REPORT_NAMESPACE, name))


def _action(event: TicketEvent) -> tuple[str, str] | None:
    """(what, detail) for an event the report lists; None for comments, edits and no-ops."""
    data = event.data
    if event.kind == "create":
        return "raised", ""
    if event.kind == "assign":
        return "assigned", str(data.get("username") or "-")
    if event.kind != "transition" or data.get("noop"):
        return None
    to, before = data.get("to"), data.get("from")
    note = str(data.get("note") or data.get("reason") or "")
    if to == Status.IN_PROGRESS and before == Status.RESOLVED:
        return "reopened", note
    return str(to), note


def _note(event: TicketEvent) -> str | None:
    if event.kind == "comment":
        return str(event.data.get("text") or "") or None
    if event.kind == "transition":
        return str(event.data.get("note") or "") or None
    return None


def _clip(moment: datetime, start: datetime, end: datetime) -> datetime:
    return min(max(moment, start), end)


def build(
    db: Database,
    *,
    start: datetime,
    end: datetime,
    workstation: str,
    stale_rules: Sequence[str] = (),
    deadlines: Mapping[Severity, timedelta] = DEFAULT_ACK_DEADLINES,
    handed_over_by: str | None = None,
    note: str = "",
    now: datetime | None = None,
) -> ShiftReport:
    """The report of [start, end] from ``db``; ``stale_rules``: ids of the config's stale rules."""
    if end <= start:
        raise ValueError("the end of a shift report's period must be after its start")
    generated = now or datetime.now(UTC)
    events = shifts.journal(db, start, end)
    known = shifts.tickets_open_or_alarmed(db, start)
    missing = {e.ticket_id for e in events} - set(known)
    known.update(shifts.tickets(db, missing) if missing else {})

    actions: list[Action] = []
    counts: dict[tuple[str, str], Counter[str]] = {}
    for event in events:
        what = _action(event)
        ticket = known.get(event.ticket_id)
        if what is None or ticket is None:
            continue
        action, detail = what
        actions.append(
            Action(
                event.at,
                event.author,
                action,
                ticket.id,
                ticket.title,
                ticket.program,
                str(ticket.severity),
                detail,
            )
        )
        if action in COUNTED_ACTIONS:
            key = (ticket.program, str(ticket.severity))
            counts.setdefault(key, Counter())[action] += 1
    severity_rank = {str(s): i for i, s in enumerate(Severity)}
    count_rows = [
        Count(program, severity, **{a: c[a] for a in COUNTED_ACTIONS})
        for (program, severity), c in sorted(
            counts.items(), key=lambda kv: (kv[0][0], severity_rank.get(kv[0][1], 9))
        )
    ]
    totals = {a: sum(getattr(row, a) for row in count_rows) for a in COUNTED_ACTIONS}

    open_tickets = sorted(
        (t for t in known.values() if t.status in OPEN_AT_HANDOVER and t.created_at <= end),
        key=lambda t: (t.created_at, t.id),
    )
    notes: dict[str, str] = {}
    if open_tickets:
        for event in shifts.journal_of(db, {t.id for t in open_tickets}, end):
            text = _note(event)
            if text:
                notes[event.ticket_id] = text
    open_items = [
        OpenItem(
            t.id,
            t.title,
            t.program,
            str(t.severity),
            str(t.status),
            t.created_at,
            int((end - t.created_at).total_seconds() // 60),
            t.assignee,
            notes.get(t.id),
            t.escalated(end, deadlines),
        )
        for t in open_tickets
    ]

    missed = []
    for t in sorted(known.values(), key=lambda t: (t.created_at, t.id)):
        deadline = t.created_at + deadlines[t.severity]
        if not start <= deadline <= end:
            continue
        if t.acknowledged_at is not None and t.acknowledged_at <= deadline:
            continue
        if t.acknowledged_at is None and t.status is Status.CLOSED and t.updated_at <= deadline:
            continue  # closed in time (false alarm, duplicate): no acknowledgement was due
        missed.append(
            MissedAck(
                t.id, t.title, str(t.severity), deadline, t.acknowledged_at, t.acknowledged_by
            )
        )

    alarm_times = sorted(
        t.created_at for t in known.values() if t.alarm_rule and start <= t.created_at <= end
    )
    hours = _hours(start, end, alarm_times)
    duration_h = max((end - start).total_seconds() / 3600, 1 / 60)
    rate = len(alarm_times) / duration_h
    outages = _outages(known.values(), set(stale_rules) | {LINK_RULE_ID}, start, end)
    on_duty = [
        OnDuty(d.username, d.role, d.workstation, d.signed_in_at, d.signed_out_at)
        for d in shifts.duty_periods(db, start, end)
    ]
    return ShiftReport(
        id=report_id(workstation, handed_over_by, end),
        workstation=workstation,
        start=start,
        end=end,
        generated_at=generated,
        handed_over_by=handed_over_by,
        note=note,
        on_duty=on_duty,
        counts=count_rows,
        totals=totals,
        actions=actions,
        open_items=open_items,
        missed_acks=missed,
        alarms_per_hour=hours,
        alarm_total=len(alarm_times),
        alarm_rate=round(rate, 2),
        alarm_band=band(rate),
        floods=_floods(alarm_times),
        feed_outages=outages,
    )


def _hours(start: datetime, end: datetime, alarm_times: Sequence[datetime]) -> list[HourRate]:
    """Alarms in each clock hour the period touches (a partial first or last hour too)."""
    first = start.replace(minute=0, second=0, microsecond=0)
    counts: Counter[datetime] = Counter(
        t.replace(minute=0, second=0, microsecond=0) for t in alarm_times
    )
    hours: list[HourRate] = []
    hour = first
    while hour < end and len(hours) < 24 * 31:
        hours.append(HourRate(hour, counts[hour], band(counts[hour])))
        hour += timedelta(hours=1)
    return hours


def _floods(alarm_times: Sequence[datetime]) -> list[Flood]:
    """Runs of more than 10 alarms within 10 minutes, merged while they overlap."""
    floods: list[Flood] = []
    j = 0
    for i, begin in enumerate(alarm_times):
        while j < len(alarm_times) and alarm_times[j] - begin < FLOOD_WINDOW:
            j += 1
        if j - i > FLOOD_MORE_THAN:
            last = alarm_times[j - 1]
            if floods and begin <= floods[-1].end:
                merged_start = floods[-1].start
                floods.pop()
                count = sum(1 for t in alarm_times if merged_start <= t <= last)
                floods.append(Flood(merged_start, last, count))
            else:
                floods.append(Flood(begin, last, j - i))
    return floods


def _outages(tickets: Any, rules: set[str], start: datetime, end: datetime) -> list[FeedOutage]:
    found = []
    for t in tickets:
        assert isinstance(t, Ticket)
        if t.alarm_rule not in rules or t.created_at > end:
            continue
        cleared = None if t.alarm_active else t.alarm_cleared_at
        if cleared is not None and cleared < start:
            continue
        until = end if cleared is None else min(cleared, end)
        minutes = int((until - _clip(t.created_at, start, end)).total_seconds() // 60)
        found.append(
            FeedOutage(
                t.series or t.station or "-", t.alarm_rule or "", t.created_at, cleared, minutes
            )
        )
    found.sort(key=lambda o: (o.start, o.series))
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json(report: ShiftReport) -> dict[str, Any]:
    """The report as JSON-ready data (times UTC ISO 8601): ``report shift --json``."""
    data: dict[str, Any] = _plain(asdict(report))
    data["alarm_band"] = str(report.alarm_band)
    for hour in data["alarms_per_hour"]:
        hour["band"] = str(hour["band"])
    return data


# --- where reports are kept -------------------------------------------------------------
# Each report is a PDF (what is printed) beside its JSON (what the "Shift reports"
# window and the next sign-in read), named so a folder listing sorts by time.
REPORTS_FOLDER = "shift-reports"


@dataclass(frozen=True, slots=True)
class SavedReport:
    id: str
    json_path: Path
    pdf_path: Path
    workstation: str
    start: datetime
    end: datetime
    handed_over_by: str | None
    note: str


def reports_dir() -> Path:
    """``shift-reports`` in the user's data folder (platformdirs, paths.py)."""
    return paths.user_data_dir() / REPORTS_FOLDER


def report_stem(report: ShiftReport) -> str:
    end = report.end.astimezone(UTC)
    who = "".join(c for c in (report.handed_over_by or "console") if c.isalnum() or c in "-_")
    return f"shift-{end:%Y%m%dT%H%M%SZ}-{who or 'user'}-{report.id[:8]}"


def save_json(report: ShiftReport, folder: Path) -> Path:
    """Write the report's JSON beside where its PDF goes; the JSON's path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{report_stem(report)}.json"
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(to_json(report), ensure_ascii=False, indent=1), "utf-8")
    partial.replace(path)
    return path


def _time(value: object) -> datetime:
    return datetime.fromisoformat(str(value)).astimezone(UTC)


def saved_reports(folder: Path | None = None) -> list[SavedReport]:
    """The reports in ``folder`` (default :func:`reports_dir`), newest first; unreadable skipped."""
    folder = folder or reports_dir()
    found = []
    for path in folder.glob("shift-*.json"):
        try:
            data = json.loads(path.read_text("utf-8"))
            found.append(
                SavedReport(
                    str(data["id"]),
                    path,
                    path.with_suffix(".pdf"),
                    str(data["workstation"]),
                    _time(data["start"]),
                    _time(data["end"]),
                    data.get("handed_over_by"),
                    str(data.get("note") or ""),
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("shift report %s cannot be read; left out of the list", path)
    found.sort(key=lambda r: r.end, reverse=True)
    return found


def unread_handover(
    db: Database, reader: str, workstation: str, folder: Path | None = None
) -> SavedReport | None:
    """The newest report of this workstation someone else handed over, if ``reader`` has
    not confirmed reading it: what the next person to sign in is shown."""
    for saved in saved_reports(folder):
        if saved.workstation != workstation:
            continue
        if saved.handed_over_by == reader:
            return None  # their own handover is the newest: nothing new to read
        done = {r.reader for r in shifts.reads(db, saved.id)}
        return None if reader in done else saved
    return None


def default_period(
    db: Database, workstation: str, now: datetime, hours: float = 8.0
) -> tuple[datetime, datetime]:
    """The current (or last) duty period at the workstation; else the last ``hours``."""
    duty = shifts.last_duty(db, workstation)
    if duty is not None and duty.signed_in_at < now:
        return duty.signed_in_at, now if duty.signed_out_at is None else duty.signed_out_at
    return now - timedelta(hours=hours), now


_TIMES = {"start", "end", "generated_at", "at", "created_at", "deadline", "acknowledged_at", "hour"}


def _revive(cls: type[Any], data: Mapping[str, Any]) -> Any:
    values: dict[str, Any] = {
        k: (None if v is None else _time(v)) if k in _TIMES else v
        for k, v in data.items()
        if k in cls.__dataclass_fields__
    }
    if "band" in values:
        values["band"] = AlarmBand(values["band"])
    return cls(**values)


def from_json(data: Mapping[str, Any]) -> ShiftReport:
    """A saved report back (the sign-in dialog and the window show it again); ValueError if bad."""
    try:
        lists = {
            "on_duty": OnDuty,
            "counts": Count,
            "actions": Action,
            "open_items": OpenItem,
            "missed_acks": MissedAck,
            "alarms_per_hour": HourRate,
            "floods": Flood,
            "feed_outages": FeedOutage,
        }
        top: dict[str, Any] = {k: v for k, v in data.items() if k not in lists}
        top["alarm_band"] = AlarmBand(top["alarm_band"])
        for key in ("start", "end", "generated_at"):
            top[key] = _time(top[key])
        revived: dict[str, Any] = {
            k: [_revive(cls, item) for item in data.get(k, [])] for k, cls in lists.items()
        }
        return ShiftReport(**top, **revived)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a shift report: {exc}") from exc


def load(saved: SavedReport) -> ShiftReport:
    return from_json(json.loads(saved.json_path.read_text("utf-8")))
