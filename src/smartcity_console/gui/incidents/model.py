"""The incident list as a lazy table model over :class:`IncidentRepository`.

A console keeps years of tickets, so the model never loads them all: it asks
the repository for one page (``TicketQuery.limit``/``offset``) when the view
scrolls near the end (``canFetchMore``/``fetchMore``), and filtering and
sorting happen in SQL. :meth:`IncidentListModel.refresh` re-reads the rows
already loaded, keeping each ticket's persistent index (so the selection
follows a ticket that moved), because other consoles' changes arrive through
the same database. How a ticket reads (labels, countdown, colours) is defined
here once, so the list, the detail pane and the dialogs say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from smartcity_console.core.clock import wib_text
from smartcity_console.core.incidents import (
    DEFAULT_ACK_DEADLINES,
    Severity,
    Status,
    utc_now,
)
from smartcity_console.core.programs import program
from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import QT_TRANSLATE_NOOP, translate
from smartcity_console.gui.table_model import Index as Index  # re-exported: the views type with it
from smartcity_console.gui.table_model import RowTableModel
from smartcity_console.store import IncidentRepository, SortKey, StoreError, Ticket, TicketQuery

# The countdown sits next to the severity: the two things read first at a glance.
SEVERITY, COUNTDOWN, STATUS, TITLE, STATION, PROGRAM, CREATED, ASSIGNEE = range(8)
COLUMN_COUNT = 8
PAGE_SIZE = 100
TICKET_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # str: the ticket's id
ESCALATED_ROLE = Qt.ItemDataRole.UserRole + 2  # bool: past its acknowledgement deadline
TICKET_ROLE = Qt.ItemDataRole.UserRole + 3  # Ticket: the frozen record behind the row

_CONTEXT = "Incidents"
_HEADERS = (
    QT_TRANSLATE_NOOP("Incidents", "Severity"),
    QT_TRANSLATE_NOOP("Incidents", "Acknowledge within"),
    QT_TRANSLATE_NOOP("Incidents", "Status"),
    QT_TRANSLATE_NOOP("Incidents", "Title"),
    QT_TRANSLATE_NOOP("Incidents", "Station"),
    QT_TRANSLATE_NOOP("Incidents", "Program"),
    QT_TRANSLATE_NOOP("Incidents", "Created"),
    QT_TRANSLATE_NOOP("Incidents", "Assignee"),
)
# Columns the database can sort by; the others keep the current order.
SORT_KEYS: Mapping[int, SortKey] = {
    SEVERITY: SortKey.SEVERITY,
    STATUS: SortKey.STATUS,
    TITLE: SortKey.TITLE,
    CREATED: SortKey.CREATED,
    COUNTDOWN: SortKey.PRIORITY,
}

# --- how a ticket reads, shared by the list, the detail pane and the dialogs ----------

# The status words match core's refusal sentences (translated in the .ts files).
_SEVERITY_TEXT = {
    Severity.CRITICAL: QT_TRANSLATE_NOOP("Incidents", "Critical"),
    Severity.HIGH: QT_TRANSLATE_NOOP("Incidents", "High"),
    Severity.MEDIUM: QT_TRANSLATE_NOOP("Incidents", "Medium"),
    Severity.LOW: QT_TRANSLATE_NOOP("Incidents", "Low"),
}
_STATUS_TEXT = {
    Status.NEW: QT_TRANSLATE_NOOP("Incidents", "New"),
    Status.ACKNOWLEDGED: QT_TRANSLATE_NOOP("Incidents", "Acknowledged"),
    Status.IN_PROGRESS: QT_TRANSLATE_NOOP("Incidents", "In progress"),
    Status.RESOLVED: QT_TRANSLATE_NOOP("Incidents", "Resolved"),
    Status.CLOSED: QT_TRANSLATE_NOOP("Incidents", "Closed"),
}
# (background, text) per severity: a solid chip that reads from across the room and
# keeps its meaning in the word itself for colour-blind eyes.
SEVERITY_COLOURS: Mapping[Severity, tuple[QColor, QColor]] = {
    Severity.CRITICAL: (QColor("#FF4D4F"), QColor("#000000")),
    Severity.HIGH: (QColor("#FF9F1C"), QColor("#000000")),
    Severity.MEDIUM: (QColor("#F2CC60"), QColor("#000000")),
    Severity.LOW: (QColor("#8B949E"), QColor("#000000")),
}
ESCALATED_BG = QColor("#5C0F14")  # a deep red row: past its deadline, still not acknowledged
ESCALATED_FG = QColor("#FFFFFF")
SOON = timedelta(minutes=5)  # a countdown this close to its deadline turns amber
SOON_FG = QColor("#F2CC60")


def severity_text(severity: Severity) -> str:
    return translate(_CONTEXT, _SEVERITY_TEXT[severity])


def status_text(status: Status) -> str:
    return translate(_CONTEXT, _STATUS_TEXT[status])


def duration_text(seconds: float) -> str:
    """``04:59`` under an hour, else ``6 h 25 min`` (``6 j 25 m``), ``3 d 4 h``: never negative.

    Hours are spelt out because ``6:25:00`` reads as a clock time at 3 a.m.
    """
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours >= 48:
        return translate("Incidents", "{days} d {hours} h").format(
            days=hours // 24, hours=hours % 24
        )
    if hours:
        return translate("Incidents", "{hours} h {minutes} min").format(
            hours=hours, minutes=f"{minutes:02d}"
        )
    return f"{minutes:02d}:{secs:02d}"


def countdown_text(left: timedelta | None, long: bool = False) -> str:
    """Time left to acknowledge; ``⚠ ESCALATED +03:12`` once the deadline passed."""
    if left is None:
        return translate("Incidents", "No acknowledgement pending") if long else "—"
    seconds = left.total_seconds()
    if seconds > 0:
        text = duration_text(seconds)
        return translate("Incidents", "Acknowledge within {}").format(text) if long else text
    late = duration_text(seconds)
    if long:
        return translate("Incidents", "ESCALATED: acknowledgement overdue by {}").format(late)
    return "⚠ " + translate("Incidents", "ESCALATED +{}").format(late)


_CLOSED_FG = QColor("#8B949E")
_CENTRE = int(Qt.AlignmentFlag.AlignCenter.value)


class IncidentListModel(RowTableModel[Ticket]):
    """Tickets matching a :class:`TicketQuery`, loaded a page at a time.

    Signals:
        total_changed(int): how many tickets match the query (all pages) changed.
        load_failed(str): the database could not be read; the sentence says why.
    """

    total_changed = Signal(int)
    load_failed = Signal(str)

    def __init__(
        self,
        repository: IncidentRepository,
        *,
        query: TicketQuery | None = None,
        deadlines: Mapping[Severity, timedelta] = DEFAULT_ACK_DEADLINES,
        clock: Callable[[], datetime] = utc_now,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(_CONTEXT, _HEADERS, parent)
        self._repository = repository
        self._deadlines = deadlines
        self._clock = clock
        self._page_size = max(1, page_size)
        self._query = TicketQuery()
        self._total = 0
        self._now = clock()
        self._bold = QFont()
        self._bold.setBold(True)
        self.set_query(query or TicketQuery())

    @property
    def query(self) -> TicketQuery:
        return self._query

    @property
    def total(self) -> int:
        """Tickets matching the query, loaded or not."""
        return self._total

    def ticket(self, row: int) -> Ticket | None:
        return self.item(row)

    def row_of(self, ticket_id: str) -> int | None:
        return next((r for r, t in enumerate(self._rows) if t.id == ticket_id), None)

    def set_query(self, query: TicketQuery) -> None:
        """Show another filter or order: start again from the first page."""
        self.beginResetModel()
        self._query = replace(query, limit=None, offset=0)
        self._now = self._clock()
        self._rows = self._read(self._page_size, 0) or []
        total = self._count()
        self._total = len(self._rows) if total is None else total
        self.endResetModel()
        self.total_changed.emit(self._total)

    def refresh(self) -> None:
        """Re-read the loaded rows (at least one page); tickets keep their persistent index."""
        self._now = self._clock()
        new = self._read(max(len(self._rows), self._page_size), 0)
        total = self._count()
        if new is None or total is None:
            return
        if [t.id for t in new] == [t.id for t in self._rows]:
            self._rows = new
            self.repaint_rows()
        else:
            self._reorder(new)
        if total != self._total:
            self._total = total
            self.total_changed.emit(total)

    def _reorder(self, new: list[Ticket]) -> None:
        """Append what is new, move rows to their new places, drop what left the window."""
        root = QModelIndex()
        known = {t.id for t in self._rows}
        arrivals = [t for t in new if t.id not in known]
        if arrivals:
            start = len(self._rows)
            self.beginInsertRows(root, start, start + len(arrivals) - 1)
            self._rows = self._rows + arrivals
            self.endInsertRows()
        kept = {t.id for t in new}
        leaving = [t for t in self._rows if t.id not in kept]
        target = new + leaving
        where = {t.id: r for r, t in enumerate(target)}
        self.layoutAboutToBeChanged.emit()
        moves_from, moves_to = [], []
        for index in self.persistentIndexList():
            ticket = self.ticket(index.row())
            if ticket is not None:
                moves_from.append(QModelIndex(index))
                moves_to.append(self.index(where[ticket.id], index.column()))
        self._rows = target
        self.changePersistentIndexList(moves_from, moves_to)
        self.layoutChanged.emit()
        if leaving:
            self.beginRemoveRows(root, len(new), len(target) - 1)
            self._rows = new
            self.endRemoveRows()

    def _read(self, limit: int, offset: int) -> list[Ticket] | None:
        try:
            return self._repository.list(replace(self._query, limit=limit, offset=offset))
        except StoreError as exc:
            self.load_failed.emit(str(exc))
            return None

    def _count(self) -> int | None:
        try:
            return self._repository.count(self._query)
        except StoreError as exc:
            self.load_failed.emit(str(exc))
            return None

    # --- lazy loading --------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid():
            return
        page = self._read(self._page_size, len(self._rows))
        known = {t.id for t in self._rows}
        page = [t for t in page or [] if t.id not in known]  # a ticket that moved up meanwhile
        if not page:
            self._total = len(self._rows)  # the rest vanished (another console closed them)
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in the database; columns SQL cannot order by keep the current order."""
        key = SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self._query.sort, self._query.descending):
            self.set_query(replace(self._query, sort=key, descending=descending))

    # --- Qt's table interface (rows, columns and headers: RowTableModel) -------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        ticket = self.item_at(index)
        if ticket is None:
            return None
        column = index.column()
        escalated = ticket.escalated(self._now, self._deadlines)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(ticket, column)
        if role == TICKET_ID_ROLE:
            return ticket.id
        if role == ESCALATED_ROLE:
            return escalated
        if role == TICKET_ROLE:
            return ticket
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(ticket)
        if role == Qt.ItemDataRole.FontRole:
            awaiting = ticket.status is Status.NEW
            return self._bold if awaiting or column in (SEVERITY, COUNTDOWN) else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == SEVERITY and ticket.status is not Status.CLOSED:
                return SEVERITY_COLOURS[ticket.severity][0]
            return ESCALATED_BG if escalated else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == SEVERITY and ticket.status is not Status.CLOSED:
                return SEVERITY_COLOURS[ticket.severity][1]
            if escalated:
                return ESCALATED_FG
            left = ticket.ack_time_left(self._now, self._deadlines) if column == COUNTDOWN else None
            if left is not None and left <= SOON:
                return SOON_FG
            return _CLOSED_FG if ticket.status in (Status.CLOSED, Status.RESOLVED) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SEVERITY, COUNTDOWN):
            return _CENTRE
        return None

    def _display(self, ticket: Ticket, column: int) -> str:
        if column == SEVERITY:
            return severity_text(ticket.severity).upper()
        if column == STATUS:
            return status_text(ticket.status)
        if column == TITLE:
            return ticket.title
        if column == PROGRAM:
            return program(ticket.program).label(i18n.current_language())
        if column == STATION:
            return ticket.station or "—"
        if column == CREATED:
            return wib_text(ticket.created_at, self._now)
        if column == COUNTDOWN:
            return countdown_text(ticket.ack_time_left(self._now, self._deadlines))
        return ticket.assignee or "—"

    def _tooltip(self, ticket: Ticket) -> str:
        left = countdown_text(ticket.ack_time_left(self._now, self._deadlines), True)
        return "\n".join(
            line
            for line in (
                ticket.title,
                f"{severity_text(ticket.severity)} · {status_text(ticket.status)}",
                left,
                ticket.description[:300],
            )
            if line
        )
