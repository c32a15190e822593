"""doctor's sync-server checks against the real server (uvicorn over loopback)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI

from smartcity_console.core.incidents import Role
from smartcity_console.doctor.model import Check
from smartcity_console.doctor.server import Credentials, check_server
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user, set_disabled
from tests.support.auth_server import LiveServer, live_server
from tests.support.mosquitto import free_port

PASSWORD = "rahasia-123"  # noqa: S105 (a test account's password)
WRONG = "salah"


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    db: ServerDatabase = app.state.server_db
    add_user(db, "sari", Role.SUPERVISOR, PASSWORD)
    add_user(db, "budi", Role.OPERATOR, PASSWORD)
    set_disabled(db, "budi", True)
    with live_server(app) as running:
        yield running
    db.close()


def test_healthy_server_without_credentials_skips_login(server: LiveServer) -> None:
    checks = by_name(check_server(server.url, None))
    assert checks["server.health"].status == "ok"
    assert checks["server.clock"].status == "ok"
    assert checks["server.login"].status == "skip"


def test_good_login(server: LiveServer) -> None:
    checks = by_name(check_server(server.url, Credentials("sari", password=PASSWORD)))
    assert checks["server.login"].status == "ok"


def test_wrong_password(server: LiveServer) -> None:
    login = by_name(check_server(server.url, Credentials("sari", password=WRONG)))["server.login"]
    assert login.code == "bad-credentials"
    assert login.fix is not None
    assert "users passwd" in login.fix.en


def test_disabled_user(server: LiveServer) -> None:
    login = by_name(check_server(server.url, Credentials("budi", password=PASSWORD)))[
        "server.login"
    ]
    assert login.code == "user-disabled"


def test_kept_token_still_accepted_and_expired(server: LiveServer) -> None:
    import httpx

    token = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "sari", "password": PASSWORD}
    ).json()["token"]
    good = by_name(check_server(server.url, Credentials("sari", token=token)))["server.login"]
    assert good.status == "ok"
    fake = Credentials("sari", token="not-a-token")  # noqa: S106 (a fake token)
    stale = by_name(check_server(server.url, fake))
    assert stale["server.login"].code == "token-expired"
    assert stale["server.login"].ok  # a warning: the console simply asks for the password


@pytest.mark.parametrize(("offset_s", "status"), [(30.0, "warn"), (-600.0, "fail")])
def test_clock_skew_from_the_date_header(server: LiveServer, offset_s: float, status: str) -> None:
    checks = by_name(check_server(server.url, None, now=lambda: time.time() + offset_s))
    clock = checks["server.clock"]
    assert clock.status == status
    assert clock.code == "clock-skew"
    word = "ahead of" if offset_s > 0 else "behind"
    assert word in clock.detail.en
    assert clock.fix is not None
    assert "NTP" in clock.fix.en


def test_nothing_listening() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    checks = by_name(check_server(url, None))
    assert checks["server.health"].code == "server-unreachable"
    assert checks["server.login"].status == "skip"


def test_url_of_another_web_server() -> None:
    with live_server(FastAPI()) as other:
        health = by_name(check_server(other.url, None))["server.health"]
    assert health.code == "not-a-sync-server"
    assert "404" in health.detail.en


def test_server_whose_database_is_gone(tmp_path: Path) -> None:
    path = tmp_path / "server.sqlite3"
    app = create_app(f"sqlite:///{path}")
    db: ServerDatabase = app.state.server_db
    with live_server(app) as running:
        db.engine.dispose()
        path.unlink()
        path.mkdir()  # the file replaced by a folder: SQLite cannot open it
        health = by_name(check_server(running.url, None))["server.health"]
    db.close()
    assert health.code == "server-degraded"
    assert "unreachable" in health.detail.en


def test_a_server_that_answers_health_but_fails_at_login(server: LiveServer) -> None:
    """Health reads; login writes a token: a server whose tokens table is broken."""
    db: ServerDatabase = server.app.state.server_db
    with db.engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE tokens RENAME TO tokens_lost")
    checks = by_name(check_server(server.url, Credentials("sari", password=PASSWORD)))
    assert checks["server.health"].ok
    login = checks["server.login"]
    assert login.code == "login-failed", login
    assert "HTTP 5" in login.detail.en
    assert login.fix is not None
    assert "server's log" in login.fix.en


def test_credentials_default_from_the_keyring(server: LiveServer) -> None:
    """The runner finds the last user's token where the console's login put it."""
    from smartcity_console.doctor.runner import kept_credentials
    from smartcity_console.sync.token_store import TokenStore
    from tests.support.auth_server import MemoryKeyring, keyring_backend

    with keyring_backend(MemoryKeyring()):
        assert kept_credentials(server.url) is None
        TokenStore().save(server.url, "sari", "tok", datetime.now(UTC) + timedelta(hours=1))
        kept = kept_credentials(server.url)
    assert kept == Credentials("sari", token="tok")  # noqa: S106 (a fake token)
