"""doctor's checks of this workstation: database, data folder, disk and keyring."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from smartcity_console.doctor.local import (
    check_data_dir,
    check_database,
    check_disk,
    check_keyring,
)
from smartcity_console.store import open_database
from smartcity_console.store.migrate import head_revision
from tests.support.auth_server import BrokenKeyring, MemoryKeyring, keyring_backend, no_keyring


def _make_db(path: Path) -> None:
    open_database(path).close()


def test_missing_database_is_skipped_not_failed(tmp_path: Path) -> None:
    integrity, migration = check_database(tmp_path / "incidents.sqlite3")
    assert integrity.status == "skip"
    assert migration.status == "skip"
    assert "first start" in integrity.detail.en


def test_current_database_passes(tmp_path: Path) -> None:
    path = tmp_path / "incidents.sqlite3"
    _make_db(path)
    integrity, migration = check_database(path)
    assert integrity.status == "ok"
    assert migration.status == "ok"
    assert head_revision() in migration.detail.en


def test_garbage_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "incidents.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    integrity, migration = check_database(path)
    assert integrity.code == "database-unreadable"
    assert integrity.fix is not None
    assert "move incidents.sqlite3 aside" in integrity.fix.en
    assert migration.status == "skip"


def test_damaged_page_fails_integrity_check(tmp_path: Path) -> None:
    path = tmp_path / "incidents.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute("CREATE TABLE t (x TEXT)")
    connection.execute("CREATE INDEX t_x ON t (x)")
    connection.executemany("INSERT INTO t VALUES (?)", [(f"row {i:06d}" * 20,) for i in range(500)])
    connection.commit()
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 't_x'").fetchone()
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with path.open("r+b") as raw:  # overwrite the index's root page with junk
        raw.seek((root[0] - 1) * page_size)
        raw.write(b"\xff" * 200)
    integrity, _ = check_database(path)
    assert integrity.status == "fail"
    assert integrity.code in ("database-corrupt", "database-unreadable")


def test_older_schema_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "incidents.sqlite3"
    _make_db(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    connection.close()
    _, migration = check_database(path)
    assert migration.status == "warn"
    assert migration.code == "database-behind"
    assert "incidents.sqlite3.bak-0001" in (migration.fix.en if migration.fix else "")


def test_newer_schema_fails(tmp_path: Path) -> None:
    path = tmp_path / "incidents.sqlite3"
    _make_db(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    _, migration = check_database(path)
    assert migration.code == "database-newer"


def test_foreign_database_fails(tmp_path: Path) -> None:
    path = tmp_path / "incidents.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER)")
    connection.close()
    _, migration = check_database(path)
    assert migration.code == "database-foreign"


def test_data_dir_that_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    check = check_data_dir(blocker / "data")
    assert check.code == "data-not-writable"
    assert "write access" in (check.fix.en if check.fix else "")


def test_disk_thresholds(tmp_path: Path) -> None:
    assert check_disk(tmp_path).status == "ok" or check_disk(tmp_path).status == "warn"
    assert check_disk(tmp_path, fail_mb=10**12).code == "disk-full"
    assert check_disk(tmp_path, fail_mb=0, warn_mb=10**12).code == "disk-low"
    # A folder that does not exist yet is measured on the disk it will be made on.
    assert check_disk(tmp_path / "later" / "data").status in ("ok", "warn")


def test_keyring_usable() -> None:
    memory = MemoryKeyring()
    with keyring_backend(memory):
        check = check_keyring(needs_secret=True)
    assert check.status == "ok"
    assert not memory.entries  # the probe entry was removed


@pytest.mark.parametrize("backend", [no_keyring(), BrokenKeyring()], ids=["none", "broken"])
def test_keyring_missing(backend: object) -> None:
    from keyring.backend import KeyringBackend

    assert isinstance(backend, KeyringBackend)
    with keyring_backend(backend):
        memory = check_keyring(needs_secret=False)
        needed = check_keyring(needs_secret=True)
    assert memory.status == "warn"
    assert memory.code == "keyring-memory"
    assert needed.status == "fail"
    assert needed.code == "keyring-needed"


def test_a_workstation_without_its_own_config_is_warned_which_file_is_used(
    tmp_path: Path,
) -> None:
    from smartcity_console import paths
    from smartcity_console.doctor.runner import check_config

    assert not paths.default_config_file().exists()  # the tests' own empty XDG folders
    check, config, source = check_config(None)
    assert (check.status, check.code) == ("warn", "config-default")
    assert source == paths.bundled_config_file()
    assert str(paths.default_config_file()) in check.detail.en
    assert config is not None  # the bundled default still runs the other checks
    own = tmp_path / "config.toml"
    own.write_text('workstation = "ruang-komando-1"\n', encoding="utf-8")
    check, config, source = check_config(own)
    assert check.status == "ok"
    assert source == own
