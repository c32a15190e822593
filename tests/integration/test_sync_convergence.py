"""Consoles that worked offline converge through the sync server (SQLite and PostgreSQL).

Each console is a real SQLite file with the real repository and sync engine,
talking HTTP to a real server (uvicorn on loopback) on a real database. No
console syncs until the test says so: that is what offline means to it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from smartcity_console.core.incidents import Action, CloseReason, Role, utc_now
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user
from smartcity_console.store import sync_apply
from smartcity_console.store.changes import record
from smartcity_console.store.models import TicketRow
from smartcity_console.sync import auth_client
from tests.support.auth_server import LiveServer, live_server
from tests.support.sync_consoles import PASSWORD, HeadlessConsole

USERS = {"sari": Role.SUPERVISOR, "dewi": Role.SUPERVISOR, "budi": Role.OPERATOR}


@pytest.fixture
def server(server_database_url: str) -> Iterator[LiveServer]:
    app = create_app(server_database_url)
    db: ServerDatabase = app.state.server_db
    for name, role in USERS.items():
        add_user(db, name, role, PASSWORD)
    with live_server(app) as running:
        yield running
    db.close()


@pytest.fixture
def consoles(tmp_path: Path, server: LiveServer) -> Iterator[list[HeadlessConsole]]:
    made = [
        HeadlessConsole(tmp_path / f"ws-{n}" / "incidents.sqlite3", server.url, f"ws-{n}")
        for n in ("a", "b", "c")
    ]
    yield made
    for console in made:
        console.close()


def server_view(server: LiveServer) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """Every ticket and event the server holds (read through its own API)."""
    with httpx.Client(base_url=server.url) as http:
        token = http.post(
            "/api/v1/auth/login", json={"username": "sari", "password": PASSWORD}
        ).json()["token"]
        page = http.get(
            "/api/v1/sync/pull",
            params={"limit": 1000},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
    tickets = {t["id"]: t for t in page["tickets"]}
    return tickets, [(e["id"], e["kind"], e["author"]) for e in page["events"]]


def same_times(ticket: dict[str, Any], keys: dict[str, Any]) -> dict[str, Any]:
    """The ticket's ``keys``, with ISO times parsed (the server writes Z, SQLite +00:00)."""
    out = {}
    for key in keys:
        value = ticket[key]
        if key.endswith("_at") and isinstance(value, str):
            value = datetime.fromisoformat(value)
        out[key] = value
    return out


def converge(*consoles: HeadlessConsole) -> None:
    for _ in range(2):  # the second pass pulls what the later consoles pushed
        for console in consoles:
            assert console.sync(), console.status


def assert_same(*consoles: HeadlessConsole) -> None:
    first = consoles[0]
    for other in consoles[1:]:
        assert other.tickets() == first.tickets()
        assert other.histories() == first.histories()
    for console in consoles:
        assert sync_apply.pending_count(console.db) == 0


def test_two_consoles_offline_with_conflicting_changes_end_identical(
    consoles: list[HeadlessConsole], server: LiveServer
) -> None:
    a, b, _ = consoles
    sari, dewi = a.login("sari"), b.login("dewi")
    ticket = sari.create("Lampu PJU padam", "living", "high", station="Lasem")
    a.sync()
    b.sync()
    assert b.tickets()[ticket.id]["title"] == "Lampu PJU padam"

    # Both offline now: the same field, acknowledge vs close, comments on both sides.
    sari.edit(ticket.id, {"title": "PJU padam di Lasem"})
    sari.transition(ticket.id, Action.ACKNOWLEDGE)
    sari.comment(ticket.id, "Tim lapangan berangkat")
    dewi.edit(ticket.id, {"title": "PJU padam (duplikat?)", "severity": "medium"})
    dewi.transition(ticket.id, Action.CLOSE, reason=CloseReason.DUPLICATE)
    dewi.comment(ticket.id, "Sepertinya duplikat laporan warga")
    assert a.tickets()[ticket.id]["status"] == "acknowledged"
    assert b.tickets()[ticket.id]["status"] == "closed"

    converge(a, b)
    assert_same(a, b)
    shown = a.tickets()[ticket.id]
    # Sari pushed first: her acknowledgement stands, so Dewi's close "from new" is refused...
    assert shown["status"] == "acknowledged"
    assert shown["acknowledged_by"] == "sari"
    # ...while edits are last writer wins per field, in the server's arrival order.
    assert shown["title"] == "PJU padam (duplikat?)"
    assert shown["severity"] == "medium"
    [rejected] = b.rejections
    assert (rejected.author, rejected.kind) == ("dewi", "transition")
    assert "acknowledged now" in rejected.reason
    kinds = [(kind, author) for _, kind, author, _ in a.histories()[ticket.id]]
    assert kinds == [
        ("create", "sari"),
        ("edit", "sari"),
        ("transition", "sari"),
        ("comment", "sari"),
        ("edit", "dewi"),
        ("comment", "dewi"),
    ]
    tickets, events = server_view(server)
    assert same_times(tickets[ticket.id], keys=shown) == same_times(shown, keys=shown)
    assert [e[0] for e in events] == [e[0] for e in a.histories()[ticket.id]]


