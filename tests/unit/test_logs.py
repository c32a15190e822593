"""Rotating log files and unhandled exceptions that are logged, never lost."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from pathlib import Path

import pytest

from smartcity_console import logs, paths


def ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, logs._OURS, False)]


@pytest.mark.usefixtures("restore_logging")
def test_log_file_in_the_platform_log_dir_rotates() -> None:
    path = logs.setup_logging("doctor")
    assert path == paths.user_log_dir() / "doctor.log"
    logging.getLogger("smartcity_console.test").info("hello from the test")
    files = [h for h in ours() if isinstance(h, logging.handlers.RotatingFileHandler)]
    assert len(files) == 1
    assert files[0].maxBytes == logs.MAX_BYTES
    assert files[0].backupCount == logs.BACKUP_COUNT
    files[0].flush()
    assert "hello from the test" in path.read_text(encoding="utf-8")
    # Again (as a second command in one process): replaced, not doubled.
    logs.setup_logging("doctor")
    assert len(ours()) == 2  # stderr and the file


@pytest.mark.usefixtures("restore_logging")
def test_unwritable_log_dir_still_logs_to_stderr(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert logs.setup_logging("console", log_dir=blocker / "logs") is None
    assert logs.log_file() is None
    assert len(ours()) == 1


@pytest.mark.usefixtures("restore_logging")
def test_thread_exception_is_logged_with_traceback_and_reported(tmp_path: Path) -> None:
    path = logs.setup_logging("console", log_dir=tmp_path)
    assert path is not None
    seen: list[logs.Crash] = []
    remove = logs.add_crash_listener(seen.append)

    def broken() -> None:
        raise ValueError("a bad reading")

    worker = threading.Thread(target=broken, name="worker-7")
    worker.start()
    worker.join()
    remove()
    assert len(seen) == 1
    crash = seen[0]
    assert crash.summary == "ValueError: a bad reading"
    assert crash.where == "thread worker-7"
    assert "in broken" in crash.details
    assert crash.signature.startswith("ValueError@")
    for handler in ours():
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "unhandled exception in thread worker-7" in text
    assert "Traceback (most recent call last)" in text


@pytest.mark.usefixtures("restore_logging")
def test_main_thread_hook_reports(tmp_path: Path) -> None:
    logs.setup_logging("console", log_dir=tmp_path)
    seen: list[logs.Crash] = []
    remove = logs.add_crash_listener(seen.append)
    try:
        raise KeyError("slot")
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        remove()
    assert [c.where for c in seen] == ["main thread"]


@pytest.mark.usefixtures("restore_logging")
def test_a_failing_listener_does_not_hide_the_error(tmp_path: Path) -> None:
    logs.setup_logging("console", log_dir=tmp_path)

    def bad(_crash: logs.Crash) -> None:
        raise RuntimeError("listener broke")

    seen: list[logs.Crash] = []
    removers = [logs.add_crash_listener(bad), logs.add_crash_listener(seen.append)]
    try:
        logs.report_exception(OSError, OSError("disk"), None, "asyncio task")
    finally:
        for remove in removers:
            remove()
    assert [c.summary for c in seen] == ["OSError: disk"]
