"""The handover at a shift change: the departing operator's note, the next person's reading.

Sign out (shift change) asks for the note first (:class:`HandoverNoteDialog`);
the report is made and saved before the session ends. The next person to
sign in at the workstation is shown it (:class:`HandoverReadDialog`) and
confirms reading it; closing the dialog without confirming shows it again
at their next sign-in. Both dialogs are opened, never exec'd (qasync).
"""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.console.shift_report import SavedReport, ShiftReport
from smartcity_console.core.clock import wib_text
from smartcity_console.core.incidents import NOTE_MAX
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.reports.shift_pdf import report_document


class HandoverNoteDialog(QDialog):
    """What the next shift must know, written before signing out.

    Signals:
        handed_over(str): the note (may be empty) when the operator signs out.
    """

    handed_over = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverNoteDialog")
        self.setWindowTitle(translate("ShiftReport", "Sign out (shift change)"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                translate(
                    "ShiftReport",
                    "Handover note for the next shift: what to watch, what is pending. "
                    "The shift report is made from it and the journal.",
                ),
                wordWrap=True,
            )
        )
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("handoverNote")
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        # Qt ships no Indonesian catalog: its standard buttons would read "Cancel".
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(translate("ShiftReport", "Cancel"))
        self.sign_out_button = buttons.addButton(
            translate("ShiftReport", "Sign out and hand over"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.sign_out_button.setObjectName("handOverButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Return writes a new line in the note; Ctrl+Return signs out from the keyboard.
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        self.note.setTabChangesFocus(True)
        self.note.setFocus()
        self.resize(520, 320)

    def accept(self) -> None:
        text = self.note.toPlainText()[:NOTE_MAX]
        super().accept()
        self.handed_over.emit(text)


class HandoverReadDialog(QDialog):
    """The report the previous person handed over, and the button that confirms reading it.

    Signals:
        confirmed(): the reader pressed "I have read the handover".
    """

    confirmed = Signal()

    def __init__(
        self, saved: SavedReport, report: ShiftReport, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("handoverReadDialog")
        self.setWindowTitle(translate("ShiftReport", "Shift handover"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                translate(
                    "ShiftReport", "{} handed this workstation over at {}. Read it, then confirm."
                ).format(saved.handed_over_by or "—", wib_text(saved.end)),
                wordWrap=True,
            )
        )
        self.view = QTextBrowser(self)
        self.view.setObjectName("handoverReport")
        # Paper, as the PDF prints: the dark theme's light text on the tables' grey
        # header cells would not read (seen in make demo).
        self.view.setStyleSheet("QTextBrowser { background: white; color: black; }")
        self._document = report_document(report)
        self.view.setDocument(self._document)
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(self)
        open_pdf = QPushButton(translate("ShiftReport", "Open the PDF"), self)
        open_pdf.setEnabled(saved.pdf_path.exists())
        open_pdf.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(saved.pdf_path)))
        )
        buttons.addButton(open_pdf, QDialogButtonBox.ButtonRole.ActionRole)
        self.confirm_button = buttons.addButton(
            translate("ShiftReport", "I have read the handover"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.confirm_button.setObjectName("confirmHandoverRead")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(900, 800)

    def accept(self) -> None:
        super().accept()
        self.confirmed.emit()
