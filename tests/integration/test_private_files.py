"""Incidents, sign-in caches, logs, the server's users and the support zip: owner only.

Every test runs under umask 022, the usual default, under which a file made
without care is readable by every account on the machine (0644). Real SQLite
files, real log rotation, a real zip.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from smartcity_console import logs, paths
from smartcity_console.config_edit import save_language
from smartcity_console.server.database import open_server_database
from smartcity_console.store import open_database
from smartcity_console.store.migrate import copy_aside
from smartcity_console.support_bundle import write_support_bundle

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes (Windows: ACLs)")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_incident_database_and_its_wal_and_shm_are_the_owners_alone(tmp_path: Path) -> None:
    path = tmp_path / "new-folder" / "incidents.sqlite3"
    db = open_database(path)
    try:
        with db.engine.begin() as connection:  # a write, so -wal and -shm exist
            connection.execute(text("CREATE TABLE scratch (x INTEGER)"))
        assert mode(path.parent) == 0o700
        for name in ("incidents.sqlite3", "incidents.sqlite3-wal", "incidents.sqlite3-shm"):
            assert mode(path.parent / name) == 0o600, name
        backup = copy_aside(path, "test")
        assert mode(backup) == 0o600
    finally:
        db.close()


def test_a_database_an_older_version_left_readable_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "incidents.sqlite3"
    open_database(path).close()
    path.chmod(0o644)
    open_database(path).close()
    assert mode(path) == 0o600


def test_the_default_data_folder_is_tightened(tmp_path: Path) -> None:
    data = paths.user_data_dir()
    data.mkdir(parents=True)
    data.chmod(0o755)
    open_database(data / "incidents.sqlite3").close()
    assert mode(data) == 0o700


def test_the_servers_sqlite_database_is_the_owners_alone(tmp_path: Path) -> None:
    path = tmp_path / "srv" / "server.sqlite3"
    db = open_server_database(f"sqlite:///{path}")
    try:
        with db.write() as session:
            session.execute(text("CREATE TABLE scratch (x INTEGER)"))
        assert mode(path.parent) == 0o700
        for suffix in ("", "-wal", "-shm"):
            assert mode(path.with_name(path.name + suffix)) == 0o600, suffix
    finally:
        db.close()


def test_log_files_and_their_rotations_are_the_owners_alone(restore_logging: None) -> None:
    log_path = logs.setup_logging("console")
    assert log_path is not None
    logging.getLogger("test").warning("a line")
    assert mode(log_path.parent) == 0o700
    assert mode(log_path) == 0o600
    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h, logs.PrivateRotatingFileHandler)
    )
    handler.doRollover()
    logging.getLogger("test").warning("after the rollover")
    assert mode(log_path) == 0o600
    assert mode(log_path.with_name(log_path.name + ".1")) == 0o600


def test_an_old_readable_log_file_is_tightened(restore_logging: None) -> None:
    folder = paths.user_log_dir()
    folder.mkdir(parents=True)
    old = folder / "console.log"
    old.write_text("from an older version\n")
    old.chmod(0o644)
    logs.setup_logging("console")
    assert mode(old) == 0o600
    assert mode(folder) == 0o700


def test_the_support_zip_and_the_config_file_are_the_owners_alone(tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.toml"
    save_language(config, "en")
    assert mode(config) == 0o600
    bundle = write_support_bundle(
        tmp_path / "support.zip", config_file=config, log_dir=tmp_path, doctor_report=None
    )
    assert mode(bundle) == 0o600
