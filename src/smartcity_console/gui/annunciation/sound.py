"""The annunciation's sounds: one bundled WAV per severity, played by QSoundEffect.

QtMultimedia comes from PySide6-Addons; the bundle keeps its library and
module but not its FFmpeg media plugin (packaging/README.md): QSoundEffect
decodes WAV itself and plays through Qt's own PulseAudio output, so it needs
no media backend. A workstation without an audio output (or without
libpulse, which the bundle does not ship) gets ``problem``: the console says
so once in the status bar and ``doctor`` says it too, and everything else
(title, flash, notification, status bar) still annunciates.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl

from smartcity_console.core.incidents import Severity
from smartcity_console.doctor.audio import sound_server_answers
from smartcity_console.gui.i18n import translate
from smartcity_console.paths import resource_path

if TYPE_CHECKING:
    from smartcity_console.config import AnnunciationConfig

log = logging.getLogger(__name__)

SOUNDED = (Severity.CRITICAL, Severity.HIGH)


def sound_file(severity: Severity) -> str:
    """The bundled WAV for ``severity`` (packaging/make_sounds.py wrote them)."""
    return str(resource_path("sounds", f"{severity.value}.wav"))


def _multimedia() -> Any:
    """QtMultimedia, imported when first needed: its absence costs only the sound."""
    from PySide6 import QtMultimedia

    return QtMultimedia


def audio_outputs() -> tuple[list[str], str | None]:
    """The audio outputs' names (default first) or why there is none (doctor, the view)."""
    try:
        multimedia = _multimedia()
    except ImportError as exc:
        return [], translate("Annunciation", "Qt's audio cannot load ({}).").format(exc)
    devices = multimedia.QMediaDevices
    outputs = list(devices.audioOutputs())
    if not outputs:
        return [], translate("Annunciation", "This workstation has no audio output.")
    default = devices.defaultAudioOutput().description()
    names = [d.description() for d in outputs]
    names.sort(key=lambda name: name != default)
    return names, None


class SoundOutput(QObject):
    """One QSoundEffect per severity on the chosen output, at the chosen volume.

    ``played`` counts what was asked to play, per severity (the status bar's
    tests and the log check it; a console without audio counts too).
    """

    def __init__(self, config: AnnunciationConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = config.sound
        self.played: dict[Severity, int] = dict.fromkeys(SOUNDED, 0)
        self.sources: dict[Severity, str] = {s: sound_file(s) for s in SOUNDED}
        self.problem: str | None = None
        self.device_name = ""
        self._effects: dict[Severity, Any] = {}
        if not self.enabled:
            return
        try:
            multimedia = _multimedia()
        except ImportError as exc:
            self.problem = translate("Annunciation", "Qt's audio cannot load ({}).").format(exc)
            log.warning("annunciation: no sound, QtMultimedia cannot load: %s", exc)
            return
        if sys.platform.startswith("linux") and not sound_server_answers():
            self.problem = translate("Annunciation", "This workstation has no audio output.")
            log.info("annunciation: no sound server answers, incidents will not sound")
            return
        device = self._device(multimedia, config.audio_device)
        if device is None:
            return
        self.device_name = device.description()
        for severity in SOUNDED:
            effect = multimedia.QSoundEffect(device, self)
            effect.setSource(QUrl.fromLocalFile(self.sources[severity]))
            effect.setVolume(config.volume)
            self._effects[severity] = effect

    def _device(self, multimedia: Any, wanted: str) -> Any:
        outputs = list(multimedia.QMediaDevices.audioOutputs())
        if not outputs:
            self.problem = translate("Annunciation", "This workstation has no audio output.")
            # INFO: a fact of this workstation (a wall without speakers), said once in the
            # status bar and by doctor; a QtMultimedia that cannot load is a warning.
            log.info("annunciation: no audio output, incidents will not sound")
            return None
        if wanted:
            for device in outputs:
                if wanted in (device.description(), bytes(device.id().data()).decode()):
                    return device
            log.warning("annunciation: audio output %r not found, using the default", wanted)
        return multimedia.QMediaDevices.defaultAudioOutput()

    def play(self, severity: Severity) -> None:
        """Play ``severity``'s sound once (the annunciator repeats it)."""
        if not self.enabled or severity not in self.played:
            return
        self.played[severity] += 1
        for other, effect in self._effects.items():
            if other is not severity:
                effect.stop()
        effect = self._effects.get(severity)
        if effect is not None:
            effect.play()

    def stop(self) -> None:
        for effect in self._effects.values():
            effect.stop()
