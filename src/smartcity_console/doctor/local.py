"""This workstation: the data folder, the incident database, free disk, the keyring.

The database is opened read-only (``mode=ro``): doctor must be safe to run
beside a console that is on shift, and must never migrate or repair by itself.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from alembic.script import ScriptDirectory

from smartcity_console.core.i18n import Message
from smartcity_console.doctor.model import Check, Text, fail, ok, skip, warn
from smartcity_console.store.migrate import alembic_config, head_revision

# Below this the console may fail to write incidents or logs.
DISK_FAIL_MB = 100
DISK_WARN_MB = 1024


def check_data_dir(directory: Path) -> Check:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return fail(
            "data",
            "data-not-writable",
            Message.translate("Doctor", "cannot write to {directory}: {reason}").format(
                directory=directory, reason=reason
            ),
            Message.translate(
                "Doctor",
                "Give this Windows/Linux user write access to that folder (it holds the "
                "incident database), or point [incidents] database elsewhere.",
            ),
        )
    return ok(
        "data", Message.translate("Doctor", "{directory} is writable").format(directory=directory)
    )


def check_disk(
    directory: Path, *, fail_mb: int = DISK_FAIL_MB, warn_mb: int = DISK_WARN_MB
) -> Check:
    existing = directory
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    try:
        free_mb = shutil.disk_usage(existing).free // 2**20
    except OSError as exc:
        return skip("disk", Message.translate("Doctor", "cannot measure: {exc}").format(exc=exc))
    detail = Message.translate("Doctor", "{free_mb} MB free on the disk of {directory}").format(
        free_mb=free_mb, directory=directory
    )
    fix = Message.translate(
        "Doctor", "Free disk space (old logs, downloads) or move the data folder to a larger disk."
    )
    if free_mb < fail_mb:
        return fail("disk", "disk-full", detail, fix)
    if free_mb < warn_mb:
        return warn("disk", "disk-low", detail, fix)
    return ok("disk", detail)


def check_database(path: Path, head: str | None = None) -> list[Check]:
    """``PRAGMA integrity_check`` and the schema revision against this version's head."""
    if head is None:
        head = head_revision()
    if not path.exists():
        note = Message.translate(
            "Doctor", "{path} does not exist yet; the console creates it at its first start"
        ).format(path=path)
        return [skip("database.integrity", note), skip("database.migration", note)]
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        return [_unreadable(path, exc), _not_checked()]
    try:
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.Error as exc:
            return [_unreadable(path, exc), _not_checked()]
        problems = [str(r[0]) for r in rows if r and r[0] != "ok"]
        if problems:
            integrity = fail(
                "database.integrity",
                "database-corrupt",
                Message.translate("Doctor", "{path} is damaged: {problems}").format(
                    path=path, problems="; ".join(problems[:3])
                ),
                _restore_fix(path),
            )
        else:
            integrity = ok(
                "database.integrity",
                Message.translate("Doctor", "{path}: integrity ok").format(path=path),
            )
        return [integrity, _migration(connection, path, head)]
    finally:
        connection.close()


def _restore_fix(path: Path) -> Text:
    return Message.translate(
        "Doctor",
        "Close the console, move {name} aside (keep it for the administrator) and "
        "start again: unsynced incidents are lost, synced ones come back from the "
        "server. A {name}.bak-* copy next to it holds the state before the last "
        "upgrade.",
    ).format(name=path.name)


def _unreadable(path: Path, exc: Exception) -> Check:
    return fail(
        "database.integrity",
        "database-unreadable",
        Message.translate("Doctor", "cannot read {path}: {exc}").format(path=path, exc=exc),
        _restore_fix(path),
    )


def _not_checked() -> Check:
    return skip(
        "database.migration",
        Message.translate("Doctor", "not checked: the database cannot be read"),
    )


def _migration(connection: sqlite3.Connection, path: Path, head: str) -> Check:
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables:
        if tables:
            return fail(
                "database.migration",
                "database-foreign",
                Message.translate(
                    "Doctor", "{path} is not a console database (tables {tables})"
                ).format(path=path, tables=", ".join(sorted(tables)[:5])),
                Message.translate(
                    "Doctor", "Point [incidents] database at another file, or move this one away."
                ),
            )
        return ok(
            "database.migration",
            Message.translate("Doctor", "empty database; set up at start"),
        )
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    current = str(row[0]) if row else None
    if current == head:
        return ok(
            "database.migration",
            Message.translate("Doctor", "schema at {head} (current)").format(head=head),
        )
    known = {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current not in known:
        return fail(
            "database.migration",
            "database-newer",
            Message.translate(
                "Doctor",
                "schema {current} was written by a newer console than this one (knows up to "
                "{head})",
            ).format(current=current, head=head),
            Message.translate(
                "Doctor", "Install the newer console version again (downgrades are not supported)."
            ),
        )
    return warn(
        "database.migration",
        "database-behind",
        Message.translate("Doctor", "schema {current} is older than this version's {head}").format(
            current=current, head=head
        ),
        Message.translate(
            "Doctor",
            "Nothing to do: the console upgrades it at its next start, after making a "
            "copy ({name}.bak-{current}).",
        ).format(name=path.name, current=current),
    )


def check_keyring(*, needs_secret: bool) -> Check:
    """Whether the OS keyring works; ``needs_secret``: the config relies on it for a password."""
    from smartcity_console.credentials import keyring_status

    usable, backend = keyring_status()
    if usable:
        return ok(
            "keyring",
            Message.translate("Doctor", "keyring works ({backend})").format(backend=backend),
        )
    detail = Message.translate(
        "Doctor",
        "no usable keyring ({backend}): sign-in tokens stay in memory and are asked "
        "for at each start",
    ).format(backend=backend)
    if needs_secret:
        return fail(
            "keyring",
            "keyring-needed",
            detail,
            Message.translate(
                "Doctor",
                "The broker password is meant to be in the keyring: log in to a desktop "
                "session with a keyring (Windows Credential Manager, GNOME Keyring, KWallet) "
                "or use a client certificate instead of a password.",
            ),
        )
    return warn(
        "keyring",
        "keyring-memory",
        detail,
        Message.translate(
            "Doctor",
            "Fine for a kiosk; for sign-in that survives a restart use a desktop session "
            "with a keyring.",
        ),
    )
