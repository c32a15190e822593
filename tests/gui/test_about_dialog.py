"""Help > About: versions, paths, live state, and a support bundle without secrets."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import PySide6
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu
from pytestqt.qtbot import QtBot

from smartcity_console import __version__, paths
from smartcity_console.config import AppConfig, IncidentsConfig
from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.shell.about_dialog import AboutDialog, install_help_menu
from smartcity_console.gui.shell.instance_and_about import connection_summary, install_about
from smartcity_console.installation import describe_client_id, with_client_id
from smartcity_console.mqtt.status import ConnectionStatus
from tests.support.mosquitto import free_port

CONFIG = """\
language = "en"
[broker]
url = "mqtt://broker.example:1883"
username = "console"
password = "very-secret"
[server]
url = "http://sync.example:8765"
"""


def test_shows_versions_paths_and_live_state(tmp_path: Path, qtbot: QtBot) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    state = {"broker": "connected (mqtt://broker.example:1883)"}
    dialog = AboutDialog(
        config,
        connection=lambda: state["broker"],
        sync_summary=lambda: "3 pending, last pull 12 s ago",
    )
    qtbot.addWidget(dialog)
    text = dialog.info.toPlainText()
    assert f"smartcity-console: {__version__}" in text
    assert f"PySide6: {PySide6.__version__}" in text
    assert "Qt: 6." in text
    assert "pyqtgraph: " in text
    assert f"config: {config}" in text
    assert f"data: {paths.user_data_dir()}" in text
    assert "broker: connected" in text
    assert "sync: 3 pending, last pull 12 s ago" in text
    state["broker"] = "disconnected: refused"
    dialog.refresh()  # what the one-second timer does
    assert "broker: disconnected: refused" in dialog.info.toPlainText()


def test_shows_the_mqtt_client_id_support_asks_for(tmp_path: Path, qtbot: QtBot) -> None:
    config = AppConfig(
        language="en", incidents=IncidentsConfig(database=tmp_path / "data" / "incidents.sqlite3")
    )
    resolved, identity = with_client_id(config)
    window = QMainWindow()
    qtbot.addWidget(window)
    status = ConnectionStatus("connected", "mqtt://broker.example:1883", 0.0)
    install_about(
        window, resolved, None, lambda: status, None, describe_client_id(resolved, identity)
    )
    about = window.findChild(QAction, "actionAbout")
    assert about is not None
    about.trigger()
    dialog = window.findChild(AboutDialog)
    assert isinstance(dialog, AboutDialog)
    assert identity is not None
    text = dialog.info.toPlainText()
    assert f"mqtt client id: {identity.client_id}, persistent session" in text
    assert dialog.about()["state"]["mqtt client id"].startswith(identity.client_id)
    dialog.close()


def test_a_failing_state_source_is_shown_not_raised(qtbot: QtBot, indonesian: str) -> None:
    def broken() -> str:
        raise RuntimeError("sync not started")

    dialog = AboutDialog(None, sync_summary=broken)
    qtbot.addWidget(dialog)
    assert "sync: unavailable (sync not started)" in dialog.info.toPlainText()
    assert dialog.windowTitle() == "Tentang smartcity-console"


def test_support_bundle_has_logs_redacted_config_and_doctor(tmp_path: Path, qtbot: QtBot) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    log_dir = paths.user_log_dir()
    log_dir.mkdir(parents=True)
    (log_dir / "console.log").write_text("INFO started\n", encoding="utf-8")
    (log_dir / "console.log.1").write_text("INFO older\n", encoding="utf-8")
    dialog = AboutDialog(
        config, doctor_report=lambda: {"ok": False, "checks": [{"name": "broker.tcp"}]}
    )
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.bundle_saved, timeout=10_000) as saved:
        dialog.save_bundle(tmp_path / "out" / "support")
    path = Path(saved.args[0])
    assert path == tmp_path / "out" / "support.zip"
    assert "Support bundle saved" in dialog.status.text()
    with zipfile.ZipFile(path) as bundle:
        names = set(bundle.namelist())
        assert {"config/config.toml", "logs/console.log", "logs/console.log.1"} <= names
        assert {"doctor.json", "about.json", "manifest.json"} <= names
        written = bundle.read("config/config.toml").decode()
        assert "very-secret" not in written
        assert 'password = "<removed>"' in written
        assert 'username = "console"' in written
        assert json.loads(bundle.read("doctor.json"))["checks"][0]["name"] == "broker.tcp"
        about = json.loads(bundle.read("about.json"))
        assert about["versions"]["PySide6"] == PySide6.__version__


def test_bundle_failure_is_reported(tmp_path: Path, qtbot: QtBot) -> None:
    def doctor() -> dict[str, object]:
        raise OSError("no space left on device")

    dialog = AboutDialog(None, doctor_report=doctor)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.bundle_failed, timeout=10_000):
        dialog.save_bundle(tmp_path / "x.zip")
    assert "no space left on device" in dialog.status.text()
    assert dialog.save_button.isEnabled()


def test_help_menu_opens_about_with_a_real_doctor_report(tmp_path: Path, qtbot: QtBot) -> None:
    """The console's wiring: Help > About, doctor run for the bundle against dead ports."""
    dead = free_port()
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        f'language = "en"\n[broker]\nurl = "mqtt://127.0.0.1:{dead}"\n'
        f'[server]\nurl = "http://127.0.0.1:{dead}"\n',
        encoding="utf-8",
    )
    window = QMainWindow()
    qtbot.addWidget(window)
    status = ConnectionStatus("disconnected", f"mqtt://127.0.0.1:{dead}", 0.0, "refused")
    install_about(window, AppConfig(language="en"), config_file, lambda: status, lambda: None)
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Help" in menus
    about = window.findChild(QAction, "actionAbout")
    assert about is not None
    about.trigger()
    dialog = window.findChild(AboutDialog)
    assert isinstance(dialog, AboutDialog)
    text = dialog.info.toPlainText()
    assert f"broker: disconnected (mqtt://127.0.0.1:{dead}): refused" in text
    assert "sync: not running" in text
    with qtbot.waitSignal(dialog.bundle_saved, timeout=30_000) as saved:
        dialog.save_bundle(tmp_path / "bundle.zip")
    with zipfile.ZipFile(saved.args[0]) as bundle:
        report = json.loads(bundle.read("doctor.json"))
    assert report["ok"] is False
    codes = {c["name"]: c["code"] for c in report["checks"]}
    assert codes["broker.tcp"] == "tcp"
    dialog.close()


