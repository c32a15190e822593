"""Two ``serve`` processes on one PostgreSQL, behind round-robin, keep the sync contract.

The classic trap of several writers: event numbers handed out in one order
and committed in another, so a pull whose cursor passed a number whose
transaction had not committed yet skips that event for ever. The server
avoids it by numbering events ``max + 1`` under a transaction-scoped advisory
lock that every push of every process takes; this test holds that claim to
account with two real server processes, consoles whose every request goes to
the next server in turn (what nginx's or Caddy's round-robin does), and push
transactions made slow on purpose: the test holds a PostgreSQL table lock
that a push needs after it has numbered its events, so a push on one server
sits mid-transaction while the other server serves pulls and queues the next
push. Every console must end with every event exactly once and the same
cursor, and nothing may commit below a cursor a pull already handed out.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy import make_url, select

from smartcity_console.core.incidents import Role
from smartcity_console.store import sync_apply
from smartcity_console.store.models import ServerEventRow
from tests.integration.test_sync_resilience import events_on
from tests.support.serve_process import ServeProcess
from tests.support.sync_consoles import PASSWORD, HeadlessConsole
from tests.support.waits import until


class Balancer:
    """Round-robin over the servers' ports, shared by every round of every console."""

    def __init__(self, servers: list[ServeProcess]) -> None:
        self._ports = itertools.cycle([s.port for s in servers])
        self._lock = threading.Lock()
        self.served: dict[tuple[int, str], int] = {}  # (port, path): requests

    def next_port(self, path: str) -> int:
        with self._lock:
            port = next(self._ports)
            self.served[(port, path)] = self.served.get((port, path), 0) + 1
            return port


class RoundRobin(httpx.AsyncHTTPTransport):
    """Sends each request to the balancer's next server, as a round-robin proxy does."""

    def __init__(self, balancer: Balancer) -> None:
        super().__init__()
        self._balancer = balancer

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        port = self._balancer.next_port(request.url.path)
        request.url = request.url.copy_with(port=port)
        return await super().handle_async_request(request)


@pytest.fixture
def servers(postgres_url: str, tmp_path: Path) -> Iterator[list[ServeProcess]]:
    first = ServeProcess.with_users(
        postgres_url,
        tmp_path / "serve-1.log",
        PASSWORD,
        sari=Role.SUPERVISOR,
        dewi=Role.SUPERVISOR,
        budi=Role.OPERATOR,
    )
    second = ServeProcess(postgres_url, tmp_path / "serve-2.log").start()
    yield [first, second]
    for server in (first, second):
        server.stop()


def sync(console: HeadlessConsole, balancer: Balancer) -> bool:
    """One round, every request to the next server in turn."""

    async def once() -> bool:
        async with httpx.AsyncClient(transport=RoundRobin(balancer), timeout=60) as http:
            engine = console.engine(http)
            answered = await engine.sync_once()
            console.status = engine.status
            return answered

    return asyncio.run(once())


def pulled(console: HeadlessConsole) -> list[tuple[int, str]]:
    with console.db.read() as session:
        return list(session.execute(select(ServerEventRow.seq, ServerEventRow.id)).tuples())


def wait_for(condition: Callable[[], bool]) -> None:
    asyncio.run(until(condition, within_s=60.0))


def waiting_pushes(url: str) -> int:
    """Server sessions stuck on a lock inside a push (the table lock or the push lock)."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND state = 'active'"
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_two_servers_behind_round_robin_with_slow_pushes_lose_and_repeat_nothing(
    servers: list[ServeProcess], postgres_url: str, tmp_path: Path
) -> None:
    url = make_url(postgres_url).set(drivername="postgresql").render_as_string(False)
    a, b, c = (
        HeadlessConsole(tmp_path / n / "incidents.sqlite3", servers[0].url, n)
        for n in ("ws-a", "ws-b", "ws-c")
    )
    balancer = Balancer(servers)
    sari, dewi = a.login("sari"), b.login("dewi")
    c.login("budi")
    ticket = sari.create("Banjir rob di Tasik Agung", "environment", "critical")
    for console in (a, b, c):
        assert sync(console, balancer), console.status

    blocker = psycopg.connect(url)  # holds op_results: a push stops after numbering its events
    blocker.execute("LOCK TABLE op_results IN SHARE ROW EXCLUSIVE MODE")
    results: dict[str, bool] = {}

    def push(name: str, console: HeadlessConsole) -> None:
        results[name] = sync(console, balancer)

    for n in range(5):
        sari.comment(ticket.id, f"Air naik, laporan {n}")
    for n in range(3):
        dewi.comment(ticket.id, f"Posko dibuka, laporan {n}")
    first = threading.Thread(target=push, args=("a", a))
    first.start()
    wait_for(lambda: waiting_pushes(url) >= 1)  # mid-transaction, numbered
    second = threading.Thread(target=push, args=("b", b))
    second.start()
    wait_for(lambda: waiting_pushes(url) >= 2)  # queued behind it
    for _ in range(3):  # meanwhile C pulls from both servers, round and round
        assert sync(c, balancer), c.status
    cursor_during = sync_apply.cursor(c.db)
    seen_during = {event_id for _, event_id in pulled(c)}
    blocker.rollback()  # the slow transaction goes on and commits
    blocker.close()
    first.join(60)
    second.join(60)
    assert results == {"a": True, "b": True}

    for console in (c, a, b, c, a, b):
        assert sync(console, balancer), console.status
    events = events_on(servers[1])
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids)) == 1 + 5 + 3
    late = [e["seq"] for e in events if e["id"] not in seen_during]
    assert len(late) == 8
    assert min(late) > cursor_during  # nothing committed under a cursor already served
    expected = [(e["seq"], e["id"]) for e in events]
    for console in (a, b, c):
        assert sorted(pulled(console)) == expected  # every event once, in the same numbers
        assert sync_apply.cursor(console.db) == expected[-1][0]
        assert sync_apply.pending_count(console.db) == 0
    assert a.histories() == b.histories() == c.histories()
    for server in servers:  # both served pushes and pulls
        for path in ("/api/v1/sync/push", "/api/v1/sync/pull"):
            assert balancer.served.get((server.port, path), 0) > 0, (server.port, path)
    assert a.tickets() == b.tickets() == c.tickets()
    for console in (a, b, c):
        console.close()


def test_nothing_but_the_database_is_shared_a_token_from_one_server_works_on_the_other(
    servers: list[ServeProcess],
) -> None:
    with httpx.Client(timeout=10) as http:
        token = http.post(
            f"{servers[0].url}/api/v1/auth/login",
            json={"username": "sari", "password": PASSWORD},
        ).json()["token"]
        me = http.get(
            f"{servers[1].url}/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}
        )
    assert me.status_code == 200, me.text
    assert me.json()["user"]["username"] == "sari"
