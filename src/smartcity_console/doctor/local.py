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

from smartcity_console.doctor.model import Check, Text, fail, ok, skip, t, warn
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
            t(
                f"cannot write to {directory}: {reason}",
                f"tidak dapat menulis ke {directory}: {reason}",
            ),
            t(
                "Give this Windows/Linux user write access to that folder (it holds the "
                "incident database), or point [incidents] database elsewhere.",
                "Beri pengguna ini hak tulis ke folder itu (berisi database insiden), atau "
                "arahkan [incidents] database ke tempat lain.",
            ),
        )
    return ok("data", t(f"{directory} is writable", f"{directory} dapat ditulis"))


def check_disk(
    directory: Path, *, fail_mb: int = DISK_FAIL_MB, warn_mb: int = DISK_WARN_MB
) -> Check:
    existing = directory
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    try:
        free_mb = shutil.disk_usage(existing).free // 2**20
    except OSError as exc:
        return skip("disk", t(f"cannot measure: {exc}", f"tidak dapat diukur: {exc}"))
    detail = t(
        f"{free_mb} MB free on the disk of {directory}", f"{free_mb} MB kosong di disk {directory}"
    )
    fix = t(
        "Free disk space (old logs, downloads) or move the data folder to a larger disk.",
        "Kosongkan ruang disk (log lama, unduhan) atau pindahkan folder data ke disk lebih besar.",
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
        note = t(
            f"{path} does not exist yet; the console creates it at its first start",
            f"{path} belum ada; console membuatnya saat pertama kali berjalan",
        )
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
                t(
                    f"{path} is damaged: {'; '.join(problems[:3])}",
                    f"{path} rusak: {'; '.join(problems[:3])}",
                ),
                _restore_fix(path),
            )
        else:
            integrity = ok(
                "database.integrity", t(f"{path}: integrity ok", f"{path}: integritas baik")
            )
        return [integrity, _migration(connection, path, head)]
    finally:
        connection.close()


def _restore_fix(path: Path) -> Text:
    return t(
        f"Close the console, move {path.name} aside (keep it for the administrator) and start "
        f"again: unsynced incidents are lost, synced ones come back from the server. A "
        f"{path.name}.bak-* copy next to it holds the state before the last upgrade.",
        f"Tutup console, pindahkan {path.name} (simpan untuk administrator) lalu jalankan lagi: "
        f"insiden yang belum tersinkron hilang, yang sudah tersinkron kembali dari server. "
        f"Salinan {path.name}.bak-* di sebelahnya berisi keadaan sebelum upgrade terakhir.",
    )


def _unreadable(path: Path, exc: Exception) -> Check:
    return fail(
        "database.integrity",
        "database-unreadable",
        t(f"cannot read {path}: {exc}", f"tidak dapat membaca {path}: {exc}"),
        _restore_fix(path),
    )


def _not_checked() -> Check:
    return skip(
        "database.migration",
        t("not checked: the database cannot be read", "tidak diperiksa: database tidak terbaca"),
    )


def _migration(connection: sqlite3.Connection, path: Path, head: str) -> Check:
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables:
        if tables:
            return fail(
                "database.migration",
                "database-foreign",
                t(
                    f"{path} is not a console database (tables {', '.join(sorted(tables)[:5])})",
                    f"{path} bukan database console (tabel {', '.join(sorted(tables)[:5])})",
                ),
                t(
                    "Point [incidents] database at another file, or move this one away.",
                    "Arahkan [incidents] database ke berkas lain, atau pindahkan berkas ini.",
                ),
            )
        return ok(
            "database.migration",
            t("empty database; set up at start", "database kosong; disiapkan saat mulai"),
        )
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    current = str(row[0]) if row else None
    if current == head:
        return ok(
            "database.migration", t(f"schema at {head} (current)", f"skema di {head} (terbaru)")
        )
    known = {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current not in known:
        return fail(
            "database.migration",
            "database-newer",
            t(
                f"schema {current} was written by a newer console than this one "
                f"(knows up to {head})",
                f"skema {current} ditulis oleh console yang lebih baru (versi ini sampai {head})",
            ),
            t(
                "Install the newer console version again (downgrades are not supported).",
                "Pasang lagi versi console yang lebih baru (downgrade tidak didukung).",
            ),
        )
    return warn(
        "database.migration",
        "database-behind",
        t(
            f"schema {current} is older than this version's {head}",
            f"skema {current} lebih lama dari {head} versi ini",
        ),
        t(
            "Nothing to do: the console upgrades it at its next start, after making a "
            f"copy ({path.name}.bak-{current}).",
            "Tidak perlu tindakan: console meng-upgrade-nya saat mulai berikutnya, setelah "
            f"membuat salinan ({path.name}.bak-{current}).",
        ),
    )


def check_keyring(*, needs_secret: bool) -> Check:
    """Whether the OS keyring works; ``needs_secret``: the config relies on it for a password."""
    from smartcity_console.credentials import keyring_status

    usable, backend = keyring_status()
    if usable:
        return ok("keyring", t(f"keyring works ({backend})", f"keyring berfungsi ({backend})"))
    detail = t(
        f"no usable keyring ({backend}): sign-in tokens stay in memory and are asked for "
        "at each start",
        f"tidak ada keyring yang dapat dipakai ({backend}): token login hanya di memori dan "
        "diminta lagi setiap mulai",
    )
    if needs_secret:
        return fail(
            "keyring",
            "keyring-needed",
            detail,
            t(
                "The broker password is meant to be in the keyring: log in to a desktop "
                "session with a keyring (Windows Credential Manager, GNOME Keyring, KWallet) "
                "or use a client certificate instead of a password.",
                "Kata sandi broker seharusnya di keyring: masuk ke sesi desktop yang punya "
                "keyring (Windows Credential Manager, GNOME Keyring, KWallet) atau gunakan "
                "sertifikat klien sebagai ganti kata sandi.",
            ),
        )
    return warn(
        "keyring",
        "keyring-memory",
        detail,
        t(
            "Fine for a kiosk; for sign-in that survives a restart use a desktop session "
            "with a keyring.",
            "Tidak masalah untuk kiosk; agar login bertahan setelah restart gunakan sesi "
            "desktop dengan keyring.",
        ),
    )
