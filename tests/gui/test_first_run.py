"""The first-run setup dialog: live test against a real broker and server, save without secrets."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from smartcity_console import paths
from smartcity_console.config import load_config
from smartcity_console.credentials import SERVICE, broker_key
from smartcity_console.doctor.model import Check
from smartcity_console.gui import i18n
from smartcity_console.gui.shell.first_run import FirstRunDialog
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from tests.support.auth_server import (
    LiveServer,
    MemoryKeyring,
    keyring_backend,
    live_server,
    no_keyring,
)
from tests.support.mosquitto import Mosquitto, free_port

SECRET = "broker-pass-9"  # noqa: S105 (a test broker password)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    with keyring_backend(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        yield backend


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    db: ServerDatabase = app.state.server_db
    with live_server(app) as running:
        yield running
    db.close()


def _fill(dialog: FirstRunDialog, broker: str, server: str) -> None:
    dialog.language.setCurrentIndex(1)  # English
    dialog.workstation.setText("ruang-komando-2")
    dialog.broker_url.setText(broker)
    dialog.username.setText("console")
    dialog.password.setText(SECRET)
    dialog.server_url.setText(server)


def test_test_button_checks_broker_and_server_live(
    qtbot: QtBot, mosquitto: Mosquitto, server: LiveServer
) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, mosquitto.url, server.url)
    with qtbot.waitSignal(dialog.tested, timeout=20_000) as tested:
        dialog.test_button.click()
    checks: list[Check] = tested.args[0]
    names = {c.name: c.status for c in checks}
    assert names["broker.login"] == "ok"
    assert names["broker.subscribe"] == "ok"  # the bundled feeds' rembang/#
    assert names["server.health"] == "ok"
    assert "Everything answered" in dialog.results.toPlainText()
    assert dialog.test_button.isEnabled()


def test_test_button_explains_what_is_wrong(qtbot: QtBot) -> None:
    dead = free_port()
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, f"mqtt://127.0.0.1:{dead}", f"http://127.0.0.1:{dead}")
    with qtbot.waitSignal(dialog.tested, timeout=20_000):
        dialog.run_test()
    text = dialog.results.toPlainText()
    assert f"[X] broker.tcp: nothing answers at 127.0.0.1:{dead}" in text
    assert "what to do: Start the broker" in text
    assert "[X] server.health" in text
    assert "Some checks failed" in text


def test_invalid_entry_is_explained_not_raised(qtbot: QtBot) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.broker_url.setText("http://not-a-broker")
    dialog.run_test()
    assert "broker.url" in dialog.results.toPlainText()
    dialog.save()
    assert dialog.saved_path is None
    assert not paths.default_config_file().exists()


def test_save_writes_only_what_differs_and_the_password_to_the_keyring(
    qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, "mqtts://broker.rembang.example:8883", "https://sync.rembang.example:8765")
    dialog.ca_file.setText("/etc/smartcity/ca.crt")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.save()
    target = paths.default_config_file()
    assert Path(saved.args[0]) == target
    text = target.read_text(encoding="utf-8")
    assert SECRET not in text
    assert "password" not in tomllib.loads(text)["broker"]
    data = tomllib.loads(text)
    assert data["language"] == "en"
    assert data["workstation"] == "ruang-komando-2"
    assert data["broker"] == {
        "url": "mqtts://broker.rembang.example:8883",
        "username": "console",
        "ca_file": "/etc/smartcity/ca.crt",
    }
    assert "keepalive_s" not in data["broker"]  # the default is not repeated
    assert data["feeds"][0]["topic"] == "rembang/#"  # the bundled feeds come along
    key = (SERVICE, broker_key("mqtts://broker.rembang.example:8883", "console"))
    assert memory_keyring.entries[key] == SECRET
    # The console reads the password back from the keyring.
    config = load_config(None)
    assert config.broker.password == SECRET
    assert config.workstation == "ruang-komando-2"


def test_plain_http_to_another_machine_is_refused_with_the_reason(
    qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, "mqtt://127.0.0.1:1883", "http://sync.rembang.example:8765")
    dialog.save()
    assert dialog.saved_path is None
    assert "unencrypted" in dialog.results.toPlainText()
    assert "allow_plain_http" in dialog.results.toPlainText()
    assert not paths.default_config_file().exists()


def test_no_keyring_refuses_to_save_the_password(qtbot: QtBot) -> None:
    with keyring_backend(no_keyring()):
        dialog = FirstRunDialog()
        qtbot.addWidget(dialog)
        _fill(dialog, "mqtt://127.0.0.1:1883", "http://127.0.0.1:8765")
        dialog.save()
    assert dialog.saved_path is None
    assert "no usable keyring" in dialog.results.toPlainText()
    assert not paths.default_config_file().exists()


def test_without_a_password_no_keyring_is_needed(qtbot: QtBot, indonesian: str) -> None:
    with keyring_backend(no_keyring()):
        dialog = FirstRunDialog()
        qtbot.addWidget(dialog)
        dialog.workstation.setText("kiosk-1")
        with qtbot.waitSignal(dialog.saved, timeout=5000):
            dialog.save()
        assert load_config(None).workstation == "kiosk-1"
    assert dialog.windowTitle() == "Siapkan workstation ini"
    assert load_config(None).language == "id"  # the language box shows the GUI's language


def test_language_box_switches_the_dialog_and_the_gui(qtbot: QtBot, indonesian: str) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    assert dialog.lang == "id"
    assert dialog.test_button.text() == "Uji"
    dialog.language.setCurrentIndex(1)  # English
    assert i18n.current_language() == "en"
    assert dialog.windowTitle() == "Set up this workstation"
    assert dialog.test_button.text() == "Test"
    dialog.language.setCurrentIndex(0)
    assert i18n.current_language() == "id"
    assert dialog.windowTitle() == "Siapkan workstation ini"


@pytest.mark.usefixtures("restore_logging")
def test_console_without_config_opens_setup_and_cancel_starts_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from smartcity_console import cli

    shown: list[FirstRunDialog] = []

    def cancel_when_shown() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, FirstRunDialog)]
        if dialogs and dialogs[0].isVisible():
            shown.append(dialogs[0])
            dialogs[0].reject()
        else:
            QTimer.singleShot(10, cancel_when_shown)

    QTimer.singleShot(0, cancel_when_shown)
    started: list[object] = []
    monkeypatch.setattr(
        "smartcity_console.gui.shell.app.run_console", lambda *a, **k: started.append(a)
    )
    assert cli.main([]) == 1
    assert shown
    assert shown[0].windowTitle() == "Siapkan workstation ini"  # Indonesian by default
    assert not started
    assert "setup cancelled" in capsys.readouterr().err
    assert not paths.default_config_file().exists()


@pytest.mark.usefixtures("restore_logging")
def test_explicit_config_never_opens_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from smartcity_console import cli

    def no_dialog(*_a: object, **_k: object) -> Path | None:
        raise AssertionError("the setup dialog must not open with --config")

    monkeypatch.setattr("smartcity_console.gui.shell.first_run.run_first_run", no_dialog)
    started: list[object] = []

    def fake_run_console(*a: object, **_k: object) -> int:
        started.append(a)
        return 0

    monkeypatch.setattr("smartcity_console.gui.shell.app.run_console", fake_run_console)
    config = tmp_path / "c.toml"
    config.write_text('language = "en"\n', encoding="utf-8")
    assert cli.main(["--config", str(config)]) == 0
    assert started
