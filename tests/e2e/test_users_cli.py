"""``smartcity-console users``, run as an administrator would, against a SQLite file.

Until ``cli.py`` registers the command, the same parser is built by a
one-line wrapper around ``users_cli.add_parser``/``run``; once it is wired,
the real ``python -m smartcity_console`` is used.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import httpx
import pytest

from smartcity_console.server.app import create_app
from smartcity_console.store import open_database
from tests.support.auth_server import live_server

PASSWORD = "tasik-agung-9"  # noqa: S105 (a test account's password)
_WRAPPER = (
    "import argparse, sys; from smartcity_console.commands import users as users_cli; "
    "p = argparse.ArgumentParser(prog='smartcity-console'); "
    "users_cli.add_parser(p.add_subparsers(dest='command')); "
    "sys.exit(users_cli.run(p.parse_args()))"
)


@cache
def _command() -> tuple[str, ...]:
    wired = subprocess.run(
        [sys.executable, "-m", "smartcity_console", "users", "--help"],
        capture_output=True,
        check=False,
        timeout=60,
    )
    if wired.returncode == 0:
        return (sys.executable, "-m", "smartcity_console")
    return (sys.executable, "-c", _WRAPPER)


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'server.sqlite3'}"


def users(database: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_command(), "users", *args, "--database", database],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "error"},
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    """The failure contract: exit 1, nothing on stdout, one ``error:`` line, no traceback."""
    assert proc.returncode == 1, proc
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def add(database: str, name: str, role: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return users(database, "add", name, "--role", role, *extra, "--password-stdin", stdin=PASSWORD)


@pytest.fixture
def server_login(database: str) -> Iterator[httpx.Client]:
    """A client of a sync server running on the same file the commands changed."""
    app = create_app(database)
    with live_server(app) as server, httpx.Client(base_url=server.url) as client:
        yield client
    app.state.server_db.close()


def login(client: httpx.Client, username: str, password: str = PASSWORD) -> int:
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    return response.status_code


def test_add_then_list_shows_each_role(database: str) -> None:
    added = add(database, "sari", "supervisor", "--display-name", "Sari Wulandari")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "added supervisor 'sari' (Sari Wulandari)"
    assert add(database, "budi", "operator").returncode == 0
    listing = users(database, "list")
    assert listing.returncode == 0
    rows = [line.split() for line in listing.stdout.splitlines()]
    assert rows[0][:3] == ["USER", "ROLE", "STATUS"]
    assert [row[:3] for row in rows[1:]] == [
        ["budi", "operator", "enabled"],
        ["sari", "supervisor", "enabled"],
    ]
    assert "Sari Wulandari" in listing.stdout
    assert PASSWORD not in listing.stdout


def test_an_empty_database_lists_how_to_start(database: str) -> None:
    listing = users(database, "list")
    assert listing.returncode == 0
    assert "users add NAME --role admin" in listing.stdout


def test_refusals_are_one_line_and_exit_1(database: str) -> None:
    assert add(database, "sari", "supervisor").returncode == 0
    assert "already exists" in one_error_line(add(database, "sari", "admin"))
    assert "unknown role 'boss'" in one_error_line(add(database, "budi", "boss"))
    assert "invalid user name" in one_error_line(add(database, "Budi Santoso", "operator"))
    short = users(database, "add", "budi", "--role", "operator", "--password-stdin", stdin="abc\n")
    assert "too short" in one_error_line(short)
    empty = users(database, "add", "budi", "--role", "operator", "--password-stdin", stdin="")
    assert "no password" in one_error_line(empty)
    no_tty = users(database, "add", "budi", "--role", "operator")
    assert "--password-stdin" in one_error_line(no_tty)
    assert "no user 'nobody'" in one_error_line(users(database, "disable", "nobody"))
    passwd = users(database, "passwd", "nobody", "--password-stdin", stdin=PASSWORD)
    assert "no user 'nobody'" in one_error_line(passwd)


def test_an_unreachable_database_is_one_line(tmp_path: Path) -> None:
    unreachable = "postgresql+psycopg://admin:s3cret@127.0.0.1:1/smartcity"
    line = one_error_line(users(unreachable, "list"))
    assert "cannot use the database at postgresql+psycopg://admin:***@127.0.0.1:1" in line
    assert "s3cret" not in line
    assert "not a database URL" in one_error_line(users("nonsense", "list"))
    console = tmp_path / "incidents.sqlite3"
    open_database(console).close()
    assert "not a sync server database" in one_error_line(users(f"sqlite:///{console}", "list"))


def test_passwd_and_disable_take_effect_at_the_next_login(
    database: str, server_login: httpx.Client
) -> None:
    assert add(database, "sari", "supervisor").returncode == 0
    assert add(database, "budi", "operator").returncode == 0
    assert login(server_login, "sari") == 200

    changed = users(database, "passwd", "sari", "--password-stdin", stdin="a-new-password\n")
    assert changed.returncode == 0, changed.stderr
    assert login(server_login, "sari") == 401
    assert login(server_login, "sari", "a-new-password") == 200

    disabled = users(database, "disable", "budi")
    assert disabled.returncode == 0, disabled.stderr
    assert login(server_login, "budi") == 403
    rows = [line.split()[:3] for line in users(database, "list").stdout.splitlines()]
    assert ["budi", "operator", "disabled"] in rows
    again = users(database, "disable", "budi")
    assert again.returncode == 0
    assert "already disabled" in again.stdout

    assert users(database, "enable", "budi").returncode == 0
    assert login(server_login, "budi") == 200
