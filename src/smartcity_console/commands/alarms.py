"""``smartcity-console alarms check``: a dry run of the alarm rules over recorded readings.

An installer tuning thresholds, or a test, replays readings recorded from the
field (the JSON lines ``decode`` prints: ``series``, ``t``, ``value``,
``unit``) through the configured rules, optionally with a console restart
(``--restart-at``) and an outage of the console's broker link
(``--link-down FROM TO``), and sees the incidents the console would raise
and clear, as JSON lines: ``id``, ``rule``, ``series``, ``severity``,
``raised_at``, ``cleared_at`` (null while the alarm is still active at the
end of the readings).

It runs the console's own code: the same alarm engine, the same link watch
and the same recorder (restore on restart, attach to an open incident), over
an in-memory incident store instead of the SQLite one. The clock is the
readings' own: each reading arrives at its time, in file order (a reading
older than one before it arrives late, as it would). During a link outage the
console receives nothing; what was published meanwhile arrives when the link
comes back, in order, as a persistent session delivers it. Ticks (stale
rules, the link incident) happen whenever something can fire, on whole
seconds, as the console's once-a-second timer would.

Bad input is one line, ``error: line 17: ...``, exit status 1; nothing is
printed on stdout then.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smartcity_console.config import AppConfig, load_config
from smartcity_console.console.alarm_incidents import AlarmRecorder, DryRunIncident, MemoryTickets
from smartcity_console.core.alarm_engine import AlarmEngine
from smartcity_console.core.clock import parse_time
from smartcity_console.core.link_outage import LinkWatch
from smartcity_console.core.readings import Reading

_MAX_IDLE_TICKS = 3  # ticks in a row that change nothing before a replay step gives up


class _InputError(Exception):
    """A problem with the readings file; one line for the user."""


def _time(text: str) -> float:
    """Epoch seconds, or ISO 8601; a time without offset is WIB (as ``simulate --start``)."""
    try:
        return parse_time(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``alarms check``; the caller dispatches to :func:`run`."""
    alarms = subparsers.add_parser("alarms", help="work with the alarm rules of the config")
    actions = alarms.add_subparsers(dest="alarms_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="run the rules over recorded readings and print the incidents they raise",
        description=(
            "Run the config's alarm rules over recorded readings (JSON lines as 'decode' "
            'prints them: {"series", "t", "value", "unit"}) and print each incident the '
            'console would raise as a JSON line: {"id", "rule", "series", "severity", '
            '"raised_at", "cleared_at"}. Times are ISO 8601 or epoch seconds; without an '
            "offset, WIB."
        ),
    )
    # Also accepted after the action (alarms check --config FILE); SUPPRESS keeps a
    # --config given before the command when this one is absent.
    check.add_argument(
        "--config", type=Path, default=argparse.SUPPRESS, help="config file with the rules"
    )
    check.add_argument(
        "--readings", type=Path, required=True, metavar="FILE.jsonl", help="recorded readings"
    )
    check.add_argument(
        "--restart-at",
        type=_time,
        metavar="TIME",
        help="the console restarts at this time (its alarm state comes back from its incidents)",
    )
    check.add_argument(
        "--link-down",
        type=_time,
        nargs=2,
        metavar=("FROM", "TO"),
        help="the console's broker link is down from FROM to TO",
    )


def run(args: argparse.Namespace) -> int:
    """``alarms check``: 0 with the incidents on stdout, 1 on bad readings, 2 on bad options."""
    link_down: tuple[float, float] | None = None
    if args.link_down is not None:
        start, end = args.link_down
        if not end > start:
            return _fail("--link-down: TO must be after FROM", 2)
        link_down = (start, end)
    config = load_config(getattr(args, "config", None))
    try:
        readings = list(_read(args.readings))
    except _InputError as exc:
        return _fail(str(exc))
    if not readings:
        return _fail(f"{args.readings}: no readings in the file")
    replay = Replay(config, restart_at=args.restart_at, link_down=link_down)
    incidents = replay.run(readings)
    for incident in incidents:
        print(json.dumps(_line(incident)))
    active = sum(1 for incident in incidents if incident.active)
    print(
        f"{len(incidents)} incident(s), {active} still active, from {len(readings)} reading(s)",
        file=sys.stderr,
    )
    return 0


def _fail(message: str, code: int = 1) -> int:
    print("error: " + " ".join(message.split()), file=sys.stderr)
    return code


def _iso(t: float | None) -> str | None:
    return None if t is None else datetime.fromtimestamp(t, UTC).isoformat()


def _line(incident: DryRunIncident) -> dict[str, Any]:
    return {
        "id": incident.id,
        "rule": incident.rule,
        "series": incident.series,
        "severity": incident.severity,
        "raised_at": _iso(incident.raised_at),
        "cleared_at": None if incident.active else _iso(incident.cleared_at),
    }


def _read(path: Path) -> Iterator[Reading]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _InputError(f"cannot read {path}: {exc}") from None
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield _reading(line)
            except _InputError as exc:
                raise _InputError(f"line {number}: {exc}") from None


