"""The shift change in the window (issue 16): the departing operator's note reaches the report,
the PDF lands in the data folder, the next person is shown it and confirms reading it.

The consoles are not started (no broker is needed): their handover service is,
as ``ConsoleApp.start`` starts it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from smartcity_console.config import AppConfig, load_config
from smartcity_console.console import shift_report
from smartcity_console.core.incidents import Role, utc_now
from smartcity_console.gui.reports.handover_dialogs import HandoverNoteDialog, HandoverReadDialog
from smartcity_console.gui.reports.handover_flow import ask_handover_note, show_unread_handover
from smartcity_console.gui.shell.app import Console, Operator
from smartcity_console.paths import bundled_config_file
from smartcity_console.store import Database, open_database, shifts
from smartcity_console.store.clients import client_id_for

NOTE = "Pompa Lasem dipantau.\nCek antrean MPP jam 07:00."


@pytest.fixture
def config() -> AppConfig:
    base = load_config(bundled_config_file())
    return base.model_copy(update={"workstation": "ws-handover", "language": "en"})


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "incidents.sqlite3")
    yield database
    database.close()


def _console(qtbot: QtBot, config: AppConfig, db: Database, user: str, role: Role) -> Console:
    operator = Operator(user, role, client_id_for(db, user, config.workstation))
    console = Console(config, db, operator)
    qtbot.addWidget(console.window)
    console.handover.start(console.app)  # what ConsoleApp.start does for its services
    return console


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_note_written_at_sign_out_is_in_the_report_and_the_next_user_confirms(
    qtbot: QtBot, config: AppConfig, db: Database, tmp_path: Path
) -> None:
    sari = _console(qtbot, config, db, "sari", Role.OPERATOR)
    sari.repository.create("Antrean panjang di MPP", "governance", "medium")
    signed_out: list[bool] = []
    dialog = ask_handover_note(sari.window, sari.handover, lambda: signed_out.append(True))
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.note, "Pompa Lasem dipantau.")  # type: ignore[no-untyped-call]  # pytest-qt
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]  # pytest-qt
    qtbot.keyClicks(dialog.note, "Cek antrean MPP jam 07:00.")  # type: ignore[no-untyped-call]  # pytest-qt
    qtbot.mouseClick(dialog.sign_out_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]  # pytest-qt
    assert signed_out == [True]
    [saved] = shift_report.saved_reports()
    assert (saved.handed_over_by, saved.note, saved.workstation) == ("sari", NOTE, "ws-handover")
    assert saved.pdf_path.exists()
    text = subprocess.run(
        ["pdftotext", str(saved.pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Pompa Lasem dipantau." in text
    assert "Cek antrean MPP jam 07:00." in text
    assert "Antrean panjang di MPP" in text  # still open
    [duty] = shifts.duty_periods(db, saved.start, saved.end)
    assert (duty.username, duty.handover_note) == ("sari", NOTE)
    sari.window.close()
    sari.shutdown()

    # Budi signs in on the same workstation: the handover is shown until he confirms.
    budi = _console(qtbot, config, db, "budi", Role.SUPERVISOR)
    shown = show_unread_handover(budi.window, budi.handover)
    assert isinstance(shown, HandoverReadDialog)
    qtbot.waitUntil(shown.isVisible)
    assert "Pompa Lasem dipantau." in shown.view.toPlainText()
    qtbot.mouseClick(shown.confirm_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]  # pytest-qt
    assert [(r.report_id, r.reader) for r in shifts.reads(db)] == [(saved.id, "budi")]
    assert show_unread_handover(budi.window, budi.handover) is None
    budi.window.close()
    budi.shutdown()


def test_cancel_keeps_the_operator_signed_in(qtbot: QtBot, config: AppConfig, db: Database) -> None:
    """File → Sign out (shift change) asks first; Cancel leaves everything as it was."""
    sari = _console(qtbot, config, db, "sari", Role.OPERATOR)
    sari.change_shift()  # what the File menu's action calls
    dialog = sari.window.findChild(HandoverNoteDialog, "handoverNoteDialog")
    assert isinstance(dialog, HandoverNoteDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.reject()
    assert not sari.signed_out
    assert shift_report.saved_reports() == []
    [duty] = shifts.duty_periods(db, shifts.last_duty(db).signed_in_at, utc_now())  # type: ignore[union-attr]
    assert duty.signed_out_at is None  # still on duty
    sari.window.close()
    sari.shutdown()


def test_ctrl_return_hands_over_from_the_keyboard(
    qtbot: QtBot, config: AppConfig, db: Database
) -> None:
    """Return is a new line in the note; Ctrl+Return signs out."""
    sari = _console(qtbot, config, db, "sari", Role.OPERATOR)
    signed_out: list[bool] = []
    dialog = ask_handover_note(sari.window, sari.handover, lambda: signed_out.append(True))
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()  # a shortcut fires in the active window, as on a desk
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.note, "Semua aman")  # type: ignore[no-untyped-call]  # pytest-qt
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]  # pytest-qt
    assert signed_out == []
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # type: ignore[no-untyped-call]  # pytest-qt
    qtbot.waitUntil(lambda: signed_out == [True])
    [saved] = shift_report.saved_reports()
    assert saved.note == "Semua aman"
    sari.window.close()
    sari.shutdown()


def test_incidents_menu_makes_a_report_on_demand(
    qtbot: QtBot, config: AppConfig, db: Database
) -> None:
    sari = _console(qtbot, config, db, "sari", Role.OPERATOR)
    menu = sari.window.findChild(QMenu, "menuIncidents")
    assert menu is not None
    [action] = [a for a in menu.actions() if a.objectName() == "actionShiftReports"]
    action.trigger()
    from smartcity_console.gui.reports.shift_reports_window import ShiftReportsWindow

    window = sari.window.findChild(ShiftReportsWindow, "shiftReportsWindow")
    assert window is not None
    assert window.table.rowCount() == 0
    qtbot.mouseClick(window.make_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]  # pytest-qt
    assert window.table.rowCount() == 1
    [saved] = shift_report.saved_reports()
    assert saved.pdf_path.exists()
    cell = window.table.item(0, 2)
    assert cell is not None
    assert cell.text() == "sari"
    sari.window.close()
    sari.shutdown()


def test_the_sign_out_dialog_reads_indonesian_to_its_last_button(
    qtbot: QtBot, config: AppConfig, db: Database
) -> None:
    """Found in make demo: Qt ships no Indonesian catalog, so the standard Cancel said "Cancel"."""
    from PySide6.QtWidgets import QDialogButtonBox

    from smartcity_console.gui import i18n

    sari = _console(qtbot, config, db, "sari", Role.OPERATOR)
    i18n.set_language("id")
    try:
        dialog = ask_handover_note(sari.window, sari.handover, lambda: None)
        qtbot.waitUntil(dialog.isVisible)
        box = dialog.findChild(QDialogButtonBox)
        assert box is not None
        cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel.text() == "Batal"
        assert (
            dialog.sign_out_button.text() == "Serahkan dan ganti shift"
        )  # not "Keluar": that quits
        dialog.reject()
    finally:
        i18n.set_language("en")
