"""The incidents panel: filter bar, lazy list and detail pane, docked in the main window.

One 1 Hz timer drives it all: the list re-reads its window of rows (changes
from sync or another window arrive through the database), the countdowns move,
and the escalated and unacknowledged counts are taken with two ``COUNT``
queries, all on the list's worker thread (list_loader.py: a million tickets
must not freeze a frame), so the status bar and the dock title say
"⚠ 3 ESKALASI" the second a deadline passes, whatever the list's filter. An
operator who closed the dock gets it back when the escalated count goes up:
that is the one thing they must not miss.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFrame,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.core.incidents import (
    DEFAULT_ACK_DEADLINES,
    Role,
    Severity,
    utc_now,
)
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.incidents import model as cols
from smartcity_console.gui.incidents.detail import IncidentDetail
from smartcity_console.gui.incidents.dialogs import TicketDialog
from smartcity_console.gui.incidents.filters import IncidentFilterBar
from smartcity_console.gui.incidents.list_export import (
    ListExporter,
    finished_text,
    install_export_actions,
)
from smartcity_console.gui.incidents.list_loader import ListLoader
from smartcity_console.gui.incidents.model import IncidentListModel
from smartcity_console.gui.widgets.retranslating import Retranslating
from smartcity_console.store import IncidentRepository, TicketQuery

TICK_MS = 1000
# Sizes only: the colours of headers, fields and check boxes are the theme's
# (resources/themes/dark.qss, light.qss), so View → Theme reaches this panel too.
_QSS = """
QTableView { font-size: 12pt; }
QHeaderView::section { font-size: 11pt; font-weight: 600; padding: 4px; }
QLabel#incidentSummary { font-size: 14pt; font-weight: 700; padding: 4px 8px; color: #3FB950; }
QLabel#incidentSummary[state="awaiting"] { color: #D29922; }
QLabel#incidentSummary[state="escalated"] { color: #FFFFFF; background: #B62324; }
QComboBox, QCheckBox, QLineEdit { font-size: 12pt; }
QLineEdit, QComboBox { padding: 3px 6px; }
QCheckBox::indicator { width: 18px; height: 18px; }
"""
_SELECTED_TINT = QColor(88, 166, 255, 45)
_SELECTED_EDGE = QColor("#58A6FF")
_STATUS_QSS = "QLabel[state='escalated'] { color: #FFFFFF; background: #B62324; font-weight: 700; }"
_CONTEXT = "IncidentsPanel"


# Ticket text written by "create from plot" is data, kept in the language it was
# written in (like core's alarm texts), so it keeps its own (Indonesian, English) pair.
def escalated_text(count: int) -> str:
    return translate("IncidentsPanel", "⚠ {} ESCALATED").format(count)


class _OutlineSelection(QStyledItemDelegate):
    """Selection as a blue outline, so a selected row keeps its severity and escalation colours.

    Qt's usual fill would paint the selected ticket plain blue, hiding exactly
    the red an operator looks for.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: cols.Index) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        plain = QStyleOptionViewItem(option)
        plain.state &= ~QStyle.StateFlag.State_Selected
        if selected:  # the table already filled the cell with the highlight colour
            painter.fillRect(option.rect, option.palette.base())
        super().paint(painter, plain, index)
        if selected:
            painter.save()
            painter.fillRect(option.rect, _SELECTED_TINT)
            painter.setPen(QPen(_SELECTED_EDGE, 3))
            edge = option.rect.adjusted(0, 1, 0, -2)
            painter.drawLine(edge.topLeft(), edge.topRight())
            painter.drawLine(edge.bottomLeft(), edge.bottomRight())
            painter.restore()


