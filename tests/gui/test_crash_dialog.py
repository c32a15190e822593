"""Unhandled exceptions reach a dialog once, from any thread, and the console goes on."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from smartcity_console import logs
from smartcity_console.gui import i18n
from smartcity_console.gui.shell.crash_dialog import CrashDialog, CrashReporter


@pytest.fixture
def reporter(tmp_path: Path, qtbot: QtBot, restore_logging: None) -> Iterator[CrashReporter]:
    logs.setup_logging("console", log_dir=tmp_path)
    crash = CrashReporter()
    yield crash
    crash.close()
    if crash.dialog is not None:
        crash.dialog.close()


def _fail(message: str) -> None:
    raise ValueError(message)


def _raise_in_thread(message: str) -> None:
    worker = threading.Thread(target=_fail, args=(message,), name="mqtt-ingest")
    worker.start()
    worker.join()


def test_thread_exception_opens_one_dialog(reporter: CrashReporter, qtbot: QtBot) -> None:
    with qtbot.waitSignal(reporter.shown, timeout=5000) as shown:
        _raise_in_thread("decoder blew up")
    dialog = shown.args[0]
    assert isinstance(dialog, CrashDialog)  # deletes itself on close; the fixture closes it
    assert dialog.isVisible()
    assert not dialog.isModal()  # the operator can keep working beside it
    assert "ValueError: decoder blew up" in dialog.summary.text()
    assert "thread mqtt-ingest" in dialog.summary.text()
    assert "in _fail" in dialog.details.toPlainText()
    log_file = logs.log_file()
    assert log_file is not None
    assert str(log_file) in dialog.intro.text()


def test_same_error_again_is_not_shown_again(reporter: CrashReporter, qtbot: QtBot) -> None:
    with qtbot.waitSignal(reporter.shown, timeout=5000):
        _raise_in_thread("first")
    dialog = reporter.dialog
    assert dialog is not None
    with qtbot.waitSignal(reporter.crashed, timeout=5000):
        _raise_in_thread("first again")  # same place: same signature
    qtbot.waitUntil(lambda: reporter.repeats == 1)
    assert dialog.extra == 0
    # A different error while the dialog is open is added to it, not stacked.
    with qtbot.waitSignal(reporter.crashed, timeout=5000):
        try:
            raise KeyError("missing")
        except KeyError as exc:
            logs.report_exception(KeyError, exc, exc.__traceback__, "main thread")
    qtbot.waitUntil(lambda: dialog.extra == 1)
    assert "KeyError" in dialog.details.toPlainText()
    assert dialog.more.isVisibleTo(dialog)
    # Closed: the next new error gets a dialog of its own.
    dialog.close()
    qtbot.waitUntil(lambda: reporter.dialog is None)
    with qtbot.waitSignal(reporter.shown, timeout=5000):
        logs.report_exception(OSError, OSError("disk full"), None, "asyncio task")


def test_failed_asyncio_task_is_reported(reporter: CrashReporter, qtbot: QtBot) -> None:
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(reporter.asyncio_handler)

    async def broken() -> None:
        raise RuntimeError("sync push failed badly")

    async def main() -> None:
        task = loop.create_task(broken())
        await asyncio.wait([task])
        del task  # never awaited for its result: the loop reports it when collected

    with qtbot.waitSignal(reporter.shown, timeout=5000) as shown:
        loop.run_until_complete(main())
        import gc

        gc.collect()
    loop.close()
    dialog = shown.args[0]
    assert "RuntimeError: sync push failed badly" in dialog.summary.text()
    assert "asyncio task" in dialog.summary.text()


def test_indonesian_text(tmp_path: Path, qtbot: QtBot, indonesian: str) -> None:
    crash = logs.crash_of(ValueError, ValueError("x"), None, "main thread")
    dialog = CrashDialog(crash, tmp_path / "console.log", None)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Terjadi kesalahan"
    assert "Console tetap berjalan" in dialog.intro.text()


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_qt_slot_is_reported(reporter: CrashReporter, qtbot: QtBot) -> None:
    """PySide6 hands a slot's exception to sys.excepthook; the console keeps running."""
    from PySide6.QtCore import QTimer

    logs.install_exception_hooks()  # pytest-qt's own hook was in place until now
    with qtbot.waitSignal(reporter.shown, timeout=5000) as shown:
        QTimer.singleShot(0, lambda: _fail("slot failed"))
    assert "ValueError: slot failed" in shown.args[0].summary.text()
    assert "main thread" in shown.args[0].summary.text()


def test_open_dialog_follows_the_language(tmp_path: Path, qtbot: QtBot) -> None:
    """It may stay open for a while: View → Language switches it too, the count included."""
    crash = logs.crash_of(ValueError, ValueError("x"), None, "main thread")
    dialog = CrashDialog(crash, None, None)
    qtbot.addWidget(dialog)
    dialog.add(logs.crash_of(KeyError, KeyError("y"), None, "main thread"))
    assert dialog.windowTitle() == "An error occurred"
    assert "could not be written to a log file" in dialog.intro.text()
    assert dialog.more.text() == "1 more error(s) since this one; all are in the log."
    i18n.set_language("id")
    assert dialog.windowTitle() == "Terjadi kesalahan"
    assert "tidak dapat dicatat ke berkas log" in dialog.intro.text()
    assert dialog.more.text() == "1 kesalahan lain sejak ini; semuanya ada di log."
