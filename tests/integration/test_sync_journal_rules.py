"""What enters the journal: a push that breaks the rule is a 422 and changes nothing.

Each case here was found by trying the server as an attacker or a careless
client would (issue 12): before the rule, some were accepted and then made
every later pull that contained them answer 500 for ever, others were a 500
straight away (on PostgreSQL only, or on both engines). Every case runs on a
SQLite file and on the run's PostgreSQL, speaking the wire by hand.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from smartcity_console.core.incidents import Role
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user, set_disabled
from tests.support.auth_server import LiveServer, live_server
from tests.support.wire import PASSWORD, WireConsole, raw_json


@pytest.fixture
def server(server_database_url: str) -> Iterator[LiveServer]:
    app = create_app(server_database_url)
    db: ServerDatabase = app.state.server_db
    for name, role in (("sari", Role.SUPERVISOR), ("budi", Role.OPERATOR)):
        add_user(db, name, role, PASSWORD)
    add_user(db, "joko", Role.OPERATOR, PASSWORD)
    set_disabled(db, "joko", True)
    with live_server(app) as running:
        yield running
    db.close()


@pytest.fixture
def http(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


@pytest.fixture
def sari(http: httpx.Client) -> WireConsole:
    return WireConsole(http, "sari")


@pytest.fixture
def ticket_id(sari: WireConsole) -> str:
    """A ticket the bad ops aim at (so they would apply if the data were let in)."""
    op = sari.create()
    assert sari.pushed(op)[0]["status"] == "applied"
    return str(op["ticket_id"])


def _comment(text: Any = "Petugas sudah di lokasi", **extra: Any) -> dict[str, Any]:
    return {"comment_id": str(uuid.uuid4()), "text": text, **extra}


def _deep(levels: int) -> Any:
    value: Any = "dasar"
    for _ in range(levels):
        value = [value]
    return value


Case = Callable[[WireConsole, str], dict[str, Any]]
SUR = "\ud800"  # a lone surrogate: no UTF-8 encoding, pydantic cannot serialize it
BAD_OPS: dict[str, Case] = {
    # Accepted before the rule, then every pull containing them answered 500:
    "surrogate in a comment": lambda c, t: c.op(t, "comment", _comment(f"a{SUR}b")),
    "surrogate in a note": lambda c, t: c.op(
        t, "transition", {"to": "acknowledged", "from": "new", "note": SUR}
    ),
    "surrogate in an extra key": lambda c, t: c.op(t, "comment", _comment(**{SUR: "x"})),
    "surrogate in an extra value": lambda c, t: c.op(t, "comment", _comment(extra=SUR)),
    "JSON nested 300 deep": lambda c, t: c.op(t, "comment", _comment(extra=_deep(300))),
    "extra key in a comment": lambda c, t: c.op(t, "comment", _comment(shown_to="everyone")),
    "extra key in an assign": lambda c, t: c.op(t, "assign", {"username": "budi", "x": 1}),
    "extra key in an alarm": lambda c, t: c.create(
        alarm={"rule": "pm25", "active": True, "extra": 1}
    ),
    # A 500 straight away (both engines):
    "surrogate in a title": lambda c, t: c.create(title=f"Banjir{SUR}"),
    "surrogate in a description": lambda c, t: c.create(description=SUR),
    "surrogate in a station": lambda c, t: c.create(station=f"Lasem{SUR}"),
    "surrogate in an assignee": lambda c, t: c.op(t, "assign", {"username": f"budi{SUR}"}),
    # A 500 on PostgreSQL:
    "NUL in a title": lambda c, t: c.create(title="Banjir\x00"),
    "NUL in a description": lambda c, t: c.create(description="a\x00b"),
    "NUL in a station": lambda c, t: c.create(station="Lasem\x00"),
    "NUL in a series": lambda c, t: c.op(t, "edit", {"series": "a/b\x00"}),
    "NUL in a comment": lambda c, t: c.op(t, "comment", _comment("\x00")),
    "NUL in a note": lambda c, t: c.op(
        t, "transition", {"to": "acknowledged", "from": "new", "note": "ok\x00"}
    ),
    "NUL in an assignee": lambda c, t: c.op(t, "assign", {"username": "budi\x00"}),
    "NUL in an alarm rule": lambda c, t: c.create(alarm={"rule": "pm\x0025", "active": True}),
    "NaN in data": lambda c, t: c.op(t, "comment", _comment(level=float("nan"))),
    "Infinity in data": lambda c, t: c.op(t, "comment", _comment(level=float("inf"))),
    "-Infinity in an alarm": lambda c, t: c.create(
        alarm={"rule": "pm25", "active": True, "level": float("-inf")}
    ),
    # OverflowError (500) on both engines:
    "client_ts at year 1 with an offset": lambda c, t: {
        **c.create(),
        "client_ts": "0001-01-01T00:00:00+00:01",
    },
    "client_ts at year 9999 with an offset": lambda c, t: {
        **c.create(),
        "client_ts": "9999-12-31T23:59:59-23:59",
    },
    "alarm episode start at year 1": lambda c, t: c.create(
        alarm={"rule": "pm25", "active": True, "episode_start": "0001-01-01T00:00:00+00:01"}
    ),
    # Accepted, and shown to every console:
    "ANSI escape in a title": lambda c, t: c.create(title="\x1b[31mBANJIR\x1b[0m"),
    "RTL override in a title": lambda c, t: c.create(title="Laporan \u202efdp.exe"),
    "bidi isolate in a station": lambda c, t: c.create(station="\u2066Lasem\u2069"),
    "C1 control in a description": lambda c, t: c.create(description="a\x9bb"),
    "newline in a title": lambda c, t: c.create(title="Banjir\nLasem"),
    "a title too long": lambda c, t: c.create(title="x" * 201),
    "a comment too long": lambda c, t: c.op(t, "comment", _comment("x" * 5001)),
    "unknown program": lambda c, t: c.create(program="no-such-program"),
    "a number for a title": lambda c, t: c.create(title=12),
}


@pytest.mark.parametrize("case", list(BAD_OPS.values()), ids=list(BAD_OPS))
def test_a_push_that_breaks_the_journal_rule_is_refused_and_changes_nothing(
    sari: WireConsole, ticket_id: str, case: Case
) -> None:
    before = sari.pull()
    bad = case(sari, ticket_id)
    response = sari.push_raw(raw_json(sari.body(bad)))
    assert response.status_code == 422, response.text
    assert response.json()["detail"]
    assert sari.pull() == before  # nothing applied, and every pull still answers
    sari.seq -= 1  # the refused op's seq was not used up: the next op takes it
    good = sari.op(ticket_id, "comment", _comment())
    assert sari.pushed(good)[0]["status"] == "applied"


def test_a_workstation_name_with_a_lone_surrogate_is_refused(sari: WireConsole) -> None:
    body = {**sari.body(sari.create()), "workstation": f"ws{SUR}"}
    response = sari.push_raw(raw_json(body))
    assert response.status_code == 422, response.text
    assert sari.pull()["events"] == []


def test_a_body_nested_far_deeper_than_any_schema_is_a_4xx_not_a_500(sari: WireConsole) -> None:
    depth = 100_000
    nested = b"[" * depth + b"]" * depth
    body = b'{"client_id": "' + sari.client_id.encode() + b'", "ops": ' + nested + b"}"
    response = sari.push_raw(body)
    assert 400 <= response.status_code < 500, response.text
    assert sari.pull()["events"] == []


def test_a_comment_id_used_before_is_rejected_and_not_applied(
    sari: WireConsole, ticket_id: str
) -> None:
    first = _comment()
    again = {**_comment("Komentar lain"), "comment_id": first["comment_id"]}
    results = sari.pushed(
        sari.op(ticket_id, "comment", first), sari.op(ticket_id, "comment", again)
    )
    assert [r["status"] for r in results] == ["applied", "rejected"]
    assert results[1]["reason"] == "comment_id already used"
    later = sari.pushed(sari.op(ticket_id, "comment", {**again, "text": "Ketiga"}))
    assert later[0]["status"] == "rejected"
    comments = [e for e in sari.pull()["events"] if e["kind"] == "comment"]
    assert [e["data"]["text"] for e in comments] == ["Petugas sudah di lokasi"]


def test_text_within_the_rule_is_kept_exactly(sari: WireConsole) -> None:
    """Line breaks and tabs in long text, emoji, Javanese script and Arabic are all text."""
    title = "Banjir di Lasem 🌊 ꦧꦚ꧀ꦗꦶꦂ"
    description = "Air setinggi 40 cm.\n\tJalan ditutup.\nبانجير"  # noqa: RUF001 (Arabic, on purpose)
    op = sari.create(title=title, description=description, station="Pasar Rembang")
    assert sari.pushed(op)[0]["status"] == "applied"
    [snapshot] = sari.pull()["tickets"]
    assert (snapshot["title"], snapshot["description"]) == (title, description)


def test_an_assignment_to_an_unknown_or_disabled_user_is_rejected_with_a_reason(
    sari: WireConsole, ticket_id: str
) -> None:
    results = sari.pushed(
        sari.op(ticket_id, "assign", {"username": "no-such-user-xyz"}),
        sari.op(ticket_id, "assign", {"username": "joko"}),
        sari.op(ticket_id, "assign", {"username": "budi"}),
        sari.op(ticket_id, "assign", {"username": None}),
    )
    assert [r["status"] for r in results] == ["rejected", "rejected", "applied", "applied"]
    assert "no-such-user-xyz" in results[0]["reason"]
    assert "joko" in results[1]["reason"]
    assert "disabled" in results[1]["reason"]
    page = sari.pull()
    assignees = [e["data"]["username"] for e in page["events"] if e["kind"] == "assign"]
    assert assignees == ["budi", None]
    assert page["tickets"][0]["assignee"] is None


def test_an_operators_assignment_is_refused_for_the_role_before_the_user_is_looked_up(
    http: httpx.Client, ticket_id: str
) -> None:
    budi = WireConsole(http, "budi")
    [result] = budi.pushed(budi.op(ticket_id, "assign", {"username": "no-such-user-xyz"}))
    assert result["status"] == "rejected"
    assert "supervisors" in result["reason"]
