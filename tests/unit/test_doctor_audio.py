"""doctor says when this workstation cannot sound the annunciation (doctor/audio.py).

A real Unix socket stands for the sound server (what Qt's PulseAudio output
connects to); the library check reads the machine's own library path.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartcity_console.config import AnnunciationConfig
from smartcity_console.doctor import audio
from smartcity_console.doctor.audio import check_audio


@pytest.fixture
def runtime_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    (tmp_path / "pulse").mkdir()
    return tmp_path


@pytest.fixture
def sound_server(runtime_dir: Path) -> Iterator[Path]:
    path = runtime_dir / "pulse" / "native"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        server.listen(1)
        yield path


def test_no_sound_server_is_a_warning_that_says_incidents_will_not_sound(
    runtime_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audio, "find_library", lambda _name: "libpulse.so.0")
    check = check_audio(AnnunciationConfig(), platform="linux")
    assert check.status == "warn"
    assert check.code == "no-audio-output"
    assert str(runtime_dir / "pulse" / "native") in check.detail.en
    assert check.ok  # the console still works, seen but not heard


def test_a_sound_server_that_answers_passes(
    sound_server: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audio, "find_library", lambda _name: "libpulse.so.0")
    check = check_audio(AnnunciationConfig(audio_device="Speakers"), platform="linux")
    assert check.status == "ok"
    assert "Speakers" in check.detail.en


def test_without_libpulse_it_says_so(sound_server: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Stands for a desktop without PulseAudio's client library (this machine may have it).
    monkeypatch.setattr(audio, "find_library", lambda _name: None)
    check = check_audio(AnnunciationConfig(), platform="linux")
    assert check.code == "no-audio-library"


def test_sound_off_is_not_checked() -> None:
    assert check_audio(AnnunciationConfig(sound=False), platform="linux").status == "skip"
