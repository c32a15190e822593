"""``smartcity-console alarms check``: the rules over recorded readings, run as the real command.

The readings are what ``decode`` prints; each case writes them and a small
config to files and runs the command in a subprocess, as an installer would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from smartcity_console.core.incidents import alarm_incident_id
from smartcity_console.core.link_outage import LINK_RULE_ID, link_series

CLI = [sys.executable, "-m", "smartcity_console"]
T0 = 1_764_291_600.0  # 2025-11-28 08:00 WIB
RIVER = "rembang/environment/river_level/kali_babagan"
WIFI = [f"rembang/society/wifi_users/s{i}" for i in range(5)]
CONFIG = """
workstation = "ruang-komando-1"

[outage]
grace_s = 120
link_alarm_after_s = 60

[[alarms]]
id = "river-flood"
kind = "above"
series = "rembang/environment/river_level/+"
program = "environment"
severity = "critical"
threshold = 2.5
hysteresis = 0.2
min_duration_s = 120
message_id = "Banjir: {station} {value:.2f} {unit}"
message_en = "Flood: {station} {value:.2f} {unit}"

[[alarms]]
id = "stale-society"
kind = "stale"
series = "rembang/society/#"
program = "society"
severity = "medium"
after_s = 300
message_id = "Tidak ada data dari {station}"
message_en = "No data from {station}"
"""

Result = tuple[int, list[dict[str, Any]], str]
Check = Callable[..., Result]


def iso(t: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(t, UTC).isoformat()


def river(levels: Iterable[float], start: float = T0) -> list[dict[str, Any]]:
    """One river reading a minute, as ``decode`` prints them."""
    return [
        {"series": RIVER, "t": start + i * 60, "value": v, "unit": "m"}
        for i, v in enumerate(levels)
    ]


@pytest.fixture
def check(tmp_path: Path) -> Check:
    config = tmp_path / "console.toml"
    config.write_text(CONFIG, encoding="utf-8")

    def run(lines: Iterable[dict[str, Any] | str], *options: str) -> Result:
        readings = tmp_path / "readings.jsonl"
        text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
        readings.write_text(text + "\n", encoding="utf-8")
        argv = [*CLI, "alarms", "check", "--config", str(config), "--readings", str(readings)]
        done = subprocess.run(
            [*argv, *options], capture_output=True, text=True, timeout=120, check=False
        )
        incidents = [json.loads(line) for line in done.stdout.splitlines()]
        return done.returncode, incidents, done.stderr

    return run


FLOOD = [1.5] * 5 + [3.0] * 30 + [2.0] * 10  # in flood from minute 5 to minute 35


def test_a_flood_is_one_incident_raised_and_cleared(check: Check) -> None:
    code, incidents, err = check(river(FLOOD))
    assert code == 0, err
    start = T0 + 5 * 60
    assert incidents == [
        {
            "id": str(alarm_incident_id("river-flood", RIVER, start)),
            "rule": "river-flood",
            "series": RIVER,
            "severity": "critical",
            "raised_at": iso(start + 120),  # after the two-minute on-delay
            "cleared_at": iso(T0 + 35 * 60),
        }
    ]
    assert err == "1 incident(s), 0 still active, from 45 reading(s)\n"


def test_a_restart_during_the_flood_continues_the_same_incident(check: Check) -> None:
    _, alone, _ = check(river(FLOOD))
    code, restarted, err = check(river(FLOOD), "--restart-at", "2025-11-28T08:20:00+07:00")
    assert code == 0, err
    assert restarted == alone
    # Still open at the end of the readings: cleared_at is null.
    code, open_end, _ = check(river(FLOOD[:25]), "--restart-at", iso(T0 + 15 * 60))
    assert [(i["id"], i["cleared_at"]) for i in open_end] == [(alone[0]["id"], None)]


def wifi(minutes: range, topics: list[str] = WIFI) -> list[dict[str, Any]]:
    return [
        {"series": topic, "t": T0 + m * 60, "value": 10, "unit": "users"}
        for m in minutes
        for topic in topics
    ]


def test_a_link_outage_is_one_link_incident_instead_of_a_stale_flood(check: Check) -> None:
    # Five stations report every minute for an hour; the console's link is down
    # from minute 10 to minute 25 (15 minutes, three times the stale limit).
    readings = wifi(range(60))
    code, incidents, err = check(readings, "--link-down", iso(T0 + 600), iso(T0 + 1500))
    assert code == 0, err
    (link,) = incidents
    assert link == {
        "id": str(alarm_incident_id(LINK_RULE_ID, link_series("ruang-komando-1"), T0 + 600)),
        "rule": LINK_RULE_ID,
        "series": "$console/ruang-komando-1/broker",
        "severity": "high",
        "raised_at": iso(T0 + 600 + 60),  # once the link has been down for a minute
        "cleared_at": iso(T0 + 1500),
    }
    # Without the outage's suppression this would be five stale incidents:
    # the same silence with the link up is (the stations really are silent).
    silent = wifi(range(10)) + wifi(range(25, 60))
    code, stale, _ = check(silent)
    assert sorted(i["series"] for i in stale) == WIFI


def test_a_station_silent_while_the_others_talk_still_raises(check: Check) -> None:
    readings = wifi(range(10)) + wifi(range(10, 60), WIFI[1:]) + wifi(range(60, 61))
    code, incidents, err = check(readings, "--link-down", iso(T0 + 1800), iso(T0 + 1830))
    assert code == 0, err
    (stale,) = incidents  # a 30 s blip raises no link incident
    assert (stale["rule"], stale["series"]) == ("stale-society", WIFI[0])
    assert stale["raised_at"] == iso(T0 + 9 * 60 + 300)  # 300 s after its last reading
    assert stale["cleared_at"] == iso(T0 + 3600)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "error: line 3: not valid JSON (Expecting property name"),
        ('{"series": "a/b", "value": 1}', "error: line 3: 't' is missing or null"),
        ('{"series": "a/b", "t": "yesterday", "value": 1}', "error: line 3: 't' must be epoch"),
        ('{"series": "a/b", "t": 1764291600, "value": "high"}', "error: line 3: 'value' must"),
        ('{"t": 1764291600, "value": 1}', "error: line 3: 'series' must be a non-empty string"),
        ("[1, 2]", 'error: line 3: expected an object {"series", "t", "value", "unit"}'),
    ],
)
def test_bad_input_is_one_line_with_its_line_number(check: Check, line: str, message: str) -> None:
    good = json.dumps(river([1.0])[0])
    code, incidents, err = check([good, "", line, good])  # blank lines are skipped, counted
    assert code == 1
    assert incidents == []
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_bad_options_and_files_say_so(check: Check, tmp_path: Path) -> None:
    code, _, err = check(river([1.0]), "--link-down", iso(T0 + 60), iso(T0))
    assert (code, err) == (2, "error: --link-down: TO must be after FROM\n")
    code, _, err = check(river([1.0]), "--restart-at", "soon")
    assert code == 2
    assert "--restart-at: expected ISO 8601" in err
    missing = tmp_path / "nowhere.jsonl"
    done = subprocess.run(
        [*CLI, "alarms", "check", "--readings", str(missing)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: cannot read {missing}: ")
