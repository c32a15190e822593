"""Log files an installer can find, and unhandled exceptions that are never lost.

Every command logs to a rotating file in the platform's log folder
(``paths.user_log_dir()``: ``~/.local/state/smartcity-console/log`` on Linux,
``%LOCALAPPDATA%\\smartcity-console\\Logs`` on Windows), one file per command
(``console.log``, ``serve.log``, ``doctor.log``...), so a sync server and a
console on one machine never rotate the same file from two processes (which
Windows refuses). Files rotate at :data:`MAX_BYTES`, keeping
:data:`BACKUP_COUNT` old ones: a few megabytes at most, whatever the uptime.

Log files say who signed in, from which workstation and what happened to
which incident: they are created readable by their owner only, in a folder
only the owner can enter (``private_files.py``; old files are tightened).

Standard error keeps showing only warnings (``-v``: everything), so the
self-test's "stderr stays empty" still holds.

Unhandled exceptions (the main thread's ``sys.excepthook``, which PySide6
also calls for an exception in a slot, and ``threading.excepthook``) are
logged with their traceback and handed to the listeners added with
:func:`add_crash_listener` (the GUI shows them in a dialog). Nothing here
imports Qt.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from smartcity_console import paths
from smartcity_console.private_files import FILE_MODE, POSIX, private_dir, restrict

MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"
# Libraries that log every request or packet at INFO: only their warnings are kept.
_CHATTY = ("httpx", "httpcore", "amqtt", "transitions", "uvicorn.access", "asyncio")
_OURS = "_smartcity_console_handler"

log = logging.getLogger(__name__)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file (the current one, each new one after a rollover) is 0600."""

    def _open(self):  # type: ignore[no-untyped-def]  # the stdlib's own signature
        if POSIX:
            fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
            os.close(fd)
            restrict(Path(self.baseFilename))
        return super()._open()


@dataclass(frozen=True)
class Crash:
    """One unhandled exception, as the crash dialog shows it."""

    summary: str  # "ValueError: bad value"
    details: str  # the formatted traceback
    where: str  # "main thread", "thread mqtt-ingest", "asyncio task"...
    signature: str  # type and innermost frame: the same bug twice has the same one


CrashListener = Callable[[Crash], None]
_listeners: list[CrashListener] = []
_log_file: Path | None = None


def log_file() -> Path | None:
    """The file this process logs to (None when the log folder could not be written)."""
    return _log_file


def setup_logging(
    command: str, *, verbose: bool = False, log_dir: Path | None = None
) -> Path | None:
    """Log to ``<log_dir>/<command>.log`` and stderr; install the exception hooks.

    Calling it again (tests run several commands in one process) replaces the
    handlers it added before instead of doubling them.
    """
    global _log_file  # one log file per process, like the root logger itself
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OURS, False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    formatter = logging.Formatter(FORMAT)

    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.DEBUG if verbose else logging.WARNING)
    stderr.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    setattr(stderr, _OURS, True)
    root.addHandler(stderr)

    directory = log_dir or paths.user_log_dir()
    _log_file = None
    try:
        private_dir(directory, tighten=log_dir is None)
        path = directory / f"{command}.log"
        handler = PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as exc:
        # The console still runs; doctor's data check names the folder problem.
        log.warning("cannot write log files in %s (%s); logging to stderr only", directory, exc)
    else:
        handler.setFormatter(formatter)
        setattr(handler, _OURS, True)
        root.addHandler(handler)
        _log_file = path
    for name in _CHATTY:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.WARNING)
    install_exception_hooks()
    return _log_file


def crash_of(
    exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None, where: str
) -> Crash:
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    summary = "".join(traceback.format_exception_only(exc_type, exc)).strip()
    frames = traceback.extract_tb(tb) if tb is not None else []
    last = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    return Crash(summary, details, where, f"{exc_type.__qualname__}@{last}")


def report_exception(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    where: str,
) -> None:
    """Log an unhandled exception with its traceback and tell the listeners; never raises."""
    logging.getLogger("smartcity_console.crash").critical(
        "unhandled exception in %s", where, exc_info=(exc_type, exc, tb)
    )
    crash = crash_of(exc_type, exc, tb, where)
    for listener in list(_listeners):
        try:
            listener(crash)
        except Exception:  # a failing listener must not hide the original error
            logging.getLogger("smartcity_console.crash").exception("crash listener failed")


def add_crash_listener(listener: CrashListener) -> Callable[[], None]:
    """Call ``listener`` (from any thread) for every unhandled exception; returns its remover."""
    _listeners.append(listener)

    def remove() -> None:
        if listener in _listeners:
            _listeners.remove(listener)

    return remove


def _sys_hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    report_exception(exc_type, exc, tb, "main thread")


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "?"
    exc = args.exc_value if args.exc_value is not None else args.exc_type.__new__(args.exc_type)
    report_exception(args.exc_type, exc, args.exc_traceback, f"thread {name}")


def install_exception_hooks() -> None:
    sys.excepthook = _sys_hook
    threading.excepthook = _thread_hook
