"""A sync round never wedges: a refused push still pulls, batches fit the server's limits.

Found by trying it: one push the server refused ended the round before the
pull, for ever, so that workstation saw nobody else's changes again; 150
offline creates with long descriptions made a body over the limit, every
round got 413 and the console stopped pulling; after a failed round the
status kept an old pending count. Real server (uvicorn over loopback, or
``serve`` in a child process), real consoles, SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smartcity_console.core.incidents import DESCRIPTION_MAX, Role, utc_now
from smartcity_console.server.app import create_app
from smartcity_console.server.body_limit import BodySizeLimit
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user
from smartcity_console.store import sync_apply
from smartcity_console.store.changes import record
from smartcity_console.store.models import TicketRow
from tests.integration.test_sync_resilience import events_on
from tests.support.auth_server import LiveServer
from tests.support.serve_process import ServeProcess
from tests.support.sync_consoles import PASSWORD, HeadlessConsole

USERS = {"sari": Role.SUPERVISOR, "dewi": Role.SUPERVISOR, "budi": Role.OPERATOR}
# Aksara Jawa, as in a report copied from a village notice: 3 bytes a character in
# UTF-8, so 150 descriptions at their longest make 4.5 MB, over the 4 MiB limit.
JAVANESE = "ꦧꦚ꧀ꦗꦶꦂ꧈ꦫꦺꦩ꧀ꦧꦁ꧈ꦱꦏ꧀ꦮꦶꦱ꧀꧈"  # words parted by pada lingsa, no spaces


def long_description(n: int) -> str:
    text = f"Laporan {n}: " + JAVANESE * DESCRIPTION_MAX
    return text[:DESCRIPTION_MAX]


def make_server(url: str) -> tuple[LiveServer, ServerDatabase]:
    app = create_app(url)
    db: ServerDatabase = app.state.server_db
    for name, role in USERS.items():
        add_user(db, name, role, PASSWORD)
    return LiveServer(app), db


@pytest.fixture
def server(server_database_url: str) -> Iterator[LiveServer]:
    running, db = make_server(server_database_url)
    yield running.start()
    running.stop()
    db.close()


def console(tmp_path: Path, server_url: str, name: str) -> HeadlessConsole:
    return HeadlessConsole(tmp_path / name / "incidents.sqlite3", server_url, name)


def test_a_push_the_server_refuses_does_not_stop_the_pull_of_the_round(
    server: LiveServer, tmp_path: Path
) -> None:
    a, b = console(tmp_path, server.url, "ws-a"), console(tmp_path, server.url, "ws-b")
    budi, dewi = a.login("budi"), b.login("dewi")
    budi.create("Lampu lalu lintas mati", "governance", "high")
    # A modified client took budi's client id first with sari's token: every push of
    # budi's from this console is now refused (403), round after round.
    with httpx.Client(base_url=server.url) as http:
        token = http.post(
            "/api/v1/auth/login", json={"username": "sari", "password": PASSWORD}
        ).json()["token"]
        taken = http.post(
            "/api/v1/sync/push",
            json={"client_id": budi.actor.client_id, "ops": []},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert taken.status_code == 200
    made = dewi.create("Banjir di Sulang", "environment", "critical")
    assert b.sync(), b.status
    assert not a.sync()  # the push failed...
    assert made.id in a.tickets()  # ...and the pull of the same round happened
    assert a.status is not None
    assert a.status.state == "error"
    assert "403" in (a.status.last_error or "")
    assert a.status.pending == 1  # budi's change still waits, and is counted


def test_after_a_failed_round_the_status_counts_what_really_waits(
    server: LiveServer, tmp_path: Path
) -> None:
    a = console(tmp_path, server.url, "ws-a")
    sari = a.login("sari")

    async def rounds() -> None:
        async with httpx.AsyncClient(timeout=5) as http:
            engine = a.engine(http)
            assert await engine.sync_once()
            assert engine.status.pending == 0
            ticket = sari.create("Pompa air mati", "living", "medium")  # no refresh_pending
            sari.comment(ticket.id, "Teknisi PDAM dihubungi")
            server.stop()
            assert not await engine.sync_once()
            assert (engine.status.state, engine.status.pending) == ("offline", 2)

    asyncio.run(rounds())


def test_an_op_refused_for_good_is_marked_counted_and_never_sent_again(
    server: LiveServer, tmp_path: Path
) -> None:
    """An operator's acknowledgement from a modified console; the ops behind it go on."""
    a, b = console(tmp_path, server.url, "ws-a"), console(tmp_path, server.url, "ws-b")
    budi = a.login("budi")
    b.login("sari")
    ticket = budi.create("Sensor PM2.5 mati", "environment", "low")
    with a.db.write() as session:
        row = session.get(TicketRow, ticket.id)
        assert row is not None
        row.status = "acknowledged"
        data = {"to": "acknowledged", "from": "new", "note": None, "reason": None}
        record(session, budi.actor, ticket.id, "transition", data, utc_now())
    budi.comment(ticket.id, "Sensor diganti besok")
    assert a.sync(), a.status
    assert a.status is not None
    assert (a.status.pending, a.status.refused) == (0, 1)
    [refused] = budi.refused(ticket.id)
    assert refused.kind == "transition"
    assert "Only supervisors and administrators can acknowledge" in (refused.reason or "")
    assert a.sync(), a.status  # not retried: the server saw it once
    assert b.sync(), b.status
    kinds = [e["kind"] for e in events_on_live(server)]
    assert kinds == ["create", "comment"]
    assert b.tickets()[ticket.id]["status"] == "new"
    sync_apply.mark_seen(a.db, [refused.op_id])  # its author closed the notice
    assert a.sync(), a.status
    assert a.status.refused == 0
    assert budi.refused(ticket.id) == [refused]  # the incident still names it


