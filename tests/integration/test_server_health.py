"""``/api/v1/health`` says whether the database takes a write, and what a request may carry.

A database can answer ``SELECT 1`` and refuse every write: a full disk, a
read-only file, a PostgreSQL standby after a wrong failover. Health said
``ok`` then while every push and login failed. Here the database really
refuses writes: on SQLite the file is made read-only (the immutable flag as
root, who ignores permission bits; mode 0444 otherwise), on PostgreSQL the
database is set to read-only transactions and the server's sessions are
ended, so it reconnects into them, as after a failover to a replica.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
import pytest
from psycopg import sql
from sqlalchemy import make_url

from smartcity_console.contract.sync_api import MAX_OPS, MAX_PULL
from smartcity_console.core.incidents import Role
from smartcity_console.doctor.server import Credentials, check_server
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user
from tests.support.auth_server import LiveServer, live_server
from tests.support.postgres import Postgres

PASSWORD = "kartini-2025"  # noqa: S105 (a test account's password)


@pytest.fixture
def server(server_database_url: str) -> Iterator[LiveServer]:
    app = create_app(server_database_url, max_body_bytes=1_000_000)
    db: ServerDatabase = app.state.server_db
    add_user(db, "sari", Role.SUPERVISOR, PASSWORD)
    with live_server(app) as running:
        yield running
    db.close()


@contextmanager
def sqlite_read_only(path: Path) -> Iterator[None]:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        undo = ["chattr", "-i", str(path)]
    else:
        path.chmod(0o444)
        undo = ["chmod", "0644", str(path)]
    try:
        yield
    finally:
        subprocess.run(undo, check=True)


def _admin(postgres: Postgres) -> psycopg.Connection[tuple[object, ...]]:
    url = make_url(postgres.admin_url).set(drivername="postgresql")
    return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)


def _postgres_read_only(postgres: Postgres, database: str, on: bool) -> None:
    with _admin(postgres) as admin:
        admin.execute(
            sql.SQL("ALTER DATABASE {} SET default_transaction_read_only = {}").format(
                sql.Identifier(database), sql.SQL("on" if on else "off")
            )
        )
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        )


@contextmanager
def refusing_writes(server: LiveServer, request: pytest.FixtureRequest) -> Iterator[None]:
    db: ServerDatabase = server.app.state.server_db
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        db.engine.dispose()  # new connections open the file as it is now
        with sqlite_read_only(Path(str(url.database))):
            yield
        return
    postgres: Postgres = request.getfixturevalue("postgres")
    _postgres_read_only(postgres, str(url.database), on=True)
    try:
        yield
    finally:
        _postgres_read_only(postgres, str(url.database), on=False)


def health(server: LiveServer) -> httpx.Response:
    return httpx.get(f"{server.url}/api/v1/health", timeout=10)


def test_health_advertises_the_limits_of_one_request(server: LiveServer) -> None:
    answer = health(server)
    assert answer.status_code == 200
    assert answer.json()["limits"] == {
        "max_body_bytes": 1_000_000,
        "max_ops_per_push": MAX_OPS,
        "max_pull": MAX_PULL,
    }


def test_health_fails_while_the_database_refuses_writes_and_recovers(
    server: LiveServer, request: pytest.FixtureRequest
) -> None:
    assert health(server).json()["database"] == "ok"
    with refusing_writes(server, request):
        answer = health(server)
        assert answer.status_code == 503  # a load balancer takes this instance out
        body = answer.json()
        assert (body["status"], body["database"]) == ("degraded", "refuses_writes")
        assert "read" in body["detail"].lower()  # "readonly database" / "read-only transaction"
        login = httpx.post(
            f"{server.url}/api/v1/auth/login", json={"username": "sari", "password": PASSWORD}
        )
        assert login.status_code >= 500  # what health now warns of
        doctor = {c.name: c for c in check_server(server.url, None)}
        assert doctor["server.health"].code == "server-degraded"
        assert "refuses_writes" in doctor["server.health"].detail.en
    answer = health(server)
    assert (answer.status_code, answer.json()["database"]) == (200, "ok")


def test_doctor_pulls_one_page_as_a_first_sync_does(server: LiveServer) -> None:
    checks = {c.name: c for c in check_server(server.url, Credentials("sari", password=PASSWORD))}
    assert checks["server.pull"].status == "ok"
    assert "0 events" in checks["server.pull"].detail.en
    db: ServerDatabase = server.app.state.server_db
    with db.engine.begin() as connection:  # health and login still work; every pull fails
        connection.exec_driver_sql("ALTER TABLE events RENAME TO events_lost")
    checks = {c.name: c for c in check_server(server.url, Credentials("sari", password=PASSWORD))}
    assert checks["server.health"].ok
    assert checks["server.login"].status == "ok"
    pull = checks["server.pull"]
    assert (pull.status, pull.code) == ("fail", "pull-failed")
    assert "HTTP 5" in pull.detail.en
    assert pull.fix is not None
    assert "server's log" in pull.fix.en
