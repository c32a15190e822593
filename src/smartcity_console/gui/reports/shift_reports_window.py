"""Incidents → Shift reports: the reports saved in the data folder, opened as PDFs, made on demand.

The window reads the folder each time it is shown (a report made by
``report shift`` from the command line appears too) and this console's
read confirmations beside each. "Make a report now" reports the current
duty period so far, without ending it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.console import shift_report
from smartcity_console.console.handover import HandoverService
from smartcity_console.console.shift_report import SavedReport, ShiftReport
from smartcity_console.core.clock import wib_text
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.reports.shift_pdf import write_pdf
from smartcity_console.store import shifts


def save_pdf(handover: HandoverService, report: ShiftReport) -> None:
    """The PDF beside the report's JSON (what the window opens and the supervisor prints)."""
    write_pdf(report, handover.pdf_path(report))


class ShiftReportsWindow(QDialog):
    def __init__(self, handover: HandoverService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shiftReportsWindow")
        self.setWindowTitle(translate("ShiftReport", "Shift reports"))
        self._handover = handover
        self._reports: list[SavedReport] = []
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("shiftReportsTable")
        self.table.setHorizontalHeaderLabels(
            [
                translate("ShiftReport", "From"),
                translate("ShiftReport", "To"),
                translate("ShiftReport", "Handed over by"),
                translate("ShiftReport", "Workstation"),
                translate("ShiftReport", "Read by"),
            ]
        )
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        # Qt ships no Indonesian catalog: its standard buttons would read "Close".
        closing = buttons.button(QDialogButtonBox.StandardButton.Close)
        closing.setText(translate("ShiftReport", "Close"))
        self.open_button = QPushButton(translate("ShiftReport", "Open"), self)
        self.open_button.clicked.connect(self.open_selected)
        self.make_button = QPushButton(translate("ShiftReport", "Make a report now"), self)
        self.make_button.setObjectName("makeShiftReport")
        self.make_button.clicked.connect(self.make_now)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.make_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 420)
        self.refresh()

    def refresh(self) -> None:
        self._reports = shift_report.saved_reports(self._handover.folder)
        app = self._handover.app
        self.table.setRowCount(len(self._reports))
        for row, saved in enumerate(self._reports):
            readers = (
                ", ".join(r.reader for r in shifts.reads(app.db, saved.id))
                if app is not None
                else ""
            )
            cells = [
                wib_text(saved.start),
                wib_text(saved.end),
                saved.handed_over_by or "—",
                saved.workstation,
                readers or "—",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, saved.id)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        if self._reports:
            self.table.selectRow(0)

    def open_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._reports):
            saved = self._reports[row]
            if not saved.pdf_path.exists():  # a JSON without its PDF: draw it again
                write_pdf(shift_report.load(saved), saved.pdf_path)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(saved.pdf_path)))

    def make_now(self) -> None:
        report = self._handover.report_now()
        save_pdf(self._handover, report)
        self.refresh()


class _Retranslate(QObject):
    """The action's text in the language chosen in View → Language."""

    def __init__(self, action: QAction, parent: QMainWindow) -> None:
        super().__init__(parent)
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._action.setText(translate("ShiftReport", "Shift reports…"))
        return False


def install_shift_reports(window: QMainWindow, handover: HandoverService) -> QAction:
    """Incidents → Shift reports… (the menu the incidents panel made)."""
    action = QAction(translate("ShiftReport", "Shift reports…"), window)
    window.installEventFilter(_Retranslate(action, window))
    action.setObjectName("actionShiftReports")
    menu = window.findChild(QMenu, "menuIncidents")
    (menu or window.menuBar()).addAction(action)
    holder: dict[str, ShiftReportsWindow] = {}

    def show() -> None:
        dialog = holder.get("window")
        if dialog is None:
            dialog = holder["window"] = ShiftReportsWindow(handover, window)
        dialog.refresh()
        dialog.show()

    action.triggered.connect(show)
    return action
