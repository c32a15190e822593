"""Annunciation's views: the sound, the title, the flash, the notice, the status bar."""

from smartcity_console.gui.annunciation.sound import SoundOutput, audio_outputs
from smartcity_console.gui.annunciation.view import AnnunciationView

__all__ = ["AnnunciationView", "SoundOutput", "audio_outputs"]
