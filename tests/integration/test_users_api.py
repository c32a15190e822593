"""``GET /api/v1/users``: the assignable users for supervisors, every user for admins.

Over HTTP against a real server, on a SQLite file and on the run's PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from smartcity_console.core.incidents import Role
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user, set_disabled
from tests.support.auth_server import live_server
from tests.support.wire import PASSWORD, WireConsole


@pytest.fixture
def server_db(server_database_url: str) -> Iterator[tuple[httpx.Client, ServerDatabase]]:
    app = create_app(server_database_url)
    db: ServerDatabase = app.state.server_db
    add_user(db, "sari", Role.SUPERVISOR, PASSWORD, display_name="Sari Wulandari")
    add_user(db, "budi", Role.OPERATOR, PASSWORD, display_name="Budi Santoso")
    add_user(db, "admin", Role.ADMIN, PASSWORD)
    add_user(db, "joko", Role.OPERATOR, PASSWORD)
    set_disabled(db, "joko", True)
    with live_server(app) as running, httpx.Client(base_url=running.url, timeout=30) as http:
        yield http, db
    db.close()


def _users(http: httpx.Client, who: str, **params: str) -> httpx.Response:
    return http.get("/api/v1/users", params=params, headers=WireConsole(http, who).headers)


def test_a_supervisor_gets_the_enabled_users_with_name_and_role(
    server_db: tuple[httpx.Client, ServerDatabase],
) -> None:
    http, _db = server_db
    response = _users(http, "sari", assignable="1")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "users": [
            {"username": "admin", "display_name": "admin", "role": "admin", "disabled": False},
            {
                "username": "budi",
                "display_name": "Budi Santoso",
                "role": "operator",
                "disabled": False,
            },
            {
                "username": "sari",
                "display_name": "Sari Wulandari",
                "role": "supervisor",
                "disabled": False,
            },
        ]
    }
    assert _users(http, "admin", assignable="true").json() == response.json()


def test_a_user_disabled_since_the_last_list_is_no_longer_offered(
    server_db: tuple[httpx.Client, ServerDatabase],
) -> None:
    http, db = server_db
    set_disabled(db, "budi", True)
    names = [u["username"] for u in _users(http, "sari", assignable="1").json()["users"]]
    assert names == ["admin", "sari"]


def test_operators_may_not_list_users_and_supervisors_only_the_assignable(
    server_db: tuple[httpx.Client, ServerDatabase],
) -> None:
    http, _db = server_db
    refused = _users(http, "budi", assignable="1")
    assert refused.status_code == 403
    assert "supervisors" in refused.json()["detail"]
    everyone = _users(http, "sari")
    assert everyone.status_code == 403
    assert "administrators" in everyone.json()["detail"]
    assert http.get("/api/v1/users", params={"assignable": "1"}).status_code == 401


def test_an_admin_lists_every_user_with_whether_it_is_disabled(
    server_db: tuple[httpx.Client, ServerDatabase],
) -> None:
    http, _db = server_db
    listed = _users(http, "admin").json()["users"]
    assert [(u["username"], u["disabled"]) for u in listed] == [
        ("admin", False),
        ("budi", False),
        ("joko", True),
        ("sari", False),
    ]
    assert all(set(u) == {"username", "display_name", "role", "disabled"} for u in listed)
