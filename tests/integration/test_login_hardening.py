"""Sign-in under attack: backoff per user and per address, kept in the database, and logged.

Real uvicorn servers on loopback (two of them on one database, as two
instances behind a load balancer would be), on a SQLite file and on the
run's PostgreSQL. The server's clock is moved by the test instead of waiting
out a backoff. A second client address is 127.0.0.2: Linux routes all of
127.0.0.0/8 to loopback, so the server sees a real, different peer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

import argon2
import httpx
import pytest
from argon2 import PasswordHasher

from smartcity_console.core.incidents import Role
from smartcity_console.server import auth
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.login_throttle import Backoff, address_key
from smartcity_console.server.users import add_user
from tests.support.auth_server import LiveServer, live_server
from tests.support.clock import Clock

PASSWORD = "kartini-2025"  # noqa: S105 (a test account's password)
WRONG = "lasem-batik-99"


class CountingHasher(PasswordHasher):
    """argon2 as the server uses it, counting verifications: the CPU a login costs."""

    verifications = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        CountingHasher.verifications += 1
        return super().verify(hash, password)


@dataclass
class Servers:
    first: LiveServer
    second: LiveServer  # another instance on the same database
    clock: Clock


@pytest.fixture
def servers(server_database_url: str) -> Iterator[Servers]:
    clock = Clock()
    CountingHasher.verifications = 0
    hasher = CountingHasher.from_parameters(argon2.profiles.CHEAPEST)
    settings = auth.AuthSettings(clock=clock, hasher=hasher)
    first = create_app(server_database_url, auth_settings=settings)
    second = create_app(server_database_url, auth_settings=settings)
    db: ServerDatabase = first.state.server_db
    add_user(db, "sari", Role.SUPERVISOR, PASSWORD)
    add_user(db, "budi", Role.OPERATOR, PASSWORD)
    with live_server(first) as one, live_server(second) as two:
        yield Servers(one, two, clock)
    first.state.server_db.close()
    second.state.server_db.close()


def login(
    server: LiveServer, username: str, password: str, *, source: str = "127.0.0.1"
) -> httpx.Response:
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(base_url=server.url, timeout=10, transport=transport) as http:
        return http.post("/api/v1/auth/login", json={"username": username, "password": password})


def test_a_guessed_password_is_slowed_down_per_user_with_retry_after(servers: Servers) -> None:
    for _ in range(5):  # the free failures
        assert login(servers.first, "sari", WRONG).status_code == 401
    assert login(servers.first, "sari", WRONG).status_code == 401  # the 6th: now blocked 1 s
    refused = login(servers.first, "sari", PASSWORD)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"
    assert "too many failed sign-ins" in refused.json()["detail"]
    # Another user at the same address is not held up by sari's backoff.
    assert login(servers.first, "budi", PASSWORD).status_code == 200

    servers.clock.advance(seconds=1)
    assert login(servers.first, "sari", WRONG).status_code == 401  # the 7th: blocked 2 s
    assert login(servers.first, "sari", PASSWORD).headers["Retry-After"] == "2"
    servers.clock.advance(seconds=2)
    assert login(servers.first, "sari", PASSWORD).status_code == 200
    # A success clears the user's count: the next typo is free again.
    assert login(servers.first, "sari", WRONG).status_code == 401
    assert login(servers.first, "sari", PASSWORD).status_code == 200


def test_a_blocked_login_is_refused_before_any_password_is_hashed(servers: Servers) -> None:
    for _ in range(6):
        login(servers.first, "sari", WRONG)
    hashed = CountingHasher.verifications
    for _ in range(20):
        assert login(servers.first, "sari", WRONG).status_code == 429
    assert CountingHasher.verifications == hashed


def test_the_backoff_lives_in_the_database_so_every_instance_applies_it(
    servers: Servers,
) -> None:
    for server in [servers.first, servers.second] * 3:  # 6 failures, split between instances
        assert login(server, "sari", WRONG).status_code == 401
    assert login(servers.second, "sari", PASSWORD).status_code == 429
    assert login(servers.first, "sari", PASSWORD).status_code == 429


def test_many_user_names_from_one_address_are_slowed_down_per_address(servers: Servers) -> None:
    for i in range(21):  # 20 free failures, each under another (unknown) name
        assert login(servers.first, f"guess{i}", WRONG).status_code == 401
    refused = login(servers.first, "budi", PASSWORD)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    # The same user from another workstation is not blocked by that address.
    assert login(servers.first, "budi", PASSWORD, source="127.0.0.2").status_code == 200
    # A valid login from the blocked address does not clear its count.
    servers.clock.advance(seconds=1)
    assert login(servers.first, "budi", PASSWORD).status_code == 200
    assert login(servers.first, "guess-again", WRONG).status_code == 401
    assert login(servers.first, "budi", PASSWORD).status_code == 429


def test_failures_are_forgotten_after_an_hour_without_one(servers: Servers) -> None:
    for _ in range(5):
        login(servers.first, "sari", WRONG)
    servers.clock.advance(hours=1, seconds=1)
    assert login(servers.first, "sari", WRONG).status_code == 401  # counts as the first again
    assert login(servers.first, "sari", PASSWORD).status_code == 200


def test_every_sign_in_is_one_log_line_with_user_and_address_never_the_password(
    servers: Servers, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="smartcity_console.server.auth")
    login(servers.first, "sari", PASSWORD)
    login(servers.first, "sari", WRONG, source="127.0.0.2")
    login(servers.first, "nobody", WRONG)
    for _ in range(6):
        login(servers.first, "budi", WRONG)
    lines = [r for r in caplog.records if r.name == "smartcity_console.server.auth"]
    fields = [r.fields for r in lines]  # type: ignore[attr-defined]
    assert fields[0] == {
        "event": "sign-in",
        "outcome": "ok",
        "user": "sari",
        "address": "127.0.0.1",
        "role": "supervisor",
    }
    assert fields[1] == {
        "event": "sign-in",
        "outcome": "refused",
        "user": "sari",
        "address": "127.0.0.2",
        "reason": "wrong password",
    }
    assert fields[2]["reason"] == "unknown user"
    assert [f["outcome"] for f in fields].count("refused") == 8
    login(servers.first, "budi", PASSWORD)  # blocked now
    last = [r for r in caplog.records if r.name == "smartcity_console.server.auth"][-1]
    assert last.fields["outcome"] == "throttled"  # type: ignore[attr-defined]
    assert last.levelno == logging.WARNING
    for record in caplog.records:
        text = record.getMessage() + repr(getattr(record, "fields", ""))
        assert PASSWORD not in text
        assert WRONG not in text


def test_backoff_doubles_up_to_its_cap() -> None:
    backoff = Backoff(free_failures=5, first_wait=timedelta(seconds=1))
    waits = [backoff.wait_after(n) for n in range(1, 18)]
    assert waits[:5] == [None] * 5
    assert waits[5:9] == [timedelta(seconds=s) for s in (1, 2, 4, 8)]
    assert waits[-1] == timedelta(minutes=15)
    assert backoff.wait_after(10_000) == timedelta(minutes=15)


def test_an_ipv6_client_counts_by_its_64_block() -> None:
    assert address_key("2001:db8:1:2::5") == address_key("2001:db8:1:2:ffff::1")
    assert address_key("2001:db8:1:3::5") != address_key("2001:db8:1:2::5")
    assert address_key("::ffff:10.0.0.7") == address_key("10.0.0.7") == "address:10.0.0.7"