def _reading(line: str) -> Reading:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _InputError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise _InputError("not valid JSON (nested too deeply)") from None
    if not isinstance(data, dict):
        raise _InputError('expected an object {"series", "t", "value", "unit"}')
    series = data.get("series")
    if not isinstance(series, str) or not series:
        raise _InputError("'series' must be a non-empty string")
    return Reading(series, _reading_time(data.get("t")), _value(data.get("value")), _unit(data))


def _reading_time(raw: object) -> float:
    if raw is None:
        raise _InputError(
            "'t' is missing or null: a dry run needs each reading's time "
            "(decode prints null for a payload without one)"
        )
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if math.isfinite(raw):
            return float(raw)
    elif isinstance(raw, str):
        with contextlib.suppress(ValueError):
            return parse_time(raw)
    raise _InputError(f"'t' must be epoch seconds or an ISO 8601 time, not {raw!r}")


def _value(raw: object) -> float:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        with contextlib.suppress(OverflowError):
            value = float(raw)
            if math.isfinite(value):
                return value
    raise _InputError(f"'value' must be a finite number, not {raw!r}")


def _unit(data: dict[str, Any]) -> str | None:
    unit = data.get("unit")
    if unit is None or isinstance(unit, str):
        return unit or None
    raise _InputError(f"'unit' must be a string or null, not {unit!r}")


@dataclass(frozen=True, slots=True)
class _Step:
    """A change of the console's situation at ``at``: the link goes down or up, a restart."""

    at: float
    kind: str  # "down", "up" or "restart"


class Replay:
    """The console's alarm path over recorded readings, on the readings' clock."""

    def __init__(
        self,
        config: AppConfig,
        *,
        restart_at: float | None = None,
        link_down: tuple[float, float] | None = None,
    ) -> None:
        self.config = config
        self.tickets = MemoryTickets(clock=lambda: self._now)
        steps = []
        if link_down is not None:
            steps += [_Step(link_down[0], "down"), _Step(link_down[1], "up")]
        if restart_at is not None:
            steps.append(_Step(restart_at, "restart"))
        self._steps = deque(sorted(steps, key=lambda step: step.at))
        self._link_up = True
        self._held: list[Reading] = []  # published while the link was down
        self._now = -math.inf

    def _start(self, now: float) -> tuple[AlarmEngine, AlarmRecorder]:
        """A console (re)starting at ``now``: a fresh engine, its state back from the tickets."""
        config = self.config
        settings = config.outage.settings(config.workstation)
        link = LinkWatch(settings, now, up=self._link_up)
        engine = AlarmEngine(config.alarms, link=link)
        recorder = AlarmRecorder(
            self.tickets, config.alarms, config.language, link_grace_s=config.outage.grace_s
        )
        recorder.restore(engine, now)
        return engine, recorder

    def run(self, readings: list[Reading]) -> list[DryRunIncident]:
        """Every incident raised, in the order raised, with its final alarm state."""
        first = readings[0].t if readings[0].t is not None else 0.0
        if self._steps:
            first = min(first, self._steps[0].at)
        self._now = first
        self.engine, self.recorder = self._start(first)  # the console starts, link up
        for reading in readings:
            t = reading.t if reading.t is not None else self._now
            self._until(max(t, self._now))
            if self._link_up:
                self._deliver([reading], max(t, self._now))
            else:
                self._held.append(reading)
        end = max(self._now, self._steps[-1].at if self._steps else self._now)
        self._until(end)
        return sorted(self.tickets.incidents.values(), key=lambda i: (i.raised_at, i.id))

    def _until(self, t: float) -> None:
        """Let time pass up to ``t``: ticks where something is due, and the steps on the way."""
        while self._steps and self._steps[0].at <= t:
            step = self._steps.popleft()
            self._tick_until(step.at)
            self._now = max(self._now, step.at)
            self._apply(step)
        self._tick_until(t)
        self._now = max(self._now, t)

    def _apply(self, step: _Step) -> None:
        now = self._now
        if step.kind == "restart":
            self.engine, self.recorder = self._start(now)
            return
        self._link_up = step.kind == "up"
        events = self.engine.observe_link(self._link_up, now, "alarms check --link-down")
        self._record(events)
        if self._link_up and self._held:
            held, self._held = self._held, []
            self._deliver(held, now)

    def _tick_until(self, t: float) -> None:
        idle = 0
        while (due := self.engine.next_tick_due()) is not None and due <= t:
            # On the next whole second, as the console's timer ticks; never before `due`.
            at = min(float(math.floor(due) + 1), t) if due < t else t
            self._now = max(self._now, at)
            events = self.engine.tick(at)
            self._record(events)
            idle = 0 if events else idle + 1
            if idle >= _MAX_IDLE_TICKS or at >= t:
                break

    def _deliver(self, readings: list[Reading], arrival: float) -> None:
        self._now = max(self._now, arrival)
        self._record(self.engine.evaluate(readings, arrival))

    def _record(self, events: list[Any]) -> None:
        if events:
            self.recorder.record(deque(events))
