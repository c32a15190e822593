"""Route Qt's own messages into Python logging instead of stderr.

The offscreen platform plugin (self-test, CI) warns "This plugin does not
support propagateSizeHints()" for every top-level window; that says nothing
about the console, so it is dropped. Everything else reaches the log.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("qt")

_HARMLESS = (
    "This plugin does not support propagateSizeHints()",
    # QtMultimedia looks for PipeWire (screen capture, which the console never uses).
    "Couldn't load pipewire-0.3 library",
    "Couldn't resolve pipewire-0.3 symbols",
    # By design: the bundle leaves QtMultimedia's media backend out; QSoundEffect is
    # all the annunciation uses (packaging/README.md, "QtMultimedia in the budget").
    "No QtMultimedia backends found. Only QMediaDevices, QAudioDevice, QSoundEffect, "
    "QAudioSink, and QAudioSource are available.",
    # No sound server: the console says it itself, once (gui/annunciation/sound.py).
    "PulseAudioService: pa_context_connect() failed",
)
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message in _HARMLESS:
        return
    log.log(_LEVELS.get(kind, logging.WARNING), "%s", message)


def install() -> None:
    qInstallMessageHandler(_handler)
