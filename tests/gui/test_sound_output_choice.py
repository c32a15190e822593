"""The [annunciation] setting chooses the audio output and the volume the sounds play at.

A stand-in for QtMultimedia's devices and QSoundEffect, said plainly: this
machine and CI have no audio output (no sound server answers), so the real
QMediaDevices lists nothing and the console, rightly, never starts them
(test_annunciation_gui.py). What is real here is SoundOutput's own choice:
which listed output it takes for the configured name, and what volume and
file it gives each severity's effect. A PulseAudio null sink would make this
real; it is noted as left in the closing note.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QObject, QUrl

from smartcity_console.config import AnnunciationConfig
from smartcity_console.core.incidents import Severity
from smartcity_console.gui.annunciation import sound


class _Output:
    def __init__(self, name: str, ident: str) -> None:
        self._name, self._id = name, ident

    def description(self) -> str:
        return self._name

    def id(self) -> SimpleNamespace:
        return SimpleNamespace(data=lambda: self._id.encode())


class _Effect(QObject):
    def __init__(self, device: _Output, parent: QObject) -> None:
        super().__init__(parent)
        self.device, self.volume, self.source, self.plays = device, -1.0, "", 0

    def setSource(self, url: QUrl) -> None:  # noqa: N802 (Qt's name)
        self.source = url.toLocalFile()

    def setVolume(self, volume: float) -> None:  # noqa: N802 (Qt's name)
        self.volume = volume

    def play(self) -> None:
        self.plays += 1

    def stop(self) -> None:
        pass


OUTPUTS = [_Output("Built-in Audio", "alsa_output.pci"), _Output("Wall speakers", "hdmi.1")]


@pytest.fixture
def multimedia(monkeypatch: pytest.MonkeyPatch) -> Any:
    devices = SimpleNamespace(
        audioOutputs=lambda: list(OUTPUTS), defaultAudioOutput=lambda: OUTPUTS[0]
    )
    fake = SimpleNamespace(QMediaDevices=devices, QSoundEffect=_Effect)
    monkeypatch.setattr(sound, "_multimedia", lambda: fake)
    monkeypatch.setattr(sound, "sound_server_answers", lambda: True)
    return fake


def test_the_configured_output_and_volume_are_the_ones_played_on(multimedia: Any) -> None:
    output = sound.SoundOutput(AnnunciationConfig(audio_device="Wall speakers", volume=0.35))
    assert output.device_name == "Wall speakers"
    for severity in sound.SOUNDED:
        effect = output._effects[severity]
        assert effect.device is OUTPUTS[1]
        assert effect.volume == pytest.approx(0.35)
        assert effect.source == sound.sound_file(severity)
    assert sound.sound_file(Severity.CRITICAL) != sound.sound_file(Severity.HIGH)
    output.play(Severity.CRITICAL)
    assert output._effects[Severity.CRITICAL].plays == 1
    assert output._effects[Severity.HIGH].plays == 0


def test_an_output_named_by_its_system_id_is_found_too(multimedia: Any) -> None:
    assert sound.SoundOutput(AnnunciationConfig(audio_device="hdmi.1")).device_name == (
        "Wall speakers"
    )


def test_an_output_that_is_not_there_falls_back_to_the_default_and_says_so(
    multimedia: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        output = sound.SoundOutput(AnnunciationConfig(audio_device="Ruang rapat"))
    assert output.device_name == "Built-in Audio"
    assert "'Ruang rapat' not found" in caplog.text
    assert output.problem is None
