"""The sync server's login and tokens, over HTTP, on SQLite files and on a real PostgreSQL.

PostgreSQL: a database made for each test in the PostgreSQL cluster this
test run started for itself (tests/support/postgres.py, a free loopback
port), dropped afterwards.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from argon2 import PasswordHasher
from psycopg import sql
from sqlalchemy import URL, inspect, make_url, select, text

from smartcity_console.core.incidents import Role
from smartcity_console.passwords import password_hasher
from smartcity_console.server import auth
from smartcity_console.server.app import create_app
from smartcity_console.server.database import (
    ServerDatabase,
    ServerDatabaseError,
    alembic_config,
    head_revision,
    make_engine,
    open_server_database,
)
from smartcity_console.server.demo_users import seed_demo_users
from smartcity_console.server.models import Base, TokenRow, UserRow
from smartcity_console.server.users import add_user, set_disabled, set_password
from smartcity_console.sim.demo_accounts import DEMO_ACCOUNTS
from smartcity_console.store import open_database
from tests.support.auth_server import LiveServer, live_server
from tests.support.postgres import Postgres

PASSWORD = "kartini-2025"  # noqa: S105 (a test account's password)
T0 = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


class Clock:
    """The server's clock, moved by the test instead of waiting twelve hours."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def postgres_url(postgres: Postgres) -> Iterator[URL]:
    """A fresh, uniquely named database on the run's PostgreSQL, dropped afterwards."""
    admin_url = make_url(postgres.admin_url)
    conninfo = admin_url.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"smartcity_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(conninfo, autocommit=True, connect_timeout=3) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield admin_url.set(drivername="postgresql+psycopg", database=name)
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.sqlite3'}"
    url: URL = request.getfixturevalue("postgres_url")
    return url.render_as_string(hide_password=False)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def server(database_url: str, clock: Clock) -> Iterator[LiveServer]:
    app = create_app(database_url, auth_settings=auth.AuthSettings(clock=clock))
    db: ServerDatabase = app.state.server_db
    add_user(db, "sari", Role.SUPERVISOR, PASSWORD, display_name="Sari Wulandari")
    add_user(db, "budi", Role.OPERATOR, PASSWORD)
    with live_server(app) as running:
        yield running
    db.close()


@pytest.fixture
def http(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def _db(server: LiveServer) -> ServerDatabase:
    db: ServerDatabase = server.app.state.server_db
    return db


def login(http: httpx.Client, username: str = "sari", password: str = PASSWORD) -> httpx.Response:
    return http.post("/api/v1/auth/login", json={"username": username, "password": password})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- login ----------------------------------------------------------------------------


def test_login_gives_a_token_the_user_and_its_expiry(http: httpx.Client) -> None:
    response = login(http)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"token", "expires_at", "user"}
    assert body["user"] == {
        "username": "sari",
        "display_name": "Sari Wulandari",
        "role": "supervisor",
    }
    assert datetime.fromisoformat(body["expires_at"]) == T0 + timedelta(hours=12)
    me = http.get("/api/v1/auth/me", headers=bearer(body["token"]))
    assert me.status_code == 200
    assert me.json()["user"]["username"] == "sari"


def test_user_names_are_matched_without_case_or_padding(http: httpx.Client) -> None:
    response = login(http, "  Sari ")
    assert response.status_code == 200
    assert response.json()["user"]["username"] == "sari"


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(http: httpx.Client) -> None:
    wrong = login(http, "sari", "not-her-password")
    unknown = login(http, "mallory", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "wrong user name or password"}
    assert wrong.headers["www-authenticate"] == "Bearer"


def test_a_name_that_is_only_whitespace_is_a_wrong_login_not_a_malformed_one(
    http: httpx.Client,
) -> None:
    # The schema allows any non-empty name without C0 controls; stripping it to
    # nothing must not turn into a 422 the schema does not predict (schemathesis
    # found "\u0085", which Python counts as whitespace).
    for name in (" ", "\u0085", "\u00a0\u2003"):
        response = login(http, name)
        assert response.status_code == 401, (repr(name), response.text)
        assert response.json() == {"detail": "wrong user name or password"}


def test_a_disabled_user_cannot_log_in(server: LiveServer, http: httpx.Client) -> None:
    set_disabled(_db(server), "budi", True)
    response = login(http, "budi")
    assert response.status_code == 403
    assert response.json() == {"detail": "this account is disabled; ask an administrator"}
    # Only with the right password does it say so; a wrong one is just wrong.
    assert login(http, "budi", "guessing-123").status_code == 401


def test_disabling_or_a_new_password_ends_existing_sessions(
    server: LiveServer, http: httpx.Client
) -> None:
    db = _db(server)
    budi, sari = login(http, "budi").json()["token"], login(http).json()["token"]
    set_disabled(db, "budi", True)
    set_password(db, "sari", "a-new-password")
    for token in (budi, sari):
        refused = http.get("/api/v1/auth/me", headers=bearer(token))
        assert refused.status_code == 401
    assert login(http).status_code == 401
    assert login(http, "sari", "a-new-password").status_code == 200


