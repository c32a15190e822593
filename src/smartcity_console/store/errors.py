"""Database failures, turned into sentences for the person at the console.

SQLite reports a locked, read-only or damaged file as an exception with an
error code deep inside SQLAlchemy's wrapper; the console must instead say what
happened to which file and what to do, and never show a half-written change
(every write is one transaction, so an error means nothing was written).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

Problem = Literal[
    "locked", "read_only", "corrupt", "unopenable", "full", "newer", "foreign", "other"
]

# SQLite primary result codes (https://sqlite.org/rescode.html).
_BY_CODE: dict[int, Problem] = {
    5: "locked",  # SQLITE_BUSY
    6: "locked",  # SQLITE_LOCKED
    8: "read_only",  # SQLITE_READONLY
    11: "corrupt",  # SQLITE_CORRUPT
    13: "full",  # SQLITE_FULL
    14: "unopenable",  # SQLITE_CANTOPEN
    26: "corrupt",  # SQLITE_NOTADB
}

# Older SQLite builds or wrapped errors without a code: match the message.
_BY_TEXT: tuple[tuple[str, Problem], ...] = (
    ("locked", "locked"),
    ("readonly", "read_only"),
    ("read-only", "read_only"),
    ("malformed", "corrupt"),
    ("not a database", "corrupt"),
    ("unable to open", "unopenable"),
)


class StoreError(Exception):
    """The incident database cannot be used; ``problem`` says why, for code to branch on."""

    def __init__(self, message: str, *, problem: Problem, path: Path) -> None:
        super().__init__(message)
        self.problem: Problem = problem
        self.path = path


def classify(error: BaseException) -> Problem:
    """Which problem a sqlite3 (or SQLAlchemy-wrapped) error stands for."""
    original = error.orig if isinstance(error, DBAPIError) else error
    code = getattr(original, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _BY_CODE:
        return _BY_CODE[code & 0xFF]
    text = str(original).lower()
    return next((problem for needle, problem in _BY_TEXT if needle in text), "other")


def keep_damaged_copy(path: Path) -> Path:
    """Copy a damaged file (and its -wal) aside, untouched, for someone to rescue."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    shutil.copy2(path, target)
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:  # committed pages not yet in the file
        shutil.copy2(wal, f"{target}-wal")
    return target


def explain(error: BaseException, path: Path) -> StoreError:
    """A :class:`StoreError` for an exception from SQLite or SQLAlchemy."""
    detail = str(error.orig if isinstance(error, DBAPIError) else error).strip()
    return describe(classify(error), detail, path)


def describe(problem: Problem, detail: str, path: Path) -> StoreError:
    """A :class:`StoreError` whose message says what happened and what to do."""
    where = f"the incident database at {path}"
    if problem == "corrupt":
        try:
            kept = f"a copy was kept at {keep_damaged_copy(path)}"
        except OSError as exc:
            kept = f"no copy could be kept ({exc})"
        message = (
            f"{where} is damaged: {detail}; {kept}; restore from backup"
            f" (the copies named {path.name}.bak-* are made before each upgrade)"
        )
    elif problem == "locked":
        message = (
            f"{where} is in use by another program (database is locked); close the other "
            "console or tool using it and try again"
        )
    elif problem == "read_only":
        message = f"{where} is read-only ({detail}); the console needs to write to it"
    elif problem == "unopenable":
        message = f"{where} cannot be opened ({detail}); check that its folder exists"
    elif problem == "full":
        message = f"{where} cannot be written: the disk is full; free some space"
    elif problem == "newer":
        message = (
            f"{where} was written by a newer version of the console ({detail}); "
            "install that version or later"
        )
    elif problem == "foreign":
        message = f"{where} is not an incident database ({detail}); choose another file"
    else:
        message = f"{where} cannot be used: {detail}"
    return StoreError(message, problem=problem, path=path)


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Turn database exceptions raised inside the block into :class:`StoreError`."""
    try:
        yield
    except (SQLAlchemyError, sqlite3.Error) as exc:
        raise explain(exc, path) from exc