class IncidentsPanel(Retranslating, QWidget):
    """Filter bar over a sortable, lazily loaded list, with the selected ticket beside it.

    Signals:
        incidents_changed(): this panel wrote a change (create, edit, comment, ...).
        escalated_count_changed(int): open tickets past their acknowledgement
            deadline; emitted by the 1 Hz tick when the number changes (and at the first).
        unacknowledged_count_changed(int): open tickets not yet acknowledged.
        language_changed(): the GUI's language changed (after this panel retranslated).
    """

    incidents_changed = Signal()
    language_changed = Signal()
    escalated_count_changed = Signal(int)
    unacknowledged_count_changed = Signal(int)

    def __init__(
        self,
        repository: IncidentRepository,
        role: Role,
        user: str,
        *,
        deadlines: Mapping[Severity, timedelta] = DEFAULT_ACK_DEADLINES,
        clock: Callable[[], datetime] = utc_now,
        page_size: int = cols.PAGE_SIZE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._repository = repository
        self._counts: tuple[int, int] | None = None
        self._following = True  # the detail follows the list's current row
        self.setStyleSheet(_QSS)
        self.filters = IncidentFilterBar(user, self)
        # The list's reads (window, counts) run on this loader's thread (list_loader.py).
        self.loader = ListLoader(repository, self)
        self.exporter = ListExporter(repository, self)
        self.exporter.finished.connect(self._on_exported)
        self.model = IncidentListModel(
            repository,
            query=self.filters.query(),
            deadlines=deadlines,
            clock=clock,
            page_size=page_size,
            loader=self.loader,
        )
        self.summary = QLabel(self)
        self.summary.setObjectName("incidentSummary")
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.detail = IncidentDetail(
            repository, role, user, deadlines=deadlines, clock=clock, parent=self
        )
        self._setup_table()
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        # The detail scrolls, so a low bottom dock still shows the whole list's width.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.detail)
        splitter.addWidget(self.table)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 7)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([7000, 3000])  # the list gets most of the width; the operator can drag
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)

        # Owned by the panel, and a child after the view, so Qt deletes the view first.
        self.model.setParent(self)
        self.filters.query_changed.connect(self._on_query)
        self.model.load_failed.connect(lambda text: self.detail.say(text, error=True))
        self.model.total_changed.connect(lambda _: self._show_summary())
        self.model.counts_read.connect(self._on_counts)
        self._selecting: str | None = None  # a ticket to select once the list shows it
        self.model.window_loaded.connect(self._on_window_loaded)
        # A read moves, adds or drops rows; the row Qt then makes current is not the
        # operator's choice: the detail holds still until the read is shown.
        self.model.modelAboutToBeReset.connect(self._hold_detail)
        self.model.layoutAboutToBeChanged.connect(self._hold_detail)
        self.model.rowsAboutToBeRemoved.connect(self._hold_detail)
        self.detail.changed.connect(self._on_changed)
        self._show_summary()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        # The first tick comes as the event loop runs, after the caller has
        # connected to the count signals; then once a second.
        self._timer.start(0)

    def retranslate(self) -> None:
        self._show_summary()
        self.language_changed.emit()

    def _setup_table(self) -> None:
        table, header = self.table, self.table.horizontalHeader()
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setItemDelegate(_OutlineSelection(table))
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(34)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(cols.TITLE, QHeaderView.ResizeMode.Stretch)
        # Narrow enough that the stretching title keeps room on a half-width dock.
        widths = {cols.SEVERITY: 100, cols.COUNTDOWN: 200, cols.STATUS: 95, cols.STATION: 120}
        widths |= {cols.PROGRAM: 110, cols.CREATED: 120, cols.ASSIGNEE: 80}
        for column, width in widths.items():
            table.setColumnWidth(column, width)
        header.setSortIndicator(cols.COUNTDOWN, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._on_sort_indicator)
        selection = table.selectionModel()
        selection.currentRowChanged.connect(self._on_current_row)

    # --- entry points ---------------------------------------------------------------

    def create_incident(self, prefill: Mapping[str, object] | None = None) -> TicketDialog:
        """Open the create form, filled from ``prefill`` (core/incidents/prefill.py)."""
        return self.detail.open_create(prefill)

    def select_ticket(self, ticket_id: str) -> None:
        """Select the ticket's row when the list shows it; the detail shows it either way."""
        row = self.model.row_of(ticket_id)
        selection = self.table.selectionModel()
        self._selecting = ticket_id if row is None else None
        if row is not None:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            rows = flags | QItemSelectionModel.SelectionFlag.Rows
            selection.setCurrentIndex(self.model.index(row, 0), rows)
        else:  # it left the list (closed under an open-only filter): no other row stands for it
            selection.clear()
        if self.detail.ticket is None or self.detail.ticket.id != ticket_id:
            self.detail.show_ticket(ticket_id)

    @property
    def escalated_count(self) -> int:
        return 0 if self._counts is None else self._counts[0]

    @property
    def unacknowledged_count(self) -> int:
        return 0 if self._counts is None else self._counts[1]

    def tick(self) -> None:
        """Once a second: ask for the list and the counts again (read off the GUI thread)."""
        if self._timer.interval() != TICK_MS:
            self._timer.setInterval(TICK_MS)
        self.model.refresh(counts=True)
        self.detail.refresh()

    def _on_exported(self, path: str, count: int, error: str) -> None:
        self.detail.say(finished_text(path, count, error), error=bool(error))

    def _hold_detail(self, *_args: object) -> None:
        self._following = False

    def _on_window_loaded(self) -> None:
        try:
            if self._selecting is not None and self.model.row_of(self._selecting) is not None:
                self.select_ticket(self._selecting)
                return
            shown = self.detail.ticket
            if shown is None:
                return
            selection = self.table.selectionModel()
            current = selection.currentIndex()
            if current.isValid() and current.data(cols.TICKET_ID_ROLE) == shown.id:
                return
            # The list and the pane disagree: select the shown ticket's row, or none when
            # it left the list (closed under an open-only filter).
            self.select_ticket(shown.id)
        finally:
            self._following = True

    def _on_counts(self, escalated: int, waiting: int) -> None:
        old = self._counts
        self._counts = (escalated, waiting)
        if old is None or old[0] != escalated:
            self.escalated_count_changed.emit(escalated)
        if old is None or old[1] != waiting:
            self.unacknowledged_count_changed.emit(waiting)
        self._show_summary()

    # --- reactions ------------------------------------------------------------------

    def _on_query(self, query: TicketQuery) -> None:
        current = self.detail.ticket
        self.model.set_query(
            replace(query, sort=self.model.query.sort, descending=self.model.query.descending)
        )
        if current is not None:
            self.select_ticket(current.id)

    def show_remote_changes(self, ticket_ids: set[str]) -> None:
        """Tickets changed by a sync pull (or a refused change): re-read what is shown."""
        shown = self.detail.ticket
        if shown is not None and shown.id in ticket_ids:
            self.detail.refresh()
        self.tick()

    def _on_changed(self, ticket_id: str) -> None:
        self.select_ticket(ticket_id)
        self.incidents_changed.emit()
        self.tick()

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        ticket_id = current.data(cols.TICKET_ID_ROLE) if current.isValid() else None
        if isinstance(ticket_id, str) and self._following:
            self.detail.show_ticket(ticket_id)

    def _on_sort_indicator(self, column: int, _order: Qt.SortOrder) -> None:
        """Columns SQL cannot sort by keep the indicator where the order really is."""
        if column in cols.SORT_KEYS:
            return
        query = self.model.query
        real = next(c for c, key in cols.SORT_KEYS.items() if key is query.sort)
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(real, order)
        header.blockSignals(False)

    def _show_summary(self) -> None:
        escalated, waiting = self._counts or (0, 0)
        parts = [escalated_text(escalated)] if escalated else []
        parts += (
            [translate("IncidentsPanel", "{} awaiting acknowledgement").format(waiting)]
            if waiting
            else []
        )
        parts += [translate("IncidentsPanel", "{} shown").format(self.model.total)]
        self.summary.setText("   ·   ".join(parts))
        state = "escalated" if escalated else ("awaiting" if waiting else "calm")
        if self.summary.property("state") != state:
            self.summary.setProperty("state", state)
            self.summary.style().polish(self.summary)


