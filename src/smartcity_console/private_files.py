"""Files that hold incidents, tokens, logs or users: readable by their owner only.

The local incident database (with its ``-wal``/``-shm`` files and backups),
the offline sign-in cache inside it, the log files, the sync server's SQLite
database and the support zip hold operators' work, people's names, password
hashes and what happened on shift. With the usual umask (022) they would be
readable by every account on the machine. On POSIX they are created ``0600``
(folders the console makes, ``0700``), and files from an older version are
tightened when opened. Files are created with that mode from the start
(``os.open``), never made first and tightened after, so there is no moment
when another account can open them.

SQLite creates a database's ``-wal`` and ``-shm`` files with the mode of the
database file itself, so a private database keeps its companions private.

Windows has no such modes (``os.chmod`` only sets read-only): there the
files live under ``%LOCALAPPDATA%``, whose access list already admits only
the user, SYSTEM and Administrators (docs/operations.md).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

FILE_MODE = 0o600
DIR_MODE = 0o700
POSIX = os.name == "posix"
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_dir(path: Path, *, tighten: bool = False) -> Path:
    """Make ``path`` (and missing parents) as ``0700``; ``tighten``: an existing one too.

    Only the console's own folders are tightened: a folder an administrator
    chose for the database may be shared on purpose.
    """
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if POSIX:
        # mkdir's mode is filtered by the umask and parents=True ignores it for parents.
        for folder in missing:
            folder.chmod(DIR_MODE)
        if tighten and not missing:
            with contextlib.suppress(OSError):  # not ours to change: leave it
                path.chmod(DIR_MODE)
    return path


def restrict(path: Path) -> None:
    """Make an existing file ``0600`` (a file an older version left readable by all)."""
    if POSIX and path.exists():
        with contextlib.suppress(OSError):
            path.chmod(FILE_MODE)


def create_private(path: Path) -> Path:
    """Make sure ``path`` exists and is ``0600`` (created with that mode if it did not exist)."""
    if POSIX:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
        os.close(fd)
        restrict(path)
    else:
        path.touch(exist_ok=True)
    return path


def private_sqlite(path: Path) -> Path:
    """A SQLite file (made empty if missing) and its companions, all ``0600``, before opening."""
    if str(path) in ("", ":memory:"):
        return path
    create_private(path)
    for suffix in SQLITE_COMPANIONS:
        restrict(path.with_name(path.name + suffix))
    return path


@contextlib.contextmanager
def private_file(path: Path, mode: str = "wb") -> Iterator[IO[bytes]]:
    """``open(path, "wb")`` (or ``"ab"``), but the file is ``0600`` from its creation."""
    if mode not in ("wb", "ab"):
        raise ValueError(f"private_file opens for writing bytes, not {mode!r}")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode == "ab" else os.O_TRUNC)
    flags |= getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, FILE_MODE)
    if POSIX:
        os.fchmod(fd, FILE_MODE)
    with os.fdopen(fd, mode) as handle:
        yield handle
