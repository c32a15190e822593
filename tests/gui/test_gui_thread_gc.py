"""Reference cycles are freed on the GUI thread, never on a worker (gc_policy.py).

A Qt object in a cycle freed by a collection that a worker thread triggered
is destroyed on that thread; full test runs logged "QObject::~QObject:
Timers cannot be stopped from another thread" and segfaulted in that family.
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from smartcity_console.gui.gui_thread_gc import GuiThreadCollector

FREED_ON: list[str] = []  # the thread each _Cycle was freed on


class _Cycle:
    """Garbage only the cycle collector frees; says on which thread it was freed."""

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        FREED_ON.append(threading.current_thread().name)


def test_cycles_made_on_a_worker_thread_are_freed_on_the_gui_thread(qtbot: QtBot) -> None:
    FREED_ON.clear()
    owner = QObject()
    gc.enable()  # as a console starts: Python's automatic collection is on
    try:
        GuiThreadCollector(owner, interval_ms=20)
        assert not gc.isenabled()

        def make_garbage() -> None:  # a reader thread: allocates, drops cycles
            for _ in range(20_000):
                _Cycle()

        worker = threading.Thread(target=make_garbage, name="reader")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(FREED_ON) >= 19_000)
        assert set(FREED_ON) == {threading.main_thread().name}
    finally:
        gc.disable()  # the test session's own rule (tests/conftest.py)
        owner.deleteLater()
