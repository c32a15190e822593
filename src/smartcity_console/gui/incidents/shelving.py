"""Shelving in the window: shelve an incident's alarm, the "Shelved" list, the count.

A supervisor shelves from an incident raised by an alarm (its rule on its
series, or on its whole station) with "Shelve alarm…" under the incident's
actions, choosing how long and saying why (:class:`ShelveDialog`). The
"Shelved" dock (:class:`ShelvedPanel`) lists every active shelf: what, who,
until when, why, with "End now". Operators see the list and the count, and
the buttons are greyed with the reason in their tooltip. The rules and the
store are Qt-free (core/incidents/shelving.py, store/shelves.py); shelves
made at other consoles arrive with sync and show within a second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.core.clock import wib_text
from smartcity_console.core.incidents import IncidentError, Role, utc_now
from smartcity_console.core.incidents.shelving import DURATIONS, REASON_MAX, Shelf, shift_end
from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import QT_TRANSLATE_NOOP, translate
from smartcity_console.gui.incidents.dialogs import ApplyDialog
from smartcity_console.gui.incidents.dock import IncidentsPanel
from smartcity_console.gui.widgets.retranslating import Retranslating
from smartcity_console.store import StoreError
from smartcity_console.store.records import Ticket
from smartcity_console.store.shelves import ShelfBook

Clock = Callable[[], datetime]


def supervisor_only() -> str:
    """The sentence the rule refuses an operator with (core/incidents/shelving.py)."""
    return translate("Shelving", "Only a supervisor can shelve an alarm or end a shelf.")


def duration_texts(now: datetime) -> list[str]:
    """The dialog's choices, in :data:`DURATIONS` order, then the end of the shift."""
    return [
        translate("Shelving", "15 minutes"),
        translate("Shelving", "1 hour"),
        translate("Shelving", "8 hours"),
        translate("Shelving", "Until the end of the shift ({time})").format(
            time=wib_text(shift_end(now), now)
        ),
    ]


def target_text(shelf: Shelf) -> str:
    if shelf.series is not None:
        return shelf.series
    return translate("Shelving", "station {station} (every series)").format(station=shelf.station)