def test_help_menu_in_indonesian(qtbot: QtBot, indonesian: str) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    action = install_help_menu(window, lambda: AboutDialog(None))
    assert action.text() == "&Tentang…"
    assert connection_summary(ConnectionStatus("connected", "mqtt://b:1883", 0.0)) == (
        "connected (mqtt://b:1883)"
    )


def test_switching_the_language_switches_the_help_menu(tmp_path: Path, qtbot: QtBot) -> None:
    """View → Language while the console runs: Help and About follow at once."""
    window = QMainWindow()
    qtbot.addWidget(window)
    install_about(
        window,
        AppConfig(language="en"),
        None,
        lambda: ConnectionStatus("connected", "mqtt://b:1883", 0.0),
    )
    menu = window.findChild(QMenu, "menuHelp")
    about = window.findChild(QAction, "actionAbout")
    assert menu is not None
    assert about is not None
    assert menu.title() == "&Help"
    assert about.text() == "&About…"
    assert "&Help" in [a.text() for a in window.menuBar().actions()]
    i18n.set_language("id")
    assert menu.title() == "&Bantuan"
    assert about.text() == "&Tentang…"
    assert "&Bantuan" in [a.text() for a in window.menuBar().actions()]
    i18n.set_language("en")
    assert menu.title() == "&Help"
    assert about.text() == "&About…"


def test_open_about_dialog_follows_the_language(qtbot: QtBot) -> None:
    dialog = AboutDialog(None, sync_summary=lambda: translate("AboutDialog", "not running"))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "About smartcity-console"
    i18n.set_language("id")
    assert dialog.windowTitle() == "Tentang smartcity-console"
    assert dialog.save_button.text() == "Simpan paket dukungan…"
    dialog.refresh()
    assert "sync: tidak berjalan" in dialog.info.toPlainText()
