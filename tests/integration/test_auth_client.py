"""Logging in at the console against a real server on loopback, then with it gone."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from keyring.backend import KeyringBackend

from smartcity_console.core.incidents import Role
from smartcity_console.credentials import SERVICE
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user, set_disabled, set_password
from smartcity_console.store import Database, open_database
from smartcity_console.store.clients import cached_password_hash, cached_user, client_id_for
from smartcity_console.sync.auth_client import LoginError, Session, login, logout, resume
from smartcity_console.sync.token_store import TokenStore
from tests.support.auth_server import (
    BrokenKeyring,
    LiveServer,
    MemoryKeyring,
    keyring_backend,
    no_keyring,
)

PASSWORD = "lasem-batik-7"  # noqa: S105 (a test account's password)
WRONG = "not-the-password"
WORKSTATION = "ruang-komando-1"


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Never the user's own keyring: every test gets an empty one in memory."""
    with keyring_backend(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        yield backend


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    db: ServerDatabase = app.state.server_db
    add_user(db, "sari", Role.SUPERVISOR, PASSWORD, display_name="Sari Wulandari")
    add_user(db, "budi", Role.OPERATOR, PASSWORD)
    running = LiveServer(app).start()
    yield running
    running.stop()
    db.close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "console" / "incidents.sqlite3")
    yield database
    database.close()


@pytest.fixture
def tokens() -> TokenStore:
    return TokenStore()


def server_db(server: LiveServer) -> ServerDatabase:
    database: ServerDatabase = server.app.state.server_db
    return database


def log_in(
    server: LiveServer,
    db: Database,
    tokens: TokenStore,
    username: str = "sari",
    password: str = PASSWORD,
    *,
    on_offline: Callable[[], None] | None = None,
    client: httpx.Client | None = None,
) -> Session:
    return login(
        server.url,
        username,
        password,
        db=db,
        workstation=WORKSTATION,
        tokens=tokens,
        on_offline=on_offline,
        client=client,
    )


def test_an_online_login_caches_the_user_and_keeps_the_token(
    server: LiveServer, db: Database, tokens: TokenStore, memory_keyring: MemoryKeyring
) -> None:
    session = log_in(server, db, tokens)
    assert (session.username, session.display_name, session.role) == (
        "sari",
        "Sari Wulandari",
        Role.SUPERVISOR,
    )
    assert not session.offline
    assert session.token
    assert session.expires_at is not None
    assert session.workstation == WORKSTATION
    assert session.client_id == client_id_for(db, "sari", WORKSTATION)
    assert session.token_in_keyring
    assert session.token not in repr(session)
    me = httpx.get(
        f"{server.url}/api/v1/auth/me", headers={"Authorization": f"Bearer {session.token}"}
    )
    assert me.json()["user"]["username"] == "sari"

    cached = cached_user(db, "sari")
    assert cached is not None
    assert cached.role == Role.SUPERVISOR
    password_hash = cached_password_hash(db, "sari")
    assert password_hash is not None
    assert password_hash.startswith("$argon2id$")
    assert PASSWORD not in password_hash
    stored = memory_keyring.entries[(SERVICE, f"{server.url} sari")]
    assert session.token in stored


def test_each_user_gets_their_own_client_id_on_a_workstation(
    server: LiveServer, db: Database, tokens: TokenStore
) -> None:
    sari = log_in(server, db, tokens)
    budi = log_in(server, db, tokens, "budi")
    again = log_in(server, db, tokens, "SARI")
    assert sari.client_id != budi.client_id
    assert again.client_id == sari.client_id
    assert budi.role == Role.OPERATOR


def test_refusals_online_say_why(server: LiveServer, db: Database, tokens: TokenStore) -> None:
    with pytest.raises(LoginError) as wrong:
        log_in(server, db, tokens, password=WRONG)
    assert wrong.value.problem == "bad_credentials"
    assert wrong.value.text("id") == "Nama pengguna atau kata sandi salah."
    with pytest.raises(LoginError) as empty:
        log_in(server, db, tokens, password="")
    assert empty.value.problem == "invalid"
    with pytest.raises(LoginError) as control:
        log_in(server, db, tokens, "sa\x00ri")
    assert control.value.problem == "invalid"


def test_with_the_server_gone_the_cached_password_logs_in_offline(
    server: LiveServer, db: Database, tokens: TokenStore
) -> None:
    online = log_in(server, db, tokens)
    server.stop()
    noticed: list[bool] = []
    offline = log_in(server, db, tokens, on_offline=lambda: noticed.append(True))
    assert noticed == [True]
    assert offline.offline
    assert (offline.username, offline.role) == ("sari", Role.SUPERVISOR)
    assert offline.client_id == online.client_id
    # The token kept from the online login is still good for pushing later.
    assert offline.token == online.token

    with pytest.raises(LoginError) as wrong:
        log_in(server, db, tokens, password=WRONG)
    assert wrong.value.problem == "bad_credentials"
    assert "this workstation's copy" in str(wrong.value)


def test_a_user_never_seen_online_cannot_log_in_offline(
    server: LiveServer, db: Database, tokens: TokenStore
) -> None:
    server.stop()
    with pytest.raises(LoginError, match="the first login needs the server") as caught:
        log_in(server, db, tokens, "budi")
    assert caught.value.problem == "first_login_needs_server"
    assert "login pertama memerlukan server" in caught.value.text("id")


def test_a_typo_online_keeps_the_offline_copy(
    server: LiveServer, db: Database, tokens: TokenStore
) -> None:
    log_in(server, db, tokens)
    with pytest.raises(LoginError):
        log_in(server, db, tokens, password=WRONG)
    server.stop()
    assert log_in(server, db, tokens).offline