class ShelveDialog(ApplyDialog):
    """Shelve the alarm ``rule`` on the incident's series or its whole station."""

    def __init__(
        self,
        book: ShelfBook,
        rule: str,
        series: str | None,
        station: str | None,
        parent: QWidget | None,
        *,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(
            translate("Shelving", "Shelve alarm {rule}").format(rule=rule),
            translate("Shelving", "Shelve"),
            parent,
        )
        self._book, self._rule, self._clock = book, rule, clock
        self._targets: list[tuple[str | None, str | None]] = []
        self.target = QComboBox(self)
        if series:
            self.target.addItem(
                translate("Shelving", "This series: {series}").format(series=series)
            )
            self._targets.append((series, None))
        if station:
            self.target.addItem(
                translate("Shelving", "The whole station: {station}").format(station=station)
            )
            self._targets.append((None, station))
        self.duration = QComboBox(self)
        self.duration.addItems(duration_texts(clock()))
        self.duration.setCurrentIndex(1)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(REASON_MAX)
        self.reason.setPlaceholderText(
            translate("Shelving", "Why (required), e.g. sensor under maintenance")
        )
        self.form.addRow(translate("Shelving", "Shelve for"), self.target)
        self.form.addRow(translate("Shelving", "How long"), self.duration)
        self.form.addRow(translate("Shelving", "Reason"), self.reason)
        self.shelf: Shelf | None = None

    def until(self, now: datetime) -> datetime:
        index = self.duration.currentIndex()
        return now + DURATIONS[index] if index < len(DURATIONS) else shift_end(now)

    def apply(self) -> None:
        if not self._targets:
            raise IncidentError(
                translate("Shelving", "This incident names no series or station to shelve.")
            )
        series, station = self._targets[self.target.currentIndex()]
        self.shelf = self._book.shelve(
            self._rule,
            series=series,
            station=station,
            until=self.until(self._clock()),
            reason=self.reason.text(),
        )


_COLUMNS = (
    QT_TRANSLATE_NOOP("Shelving", "Alarm rule"),
    QT_TRANSLATE_NOOP("Shelving", "Shelved for"),
    QT_TRANSLATE_NOOP("Shelving", "Shelved by"),
    QT_TRANSLATE_NOOP("Shelving", "Until"),
    QT_TRANSLATE_NOOP("Shelving", "Reason"),
)


class ShelvedPanel(Retranslating, QWidget):
    """Every active shelf, with "End now" for supervisors; refreshed once a second.

    Signals:
        count_changed(int): how many shelves are active (at the first refresh too).
        changed(): this panel ended a shelf (sync pushes at once).
    """

    count_changed = Signal(int)
    changed = Signal()

    def __init__(
        self, book: ShelfBook, role: Role, *, clock: Clock = utc_now, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._book, self._role, self._clock = book, Role(role), clock
        self.shelves: list[Shelf] = []
        self._count: int | None = None
        self.table = QTableWidget(0, len(_COLUMNS), self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            len(_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.end_now = QPushButton(self)
        self.end_now.clicked.connect(self._end_selected)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.empty = QLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.end_now)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update_button)
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.refresh())
        self.timer.start(1000)
        self.retranslate()

    @property
    def count(self) -> int:
        """How many shelves were active at the last refresh."""
        return self._count or 0

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([translate("Shelving", c) for c in _COLUMNS])
        self.end_now.setText(translate("Shelving", "End now"))
        self.empty.setText(translate("Shelving", "No alarm is shelved."))
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        """Read the active shelves again; redraw only when they changed (or ``force``)."""
        try:
            shelves = self._book.active(self._clock())
        except StoreError as exc:
            self.message.setText(str(exc))
            return
        if shelves != self.shelves or force:
            self._show(shelves)
        if len(shelves) != self._count:
            self._count = len(shelves)
            self.count_changed.emit(self._count)

    def _show(self, shelves: list[Shelf]) -> None:
        selected = self._selected()
        self.shelves = shelves
        now = self._clock()
        self.table.setRowCount(len(shelves))
        for row, shelf in enumerate(shelves):
            cells = (
                shelf.rule,
                target_text(shelf),
                shelf.shelved_by,
                wib_text(shelf.until, now),
                shelf.reason,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
            if selected is not None and shelf.id == selected.id:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not shelves)
        self._update_button()

    def _selected(self) -> Shelf | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.shelves):
            return None
        return self.shelves[rows[0].row()]

    def _update_button(self) -> None:
        if self._role is Role.OPERATOR:
            reason: str | None = supervisor_only()
        elif self._selected() is None:
            reason = translate("Shelving", "Select a shelved alarm first.")
        else:
            reason = None
        self.end_now.setEnabled(reason is None)
        self.end_now.setToolTip(reason or "")

    def _end_selected(self) -> None:
        shelf = self._selected()
        if shelf is None:
            return
        try:
            self._book.unshelve(shelf.id)
        except IncidentError as exc:
            self.message.setText(exc.text(i18n.current_language()))
        except StoreError as exc:
            self.message.setText(str(exc))
        else:
            self.message.setText(
                translate("Shelving", "Shelf ended: {rule} on {target}.").format(
                    rule=shelf.rule, target=target_text(shelf)
                )
            )
            self.changed.emit()
        self.refresh(force=True)


def why_not_shelve(role: Role, ticket: Ticket | None) -> str | None:
    """Why "Shelve alarm…" is greyed for this incident (None: it is not)."""
    if Role(role) is Role.OPERATOR:
        return supervisor_only()
    if ticket is None:
        return translate("Shelving", "Select an incident raised by an alarm.")
    if ticket.alarm_rule is None:
        return translate("Shelving", "This incident was not raised by an alarm rule.")
    if not ticket.series and not ticket.station:
        return translate("Shelving", "This incident names no series or station to shelve.")
    return None


@dataclass
class ShelvingUi:
    """What :func:`install_shelving` put in the window (tests and the app reach it here)."""

    panel: ShelvedPanel
    dock: QDockWidget
    shelve_button: QPushButton
    status_label: QLabel
    dialog: ShelveDialog | None = None

    def update_shelve_button(self, incidents: IncidentsPanel, role: Role) -> None:
        reason = why_not_shelve(role, incidents.detail.ticket)
        self.shelve_button.setEnabled(reason is None)
        self.shelve_button.setToolTip(reason or "")


