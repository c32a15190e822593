"""The sync server's push and pull over HTTP, on a SQLite file and on a real PostgreSQL.

These speak the wire format by hand, as another program (or a modified
console) would, so they check the contract itself and not our client.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from smartcity_console.core.incidents import Role
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user
from tests.support.auth_server import LiveServer, live_server

PASSWORD = "kartini-2025"  # noqa: S105 (a test account's password)
T0 = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


class Pokes(list[int]):
    def __call__(self, cursor: int) -> None:
        self.append(cursor)


@pytest.fixture
def pokes() -> Pokes:
    return Pokes()


@pytest.fixture
def server(server_database_url: str, pokes: Pokes) -> Iterator[LiveServer]:
    app = create_app(server_database_url, poke=pokes, max_body_bytes=200_000)
    db: ServerDatabase = app.state.server_db
    add_user(db, "sari", Role.SUPERVISOR, PASSWORD)
    add_user(db, "dewi", Role.SUPERVISOR, PASSWORD)
    add_user(db, "budi", Role.OPERATOR, PASSWORD)
    with live_server(app) as running:
        yield running
    db.close()


class Console:
    """One client id of one user, numbering its ops as a console does."""

    def __init__(self, http: httpx.Client, username: str) -> None:
        response = http.post(
            "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        self.http = http
        self.headers = {"Authorization": f"Bearer {response.json()['token']}"}
        self.client_id = str(uuid.uuid4())
        self.seq = 0

    def op(self, ticket_id: str, kind: str, data: dict[str, Any], **extra: Any) -> dict[str, Any]:
        self.seq += 1
        return {
            "seq": self.seq,
            "op_id": str(uuid.uuid4()),
            "ticket_id": ticket_id,
            "kind": kind,
            "data": data,
            "client_ts": (T0 + timedelta(seconds=self.seq)).isoformat(),
            **extra,
        }

    def push(self, *ops: dict[str, Any], client_id: str | None = None) -> httpx.Response:
        body = {"client_id": client_id or self.client_id, "workstation": "ws-1", "ops": list(ops)}
        return self.http.post("/api/v1/sync/push", json=body, headers=self.headers)

    def pushed(self, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.push(*ops)
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    def pull(self, cursor: int = 0, limit: int = 500) -> dict[str, Any]:
        response = self.http.get(
            "/api/v1/sync/pull", params={"cursor": cursor, "limit": limit}, headers=self.headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
def http(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def create(console: Console, ticket_id: str | None = None, **fields: Any) -> dict[str, Any]:
    data = {"title": "Antrian panjang", "program": "governance", "severity": "high", **fields}
    return console.op(ticket_id or str(uuid.uuid4()), "create", data)


def comment(console: Console, ticket_id: str, text: str) -> dict[str, Any]:
    return console.op(ticket_id, "comment", {"comment_id": str(uuid.uuid4()), "text": text})


def ticket(console: Console, ticket_id: str) -> dict[str, Any]:
    snapshots: dict[str, dict[str, Any]] = {t["id"]: t for t in console.pull()["tickets"]}
    return snapshots[ticket_id]


def test_a_created_ticket_is_pulled_with_its_event_and_the_server_decides_the_author(
    http: httpx.Client, pokes: Pokes
) -> None:
    budi = Console(http, "budi")
    op = create(budi, station="Lasem")
    assert budi.pushed(op) == [{"op_id": op["op_id"], "status": "applied", "reason": None}]
    sari = Console(http, "sari")
    page = sari.pull()
    assert page["more"] is False
    [snapshot] = page["tickets"]
    assert snapshot["id"] == op["ticket_id"]
    assert snapshot["status"] == "new"
    assert snapshot["created_by"] == "budi"
    assert snapshot["station"] == "Lasem"
    [event] = page["events"]
    assert (event["id"], event["kind"], event["author"], event["workstation"]) == (
        op["op_id"],
        "create",
        "budi",
        "ws-1",
    )
    assert page["cursor"] == event["seq"]
    assert pokes == [event["seq"]]
    assert sari.pull(cursor=page["cursor"]) == {
        "tickets": [],
        "events": [],
        "cursor": page["cursor"],
        "more": False,
    }


def test_an_op_carrying_an_author_field_is_refused(http: httpx.Client) -> None:
    budi = Console(http, "budi")
    response = budi.push({**create(budi), "author": "sari"})
    assert response.status_code == 422


def test_a_retried_push_applies_once_and_says_what_happened_the_first_time(
    http: httpx.Client,
) -> None:
    budi = Console(http, "budi")
    ticket_id = str(uuid.uuid4())
    first = [
        create(budi, ticket_id),
        budi.op(ticket_id, "transition", {"to": "acknowledged", "from": "new"}),
    ]
    results = budi.pushed(*first)
    assert [r["status"] for r in results] == ["applied", "rejected"]
    again = budi.pushed(*first)  # the answer was lost; the console sends the same batch
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert "rejected" in again[1]["reason"]
    assert len(budi.pull()["events"]) == 1


def test_a_batch_with_a_gap_is_refused_whole_and_the_console_resumes_from_last_seq(
    http: httpx.Client,
) -> None:
    budi = Console(http, "budi")
    budi.pushed(create(budi))
    budi.op(str(uuid.uuid4()), "comment", {})  # seq 2, never sent
    skipped = [create(budi), create(budi)]  # seq 3 and 4
    response = budi.push(*skipped)
    assert response.status_code == 409
    assert response.json()["last_seq"] == 1
    assert "seq 2 is missing" in response.json()["detail"]
    assert len(budi.pull()["events"]) == 1  # nothing of the batch was applied
    budi.seq = 1
    assert [r["status"] for r in budi.pushed(create(budi), create(budi))] == ["applied"] * 2


def test_a_seq_already_processed_with_another_op_id_is_a_conflict_not_a_duplicate(
    http: httpx.Client,
) -> None:
    """A console restored from a backup numbers new ops with seqs the server already has.

    Answering ``duplicate`` made the console mark them sent: they were lost.
    """
    budi = Console(http, "budi")
    ticket_id = str(uuid.uuid4())
    budi.pushed(create(budi, ticket_id), comment(budi, ticket_id, "satu"))
    budi.seq = 1  # the restored database: it had pushed seq 1 only
    fresh = comment(budi, ticket_id, "dua")  # seq 2 again, another op_id
    response = budi.push(fresh)
    assert response.status_code == 409
    body = response.json()
    assert (body["conflict"], body["last_seq"]) == ("seq_reused", 2)
    assert "seq 2 was already processed" in body["detail"]
    assert len(budi.pull()["events"]) == 2  # nothing of the batch was applied


def test_a_gap_says_so_in_its_conflict(http: httpx.Client) -> None:
    budi = Console(http, "budi")
    budi.seq = 5
    response = budi.push(create(budi))
    assert response.status_code == 409
    assert (response.json()["conflict"], response.json()["last_seq"]) == ("gap", 0)


def test_an_op_resent_under_a_new_client_id_of_the_same_user_applies_once(
    http: httpx.Client,
) -> None:
    """What a console does after a seq_reused 409: re-key, resend with the same op_ids."""
    budi = Console(http, "budi")
    ticket_id = str(uuid.uuid4())
    first = [
        create(budi, ticket_id),
        budi.op(ticket_id, "transition", {"to": "acknowledged", "from": "new"}),  # an operator
    ]
    budi.pushed(*first)
    rekeyed = Console(http, "budi")  # the same user, a new client id, seqs from 1
    again = [{**op, "seq": n} for n, op in enumerate(first, start=1)]
    again.append(comment(rekeyed, ticket_id, "baru") | {"seq": 3})
    results = rekeyed.pushed(*again)
    assert [r["status"] for r in results] == ["duplicate", "duplicate", "applied"]
    assert results[0]["reason"] == "already processed (applied)"
    assert results[1]["reason"].startswith("already processed (rejected: ")
    assert [e["id"] for e in budi.pull()["events"]] == [first[0]["op_id"], again[2]["op_id"]]
    # Retried under the new client id (its answer was lost): it says the same again.
    retried = rekeyed.pushed(*again)
    assert [r["status"] for r in retried] == ["duplicate"] * 3
    assert [r["reason"] for r in retried[:2]] == [r["reason"] for r in results[:2]]
    sari = Console(http, "sari")  # another user naming budi's op_id: a reuse, refused
    [stolen] = sari.pushed({**comment(sari, ticket_id, "x"), "op_id": again[2]["op_id"]})
    assert (stolen["status"], stolen["reason"]) == ("rejected", "op_id already used")
    assert len(budi.pull()["events"]) == 2


def test_ops_out_of_order_in_one_batch_are_refused(http: httpx.Client) -> None:
    budi = Console(http, "budi")
    a, b = create(budi), create(budi)
    response = budi.push(b, a)
    assert response.status_code == 409
    assert "increasing seq order" in response.json()["detail"]


def test_a_client_id_belongs_to_the_user_who_first_pushed_with_it(http: httpx.Client) -> None:
    budi, sari = Console(http, "budi"), Console(http, "sari")
    budi.pushed(create(budi))
    response = sari.push(create(sari), client_id=budi.client_id)
    assert response.status_code == 403
    assert "another user" in response.json()["detail"]


def test_an_operators_acknowledgement_from_a_modified_client_is_rejected(
    http: httpx.Client,
) -> None:
    """The console never sends it; a modified one can, and the server checks the role."""
    budi = Console(http, "budi")
    ticket_id = str(uuid.uuid4())
    budi.pushed(create(budi, ticket_id))
    [result] = budi.pushed(budi.op(ticket_id, "transition", {"to": "acknowledged", "from": "new"}))
    assert result["status"] == "rejected"
    assert "supervisors" in result["reason"]
    assert ticket(budi, ticket_id)["status"] == "new"
    # ...and it never blocks the ops behind it.
    [after] = budi.pushed(budi.op(ticket_id, "edit", {"title": "Antrian sangat panjang"}))
    assert after["status"] == "applied"


def test_two_supervisors_acknowledging_is_not_a_conflict(http: httpx.Client) -> None:
    sari, dewi = Console(http, "sari"), Console(http, "dewi")
    ticket_id = str(uuid.uuid4())
    sari.pushed(create(sari, ticket_id))
    ack = {"to": "acknowledged", "from": "new"}
    assert sari.pushed(sari.op(ticket_id, "transition", ack))[0]["status"] == "applied"
    assert dewi.pushed(dewi.op(ticket_id, "transition", ack))[0]["status"] == "applied"
    snapshot = ticket(sari, ticket_id)
    assert (snapshot["status"], snapshot["acknowledged_by"]) == ("acknowledged", "sari")
    events = sari.pull()["events"]
    assert events[-1]["author"] == "dewi"
    assert events[-1]["data"]["noop"] is True


def test_close_and_reopen_are_rejected_when_their_from_no_longer_holds(
    http: httpx.Client,
) -> None:
    sari, dewi = Console(http, "sari"), Console(http, "dewi")
    ticket_id = str(uuid.uuid4())
    sari.pushed(create(sari, ticket_id))
    sari.pushed(sari.op(ticket_id, "transition", {"to": "acknowledged", "from": "new"}))
    close = {"to": "closed", "from": "new", "reason": "false_alarm"}  # dewi saw it new
    [result] = dewi.pushed(dewi.op(ticket_id, "transition", close))
    assert result["status"] == "rejected"
    assert "acknowledged now" in result["reason"]
    close["from"] = "acknowledged"
    assert dewi.pushed(dewi.op(ticket_id, "transition", close))[0]["status"] == "applied"
    assert ticket(sari, ticket_id)["close_reason"] == "false_alarm"


def test_edits_are_last_writer_wins_per_field_in_arrival_order(http: httpx.Client) -> None:
    sari, budi = Console(http, "sari"), Console(http, "budi")
    ticket_id = str(uuid.uuid4())
    sari.pushed(create(sari, ticket_id))
    budi.pushed(budi.op(ticket_id, "edit", {"title": "Budi's title", "station": "Pamotan"}))
    sari.pushed(sari.op(ticket_id, "edit", {"title": "Sari's title"}))
    snapshot = ticket(sari, ticket_id)
    assert (snapshot["title"], snapshot["station"]) == ("Sari's title", "Pamotan")


def test_comments_always_apply_even_on_a_closed_ticket(http: httpx.Client) -> None:
    sari = Console(http, "sari")
    ticket_id = str(uuid.uuid4())
    sari.pushed(create(sari, ticket_id))
    close = {"to": "closed", "from": "new", "reason": "duplicate"}
    sari.pushed(sari.op(ticket_id, "transition", close))
    comment = {"comment_id": str(uuid.uuid4()), "text": "Sudah ditangani tim lapangan"}
    assert sari.pushed(sari.op(ticket_id, "comment", comment))[0]["status"] == "applied"
    edit = sari.pushed(sari.op(ticket_id, "edit", {"title": "x"}))
    assert edit[0]["status"] == "rejected"


def test_creating_an_alarm_incident_twice_is_a_duplicate(http: httpx.Client) -> None:
    sari, budi = Console(http, "sari"), Console(http, "budi")
    ticket_id = str(uuid.uuid4())  # both consoles derive the same UUIDv5 from the alarm
    alarm = {"rule": "pm25-high", "active": True, "episode_start": T0.isoformat()}
    assert sari.pushed(create(sari, ticket_id, alarm=alarm))[0]["status"] == "applied"
    [second] = budi.pushed(create(budi, ticket_id, alarm=alarm))
    assert second["status"] == "duplicate"
    snapshot = ticket(sari, ticket_id)
    assert (snapshot["alarm_rule"], snapshot["alarm_active"]) == ("pm25-high", True)


def test_assign_is_for_supervisors(http: httpx.Client) -> None:
    sari, budi = Console(http, "sari"), Console(http, "budi")
    ticket_id = str(uuid.uuid4())
    sari.pushed(create(sari, ticket_id))
    assert (
        budi.pushed(budi.op(ticket_id, "assign", {"username": "budi"}))[0]["status"] == "rejected"
    )
    assert sari.pushed(sari.op(ticket_id, "assign", {"username": "budi"}))[0]["status"] == "applied"
    assert ticket(sari, ticket_id)["assignee"] == "budi"


def test_op_data_the_rules_refuse_is_rejected_with_a_reason_and_the_batch_goes_on(
    http: httpx.Client,
) -> None:
    """Within the journal's schema but refused by the rules (what breaks the schema is a
    422 for the whole push: tests/integration/test_sync_journal_rules.py)."""
    budi = Console(http, "budi")
    bad = [
        create(budi, title="   "),
        budi.op(str(uuid.uuid4()), "edit", {"title": "nothing to edit"}),
        create(budi, alarm={"active": True}),  # an alarm incident names its rule
    ]
    good = create(budi)
    results = budi.pushed(*bad, good)
    assert [r["status"] for r in results] == ["rejected"] * 3 + ["applied"]
    assert all(r["reason"] for r in results[:3])
    assert "no incident" in results[1]["reason"]
    [created] = budi.pushed(create(budi))
    [empty_edit] = budi.pushed(budi.op(good["ticket_id"], "edit", {}))
    assert (created["status"], empty_edit["status"]) == ("applied", "rejected")
    assert "at least one field" in empty_edit["reason"]


def test_pull_pages_events_and_ends_with_every_ticket_current(http: httpx.Client) -> None:
    budi = Console(http, "budi")
    ids = [str(uuid.uuid4()) for _ in range(5)]
    budi.pushed(*[create(budi, i) for i in ids])
    budi.pushed(*[budi.op(i, "edit", {"description": f"step {n}"}) for n, i in enumerate(ids)])
    cursor, seen, tickets = 0, [], {}
    while True:
        page = budi.pull(cursor, limit=3)
        seen += [e["seq"] for e in page["events"]]
        tickets.update({t["id"]: t for t in page["tickets"]})
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert seen == sorted(seen)
    assert len(seen) == len(set(seen)) == 10
    assert {i: tickets[i]["description"] for i in ids} == {
        i: f"step {n}" for n, i in enumerate(ids)
    }


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/api/v1/sync/push"), ("GET", "/api/v1/sync/pull")]
)
def test_sync_needs_a_token(http: httpx.Client, method: str, path: str) -> None:
    budi = Console(http, "budi")
    body = {"client_id": budi.client_id, "workstation": "ws-1", "ops": [create(budi)]}
    response = http.request(method, path, json=body)
    assert response.status_code == 401
    assert "token" in response.json()["detail"]
    assert budi.pull()["events"] == []  # the op in the refused request was not applied


def test_an_oversized_push_gets_413_and_changes_nothing(http: httpx.Client) -> None:
    budi = Console(http, "budi")
    huge = create(budi, description="x" * 300_000)
    response = budi.push(huge)
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert budi.pull()["events"] == []


def test_an_oversized_chunked_push_without_a_length_gets_413_too(http: httpx.Client) -> None:
    """A body sent in chunks has no Content-Length to refuse up front: it is counted."""
    budi = Console(http, "budi")
    body = json.dumps(
        {"client_id": budi.client_id, "workstation": "ws-1", "ops": [create(budi)] * 1000}
    ).encode()
    assert len(body) > 200_000  # the fixture's limit

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 16_384):
            yield body[start : start + 16_384]

    response = http.post(
        "/api/v1/sync/push",
        content=chunks(),
        headers={**budi.headers, "Content-Type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413, response.text
    assert "too large" in response.json()["detail"]
    assert budi.pull()["events"] == []


def test_malformed_json_gets_422_with_a_message(http: httpx.Client) -> None:
    budi = Console(http, "budi")
    response = http.post(
        "/api/v1/sync/push",
        content=b'{"client_id": ',
        headers={**budi.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["detail"]
    assert budi.pull()["events"] == []  # and nothing was applied


def test_an_op_id_used_twice_is_rejected_the_second_time(http: httpx.Client) -> None:
    """Found by schemathesis: the same op_id twice in one batch was a 500."""
    budi = Console(http, "budi")
    first = create(budi)
    again = {**create(budi), "op_id": first["op_id"]}
    results = budi.pushed(first, again)
    assert [r["status"] for r in results] == ["applied", "rejected"]
    assert results[1]["reason"] == "op_id already used"
    other = Console(http, "budi")  # another client id reusing it later: refused too
    [later] = other.pushed({**create(other), "op_id": first["op_id"]})
    assert later["status"] == "rejected"
