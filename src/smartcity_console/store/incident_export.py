"""The incident list as filtered, written to CSV or XLSX for a report or a spreadsheet.

Qt-free: the panel passes its current query and the GUI's language, and
this module reads every matching ticket by keyset pages (never the whole
list in memory: an "all statuses" export of a million tickets streams),
in the list's order. Headers, severity and status words are in the UI
language (the same catalog the GUI reads); times are Rembang's local time
(WIB), named in the header, as the console shows them. XLSX is written by
XlsxWriter (pure Python, in ``constant_memory`` mode so rows stream to the
file), with times as real spreadsheet dates, not text.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from smartcity_console.core.clock import WIB
from smartcity_console.core.i18n import Language, Message
from smartcity_console.core.programs import program
from smartcity_console.store.queries import TicketQuery
from smartcity_console.store.records import Ticket
from smartcity_console.store.ticket_pages import PageKey

ExportFormat = Literal["csv", "xlsx"]
PAGE = 1000
_HEADERS = (
    Message.translate("IncidentExport", "ID"),
    Message.translate("IncidentExport", "Severity"),
    Message.translate("IncidentExport", "Status"),
    Message.translate("IncidentExport", "Title"),
    Message.translate("IncidentExport", "Program"),
    Message.translate("IncidentExport", "Station"),
    Message.translate("IncidentExport", "Assignee"),
    Message.translate("IncidentExport", "Created (WIB)"),
    Message.translate("IncidentExport", "Acknowledged (WIB)"),
    Message.translate("IncidentExport", "Updated (WIB)"),
    Message.translate("IncidentExport", "Description"),
)
# The list's own words (context "Incidents", gui/incidents/model.py), read without Qt.
_WORDS = {
    "critical": Message.translate("Incidents", "Critical"),
    "high": Message.translate("Incidents", "High"),
    "medium": Message.translate("Incidents", "Medium"),
    "low": Message.translate("Incidents", "Low"),
    "new": Message.translate("Incidents", "New"),
    "acknowledged": Message.translate("Incidents", "Acknowledged"),
    "in_progress": Message.translate("Incidents", "In progress"),
    "resolved": Message.translate("Incidents", "Resolved"),
    "closed": Message.translate("Incidents", "Closed"),
}
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
Page = Callable[[TicketQuery, int, PageKey | None], list[tuple[Ticket, PageKey]]]


def headers(language: Language) -> list[str]:
    return [h.text(language) for h in _HEADERS]


def _local(moment: datetime | None) -> datetime | None:
    """Local (WIB) wall time, without a zone: what a spreadsheet cell can hold."""
    return None if moment is None else moment.astimezone(WIB).replace(tzinfo=None)


def row(ticket: Ticket, language: Language) -> list[Any]:
    """One ticket as the export's cells; times as local datetimes (None when unset)."""
    return [
        ticket.id,
        _WORDS[str(ticket.severity)].text(language),
        _WORDS[str(ticket.status)].text(language),
        ticket.title,
        program(ticket.program).label(language),
        ticket.station or "",
        ticket.assignee or "",
        _local(ticket.created_at),
        _local(ticket.acknowledged_at),
        _local(ticket.updated_at),
        ticket.description,
    ]


def tickets(page: Page, query: TicketQuery) -> Iterator[Ticket]:
    """Every ticket matching ``query``, in its order, a keyset page at a time."""
    after: PageKey | None = None
    while True:
        found = page(query, PAGE, after)
        yield from (t for t, _ in found)
        if len(found) < PAGE:
            return
        after = found[-1][1]


def export(
    page: Page, query: TicketQuery, path: Path, kind: ExportFormat, language: Language
) -> int:
    """Write the tickets of ``query`` to ``path``; returns how many rows were written.

    Written to a temporary name and renamed at the end, so a failed export
    never leaves half a file where the user expects a whole one.
    """
    partial = path.with_name(path.name + ".partial")
    try:
        count = (_write_csv if kind == "csv" else _write_xlsx)(
            partial, headers(language), (row(t, language) for t in tickets(page, query))
        )
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return count


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(TIME_FORMAT)
    return str(value)


def _write_csv(path: Path, header: list[str], rows: Iterator[list[Any]]) -> int:
    count = 0
    # utf-8-sig: spreadsheet programs then read "Kécamatan" as written.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for cells in rows:
            writer.writerow([_cell_text(c) for c in cells])
            count += 1
    return count


def _write_xlsx(path: Path, header: list[str], rows: Iterator[list[Any]]) -> int:
    import xlsxwriter  # only when exporting: the console starts without it

    count = 0
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    try:
        sheet = book.add_worksheet()
        bold = book.add_format({"bold": True})
        when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        sheet.write_row(0, 0, header, bold)
        for r, cells in enumerate(rows, start=1):
            for c, value in enumerate(cells):
                if isinstance(value, datetime):
                    sheet.write_datetime(r, c, value, when)
                elif value is not None:
                    sheet.write_string(r, c, str(value))
            count += 1
        sheet.freeze_panes(1, 0)
    finally:
        book.close()
    return count