def install_shelving(
    window: QMainWindow,
    incidents: IncidentsPanel,
    book: ShelfBook,
    role: Role,
    *,
    clock: Clock = utc_now,
) -> ShelvingUi:
    """The "Shelved" dock (hidden until asked for), its menu entries, the count, the button.

    The count is a permanent status-bar label, empty while nothing is shelved;
    "Shelve alarm…" joins the incident's actions.
    """
    panel = ShelvedPanel(book, role, clock=clock)
    panel.setMinimumWidth(560)  # rule, target, who, until and the reason's start, side by side
    dock = QDockWidget(window)
    dock.setObjectName("shelvedDock")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    view = window.findChild(QMenu, "menuView")
    if view is not None:
        view.addAction(dock.toggleViewAction())
    menu = window.findChild(QMenu, "menuIncidents")
    show = QAction(window)
    show.setObjectName("actionShowShelved")

    def bring_up() -> None:
        dock.show()
        dock.raise_()

    show.triggered.connect(bring_up)
    if menu is not None:
        menu.addAction(show)
    label = QLabel(window.statusBar())
    label.setObjectName("shelvedStatusLabel")
    label.setStyleSheet("QLabel { color: #D29922; font-weight: 600; padding: 0 8px; }")
    window.statusBar().addPermanentWidget(label)
    button = QPushButton(incidents.detail)
    button.setObjectName("shelveButton")
    grids = incidents.detail.findChildren(QGridLayout)
    if grids:
        grids[0].addWidget(button, grids[0].rowCount(), 0, 1, 2)
    else:  # the pane's actions moved elsewhere: the button still joins the pane
        layout = incidents.detail.layout()
        if layout is not None:
            layout.addWidget(button)
    ui = ShelvingUi(panel, dock, button, label)

    def show_count(count: int) -> None:
        text = (
            translate("Shelving", "{count} shelved").format(count=i18n.number(count))
            if count
            else ""
        )
        label.setText(text)
        label.setVisible(bool(count))
        title = translate("Shelving", "Shelved alarms")
        dock.setWindowTitle(f"{title} ({i18n.number(count)})" if count else title)

    def open_dialog() -> None:
        ticket = incidents.detail.ticket
        if why_not_shelve(role, ticket) is not None or ticket is None:
            ui.update_shelve_button(incidents, role)
            return
        assert ticket.alarm_rule is not None  # why_not_shelve said so
        dialog = ShelveDialog(
            book, ticket.alarm_rule, ticket.series, ticket.station, window, clock=clock
        )
        ui.dialog = dialog

        def done() -> None:
            panel.refresh(force=True)
            shelf = dialog.shelf
            if shelf is not None:
                incidents.detail.say(
                    translate("Shelving", "Shelved {rule} on {target} until {until}.").format(
                        rule=shelf.rule,
                        target=target_text(shelf),
                        until=wib_text(shelf.until, clock()),
                    )
                )
            incidents.incidents_changed.emit()  # sync pushes the shelf at once

        dialog.accepted.connect(done)
        dialog.finished.connect(lambda _: dialog.deleteLater())
        dialog.open()

    def retranslate() -> None:
        show.setText(translate("Shelving", "Shelved alarms…"))
        button.setText(translate("Shelving", "Shelve alarm…"))
        show_count(panel.count)
        ui.update_shelve_button(incidents, role)

    button.clicked.connect(open_dialog)
    panel.count_changed.connect(show_count)
    panel.changed.connect(incidents.incidents_changed)
    incidents.language_changed.connect(retranslate)
    # The detail pane has no selection signal of its own: follow it on the same beat as the list.
    incidents.table.selectionModel().currentRowChanged.connect(
        lambda *_: ui.update_shelve_button(incidents, role)
    )
    panel.timer.timeout.connect(lambda: ui.update_shelve_button(incidents, role))
    retranslate()
    panel.refresh(force=True)
    return ui
