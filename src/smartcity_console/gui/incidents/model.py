"""The incident list as a lazy table model over :class:`IncidentRepository`.

A console keeps years of tickets, so the model never loads them all: it
counts them (the scroll bar is the whole list) and holds a window of a few
pages around what the view shows, read by keyset (store/ticket_pages.py) on
the panel's worker thread (list_loader.py); filtering and sorting happen in
SQL. :meth:`IncidentListModel.refresh` re-reads the window, keeping each
ticket's persistent index (so the selection follows a ticket that moved),
because other consoles' changes arrive through the same database. How a
ticket reads (labels, countdown, colours) is defined here once, so the
list, the detail pane and the dialogs say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal
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
from smartcity_console.gui.incidents.list_loader import (
    ListLoader,
    ListRequest,
    ListSnapshot,
    read_window,
)
from smartcity_console.gui.table_model import Index as Index  # re-exported: the views type with it
from smartcity_console.gui.table_model import RowTableModel
from smartcity_console.store import IncidentRepository, SortKey, Ticket, TicketQuery, ticket_ids

# The countdown sits next to the severity: the two things read first at a glance.
SEVERITY, COUNTDOWN, STATUS, TITLE, STATION, PROGRAM, CREATED, ASSIGNEE = range(8)
COLUMN_COUNT = 8
PAGE_SIZE = 100
WINDOW_PAGES = 3  # rows held: a page above and below the one shown
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
    """Tickets matching a :class:`TicketQuery`: every row counted, a window of them held.

    ``rowCount`` is the number of matching tickets, so the scroll bar is the
    whole list; the model holds only a window of a few pages around what the
    view last asked for, and a row outside it reads as empty while the window
    moves there (keyset pages, store/ticket_pages.py). With a
    :class:`ListLoader` every read happens on its worker thread and answers
    arrive as :meth:`apply`; without one (tests, tools) reads are direct.

    Signals:
        total_changed(int): how many tickets match the query (all pages) changed.
        load_failed(str): the database could not be read; the sentence says why.
        counts_read(int, int): escalated and awaiting-acknowledgement counts, when asked.
        window_loaded(): a read was shown (rows may have moved).
    """

    total_changed = Signal(int)
    load_failed = Signal(str)
    counts_read = Signal(int, int)
    window_loaded = Signal()

    def __init__(
        self,
        repository: IncidentRepository,
        *,
        query: TicketQuery | None = None,
        deadlines: Mapping[Severity, timedelta] = DEFAULT_ACK_DEADLINES,
        clock: Callable[[], datetime] = utc_now,
        page_size: int = PAGE_SIZE,
        loader: ListLoader | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(_CONTEXT, _HEADERS, parent)
        self._repository = repository
        self._deadlines = deadlines
        self._clock = clock
        self._page_size = max(1, page_size)
        self._query = TicketQuery()
        self._total = 0
        self._first = 0  # the row number of _rows[0]
        self._generation = 0
        self._sequence = 0
        self._applied = (-1, -1)  # (generation, sequence) of the snapshot shown
        self._wanted_row: int | None = None
        self._now = clock()
        self._bold = QFont()
        self._bold.setBold(True)
        self._loader: ListLoader | None = None
        if loader is not None:
            self.set_loader(loader)
        self.set_query(query or TicketQuery())

    @property
    def query(self) -> TicketQuery:
        return self._query

    @property
    def total(self) -> int:
        """Tickets matching the query, loaded or not."""
        return self._total

    @property
    def window(self) -> tuple[int, int]:
        """(first row held, number of rows held): never more than a few pages."""
        return self._first, len(self._rows)

    @property
    def loading(self) -> bool:
        """A read asked for has not been shown yet (tests wait on it)."""
        if self._applied[0] == -1:
            return self._applied[1] < self._sequence
        return self._applied != (self._generation, self._sequence)

    @property
    def window_size(self) -> int:
        return WINDOW_PAGES * self._page_size

    def set_loader(self, loader: ListLoader) -> None:
        """Read off the GUI thread from now on (the panel's)."""
        self._loader = loader
        loader.loaded.connect(self.apply)

    def ticket(self, row: int) -> Ticket | None:
        return self.item(row)

    def item(self, row: int) -> Ticket | None:
        offset = row - self._first
        return self._rows[offset] if 0 <= offset < len(self._rows) else None

    def row_of(self, ticket_id: str) -> int | None:
        at = next((r for r, i in enumerate(ticket_ids(self._rows)) if i == ticket_id), None)
        return None if at is None else self._first + at

    def set_query(self, query: TicketQuery) -> None:
        """Show another filter or order: start again from the first row."""
        self._query = replace(query, limit=None, offset=0)
        self._generation += 1
        self._request(0, counts=False)

    def refresh(self, *, counts: bool = False) -> None:
        """Read the window again (and the status-bar counts); rows keep their persistent index."""
        self._request(self._first, counts=counts)

    def load_window_at(self, row: int) -> None:
        """Move the window so it holds ``row`` (the view scrolled there)."""
        self._request(max(0, row - self._page_size), counts=False)

    def _request(self, first: int, *, counts: bool) -> None:
        self._sequence += 1
        request = ListRequest(
            self._query, self._generation, self._sequence, first, self.window_size, counts
        )
        if self._loader is not None:
            self._loader.request(request)
        else:
            self.apply(read_window(self._repository, request))

    def apply(self, snapshot: ListSnapshot) -> None:
        """Show what a read found, unless it answers an older query or refresh."""
        request = snapshot.request
        if request.generation != self._generation:
            return  # another filter or order was chosen meanwhile
        if (request.generation, request.sequence) <= self._applied:
            return
        new_query = request.generation != self._applied[0]
        if snapshot.error is not None:
            self._applied = (request.generation if not new_query else -1, request.sequence)
            self.load_failed.emit(snapshot.error)
            return
        self._applied = (request.generation, request.sequence)
        self._now = self._clock()
        if new_query:
            self.beginResetModel()
            self._first, self._rows, self._total = snapshot.first, snapshot.rows, snapshot.total
            self.endResetModel()
            self.total_changed.emit(self._total)
        else:
            self._move_to(snapshot)
        self.window_loaded.emit()
        if snapshot.escalated is not None and snapshot.waiting is not None:
            self.counts_read.emit(snapshot.escalated, snapshot.waiting)

    def _move_to(self, snapshot: ListSnapshot) -> None:
        """Grow, reorder, shrink: persistent indexes (the selection) follow their ticket."""
        root = QModelIndex()
        old_total, total = self._total, snapshot.total
        if total > old_total:
            self.beginInsertRows(root, old_total, total - 1)
            self._total = total
            self.endInsertRows()
        ids = ticket_ids(snapshot.rows)  # not t.id: a row is built only when the view shows it
        where = {i: snapshot.first + r for r, i in enumerate(ids)}
        same = snapshot.first == self._first and ids == ticket_ids(self._rows)
        if same:
            self._rows = snapshot.rows
            self.repaint_rows()
        else:
            self.layoutAboutToBeChanged.emit()
            moves_from, moves_to = [], []
            for index in self.persistentIndexList():
                ticket = self.ticket(index.row())
                target = where.get(ticket.id) if ticket is not None else None
                if target is not None and target != index.row():
                    moves_from.append(QModelIndex(index))
                    moves_to.append(self.index(target, index.column()))
            self._first, self._rows = snapshot.first, snapshot.rows
            self.changePersistentIndexList(moves_from, moves_to)
            self.layoutChanged.emit()
            self.repaint_rows()
        if total < old_total:
            self.beginRemoveRows(root, total, old_total - 1)
            self._total = total
            self.endRemoveRows()
        if total != old_total:
            self.total_changed.emit(total)

    def repaint_rows(self) -> None:
        if self._rows:
            first, last = self._first, min(self._first + len(self._rows), self._total) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMN_COUNT - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._total

    def _missing(self, row: int) -> None:
        """The view wants a row outside the window: move the window there, once per pause."""
        if self._wanted_row is None:
            QTimer.singleShot(0, self._load_wanted)
        self._wanted_row = row

    def _load_wanted(self) -> None:
        row, self._wanted_row = self._wanted_row, None
        if row is not None and self.item(row) is None and row < self._total:
            self.load_window_at(row)

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
            if index.isValid() and 0 <= index.row() < self._total:
                self._missing(index.row())
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
