"""Fixtures shared by every test: isolated settings and real brokers."""

from __future__ import annotations

import gc
import itertools
import logging
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import argon2
import pytest
from argon2 import PasswordHasher

from smartcity_console import logs
from smartcity_console.gc_policy import collect_if_due
from smartcity_console.passwords import use_hasher
from smartcity_console.store import Database, open_database
from tests.support.clock import Clock
from tests.support.mosquitto import Mosquitto
from tests.support.postgres import Postgres

# Qt never needs a display in tests (set before any Qt import).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """argon2's cheapest profile: logins cost microseconds, hashing is still argon2."""
    previous = use_hasher(PasswordHasher.from_parameters(argon2.profiles.CHEAPEST))
    yield
    use_hasher(previous)


@pytest.fixture(autouse=True)
def _qt_deletes_now() -> Iterator[None]:
    """Delete the Qt objects a test closed before the next test starts.

    pytest-qt closes a test's widgets with ``deleteLater`` and then calls
    ``processEvents``, which never delivers deferred deletes posted outside an
    event loop: they waited for the next test that ran one (qasync, a
    ``waitSignal``), and were torn down in the middle of it. Full-suite runs
    segfaulted there, tests after the one that left wall mode. Flushing them
    here, after pytest-qt's teardown (this fixture is set up first, so torn
    down last), puts a crash in the test that made the objects.
    """
    yield
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is not None and widgets.QApplication.instance() is not None:
        from PySide6.QtCore import QCoreApplication, QEvent

        for _ in range(3):  # a deleted object's own children may deleteLater in turn
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    # Reference cycles (Qt objects among them) are freed here, on the main thread, as
    # the console frees them on its GUI thread (gc_policy.py; _collect_on_the_main_thread).
    collect_if_due()


@pytest.fixture(autouse=True, scope="session")
def _collect_on_the_main_thread() -> Iterator[None]:
    """Python's collector never runs on a worker thread during the tests (gc_policy.py).

    A run printed "QObject::~QObject: Timers cannot be stopped from another
    thread": a Qt object of an earlier test, in a reference cycle, was freed
    by a collection that the incident list's reader thread happened to
    trigger; full runs segfaulted in the same family, one in several.
    """
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point platformdirs at a private tree so no test touches the user's files."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))


@pytest.fixture(scope="session")
def _shared_mosquitto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mosquitto]:
    broker = Mosquitto(workdir=tmp_path_factory.mktemp("mosquitto"))
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture
def mosquitto(_shared_mosquitto: Mosquitto) -> Iterator[Mosquitto]:
    """A real Mosquitto on a free loopback port, shared by the session's tests.

    A test during which it dropped messages fails (tests/support/mosquitto.py).
    """
    start = _shared_mosquitto.log_size()
    yield _shared_mosquitto
    _shared_mosquitto.check_no_drops(start)


@pytest.fixture
def own_mosquitto(tmp_path: Path) -> Iterator[Mosquitto]:
    """A broker this test alone controls (restart it, change its limits)."""
    broker = Mosquitto(workdir=tmp_path / "mosquitto")
    yield broker
    broker.stop()
    broker.check_no_drops()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Where a test's local incident database lives."""
    return tmp_path / "incidents.sqlite3"


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One empty database at the head revision, made once per run.

    Every ``db`` starts as a copy of it: running the four migrations for each
    of hundreds of tests cost minutes and tested nothing new (the migration
    tests open fresh files themselves).
    """
    template = tmp_path_factory.mktemp("template") / "incidents.sqlite3"
    open_database(template).close()
    return template


@pytest.fixture
def db(path: Path, migrated_database: Path) -> Iterator[Database]:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(migrated_database, path)
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Put the root logger, the exception hooks and the log file back as pytest had them.

    For tests that run ``cli.main`` or ``logs.setup_logging``, which install both.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    hooks = sys.excepthook, threading.excepthook
    log_file = logs._log_file
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    sys.excepthook, threading.excepthook = hooks
    logs._log_file = log_file


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A real PostgreSQL cluster for this run; tests create their own databases in it."""
    server = Postgres.start()
    yield server
    server.stop()


_DATABASE_NUMBERS = itertools.count(1)


@pytest.fixture
def postgres_url(postgres: Postgres, request: pytest.FixtureRequest) -> str:
    """A fresh, empty database on the run's PostgreSQL."""
    # A run's own counter makes the name unique: the name of a parametrised test
    # shares its first 40 characters with its siblings, and the id() of a request
    # used before is reused by a later one, so createdb once met a database of
    # the same name ("already exists") in a full run.
    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:40]
    name += f"_{next(_DATABASE_NUMBERS)}"
    return postgres.create_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def server_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A sync server database URL: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url
