"""schemathesis over the server's own /openapi.json: no 5xx, no answer outside the schema.

It generates valid and invalid requests for every operation (login, me,
logout, push, pull, health, users) from the published schema and sends them
over HTTP to a real server on a SQLite file, with a valid token (so requests
get past authentication and reach the handlers) and, for a second run,
without. The push's schema is the journal rule (one data schema per op
kind, text patterns and lengths, time bounds): schema-invalid pushes must
be a 4xx that changes nothing, and schema-valid ones, made to get past the
seq check, must apply and be served by the next pull.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
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
    ("GET", "/api/v1/users"),
    ("GET", "/api/v1/history"),
    ("GET", "/api/v1/history/series"),
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


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_schema_invalid_pushes_are_refused_with_a_4xx_and_change_nothing(
    api_schema: BaseSchema, api_server: LiveServer, token: str, data: st.DataObject
) -> None:
    """Negative generation: bodies that break the published schema (a wrong type, a key a
    kind does not have, a text outside its pattern or length) answer 4xx, never 5xx
    (schemathesis's negative_data_rejection check), and no pull sees anything of them.
    A mutation that leaves the body valid (one in a header the server ignores, say) may
    be accepted: that is schemathesis's call, not this test's."""
    headers = {"Authorization": f"Bearer {token}"}
    before = _newest(api_server, headers)
    operation = api_schema["/api/v1/sync/push"]["POST"]
    case = data.draw(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    response = case.call_and_validate(base_url=api_server.url, headers=headers, timeout=30)
    assert response.status_code < 500, response.text
    if response.status_code != 200:
        assert _newest(api_server, headers) == before


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_pushes_generated_from_the_schema_apply_and_every_pull_serves_them(
    api_schema: BaseSchema, api_server: LiveServer, token: str, data: st.DataObject
) -> None:
    """Positive generation against the per-kind data schemas, with a fresh client id, seqs
    in order and tickets from a small pool, so that ops get past the seq check and apply;
    then the pull that contains them must answer within its schema."""
    headers = {"Authorization": f"Bearer {token}"}
    before = _newest(api_server, headers)
    operation = api_schema["/api/v1/sync/push"]["POST"]
    case = data.draw(operation.as_strategy())
    body = case.body
    assert isinstance(body, dict)  # the push's schema is an object
    body["client_id"] = str(uuid.uuid4())
    ops = body["ops"]
    assert isinstance(ops, list)
    for seq, op in enumerate(ops, start=1):
        assert isinstance(op, dict)
        op["seq"] = seq
        op["op_id"] = str(uuid.uuid4())
        op["ticket_id"] = data.draw(st.sampled_from(TICKETS))
    response = case.call_and_validate(base_url=api_server.url, headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    pull = api_schema["/api/v1/sync/pull"]["GET"]
    page = pull.Case(query={"cursor": before, "limit": 1000})
    served = page.call_and_validate(base_url=api_server.url, headers=headers, timeout=30)
    assert served.status_code == 200
    applied = [r for r in response.json()["results"] if r["status"] == "applied"]
    assert len(served.json()["events"]) == len(applied)


TICKETS = [str(uuid.UUID(int=n)) for n in range(1, 4)]


def _newest(server: LiveServer, headers: dict[str, str]) -> int:
    """The newest event's number, from a pull that asks for nothing older."""
    answer = httpx.get(
        f"{server.url}/api/v1/sync/pull", params={"cursor": 2**62}, headers=headers, timeout=30
    )
    assert answer.status_code == 200, answer.text
    cursor: int = answer.json()["cursor"]
    return cursor
