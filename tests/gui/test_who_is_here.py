"""Who is here: the signed-in user on screen, quitting with unsynced changes, the screen lock.

The whole desk window over a real SQLite store (no broker needed: the
console is built, not started). Unlocking checks the password as signing in
does; the server address here refuses connections, so the check is the
offline one, against the hash a previous online login cached.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from smartcity_console.config import AppConfig, load_config
from smartcity_console.console.screen_lock import ScreenLock, sign_in_check
from smartcity_console.core.incidents import Role
from smartcity_console.gui.shell.app import Console, Operator
from smartcity_console.gui.shell.sign_out_action import install_sign_out
from smartcity_console.gui.shell.who_is_here import WhoIsHere
from smartcity_console.gui.shell.window_title import WindowTitle
from smartcity_console.passwords import password_hasher
from smartcity_console.paths import bundled_config_file
from smartcity_console.store import Database, IncidentRepository, open_database
from smartcity_console.store.clients import cache_user, client_id_for
from smartcity_console.store.sync_apply import pending_count

PASSWORD = "kartini-2025"  # noqa: S105 (the test account's password)
STATION = "ruang-komando-1"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "incidents.sqlite3")
    yield database
    database.close()


@pytest.fixture
def config() -> AppConfig:
    base = load_config(bundled_config_file())
    broker = base.broker.model_copy(update={"url": "mqtt://127.0.0.1:9"})
    server = base.server.model_copy(update={"url": "http://127.0.0.1:9", "poke_topic": ""})
    return base.model_copy(update={"workstation": STATION, "broker": broker, "server": server})


@pytest.fixture
def console(qtbot: QtBot, config: AppConfig, db: Database) -> Iterator[Console]:
    # What an earlier online login left on this workstation: the offline check's hash.
    cache_user(db, "siti", "Siti", Role.SUPERVISOR, password_hash=password_hasher().hash(PASSWORD))
    operator = Operator("siti", Role.SUPERVISOR, client_id_for(db, "siti", STATION))
    console = Console(config, db, operator)
    qtbot.addWidget(console.window)
    console.window.show()
    yield console
    console.shutdown()
    console.window.close()


def test_the_signed_in_user_and_role_are_in_the_title_and_status_bar(
    qtbot: QtBot, console: Console, indonesian: str
) -> None:
    assert "siti (supervisor)" in console.window.windowTitle()
    assert "siti (supervisor)" in console.who.label.text()
    assert console.who.label.isVisible()
    # A live switch of language keeps them (the .ui's own title comes back first).
    console.choose_language("en")
    qtbot.waitUntil(lambda: "siti (supervisor)" in console.window.windowTitle())
    assert console.window.windowTitle().startswith("Rembang Command Center")


def test_change_shift_and_quit_are_different_words(console: Console, indonesian: str) -> None:
    sign_out = install_sign_out(console.window, console.window.ui.menuFile, lambda: None)
    quit_text = console.window.ui.actionQuit.text().replace("&", "")
    assert sign_out.text().startswith("Ganti shift")
    assert quit_text == "Keluar aplikasi"
    assert not set(sign_out.text().lower().split()) & set(quit_text.lower().split())


def test_ctrl_l_locks_every_action_but_the_dashboards_stay_and_the_password_unlocks(
    qtbot: QtBot, console: Console
) -> None:
    window = console.window
    assert console.who.lock_action.shortcut().toString() == "Ctrl+L"
    console.who.lock_action.trigger()

    overlay = console.who.overlay
    assert overlay.isVisible()
    assert window.dashboards.isVisible()  # still drawn under the lock
    assert not window.menuBar().isEnabled()
    assert not window.ui.actionQuit.isEnabled()
    assert not console.annunciation.silence_action.isEnabled()
    assert all(not dock.isEnabled() for dock in window.findChildren(QDockWidget))
    window.close()  # the close button too needs the password
    assert window.isVisible()

    overlay.password.setText("salah-sandi")
    overlay.unlock_button.click()
    qtbot.waitUntil(lambda: overlay.unlock_button.isEnabled(), timeout=10_000)
    assert overlay.error.text().startswith("Kata sandi salah")  # the console speaks Indonesian
    assert console.who.lock.locked

    overlay.password.setText(PASSWORD)
    overlay.password.returnPressed.emit()
    qtbot.waitUntil(lambda: not overlay.isVisible(), timeout=10_000)
    assert not console.who.lock.locked
    assert window.menuBar().isEnabled()
    assert window.ui.actionQuit.isEnabled()


def siti_at_a_window(
    qtbot: QtBot, db: Database, config: AppConfig
) -> tuple[QMainWindow, WhoIsHere]:
    """A bare window with who-is-here for supervisor siti; unsynced counts the outbox."""
    window = QMainWindow()
    qtbot.addWidget(window)
    who = WhoIsHere(
        window,
        WindowTitle(window),
        "siti",
        Role.SUPERVISOR,
        unsynced=lambda: pending_count(db),
        lock=ScreenLock("siti", sign_in_check(config, db)),
    )
    return window, who


def test_quitting_with_unsynced_changes_asks_first(
    qtbot: QtBot, db: Database, config: AppConfig
) -> None:
    window, who = siti_at_a_window(qtbot, db, config)
    window.show()
    repository = IncidentRepository(
        db, "siti", Role.SUPERVISOR, STATION, client_id_for(db, "siti", STATION)
    )
    repository.create("Banjir Kali Babagan", "environment", "critical")  # not yet pushed

    window.close()  # Ctrl+Q and the close button both come here
    assert window.isVisible()
    box = who.quit_box
    assert box is not None
    assert box.isVisible()
    assert "1 changes" in box.text()
    keep_working = box.findChild(QPushButton, "keepWorking")
    assert keep_working is not None
    keep_working.click()
    assert window.isVisible()

    window.close()
    box = who.quit_box
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(box.isVisible)
    quit_anyway = box.findChild(QPushButton, "quitAnyway")
    assert quit_anyway is not None
    quit_anyway.click()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_quitting_with_everything_synced_does_not_ask(
    qtbot: QtBot, db: Database, config: AppConfig
) -> None:
    window, who = siti_at_a_window(qtbot, db, config)
    window.show()
    window.close()
    assert not window.isVisible()
    assert who.quit_box is None
