"""What a waiting high or critical incident does to the desk (gui/annunciation/).

The view over a real :class:`Annunciator` and a real SQLite store, in a real
window; the sound is QSoundEffect on whatever audio output the machine has
(CI has none: then the test checks what was asked to play, which is what the
view decides). One test replaces QtMultimedia's import with a failing one:
the only way to stand for a workstation without libpulse, and said so there.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from smartcity_console.config import AnnunciationConfig, load_config
from smartcity_console.console.annunciation import Annunciator, SilenceJournal
from smartcity_console.console.app import ConsoleApp
from smartcity_console.console.session import Operator
from smartcity_console.core.incidents import Role, Severity
from smartcity_console.gui.annunciation import AnnunciationView, SoundOutput, sound
from smartcity_console.gui.shell.app import Console
from smartcity_console.gui.shell.window_title import WindowTitle
from smartcity_console.paths import bundled_config_file
from smartcity_console.store import Database, open_database
from smartcity_console.store.clients import client_id_for


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "incidents.sqlite3")
    yield database
    database.close()


@pytest.fixture
def app(db: Database) -> ConsoleApp:
    config = load_config(bundled_config_file())
    broker = config.broker.model_copy(update={"url": "mqtt://127.0.0.1:9"})
    config = config.model_copy(update={"workstation": "ruang-komando-1", "broker": broker})
    operator = Operator("budi", Role.OPERATOR, client_id_for(db, "budi", "ruang-komando-1"))
    return ConsoleApp(config, db, operator)


def desk(
    qtbot: QtBot, app: ConsoleApp, tmp_path: Path, config: AnnunciationConfig | None = None
) -> tuple[QMainWindow, Annunciator, AnnunciationView]:
    window = QMainWindow()
    qtbot.addWidget(window)
    annunciator = Annunciator(repeat_s=5, journal=SilenceJournal(tmp_path / "journal.jsonl"))
    annunciator.start(app)
    view = AnnunciationView(
        annunciator,
        SoundOutput(config or AnnunciationConfig(), window),
        window,
        WindowTitle(window),
    )
    return window, annunciator, view


def test_a_new_critical_sounds_counts_in_the_title_and_status_bar_and_is_named(
    qtbot: QtBot, app: ConsoleApp, tmp_path: Path, indonesian: str
) -> None:
    window, annunciator, view = desk(qtbot, app, tmp_path)
    window.show()
    assert "menunggu" not in window.windowTitle()
    assert not view.label.isVisible()

    ticket = app.repository.create("Banjir Kali Babagan", "environment", "critical")
    annunciator.tick(0.0)

    assert window.windowTitle().startswith("(1 menunggu konfirmasi)")
    assert view.label.isVisible()
    assert "1 kritis" in view.label.text()
    assert view.label.property("severity") == "critical"
    assert "#ff4d4f" in view.label.styleSheet().lower()  # the critical chip's colour
    assert view.sound.played[Severity.CRITICAL] == 1
    assert view.sound.sources[Severity.CRITICAL].endswith("critical.wav")
    assert view.sound.sources[Severity.HIGH] != view.sound.sources[Severity.CRITICAL]
    assert view.alerts == 1  # the taskbar entry flashes
    # The offscreen window is never the active one: the notification names the incident.
    assert view.notices
    assert "Banjir Kali Babagan" in view.notices[-1][1]
    assert ticket.id in annunciator.state.waiting[0].id

    annunciator.tick(5.0)  # still waiting, not silenced: it repeats
    assert view.sound.played[Severity.CRITICAL] == 2


def test_silence_stops_the_sound_but_the_incident_still_waits(
    qtbot: QtBot, app: ConsoleApp, tmp_path: Path
) -> None:
    window, annunciator, view = desk(qtbot, app, tmp_path)
    window.show()
    app.repository.create("Pompa banjir mati", "environment", "high")
    annunciator.tick(0.0)
    assert view.silence_button.isVisible()

    view.silence_button.click()
    annunciator.tick(60.0)

    assert view.sound.played[Severity.HIGH] == 1  # no repeat after the silence
    assert not view.silence_button.isVisible()
    assert window.windowTitle().startswith("(1 waiting for acknowledgement)")
    assert view.label.property("severity") == "high"
    assert annunciator.journal is not None
    assert len(annunciator.journal.entries()) == 1


def test_the_silence_shortcut_works_from_the_window(
    qtbot: QtBot, app: ConsoleApp, tmp_path: Path
) -> None:
    _window, annunciator, view = desk(qtbot, app, tmp_path)
    app.repository.create("Kebakaran pasar", "governance", "critical")
    annunciator.tick(0.0)
    view.silence_action.trigger()  # Ctrl+Shift+S
    assert annunciator.state.sounding == ()


def test_a_console_without_audio_says_so_once_and_still_annunciates(
    qtbot: QtBot,
    app: ConsoleApp,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Stands for a workstation without libpulse: QtMultimedia cannot load there.
    def no_multimedia() -> object:
        raise ImportError("libpulse.so.0: cannot open shared object file")

    monkeypatch.setattr(sound, "_multimedia", no_multimedia)
    caplog.set_level(logging.INFO)
    window, annunciator, view = desk(qtbot, app, tmp_path)
    assert "audio" in window.statusBar().currentMessage()
    assert "libpulse" in window.statusBar().currentMessage()
    app.repository.create("Banjir Kali Babagan", "environment", "critical")
    annunciator.tick(0.0)
    assert view.sound.played[Severity.CRITICAL] == 1  # asked for, though nothing can play
    assert window.windowTitle().startswith("(1 waiting")
    assert any(m.startswith("annunciate critical ") for m in caplog.messages)


def test_the_wall_annunciates_too(qtbot: QtBot, db: Database, app: ConsoleApp) -> None:
    """The console in wall mode: its wall windows flash and the sound plays, desk hidden."""
    operator = Operator("budi", Role.OPERATOR, client_id_for(db, "budi", "ruang-komando-1"))
    console = Console(app.config, db, operator)
    qtbot.addWidget(console.window)
    console.annunciator.start(console.app)  # what console.start() does, without MQTT
    try:
        console.enter_wall()
        assert console.wall.windows
        assert not console.window.isVisible()
        console.repository.create("Banjir Kali Babagan", "environment", "critical")
        console.annunciator.tick(0.0)
        assert console.annunciation.alerts == len(console.wall.windows)
        assert console.annunciation.sound.played[Severity.CRITICAL] == 1
    finally:
        console.shutdown()
        console.window.close()


def test_without_a_sound_server_qt_audio_devices_are_never_touched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No sound server (a wall without speakers, CI): say so, and leave QtMultimedia's
    device machinery unstarted rather than enumerate outputs that cannot play."""

    class Untouchable:
        class QMediaDevices:
            @staticmethod
            def audioOutputs() -> list[object]:  # noqa: N802 (Qt's name)
                raise AssertionError("QMediaDevices was asked with no sound server")

    monkeypatch.setattr(sound, "sound_server_answers", lambda: False)
    monkeypatch.setattr(sound, "_multimedia", lambda: Untouchable)
    output = SoundOutput(AnnunciationConfig())
    assert output.problem == "This workstation has no audio output."
    output.play(Severity.CRITICAL)  # counted, nothing to play
    assert output.played[Severity.CRITICAL] == 1
