"""Entry script of the PyInstaller bundle (``packaging/smartcity-console.spec``).

The bundle runs exactly what the ``smartcity-console`` console script runs.

One measuring aid, dormant unless asked for: when the environment variable
``SMARTCITY_CONSOLE_FIRST_WINDOW_FILE`` names a file, the wall-clock time
(``time.time()``) at which the main window has received its first show event
and the event loop has processed it (its first paint) is written there. The smoke test
(``packaging/smoke_test.py``) sets it for the bundle and for a run from source
through this same script, so "start to first window" is measured the same way
for both. Nothing is printed, so the self-test's empty-stderr check still holds.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path


def _probe_first_window(path: str) -> None:
    # Imported only when the probe is asked for: the GUI (and Qt) stays lazy
    # for serve/simulate/decode/doctor, as in cli.py.
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QShowEvent

    from smartcity_console.gui.shell.main_window import MainWindow

    original = MainWindow.showEvent
    done = False

    # showEvent, not show(): it runs whichever of show(), showMaximized() or
    # showFullScreen() the console uses.
    def show_event(self: MainWindow, event: QShowEvent) -> None:
        nonlocal done
        original(self, event)
        if done:
            return
        done = True

        def record() -> None:
            Path(path).write_text(f"{time.time():.6f}\n", encoding="utf-8")

        # After the event loop has processed the show (first expose and paint).
        QTimer.singleShot(0, record)

    MainWindow.showEvent = show_event  # type: ignore[method-assign,assignment]


if __name__ == "__main__":
    # The MQTT client's process (mqtt/process.py) is this executable
    # started again by multiprocessing; this hands it over before anything else runs.
    multiprocessing.freeze_support()
    probe = os.environ.get("SMARTCITY_CONSOLE_FIRST_WINDOW_FILE")
    if probe:
        _probe_first_window(probe)

    from smartcity_console.cli import main

    raise SystemExit(main())
