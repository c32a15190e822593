"""``smartcity-console report shift``: the shift handover report from the command line.

The figures come from the console's own local database (the same as the
"Shift reports" window), so a supervisor can print last night's report at
the workstation, or a script can read ``--json``. The PDF needs Qt's text
document, which lives in gui/: this module builds the report without Qt and
the command line hands it to the writer it was given (cli.py imports gui/
only then), so ``--json`` runs on a machine without a display.

Times without an offset are WIB (as ``simulate --start``). Without ``--from``
and ``--to`` the period is this workstation's current or last duty period
(else the last 8 hours). Without ``--out`` the PDF goes to the data folder's
``shift-reports``; its path is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from smartcity_console.config import load_config
from smartcity_console.console import shift_report
from smartcity_console.console.shift_report import ShiftReport
from smartcity_console.core.alarm_rules import StaleRule
from smartcity_console.core.clock import parse_time
from smartcity_console.store import StoreError, default_database_path, open_database

PdfWriter = Callable[[ShiftReport, Path], Path]


def _time(text: str) -> datetime:
    try:
        return datetime.fromtimestamp(parse_time(text), UTC)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = subparsers.add_parser("report", help="printable reports from the local journal")
    kinds = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    shift = kinds.add_parser(
        "shift",
        help="the shift handover report: on duty, incidents, open items, alarm rate, feeds",
        description=(
            "Write the shift handover report of a period as an A4 PDF (default: this "
            "workstation's current or last duty period), or print its figures as JSON. "
            "Times are ISO 8601 or epoch seconds; without an offset, WIB."
        ),
    )
    shift.add_argument("--from", dest="start", type=_time, metavar="ISO", help="period start")
    shift.add_argument("--to", dest="end", type=_time, metavar="ISO", help="period end")
    shift.add_argument("--out", type=Path, metavar="FILE.pdf", help="where to write the PDF")
    shift.add_argument(
        "--json", action="store_true", help="print the figures as JSON instead (no display needed)"
    )
    shift.add_argument("--database", type=Path, help="the console's incident database")


def build(args: argparse.Namespace, now: datetime | None = None) -> ShiftReport:
    """The report the arguments ask for (config for the workstation, rules and deadlines)."""
    config = load_config(args.config)
    now = now or datetime.now(UTC)
    db = open_database(args.database or config.incidents.database or default_database_path())
    try:
        start, end = shift_report.default_period(db, config.workstation, now)
        start = args.start or start
        end = args.end or (now if args.start else end)
        return shift_report.build(
            db,
            start=start,
            end=end,
            workstation=config.workstation,
            stale_rules=[r.id for r in config.alarms if isinstance(r, StaleRule)],
            deadlines=config.incidents.deadlines(),
            now=now,
        )
    finally:
        db.close()


def run(args: argparse.Namespace, write_pdf: PdfWriter | None = None) -> int:
    """Print the JSON, or write the PDF with ``write_pdf`` (cli.py passes gui's)."""
    try:
        report = build(args)
    except (StoreError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(shift_report.to_json(report), ensure_ascii=False, indent=1))
        return 0
    assert write_pdf is not None, "cli.py passes the PDF writer unless --json"
    folder = shift_report.reports_dir()
    out = args.out or folder / f"{shift_report.report_stem(report)}.pdf"
    if args.out is None:
        shift_report.save_json(report, folder)  # listed in the "Shift reports" window
    print(write_pdf(report, out))
    return 0
