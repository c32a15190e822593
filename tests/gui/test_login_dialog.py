"""The login dialog against a real server: a session on success, a reason on refusal."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QThreadPool
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from smartcity_console.core.incidents import Role
from smartcity_console.gui import i18n
from smartcity_console.gui.shell.login_dialog import LoginDialog
from smartcity_console.server.app import create_app
from smartcity_console.server.users import add_user
from smartcity_console.store import Database, open_database
from smartcity_console.sync import auth_client
from smartcity_console.sync.auth_client import Session
from smartcity_console.sync.token_store import TokenStore
from tests.support.auth_server import LiveServer, MemoryKeyring, keyring_backend

PASSWORD = "pantai-kartini"  # noqa: S105 (a test account's password)
WAIT_MS = 15_000


@pytest.fixture(autouse=True)
def _memory_keyring() -> Iterator[None]:
    with keyring_backend(MemoryKeyring()):
        yield


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    add_user(app.state.server_db, "sari", Role.SUPERVISOR, PASSWORD, display_name="Sari W.")
    running = LiveServer(app).start()
    yield running
    running.stop()
    app.state.server_db.close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "incidents.sqlite3")
    yield database
    database.close()


def make_dialog(
    qtbot: QtBot, server: LiveServer, db: Database, *, language: str = "id", demo: bool = False
) -> LoginDialog:
    """A dialog in ``language`` (the GUI's: installed here, reset after the test)."""
    i18n.set_language(language)
    dialog = LoginDialog(
        server.url,
        db,
        workstation="ruang-komando-1",
        demo=demo,
        login=functools.partial(auth_client.login, tokens=TokenStore()),
    )
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def submit(dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.setText(username)
    dialog.password.setText(password)
    dialog.login_button.click()


def test_a_good_password_emits_the_session_and_accepts(
    qtbot: QtBot, server: LiveServer, db: Database
) -> None:
    dialog = make_dialog(qtbot, server, db)
    heard: list[str] = []
    dialog.logged_in.connect(lambda _session: heard.append("logged_in"))
    dialog.accepted.connect(lambda: heard.append("accepted"))
    with (
        qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS),
        qtbot.waitSignal(dialog.logged_in, timeout=WAIT_MS) as blocker,
    ):
        submit(dialog, "sari", PASSWORD)
    assert heard == ["logged_in", "accepted"]
    session = blocker.args[0] if blocker.args else None
    assert isinstance(session, Session)
    assert (session.username, session.role, session.offline) == ("sari", Role.SUPERVISOR, False)
    assert session.workstation == "ruang-komando-1"
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.password.text() == ""


def test_a_bad_password_shows_why_and_emits_nothing(
    qtbot: QtBot, server: LiveServer, db: Database
) -> None:
    dialog = make_dialog(qtbot, server, db)
    with (
        qtbot.assertNotEmitted(dialog.logged_in),
        qtbot.waitSignal(dialog.login_failed, timeout=WAIT_MS) as failed,
    ):
        submit(dialog, "sari", "salah-sandi")
    assert failed.args == ["Nama pengguna atau kata sandi salah."]
    assert "salah" in dialog.status.text()
    assert dialog.isVisible()
    assert dialog.username.text() == "sari"
    assert dialog.password.text() == ""
    assert dialog.login_button.isEnabled()


def test_with_the_server_down_it_says_so_and_checks_the_cache(
    qtbot: QtBot, server: LiveServer, db: Database
) -> None:
    dialog = make_dialog(qtbot, server, db, language="en")
    with qtbot.waitSignal(dialog.logged_in, timeout=WAIT_MS):
        submit(dialog, "sari", PASSWORD)  # online first: the cache learns her password
    server.stop()

    again = make_dialog(qtbot, server, db, language="en")
    with (
        qtbot.assertNotEmitted(again.logged_in),
        qtbot.waitSignal(again.login_failed, timeout=WAIT_MS) as failed,
    ):
        submit(again, "sari", "not-her-password")
    assert "this workstation's copy" in failed.args[0]
    assert not again.note.isHidden()
    assert "Server offline" in again.note.text()

    with qtbot.waitSignal(again.logged_in, timeout=WAIT_MS) as blocker:
        submit(again, "sari", PASSWORD)
    assert blocker.args[0].offline


def test_the_demo_shows_its_accounts(qtbot: QtBot, server: LiveServer, db: Database) -> None:
    plain = make_dialog(qtbot, server, db)
    demo = make_dialog(qtbot, server, db, demo=True, language="en")
    assert plain.hint.isHidden()
    assert not demo.hint.isHidden()
    assert "operator / operator123" in demo.hint.text()
    assert demo.windowTitle() == "Log in to the console"
    assert plain.windowTitle() == "Masuk ke konsol"


def test_cancelling_mid_login_hears_nothing_afterwards(
    qtbot: QtBot, server: LiveServer, db: Database
) -> None:
    release = threading.Event()

    def slow_login(*args: object, **kwargs: object) -> Session:
        release.wait(WAIT_MS / 1000)
        return Session("sari", "Sari W.", Role.SUPERVISOR, None, None, True, "c1", "ws")

    dialog = LoginDialog(server.url, db, workstation="ws", login=slow_login)
    qtbot.addWidget(dialog)
    dialog.open()
    submit(dialog, "sari", PASSWORD)
    assert dialog.busy
    assert not dialog.login_button.isEnabled()
    with qtbot.assertNotEmitted(dialog.logged_in):
        dialog.reject()
        release.set()
        assert QThreadPool.globalInstance().waitForDone(WAIT_MS)
        QCoreApplication.processEvents()
    assert dialog.result() == QDialog.DialogCode.Rejected
