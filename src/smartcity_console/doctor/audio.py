"""Whether this workstation can sound the annunciation (docs/incidents.md), without Qt.

doctor runs where Qt may not load (a server, a shell over SSH) and must not
import it; so it checks what Qt's audio output needs on Linux instead: the
PulseAudio client library (the bundle does not ship it: it must match the
desktop's sound server) and a sound server answering for this user (PulseAudio,
or PipeWire's pulse server, at ``$PULSE_SERVER`` or
``$XDG_RUNTIME_DIR/pulse/native``). The console itself says the same once in
its status bar when it finds no audio output. Windows and macOS have their
system audio; not checked. A console without sound still annunciates with its
title, status bar, flash and notification: a warning, never a failure.
"""

from __future__ import annotations

import os
import socket
import sys
from ctypes.util import find_library
from pathlib import Path

from smartcity_console.config import AnnunciationConfig
from smartcity_console.core.i18n import Message
from smartcity_console.doctor.model import Check, ok, skip, warn

NAME = "audio"


def _server_socket() -> Path | None:
    server = os.environ.get("PULSE_SERVER", "")
    if server.startswith("unix:"):
        return Path(server[5:])
    if server:
        return None  # a TCP server: not probed here
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return Path(runtime) / "pulse" / "native" if runtime else None


def _answers(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def sound_server_answers() -> bool:
    """Whether libpulse is here and a sound server answers this user (Linux).

    The console asks before it touches QtMultimedia's devices at all: with no
    server, enumerating them starts PulseAudio's client machinery for
    nothing (and it was the one new native part in the GUI tests' process
    when a full run began to crash at random; see docs/incidents.md).
    """
    if find_library("pulse") is None:
        return False
    path = _server_socket()
    if path is None:
        return bool(os.environ.get("PULSE_SERVER"))
    return _answers(path)


def check_audio(config: AnnunciationConfig, platform: str = sys.platform) -> Check:
    if not config.sound:
        return skip(NAME, Message.translate("Doctor", "annunciation sound is off ([annunciation])"))
    if not platform.startswith("linux"):
        return skip(NAME, Message.translate("Doctor", "the system's audio output (not checked)"))
    fix = Message.translate(
        "Doctor",
        "Install and start a sound server for the user who runs the console (PulseAudio, or "
        "PipeWire with pipewire-pulse; Debian: apt install pipewire-pulse). Until then new "
        "incidents are shown but not heard.",
    )
    if find_library("pulse") is None:
        return warn(
            NAME,
            "no-audio-library",
            Message.translate(
                "Doctor", "no audio output: libpulse is not installed, incidents will not sound"
            ),
            fix,
        )
    path = _server_socket()
    if path is not None and not _answers(path):
        return warn(
            NAME,
            "no-audio-output",
            Message.translate(
                "Doctor", "no audio output: no sound server answers at {path}"
            ).format(path=str(path)),
            fix,
        )
    if path is None and not os.environ.get("PULSE_SERVER"):
        return warn(
            NAME,
            "no-audio-output",
            Message.translate(
                "Doctor", "no audio output: no sound server for this user ($XDG_RUNTIME_DIR unset)"
            ),
            fix,
        )
    if not config.audio_device:
        return ok(
            NAME,
            Message.translate(
                "Doctor", "sound server found; incidents sound on the default output"
            ),
        )
    return ok(
        NAME,
        Message.translate("Doctor", "sound server found; incidents sound on {device}").format(
            device=config.audio_device
        ),
    )
