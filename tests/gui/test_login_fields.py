"""The sign-in fields show a whole word: descenders are not cut ("operator", not "oberator")."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from pytestqt.qtbot import QtBot

from smartcity_console.gui.shell.login_dialog import LoginDialog
from smartcity_console.store import Database

PADDING_AND_BORDER = 2 * 4 + 2 * 1  # the dialog's style: 4 px padding, 1 px border


def test_the_user_name_field_holds_its_font_with_room_below_the_baseline(
    qtbot: QtBot, db: Database
) -> None:
    dialog = LoginDialog("https://127.0.0.1:1", db, workstation="ws", username="operator")
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    for field in (dialog.username, dialog.password):
        metrics = QFontMetrics(field.font())
        # As large as the labels beside it (12 pt), not the application's 10 pt.
        assert field.font().pointSizeF() == dialog.font().pointSizeF() == 12.0
        inner = field.height() - PADDING_AND_BORDER
        assert inner >= metrics.height() + 2, (inner, metrics.height())
