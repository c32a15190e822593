"""Exporting the incident list as filtered: CSV and XLSX, in the UI language, local times."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from pytestqt.qtbot import QtBot

from smartcity_console.core.incidents import Action, Role, Severity
from smartcity_console.gui import i18n
from smartcity_console.gui.incidents.dock import IncidentsPanel
from smartcity_console.store import Database, IncidentRepository
from smartcity_console.store.clients import client_id_for
from tests.support.clock import T0, Clock

DESK = "ruang-komando-1"
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@pytest.fixture
def supervisor(db: Database, clock: Clock) -> IncidentRepository:
    return IncidentRepository(
        db, "sari", Role.SUPERVISOR, DESK, client_id_for(db, "sari", DESK), clock=clock
    )


@pytest.fixture
def indonesian() -> Iterator[None]:
    i18n.set_language("id")
    yield
    i18n.set_language("en")


def _panel(qtbot: QtBot, repo: IncidentRepository, clock: Clock) -> IncidentsPanel:
    panel = IncidentsPanel(repo, Role.SUPERVISOR, "sari", clock=clock)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: not panel.model.loading)
    return panel


def _export(qtbot: QtBot, panel: IncidentsPanel, path: Path, kind: str) -> list[object]:
    with qtbot.waitSignal(panel.exporter.finished, timeout=20_000) as done:
        panel.exporter.start(panel.model.query, path, kind)  # type: ignore[arg-type]
    assert done.args is not None
    return list(done.args)


def _xlsx_rows(path: Path) -> list[list[str]]:
    """The first sheet's cells as text, read with zipfile and XML (not the writer's code)."""
    with zipfile.ZipFile(path) as book:
        shared = []
        if "xl/sharedStrings.xml" in book.namelist():
            root = ET.fromstring(book.read("xl/sharedStrings.xml"))  # noqa: S314 (our own file)
            shared = ["".join(t.text or "" for t in si.iter(f"{{{_NS['m']}}}t")) for si in root]
        sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))  # noqa: S314
    rows = []
    for row in sheet.iterfind(".//m:sheetData/m:row", _NS):
        cells = []
        for cell in row.iterfind("m:c", _NS):
            kind = cell.get("t")
            if kind == "inlineStr":
                cells.append("".join(t.text or "" for t in cell.iter(f"{{{_NS['m']}}}t")))
                continue
            value = cell.findtext("m:v", "", _NS)
            cells.append(shared[int(value)] if kind == "s" else value)
        rows.append(cells)
    return rows


def _excel_days(moment_text: str) -> float:
    """A WIB wall time as the serial day number a spreadsheet stores."""
    moment = datetime.strptime(moment_text, "%Y-%m-%d %H:%M:%S")
    return (moment - datetime(1899, 12, 30)).total_seconds() / 86400


def test_csv_and_xlsx_hold_the_filtered_rows_with_localized_headers_and_local_times(
    qtbot: QtBot,
    supervisor: IncidentRepository,
    clock: Clock,
    tmp_path: Path,
    indonesian: None,
) -> None:
    flood = supervisor.create("Banjir di Kécamatan Lasem", "environment", Severity.HIGH)
    supervisor.create("Antrean di MPP", "governance", Severity.LOW)
    done = supervisor.create("Harga cabai naik", "economy", Severity.CRITICAL)
    supervisor.transition(done.id, Action.CLOSE, reason="duplicate")
    panel = _panel(qtbot, supervisor, clock)
    bar = panel.filters
    with qtbot.waitSignal(bar.query_changed):
        bar.program.setCurrentIndex(bar.program.findText("Lingkungan"))
    qtbot.waitUntil(lambda: not panel.model.loading and panel.model.total == 1)

    path, count, error = _export(qtbot, panel, tmp_path / "insiden.csv", "csv")
    assert (count, error) == (1, "")
    with Path(str(path)).open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source))
    header = rows[0]
    assert header[:4] == ["ID", "Keparahan", "Status", "Judul"]
    assert "Dibuat (WIB)" in header
    assert len(rows) == 2  # only the filtered ticket
    cells = dict(zip(header, rows[1], strict=True))
    assert cells["ID"] == flood.id
    assert cells["Judul"] == "Banjir di Kécamatan Lasem"
    assert (cells["Keparahan"], cells["Status"], cells["Program"]) == (
        "Tinggi",
        "Baru",
        "Lingkungan",
    )
    # Times are Rembang's wall clock (WIB, UTC+7), not UTC.
    assert flood.created_at == T0
    assert cells["Dibuat (WIB)"] == _wib(T0) == "2025-11-28 10:00:00"

    path, count, error = _export(qtbot, panel, tmp_path / "insiden.xlsx", "xlsx")
    assert (count, error) == (1, "")
    sheet = _xlsx_rows(Path(str(path)))
    assert sheet[0][:4] == ["ID", "Keparahan", "Status", "Judul"]
    assert len(sheet) == 2
    row = dict(zip(sheet[0], sheet[1], strict=False))
    assert row["ID"] == flood.id
    assert row["Judul"] == "Banjir di Kécamatan Lasem"
    assert float(row["Dibuat (WIB)"]) == pytest.approx(_excel_days(_wib(flood.created_at)))
    assert not list(tmp_path.glob("*.partial"))  # written aside, then renamed


def _wib(moment: datetime) -> str:
    return moment.astimezone(timezone(timedelta(hours=7))).strftime("%Y-%m-%d %H:%M:%S")


def test_an_export_asked_for_as_the_last_one_finishes_is_not_dropped(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock, tmp_path: Path
) -> None:
    """A full run timed out waiting for the second of two exports: the exporter was
    freed by a slot that ran after the listener's, which had started the next one."""
    supervisor.create("Banjir di Kécamatan Lasem", "environment", Severity.HIGH)
    panel = _panel(qtbot, supervisor, clock)
    finished: list[str] = []
    started: list[bool] = []

    def next_one(path: str, _count: int, _error: str) -> None:
        finished.append(path)
        if len(finished) == 1:  # as a user clicks again the moment the first is done
            started.append(panel.exporter.start(panel.model.query, tmp_path / "b.xlsx", "xlsx"))

    panel.exporter.finished.connect(next_one)
    assert panel.exporter.start(panel.model.query, tmp_path / "a.csv", "csv")
    qtbot.waitUntil(lambda: len(finished) == 2)
    assert started == [True]
    assert finished == [str(tmp_path / "a.csv"), str(tmp_path / "b.xlsx")]
    assert (tmp_path / "b.xlsx").stat().st_size > 0
