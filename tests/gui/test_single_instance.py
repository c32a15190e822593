"""One console per data folder: the second start raises the first; other folders run freely."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from smartcity_console.gui import i18n
from smartcity_console.gui.shell.single_instance import (
    LOCK_NAME,
    AlreadyRunning,
    InstanceError,
    SingleInstance,
    bring_to_front,
    front_window,
)
from tests.support.mosquitto import free_port


@pytest.fixture
def first(tmp_path: Path) -> Iterator[SingleInstance]:
    guard = SingleInstance(tmp_path / "data")
    guard.acquire()
    yield guard
    guard.release()


def test_second_start_asks_the_first_to_come_to_the_front(
    first: SingleInstance, qtbot: QtBot
) -> None:
    second = SingleInstance(first.data_dir)
    with (
        qtbot.waitSignal(first.activation_requested, timeout=5000),
        pytest.raises(AlreadyRunning) as running,
    ):
        second.acquire()
    assert running.value.pid == os.getpid()
    assert running.value.same_host
    assert "already running" in str(running.value)
    assert not list(first.requests_dir.iterdir())  # the request was consumed


def test_other_data_folders_run_side_by_side(first: SingleInstance, tmp_path: Path) -> None:
    other = SingleInstance(tmp_path / "other-data")
    other.acquire()
    other.release()


def test_released_lock_can_be_taken_again(tmp_path: Path) -> None:
    guard = SingleInstance(tmp_path / "data")
    guard.acquire()
    guard.release()
    again = SingleInstance(tmp_path / "data")
    again.acquire()
    again.release()


def test_data_folder_that_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(InstanceError, match="cannot use its data folder"):
        SingleInstance(blocker / "data").acquire()


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs a read-only /sys (Linux)")
def test_read_only_data_folder() -> None:
    # Root may write anywhere chmod allows; /sys refuses even root.
    with pytest.raises(InstanceError) as error:
        SingleInstance(Path("/sys/smartcity-console")).acquire()
    assert "must be a folder this user can write to" in str(error.value)
    assert "Traceback" not in str(error.value)


def test_a_minimised_console_comes_back(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.showMinimized()
    assert window.windowState() & Qt.WindowState.WindowMinimized
    bring_to_front(front_window(window))
    assert window.isVisible()
    assert not window.windowState() & Qt.WindowState.WindowMinimized


def test_before_the_console_opens_its_sign_in_dialog_is_raised(qtbot: QtBot) -> None:
    dialog = QDialog()  # the sign-in dialog, waiting for a password
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    assert front_window(None) is dialog


def test_a_data_folder_problem_is_said_in_the_console_language(
    tmp_path: Path, indonesian: i18n.Language
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(InstanceError) as error:
        SingleInstance(blocker / "data").acquire()
    assert "tidak dapat memakai folder datanya" in str(error.value)
    assert str(blocker / "data") in str(error.value)


def _wait_for(path: Path, proc: subprocess.Popen[str], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"no {path} (exit {proc.poll()})")
        time.sleep(0.05)


@pytest.mark.slow
def test_second_console_process_exits_zero_with_a_message(tmp_path: Path) -> None:
    """Two real console processes on one data folder; a third with another folder runs."""
    dead = free_port()
    config = tmp_path / "config.toml"
    config.write_text(
        f'language = "en"\n[broker]\nurl = "mqtt://127.0.0.1:{dead}"\n'
        f'[server]\nurl = "http://127.0.0.1:{dead}"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "smartcity_console", "--config", str(config)]
    lock = Path(env["XDG_DATA_HOME"]) / "smartcity-console" / LOCK_NAME
    with subprocess.Popen(
        cmd, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as running:
        try:
            _wait_for(lock, running)  # the first holds the lock (at its sign-in dialog)
            second = subprocess.run(
                cmd, env=env, text=True, capture_output=True, timeout=60, check=False
            )
        finally:
            running.terminate()
            running.communicate(timeout=30)
    assert second.returncode == 0, second.stderr
    assert "already running" in second.stdout
    assert "Traceback" not in second.stdout + second.stderr