def test_changes_show_at_once_and_a_pull_keeps_pending_ops_on_top(
    consoles: list[HeadlessConsole],
) -> None:
    a, b, _ = consoles
    sari, dewi = a.login("sari"), b.login("dewi")
    ticket = sari.create("Banjir di Sulang", "environment", "critical")
    converge(a, b)
    dewi.edit(ticket.id, {"description": "Air setinggi 40 cm"})
    b.sync()  # pushed
    sari.edit(ticket.id, {"station": "Sulang"})  # pending at A while A pulls Dewi's edit
    asyncio.run(_pull_only(a))
    shown = a.tickets()[ticket.id]
    assert (shown["description"], shown["station"]) == ("Air setinggi 40 cm", "Sulang")
    assert sync_apply.pending_count(a.db) == 1


async def _pull_only(console: HeadlessConsole) -> None:
    async with httpx.AsyncClient() as http:
        await console.engine(http).pull()


def test_a_rejected_op_is_shown_to_its_author_and_the_ticket_returns_to_the_server_state(
    consoles: list[HeadlessConsole],
) -> None:
    """A modified console sends an operator's acknowledgement; the server says no."""
    a, b, _ = consoles
    sari, budi = a.login("sari"), b.login("budi")
    ticket = sari.create("Sensor PM2.5 mati", "environment", "low")
    converge(a, b)
    # What a modified console would put in its outbox (the real one refuses first).
    with b.db.write() as session:
        row = session.get(TicketRow, ticket.id)
        assert row is not None
        row.status = "acknowledged"
        row.acknowledged_by = "budi"
        data = {"to": "acknowledged", "from": "new", "note": None, "reason": None}
        record(session, budi.actor, ticket.id, "transition", data, utc_now())
    assert b.tickets()[ticket.id]["status"] == "acknowledged"
    assert b.sync()
    [rejection] = b.rejections
    assert rejection.author == "budi"
    assert "Only supervisors and administrators can acknowledge" in rejection.reason
    assert rejection.ticket_title == "Sensor PM2.5 mati"
    shown = b.tickets()[ticket.id]
    assert (shown["status"], shown["acknowledged_by"]) == ("new", None)
    assert [kind for _, kind, _, _ in b.histories()[ticket.id]] == ["create"]
    assert sync_apply.unseen_rejections(b.db, "budi")[0].op_id == rejection.op_id
    assert sync_apply.unseen_rejections(b.db, "budi") == []  # shown once


class LosesFirstPushAnswer(httpx.AsyncHTTPTransport):
    """Delivers the first push to the server, then drops its answer (a cut cable)."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if request.url.path.endswith("/sync/push") and not self.dropped:
            await response.aread()
            self.dropped += 1
            raise httpx.ReadError("connection reset after the server answered", request=request)
        return response


def test_a_push_retried_after_a_lost_answer_applies_once(
    consoles: list[HeadlessConsole], server: LiveServer
) -> None:
    a, b, _ = consoles
    sari = a.login("sari")
    b.login("dewi")
    ticket = sari.create("Kemacetan di jalur pantura", "governance", "medium")
    sari.comment(ticket.id, "Polisi sudah di lokasi")
    transport = LosesFirstPushAnswer()

    async def twice() -> list[bool]:
        async with httpx.AsyncClient(transport=transport) as http:
            engine = a.engine(http)
            return [await engine.sync_once(), await engine.sync_once()]

    assert asyncio.run(twice()) == [False, True]
    assert transport.dropped == 1
    _, events = server_view(server)
    assert [kind for _, kind, _ in events] == ["create", "comment"]
    converge(a, b)
    assert_same(a, b)


def test_consoles_show_offline_while_the_server_is_down_and_recover(
    consoles: list[HeadlessConsole], server: LiveServer
) -> None:
    a, b, _ = consoles
    sari = a.login("sari")
    b.login("dewi")
    server.stop()
    ticket = sari.create("Pasar Rembang ramai", "economy", "low")
    assert not a.sync()
    assert a.status is not None
    assert a.status.state == "offline"
    assert a.status.offline_since is not None
    assert "cannot reach" in (a.status.last_error or "")
    assert a.tickets()[ticket.id]["title"] == "Pasar Rembang ramai"  # still works offline
    assert sync_apply.pending_count(a.db) == 1


def test_a_shift_change_keeps_the_old_users_token_until_their_changes_are_pushed(
    consoles: list[HeadlessConsole], server: LiveServer
) -> None:
    """Budi works offline and signs out; Sari signs in there; Budi's change goes out as his."""
    a, b, _ = consoles
    budi = a.login("budi")
    b.login("dewi")
    server_url = a.server_url
    ticket = budi.create("Lampu lalu lintas mati", "governance", "high")
    budi_client = budi.actor.client_id
    assert auth_client.sign_out(server_url, "budi", db=a.db, tokens=a.tokens) == 1
    assert a.tokens.last_user(server_url) is None  # the next start asks who is there
    assert a.token_for("budi") is not None  # kept: his change still waits
    sari = a.login("sari")
    assert sari.actor.client_id != budi_client  # authors never mix in one client id
    sari.comment(ticket.id, "Diteruskan ke Dishub")
    converge(a, b)
    assert_same(a, b)
    authors = [author for _, _, author, _ in b.histories()[ticket.id]]
    assert authors == ["budi", "sari"]
    # Nothing of Budi's waits now: signing out forgets his token here and on the server.
    kept = a.token_for("budi")
    assert auth_client.sign_out(server_url, "budi", db=a.db, tokens=a.tokens) == 0
    assert a.token_for("budi") is None
    answer = httpx.get(f"{server_url}/api/v1/auth/me", headers={"Authorization": f"Bearer {kept}"})
    assert answer.status_code == 401
