"""The shift change's two moments, kept out of gui/shell/app.py: hand over, then read.

:func:`ask_handover_note` runs when File → Sign out (shift change) is chosen:
the note dialog, then the report (JSON and PDF in the data folder), then the
sign-out itself. A report that cannot be written (a full disk) is logged and
said, and never keeps the operator from signing out.
:func:`show_unread_handover` runs after a sign-in: the newest handover of
this workstation the user has not confirmed, and the confirmation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow, QMessageBox

from smartcity_console.console import shift_report
from smartcity_console.console.handover import HandoverService
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.reports.handover_dialogs import HandoverNoteDialog, HandoverReadDialog
from smartcity_console.gui.reports.shift_reports_window import save_pdf
from smartcity_console.store import StoreError

log = logging.getLogger(__name__)


def ask_handover_note(
    window: QMainWindow, handover: HandoverService, sign_out: Callable[[], None]
) -> HandoverNoteDialog:
    """Open the note dialog; on "Sign out and hand over", report then ``sign_out()``."""
    dialog = HandoverNoteDialog(window)

    def handed_over(note: str) -> None:
        try:
            report = handover.hand_over(note)
            save_pdf(handover, report)
        except (OSError, StoreError, ValueError) as exc:
            log.exception("the shift report could not be written")
            window.statusBar().showMessage(
                translate("ShiftReport", "The shift report could not be written: {}").format(exc),
                60_000,
            )
        sign_out()

    dialog.handed_over.connect(handed_over)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def show_unread_handover(
    window: QMainWindow, handover: HandoverService
) -> HandoverReadDialog | None:
    """Show the handover the signed-in user has not confirmed reading (None: there is none)."""
    try:
        saved = handover.unread()
        if saved is None:
            return None
        report = shift_report.load(saved)
    except (OSError, StoreError, ValueError) as exc:
        log.warning("the last shift handover cannot be shown: %s", exc)
        return None
    dialog = HandoverReadDialog(saved, report, window)

    def confirmed() -> None:
        try:
            handover.confirm_read(saved)
        except StoreError as exc:
            QMessageBox.warning(window, translate("ShiftReport", "Shift handover"), str(exc))

    dialog.confirmed.connect(confirmed)
    dialog.open()
    return dialog