def test_a_throttled_login_says_how_long_to_wait_and_never_falls_back_to_the_cache(
    server: LiveServer, db: Database, tokens: TokenStore
) -> None:
    log_in(server, db, tokens)  # sari's password is now cached on this workstation
    for _ in range(6):
        with pytest.raises(LoginError, match="Wrong user name or password"):
            log_in(server, db, tokens, password=WRONG)
    with pytest.raises(LoginError) as refused:
        log_in(server, db, tokens)  # the right password, but the server says wait
    assert refused.value.problem == "throttled"
    assert "try again in 1 s" in refused.value.text("en")
    assert "coba lagi dalam 1 detik" in refused.value.text("id")


def test_a_password_changed_on_the_server_stops_working_offline(
    server: LiveServer, db: Database, tokens: TokenStore
) -> None:
    log_in(server, db, tokens)
    set_password(server_db(server), "sari", "a-new-password")
    with pytest.raises(LoginError):
        log_in(server, db, tokens)  # the old password, refused by the server
    server.stop()
    with pytest.raises(LoginError, match="first login needs the server"):
        log_in(server, db, tokens)


def test_a_disabled_user_is_told_and_cannot_log_in_offline_afterwards(
    server: LiveServer, db: Database, tokens: TokenStore
) -> None:
    log_in(server, db, tokens, "budi")
    set_disabled(server_db(server), "budi", True)
    with pytest.raises(LoginError) as caught:
        log_in(server, db, tokens, "budi")
    assert caught.value.problem == "disabled"
    server.stop()
    with pytest.raises(LoginError, match="first login needs the server"):
        log_in(server, db, tokens, "budi")


def test_a_server_without_its_database_counts_as_offline(
    server: LiveServer, db: Database, tokens: TokenStore
) -> None:
    log_in(server, db, tokens)
    unavailable = httpx.Client(
        transport=httpx.MockTransport(
            lambda _request: httpx.Response(503, json={"detail": "database unavailable"})
        )
    )
    with unavailable:
        session = log_in(server, db, tokens, client=unavailable)
    assert session.offline


def test_a_server_that_never_answers_times_out_into_offline(
    server: LiveServer, db: Database, tokens: TokenStore
) -> None:
    log_in(server, db, tokens)
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        session = login(
            f"http://127.0.0.1:{port}",
            "sari",
            PASSWORD,
            db=db,
            workstation=WORKSTATION,
            tokens=tokens,
            timeout=0.5,
        )
    assert session.offline


def test_a_bad_server_address_is_said_plainly(db: Database, tokens: TokenStore) -> None:
    with pytest.raises(LoginError, match="is not valid") as caught:
        login("127.0.0.1:8765", "sari", PASSWORD, db=db, tokens=tokens)
    assert caught.value.problem == "server_error"


def _files(*roots: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for root in roots for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("make_backend", [no_keyring, BrokenKeyring], ids=["none", "broken"])
def test_without_a_keyring_the_token_stays_in_memory_and_no_file_is_written(
    server: LiveServer,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_backend: Callable[[], KeyringBackend],
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))  # where a file-based keyring would write
    log_in(server, db, TokenStore())  # migrations, cache rows: the files exist before
    before = _files(tmp_path)
    tokens = TokenStore()
    with keyring_backend(make_backend()):
        session = log_in(server, db, tokens)
        assert session.token is not None
        assert not session.token_in_keyring
        stored = tokens.load(server.url, "sari")
        assert stored is not None
        assert stored.token == session.token
        assert not stored.in_keyring
        # "Asks again at start": a new process has nothing to resume from.
        assert resume(server.url, db=db, workstation=WORKSTATION, tokens=TokenStore()) is None
    after = _files(tmp_path)
    new = set(after) - set(before)
    assert not {p for p in new if not p.name.startswith("incidents.sqlite3")}, new
    assert not home.exists()
    for content in after.values():
        assert session.token.encode() not in content
        assert PASSWORD.encode() not in content


def test_resume_uses_the_kept_token_online_and_offline(
    server: LiveServer, db: Database, tokens: TokenStore
) -> None:
    assert resume(server.url, db=db, workstation=WORKSTATION, tokens=tokens) is None
    first = log_in(server, db, tokens)
    fresh = TokenStore()  # a restarted console: only the keyring remembers
    online = resume(server.url, db=db, workstation=WORKSTATION, tokens=fresh)
    assert online is not None
    assert not online.offline
    assert (online.username, online.token, online.client_id) == (
        "sari",
        first.token,
        first.client_id,
    )
    server.stop()
    offline = resume(server.url, db=db, workstation=WORKSTATION, tokens=fresh)
    assert offline is not None
    assert offline.offline
    assert offline.token == first.token


def test_resume_forgets_a_token_the_server_refuses(
    server: LiveServer, db: Database, tokens: TokenStore, memory_keyring: MemoryKeyring
) -> None:
    log_in(server, db, tokens)
    set_password(server_db(server), "sari", "a-new-password")  # ends her sessions
    assert resume(server.url, db=db, workstation=WORKSTATION, tokens=TokenStore()) is None
    assert (SERVICE, f"{server.url} sari") not in memory_keyring.entries


def test_logout_ends_the_token_on_the_server_and_in_the_keyring(
    server: LiveServer, db: Database, tokens: TokenStore, memory_keyring: MemoryKeyring
) -> None:
    session = log_in(server, db, tokens)
    assert session.token is not None
    logout(server.url, session, tokens=tokens)
    me = httpx.get(
        f"{server.url}/api/v1/auth/me", headers={"Authorization": f"Bearer {session.token}"}
    )
    assert me.status_code == 401
    assert (SERVICE, f"{server.url} sari") not in memory_keyring.entries