def install_incidents_panel(
    window: QMainWindow,
    repository: IncidentRepository,
    role: Role,
    user: str,
    *,
    deadlines: Mapping[Severity, timedelta] = DEFAULT_ACK_DEADLINES,
    clock: Callable[[], datetime] = utc_now,
) -> IncidentsPanel:
    """Dock the panel at the bottom (shown), with View and Incidents menu entries.

    Also puts the escalation count in the window's status bar and the dock's
    title, and shows the dock again when that count rises. ``deadlines`` and
    ``clock`` must be the repository's, so the countdowns agree with its queries.
    """
    panel = IncidentsPanel(repository, role, user, deadlines=deadlines, clock=clock)
    dock = QDockWidget(window)
    dock.setObjectName("incidentsDock")  # saveState()/restoreState() find docks by name
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    view = window.findChild(QMenu, "menuView")
    if view is not None:
        view.addAction(dock.toggleViewAction())
    menu = window.menuBar().addMenu("")
    menu.setObjectName("menuIncidents")
    create = QAction(menu)
    create.setObjectName("actionCreateIncident")
    create.triggered.connect(lambda: panel.create_incident({}))
    menu.addAction(create)
    retranslate_export = install_export_actions(
        menu, window, panel.exporter, lambda: panel.model.query
    )
    label = QLabel(window.statusBar())
    label.setObjectName("incidentStatusLabel")
    label.setStyleSheet(_STATUS_QSS)
    window.statusBar().addPermanentWidget(label)

    last = 0

    def show_count(count: int) -> None:
        text = escalated_text(count) if count else translate("IncidentsPanel", "No escalations")
        label.setText(text)
        label.setProperty("state", "escalated" if count else "calm")
        label.style().polish(label)
        title = translate("IncidentsPanel", "Incidents")
        dock.setWindowTitle(f"{title} — {text}" if count else title)

    def on_escalated(count: int) -> None:
        nonlocal last
        show_count(count)
        if count > last:
            dock.show()
            dock.raise_()
        last = count

    def retranslate() -> None:
        menu.setTitle(translate("IncidentsPanel", "&Incidents"))
        create.setText(translate("IncidentsPanel", "Create incident…"))
        retranslate_export()
        show_count(last)

    retranslate()
    # The dock and menu are the window's, not the panel's: the panel's language
    # signal reaches them (a closure, so nothing else needs to know they exist).
    panel.language_changed.connect(retranslate)
    panel.escalated_count_changed.connect(on_escalated)
    return panel
