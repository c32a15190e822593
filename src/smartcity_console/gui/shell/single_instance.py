"""One console per data folder: a second start brings the first to the front and exits.

The lock is keyed on the data folder (where the incident database lives), not
on the user or the machine: two consoles writing one SQLite file and one
outbox would interleave their operators' work, while two ``demo`` consoles
with different ``XDG_DATA_HOME`` folders are independent and must both run.

How
    A ``QLockFile`` (``console.lock`` in the data folder) is the lock: it
    holds the owner's pid and host and is taken over automatically when its
    owner died. The request to come to the front is a file dropped into
    ``instance/`` next to it, which the running console sees through a
    ``QFileSystemWatcher``. Both are QtCore: QLocalServer would need QtNetwork,
    which the bundle leaves out (about 3.3 MB of a 200 MB budget).

A data folder that cannot be written (read-only disk, no permission, a file
where the folder should be) gives :class:`InstanceError` with a sentence,
never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QLockFile, QObject, Signal

LOCK_NAME = "console.lock"
REQUESTS = "instance"


class InstanceError(Exception):
    """The data folder cannot be used; ``str()`` is the message for the user."""


class AlreadyRunning(Exception):  # noqa: N818 (an outcome, not an error)
    """Another console owns the data folder; it has been asked to come to the front."""

    def __init__(self, pid: int, host: str, same_host: bool) -> None:
        self.pid = pid
        self.host = host
        self.same_host = same_host
        if same_host:
            text = QCoreApplication.translate(
                "SingleInstance",
                "The console is already running here (pid {pid}); it was brought to the front.",
            )
        else:
            text = QCoreApplication.translate(
                "SingleInstance",
                "The console is already running on {host} (pid {pid}) with this data folder.",
            )
        super().__init__(text.format(pid=pid, host=host))


class SingleInstance(QObject):
    """Holds the data folder's lock while the console runs.

    Signals:
        activation_requested: a second start asked this console to come to the front.
    """

    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._lock: QLockFile | None = None
        self._watcher: QFileSystemWatcher | None = None

    @property
    def requests_dir(self) -> Path:
        return self.data_dir / REQUESTS

    def acquire(self) -> None:
        """Take the lock, or raise :class:`AlreadyRunning` / :class:`InstanceError`."""
        try:
            self.requests_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _unusable(self.data_dir, exc) from None
        lock = QLockFile(str(self.data_dir / LOCK_NAME))
        # A lock older than this whose owner is gone is taken over (0: never by age alone).
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            error = lock.error()
            if error == QLockFile.LockError.LockFailedError:
                # PySide6 answers (pid, host, application), without C++'s bool.
                info = tuple(lock.getLockInfo())
                pid = int(info[0]) if info and isinstance(info[0], int) else 0
                host = str(info[1]) if len(info) > 1 else ""
                same = host in ("", socket.gethostname())
                if same:
                    self._ask_owner_to_raise()
                raise AlreadyRunning(pid, host, same)
            reason = (
                "permission denied"
                if error == QLockFile.LockError.PermissionError
                else "unknown error"
            )
            raise _unusable(self.data_dir, OSError(reason))
        self._lock = lock
        self._clear_requests()
        self._watcher = QFileSystemWatcher([str(self.requests_dir)], self)
        self._watcher.directoryChanged.connect(self._on_requests_changed)

    def release(self) -> None:
        if self._watcher is not None:
            self._watcher.removePaths(self._watcher.directories())
            self._watcher = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def _ask_owner_to_raise(self) -> None:
        request = self.requests_dir / f"raise-{os.getpid()}"
        # On failure the owner stays where it is; the message still says it runs.
        with contextlib.suppress(OSError):
            request.write_text("raise\n", encoding="utf-8")

    def _clear_requests(self) -> bool:
        found = False
        try:
            for request in self.requests_dir.glob("raise-*"):
                found = True
                request.unlink(missing_ok=True)
        except OSError:
            pass
        return found

    def _on_requests_changed(self, _path: str) -> None:
        if self._clear_requests():
            self.activation_requested.emit()


def _unusable(data_dir: Path, exc: OSError) -> InstanceError:
    reason = exc.strerror or str(exc)
    # Shown before any window, in the language the config chose (set_language ran first).
    text = QCoreApplication.translate(
        "SingleInstance",
        "The console cannot use its data folder {folder} ({reason}). It keeps the "
        "incident database there, so it must be a folder this user can write to: check the "
        "disk is not read-only or full and the folder's permissions, then start again "
        "(smartcity-console doctor checks it too).",
    )
    return InstanceError(text.format(folder=data_dir, reason=reason))


def front_window(console_window: object | None) -> object | None:
    """What a second start should raise: the console, else the dialog before it (sign-in)."""
    from PySide6.QtWidgets import QApplication

    if console_window is not None:
        return console_window
    modal = QApplication.activeModalWidget()
    if modal is not None:
        return modal
    return next((w for w in QApplication.topLevelWidgets() if w.isVisible()), None)


def bring_to_front(window: object) -> None:
    """Show, un-minimise and activate a window (best effort: window managers may refuse)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QWidget

    if not isinstance(window, QWidget):
        return
    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.show()
    # The offscreen platform (tests, self-test) has no stacking order and warns.
    if QGuiApplication.platformName() != "offscreen":
        window.raise_()
        window.activateWindow()
