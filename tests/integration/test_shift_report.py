"""The shift handover report (issue 16): a simulated shift with known events gives the right
figures in the model, in ``report shift --json`` (without a display) and in the PDF's text.

The shift is tests/support/shift.py; its docstring says what happened and so
what each figure must be.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from smartcity_console.console import shift_report
from smartcity_console.console.shift_report import AlarmBand
from smartcity_console.store import Database, shifts
from tests.support.shift import (
    END,
    FLOOD_ALARMS,
    NOTE,
    STALE_SERIES,
    START,
    WORKSTATION,
    simulate_shift,
)

CLI = [sys.executable, "-m", "smartcity_console"]
# WIB, as an operator types it (10:00-18:00 WIB is START-END).
PERIOD = ["--from", "2025-11-28T10:00", "--to", "2025-11-28T18:00"]
# The config the command reads: this workstation, its stale rule, English words.
CONFIG = f"""
language = "en"
workstation = "{WORKSTATION}"

[[alarms]]
id = "stale-governance"
kind = "stale"
series = "rembang/governance/#"
after_s = 600
severity = "low"
program = "governance"
message_id = "Data {{series}} berhenti"
message_en = "Feed {{series}} stopped"
"""


def _build(db: Database) -> shift_report.ShiftReport:
    return shift_report.build(
        db,
        start=START,
        end=END,
        workstation=WORKSTATION,
        stale_rules=["stale-governance"],
        handed_over_by="sari",
        note=NOTE,
        now=END,
    )


def _config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, "utf-8")
    return path


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, timeout=120, check=False, env=env
    )


def _check_figures(data: dict[str, Any]) -> None:
    """What tests/support/shift.py's docstring says the shift must show."""
    assert data["totals"] == {"raised": 14, "acknowledged": 1, "closed": 13, "reopened": 1}
    by = {(c["program"], c["severity"]): c for c in data["counts"]}
    assert by["environment", "critical"]["raised"] == FLOOD_ALARMS
    assert by["environment", "high"] == {
        "program": "environment",
        "severity": "high",
        "raised": 1,
        "acknowledged": 1,
        "closed": 1,
        "reopened": 1,
    }
    assert [o["title"] for o in data["open_items"]] == ["Antrean panjang di MPP"]
    item = data["open_items"][0]
    assert (item["assignee"], item["last_note"], item["age_minutes"]) == (
        "sari",
        "Menunggu petugas Dinas",
        450,
    )
    assert [m["title"] for m in data["missed_acks"]] == ["Antrean panjang di MPP"]
    assert data["alarm_total"] == FLOOD_ALARMS + 1
    assert [f["alarms"] for f in data["floods"]] == [FLOOD_ALARMS]
    assert [(o["series"], o["minutes"]) for o in data["feed_outages"]] == [(STALE_SERIES, 40)]
    assert [(d["username"], d["role"]) for d in data["on_duty"]] == [
        ("sari", "operator"),
        ("budi", "supervisor"),
    ]


def test_the_model_reports_the_simulated_shift(db: Database) -> None:
    simulate_shift(db)
    report = _build(db)
    _check_figures(shift_report.to_json(report))
    assert report.note == NOTE
    # 11 alarms in the 12:00 WIB hour: manageable; 12 in 8 hours on average: acceptable.
    assert [h.alarms for h in report.alarms_per_hour] == [0, 0, FLOOD_ALARMS, 1, 0, 0, 0, 0]
    assert report.alarms_per_hour[2].band is AlarmBand.MANAGEABLE
    assert report.alarm_band is AlarmBand.ACCEPTABLE
    who_did = {(a.author, a.action, a.title) for a in report.actions}
    assert ("budi", "reopened", "Banjir di Lasem") in who_did
    assert ("budi", "acknowledged", "Banjir di Lasem") in who_did


def test_a_period_before_the_events_reports_nothing_done(db: Database) -> None:
    simulate_shift(db)
    report = shift_report.build(
        db, start=START - timedelta(hours=8), end=START, workstation=WORKSTATION
    )
    assert report.actions == []
    assert report.alarm_total == 0
    assert report.open_items == []


def test_the_deadline_missed_is_gone_once_acknowledged_in_time(db: Database) -> None:
    """Without the missed-deadline rule the list would be empty or hold the flood alarms."""
    simulate_shift(db)
    report = shift_report.build(
        db, start=START, end=START + timedelta(minutes=80), workstation=WORKSTATION
    )
    assert report.missed_acks == []  # the queue's deadline (11:30 WIB) is after 11:20


def test_report_shift_json_needs_no_display(db: Database, path: Path, tmp_path: Path) -> None:
    simulate_shift(db)
    db.close()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["QT_QPA_PLATFORM"] = "no-such-platform"  # any use of Qt's GUI would fail
    done = _run(
        "report", "shift", "--json", *PERIOD, "--database", str(path),
        "--config", str(_config(tmp_path)), env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    _check_figures(json.loads(done.stdout))


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs poppler-utils (.ci/system-deps)"
)
def test_report_shift_pdf_holds_the_figures(db: Database, path: Path, tmp_path: Path) -> None:
    simulate_shift(db)
    db.close()
    out = tmp_path / "handover.pdf"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = _run(
        "report", "shift", *PERIOD, "--database", str(path), "--out", str(out),
        "--config", str(_config(tmp_path)), env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "PEMERINTAH KABUPATEN REMBANG" in text
    assert "Raised 14, acknowledged 1, closed 13, reopened 1." in text
    assert "Antrean panjang di MPP" in text
    assert "Menunggu petugas Dinas" in text
    assert "12 alarms, 1.5 an hour on average" in text
    # A long feed name wraps in its cell: compare without the white space.
    assert STALE_SERIES in "".join(text.split())
    assert "40 min" in text
    for name in ("sari", "budi"):
        assert name in text
    # The open item's age: 7 h 30 min at the end of the shift.
    assert "7 h 30 min" in text


def test_bad_period_is_one_line(tmp_path: Path, path: Path, db: Database) -> None:
    db.close()
    done = _run(
        "report", "shift", "--json", "--from", "2025-11-28T18:00", "--to", "2025-11-28T10:00",
        "--database", str(path), "--config", str(_config(tmp_path)),
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith("error: ")
    assert done.stdout == ""


def test_saved_reports_and_unread_handover(db: Database, tmp_path: Path) -> None:
    """The next person at the workstation is shown the newest handover until they confirm."""
    simulate_shift(db)
    report = _build(db)
    folder = tmp_path / "reports"
    shift_report.save_json(report, folder)
    [saved] = shift_report.saved_reports(folder)
    assert (saved.id, saved.handed_over_by, saved.note) == (report.id, "sari", NOTE)
    assert shift_report.unread_handover(db, "budi", WORKSTATION, folder) == saved
    assert shift_report.unread_handover(db, "sari", WORKSTATION, folder) is None
    assert shift_report.unread_handover(db, "budi", "another-ws", folder) is None
    shifts.record_read(db, report.id, "budi", WORKSTATION, END)
    assert shift_report.unread_handover(db, "budi", WORKSTATION, folder) is None
