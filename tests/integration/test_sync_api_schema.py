"""schemathesis over the server's own /openapi.json: no 5xx, no answer outside the schema.

It generates valid and invalid requests for every operation (login, me,
logout, push, pull, health) from the published schema and sends them over
HTTP to a real server on a SQLite file, with a valid token (so requests get
past authentication and reach the handlers) and, for a second run, without.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.schemas import BaseSchema

from smartcity_console.core.incidents import Role
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user
from tests.support.auth_server import LiveServer, live_server

PASSWORD = "kartini-2025"  # noqa: S105 (a test account)


@pytest.fixture(scope="module")
def api_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path: Path = tmp_path_factory.mktemp("schema") / "server.sqlite3"
    app = create_app(f"sqlite:///{path}")
    db: ServerDatabase = app.state.server_db
    add_user(db, "sari", Role.SUPERVISOR, PASSWORD)
    with live_server(app) as server:
        yield server
    db.close()


@pytest.fixture(scope="module")
def token(api_server: LiveServer) -> str:
    answer = httpx.post(
        f"{api_server.url}/api/v1/auth/login", json={"username": "sari", "password": PASSWORD}
    )
    value: str = answer.json()["token"]
    return value


@pytest.fixture(scope="module")
def api_schema(api_server: LiveServer) -> BaseSchema:
    return schemathesis.openapi.from_url(f"{api_server.url}/openapi.json")


# schemathesis's own pytest plugin does not run under this pytest (it reaches for
# a private attribute); its Hypothesis strategies are used directly instead.
OPERATIONS = [
    ("POST", "/api/v1/auth/login"),
    ("GET", "/api/v1/auth/me"),
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/sync/push"),
    ("GET", "/api/v1/sync/pull"),
    ("GET", "/api/v1/health"),
]


def test_the_schema_lists_exactly_these_operations(api_schema: BaseSchema) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]  # type: ignore[union-attr]  # an Err would fail the test, as it should
    found = [(op.method.upper(), op.path) for op in operations]
    assert sorted(found) == sorted(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
@pytest.mark.parametrize("with_token", [True, False], ids=["token", "no-token"])
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_operation_answers_within_its_schema(
    api_schema: BaseSchema,
    api_server: LiveServer,
    token: str,
    method: str,
    path: str,
    with_token: bool,
    data: st.DataObject,
) -> None:
    """No 5xx, a documented status, a body that matches its schema (logout ends the token:
    it is excluded from the token run so the other operations keep theirs)."""
    if with_token and path.endswith("/logout"):
        return
    operation = api_schema[path][method]
    case = data.draw(operation.as_strategy())
    headers = {"Authorization": f"Bearer {token}"} if with_token else None
    case.call_and_validate(base_url=api_server.url, headers=headers, timeout=30)