def events_on_live(server: LiveServer) -> list[dict[str, object]]:
    with httpx.Client(base_url=server.url, timeout=10) as http:
        token = http.post(
            "/api/v1/auth/login", json={"username": "dewi", "password": PASSWORD}
        ).json()["token"]
        page = http.get(
            "/api/v1/sync/pull",
            params={"limit": 1000},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
    events: list[dict[str, object]] = page["events"]
    return events


@pytest.fixture
def served(server_database_url: str, tmp_path: Path) -> Iterator[ServeProcess]:
    process = ServeProcess.with_users(
        server_database_url,
        tmp_path / "serve.log",
        PASSWORD,
        sari=Role.SUPERVISOR,
        dewi=Role.SUPERVISOR,
        budi=Role.OPERATOR,
    )
    yield process
    process.stop()


def test_150_offline_creates_with_long_descriptions_are_delivered(
    served: ServeProcess, tmp_path: Path
) -> None:
    """4.5 MB of changes against the default 4 MiB limit: split to fit, every one arrives."""
    a, b = console(tmp_path, served.url, "ws-a"), console(tmp_path, served.url, "ws-b")
    sari = a.login("sari")
    b.login("dewi")
    made = {
        sari.create(f"Laporan warga {n}", "society", "medium", description=long_description(n)).id
        for n in range(150)
    }
    assert sum(len(d.encode()) for d in map(long_description, range(150))) > 4 * 1024 * 1024
    assert a.sync(), a.status
    assert sync_apply.pending_count(a.db) == 0
    assert b.sync(), b.status
    assert set(b.tickets()) == made
    assert {t["description"] for t in b.tickets().values()} == {
        long_description(n) for n in range(150)
    }
    assert len(events_on(served)) == 150


def test_a_413_from_a_proxy_with_a_smaller_limit_halves_the_batch(
    server_database_url: str, tmp_path: Path
) -> None:
    """The server advertises 4 MiB; a reverse proxy in front takes 256 KiB.

    The proxy is the server's own body limit wrapped around the app a second
    time (nginx's client_max_body_size answers the same 413), so the 413
    comes over real HTTP from a limit the console did not know.
    """
    running, db = make_server(server_database_url)
    running.app.add_middleware(BodySizeLimit, max_bytes=256 * 1024)  # outermost: the proxy
    a = console(tmp_path, running.url, "ws-a")
    refused: list[int] = []

    async def count(response: httpx.Response) -> None:
        if response.status_code == 413:
            refused.append(len(response.request.content))

    async def push() -> bool:
        async with httpx.AsyncClient(timeout=10, event_hooks={"response": [count]}) as http:
            return await a.engine(http).sync_once()

    running.start()
    try:
        sari = a.login("sari")
        for n in range(40):
            sari.create(f"Laporan {n}", "society", "low", description=long_description(n))
        assert asyncio.run(push()), a.status
        assert sync_apply.pending_count(a.db) == 0
        assert refused, "the proxy never refused: the test did not test halving"
        assert refused == sorted(refused, reverse=True)  # each retry smaller
        assert len(events_on_live(running)) == 40
    finally:
        running.stop()
        db.close()


def test_an_op_the_servers_rule_refuses_is_marked_and_the_ops_behind_it_go_on(
    server: LiveServer, tmp_path: Path
) -> None:
    """A server whose journal rule is newer than the console's answers 422 for the batch.

    The console checks the same rule before an op enters its outbox, so here
    the op is written into the outbox behind the console's back (as a console
    of an older version, or a server with a stricter rule, would leave it).
    Without the 422 handling every round refused the whole queue, for ever.
    """
    a, b = console(tmp_path, server.url, "ws-a"), console(tmp_path, server.url, "ws-b")
    sari = a.login("sari")
    b.login("dewi")
    ticket = sari.create("Genangan di Jalan Pantura", "living", "medium")
    bad = sari.comment(ticket.id, "Petugas berangkat")
    sari.comment(ticket.id, "Air sudah surut")
    connection = sqlite3.connect(tmp_path / "ws-a" / "incidents.sqlite3")
    with connection:
        connection.execute(
            "UPDATE outbox SET data = json_set(data, '$.text', ?) WHERE op_id = ?",
            ("Petugas\x00berangkat", bad.id),
        )
    connection.close()
    assert a.sync(), a.status
    assert a.status is not None
    assert (a.status.pending, a.status.refused) == (0, 1)
    [refused] = sari.refused(ticket.id)
    assert refused.op_id == bad.id
    assert "U+0000" in (refused.reason or "")
    assert b.sync(), b.status
    comments = [
        e["data"].get("text")
        for e in events_on_live(server)
        if e["kind"] == "comment" and isinstance(e["data"], dict)
    ]
    assert comments == ["Air sudah surut"]
    assert a.sync(), a.status  # not retried
    assert len(events_on_live(server)) == 2