def test_a_token_of_a_user_disabled_behind_its_back_is_refused(
    server: LiveServer, http: httpx.Client
) -> None:
    token = login(http, "budi").json()["token"]
    # Flipped directly in the database, tokens left in place: current_user must check.
    with _db(server).write() as session:
        row = session.get(UserRow, "budi")
        assert row is not None
        row.disabled = True
    response = http.get("/api/v1/auth/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.json() == {"detail": "this account is disabled; ask an administrator"}


def test_a_password_hashed_with_old_parameters_is_rehashed_at_login(
    server: LiveServer, http: httpx.Client
) -> None:
    db = _db(server)
    cheap = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    add_user(db, "lama", Role.OPERATOR, PASSWORD, hasher=cheap)
    assert login(http, "lama").status_code == 200
    with db.read() as session:
        stored = session.scalars(select(UserRow.password_hash).where(UserRow.username == "lama"))
        new_hash = stored.one()
    assert not password_hasher().check_needs_rehash(new_hash)
    assert login(http, "lama").status_code == 200


# --- tokens ---------------------------------------------------------------------------


BAD_HEADERS = {
    "none": {},
    "empty": {"Authorization": ""},
    "no-token": {"Authorization": "Bearer"},
    "basic": {"Authorization": "Basic c2FyaTprYXJ0aW5p"},
    "unknown": {"Authorization": "Bearer not-a-token"},
    "huge": {"Authorization": "Bearer " + "x" * 5000},
}


def test_me_needs_a_valid_token(http: httpx.Client) -> None:
    for case, headers in BAD_HEADERS.items():
        response = http.get("/api/v1/auth/me", headers=headers)
        assert response.status_code == 401, case
        assert isinstance(response.json()["detail"], str), case
        assert response.headers["www-authenticate"] == "Bearer", case


def test_an_expired_token_is_refused(http: httpx.Client, clock: Clock) -> None:
    token = login(http).json()["token"]
    clock.now = T0 + timedelta(hours=12) - timedelta(seconds=1)
    assert http.get("/api/v1/auth/me", headers=bearer(token)).status_code == 200
    clock.now = T0 + timedelta(hours=12)
    response = http.get("/api/v1/auth/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.json() == {"detail": "the token has expired; log in again"}


def test_the_token_lifetime_is_configurable(database_url: str, clock: Clock) -> None:
    settings = auth.AuthSettings(token_ttl=timedelta(minutes=30), clock=clock)
    app = create_app(database_url, auth_settings=settings)
    add_user(app.state.server_db, "sari", Role.SUPERVISOR, PASSWORD)
    with live_server(app) as running, httpx.Client(base_url=running.url) as client:
        body = login(client).json()
    assert datetime.fromisoformat(body["expires_at"]) == T0 + timedelta(minutes=30)


def test_expired_tokens_are_cleaned_up_at_the_next_login(
    server: LiveServer, http: httpx.Client, clock: Clock
) -> None:
    login(http)
    clock.now = T0 + timedelta(days=1)
    login(http)
    with _db(server).read() as session:
        expiries = session.scalars(select(TokenRow.expires_at)).all()
    assert expiries == [T0 + timedelta(days=1, hours=12)]


def test_logout_ends_only_that_token(http: httpx.Client) -> None:
    first, second = login(http).json()["token"], login(http).json()["token"]
    assert http.post("/api/v1/auth/logout", headers=bearer(first)).status_code == 204
    assert http.get("/api/v1/auth/me", headers=bearer(first)).status_code == 401
    assert http.get("/api/v1/auth/me", headers=bearer(second)).status_code == 200


def _all_values(db: ServerDatabase) -> list[str]:
    with db.engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        return [
            str(value)
            for table in tables
            for row in connection.execute(text(f'SELECT * FROM "{table}"'))  # noqa: S608
            for value in row
        ]


def test_the_database_keeps_only_a_hash_of_each_token_and_password(
    server: LiveServer, http: httpx.Client, database_url: str
) -> None:
    token = login(http).json()["token"]
    db = _db(server)
    values = _all_values(db)
    assert not any(token in value or PASSWORD in value for value in values)
    with db.read() as session:
        hashes = session.scalars(select(TokenRow.token_hash)).all()
    assert hashes == [hashlib.sha256(token.encode()).hexdigest()]
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        for file in path.parent.glob(path.name + "*"):  # the file, its -wal and -shm
            content = file.read_bytes()
            assert token.encode() not in content
            assert PASSWORD.encode() not in content


# --- what clients send ----------------------------------------------------------------


MALFORMED = {
    "text": b"not json",
    "array": b"[1, 2]",
    "null": b"null",
    "no-password": b'{"username": "sari"}',
    "no-username": b'{"password": "kartini-2025"}',
    "number": b'{"username": 5, "password": "kartini-2025"}',
    "null-password": b'{"username": "sari", "password": null}',
    "empty-username": b'{"username": "", "password": "kartini-2025"}',
    "empty-password": b'{"username": "sari", "password": ""}',
    "long-username": ('{"username": "' + "s" * 65 + '", "password": "kartini-2025"}').encode(),
    "long-password": ('{"username": "sari", "password": "' + "p" * 257 + '"}').encode(),
    "lone-surrogate": b'{"username": "sari", "password": "\\ud800"}',
    "nul-in-username": b'{"username": "sa\\u0000ri", "password": "kartini-2025"}',
    "newline-in-username": b'{"username": "sa\\nri", "password": "kartini-2025"}',
}


def test_malformed_logins_are_422_with_a_detail_and_no_echo(http: httpx.Client) -> None:
    for case, body in MALFORMED.items():
        response = http.post(
            "/api/v1/auth/login", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 422, (case, response.text)
        assert "detail" in response.json(), case
        assert "kartini-2025" not in response.text, case
        assert "p" * 257 not in response.text, case


def test_health_and_the_openapi_document_need_no_token(http: httpx.Client) -> None:
    assert http.get("/api/v1/health").json()["status"] == "ok"
    spec = http.get("/openapi.json").json()
    assert "/api/v1/auth/login" in spec["paths"]
    schemes = spec["components"]["securitySchemes"]
    assert schemes["HTTPBearer"]["scheme"] == "bearer"


def test_losing_the_database_mid_flight_is_503_not_500(postgres_url: URL) -> None:
    url = postgres_url.render_as_string(hide_password=False)
    app = create_app(url)
    add_user(app.state.server_db, "sari", Role.SUPERVISOR, PASSWORD)
    with live_server(app) as running, httpx.Client(base_url=running.url) as client:
        token = login(client).json()["token"]
        admin_info = postgres_url.set(drivername="postgresql", database="postgres")
        admin = psycopg.connect(admin_info.render_as_string(hide_password=False), autocommit=True)
        with admin:
            admin.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(
                    sql.Identifier(str(postgres_url.database))
                )
            )
        for response in (login(client), client.get("/api/v1/auth/me", headers=bearer(token))):
            assert response.status_code == 503
            assert "database" in response.json()["detail"]
        health = client.get("/api/v1/health")
        assert health.status_code == 503  # a load balancer takes this instance out of turn
        assert {k: health.json()[k] for k in ("status", "database", "version")} == {
            "status": "degraded",
            "database": "unreachable",
            "version": app.version,
        }
    app.state.server_db.close()


# --- the schema -----------------------------------------------------------------------


def test_migrations_match_the_models_and_go_down_and_up(database_url: str) -> None:
    db = open_server_database(database_url)
    try:
        with db.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        db.close()
    engine = make_engine(database_url, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()
    open_server_database(database_url).close()  # and up again, at the next start


def test_servers_starting_together_migrate_once(database_url: str) -> None:
    start = threading.Barrier(4)

    def open_one() -> ServerDatabase:
        start.wait()
        return open_server_database(database_url)

    with ThreadPoolExecutor(4) as pool:
        opened = list(pool.map(lambda _: open_one(), range(4)))
    with opened[0].engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    assert [tuple(row) for row in versions] == [(head_revision(),)]
    for db in opened:
        db.close()


def test_sqlite_writers_of_one_server_wait_their_turn_past_busy_timeout(tmp_path: Path) -> None:
    """A write held longer than SQLite's busy_timeout (5 s) must not fail the next one.

    Without the server's write lock the second writer waits in SQLite's busy
    handler and fails with "database is locked" after 5 s: a 503 for a login
    or a push that only had to queue (seen with 20 clients, bench/sync.py).
    """
    db = open_server_database(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    holding = threading.Event()

    def long_write() -> None:
        with db.write() as session:
            session.execute(text("UPDATE alembic_version SET version_num = version_num"))
            holding.set()
            threading.Event().wait(5.5)

    first = threading.Thread(target=long_write)
    first.start()
    assert holding.wait(10)
    add_user(db, "sari", Role.SUPERVISOR, "kartini-2025")  # waits for the first, then writes
    first.join()
    with db.read() as session:
        assert session.scalar(select(UserRow.username)) == "sari"
    db.close()


def test_a_console_file_or_a_foreign_database_is_refused(tmp_path: Path) -> None:
    console = tmp_path / "incidents.sqlite3"
    open_database(console).close()
    with pytest.raises(ServerDatabaseError, match="not a sync server database"):
        open_server_database(f"sqlite:///{console}")


def test_an_unreachable_database_is_one_sentence() -> None:
    with pytest.raises(ServerDatabaseError, match=r"cannot use the database at .*\*\*\*"):
        open_server_database("postgresql+psycopg://admin:s3cret@127.0.0.1:1/smartcity")
    with pytest.raises(ServerDatabaseError, match="not a database URL"):
        open_server_database("not a url")


# --- demo -----------------------------------------------------------------------------


def test_demo_accounts_are_seeded_once_and_log_in_as_documented(database_url: str) -> None:
    assert seed_demo_users(database_url) == ["operator", "supervisor", "admin"]
    assert seed_demo_users(database_url) == []
    app = create_app(database_url)
    with live_server(app) as running, httpx.Client(base_url=running.url) as client:
        for account in DEMO_ACCOUNTS:
            response = login(client, account.username, account.password)
            assert response.status_code == 200, account
            assert response.json()["user"]["role"] == account.role
    app.state.server_db.close()
