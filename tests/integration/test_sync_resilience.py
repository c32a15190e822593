"""The sync server killed mid-push, and restored from a backup: nothing is lost.

The server here is ``smartcity-console serve`` in a child process (SIGKILL is
a real kill), on a SQLite file or a database on the run's PostgreSQL.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from psycopg import sql
from sqlalchemy import func, make_url, select

from smartcity_console.core.incidents import Role
from smartcity_console.store import sync_apply
from smartcity_console.store.models import OutboxRow
from tests.support.postgres import Postgres
from tests.support.serve_process import ServeProcess
from tests.support.sync_consoles import PASSWORD, HeadlessConsole


@pytest.fixture
def served(server_database_url: str, tmp_path: Path) -> Iterator[ServeProcess]:
    server = ServeProcess.with_users(
        server_database_url,
        tmp_path / "serve.log",
        PASSWORD,
        sari=Role.SUPERVISOR,
        dewi=Role.SUPERVISOR,
    )
    yield server
    server.stop()


def events_on(server: ServeProcess) -> list[dict[str, Any]]:
    with httpx.Client(base_url=server.url, timeout=10) as http:
        token = http.post(
            "/api/v1/auth/login", json={"username": "dewi", "password": PASSWORD}
        ).json()["token"]
        events, cursor = [], 0
        while True:
            page = http.get(
                "/api/v1/sync/pull",
                params={"cursor": cursor, "limit": 1000},
                headers={"Authorization": f"Bearer {token}"},
            ).json()
            events += page["events"]
            cursor = page["cursor"]
            if not page["more"]:
                return events


def sent_count(console: HeadlessConsole) -> int:
    with console.db.read() as session:
        return (
            session.scalar(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.status == "sent")
            )
            or 0
        )


def test_a_server_killed_in_the_middle_of_a_push_loses_nothing(
    served: ServeProcess, tmp_path: Path
) -> None:
    console = HeadlessConsole(tmp_path / "ws-a" / "incidents.sqlite3", served.url, "ws-a")
    repo = console.login("sari")
    ticket = repo.create("Banjir rob di Kragan", "environment", "critical")
    for n in range(299):
        repo.comment(ticket.id, f"Laporan warga {n}")
    outcomes: list[bool] = []

    def keep_syncing() -> None:
        async def loop() -> None:
            async with httpx.AsyncClient(timeout=5) as http:
                engine = console.engine(http, batch=5)
                while True:
                    outcomes.append(await engine.sync_once())
                    if outcomes[-1] and sync_apply.pending_count(console.db) == 0:
                        return
                    await asyncio.sleep(0.05)

        asyncio.run(loop())

    worker = threading.Thread(target=keep_syncing)
    worker.start()
    deadline = time.monotonic() + 60
    while sent_count(console) < 60 and time.monotonic() < deadline:
        time.sleep(0.005)
    served.kill()  # pushes of 5 ops each are in flight back to back
    assert sync_apply.pending_count(console.db) > 0, "the kill came too late to test anything"
    served.start()
    worker.join(120)
    assert not worker.is_alive()
    assert False in outcomes  # it did see the server go away
    events = events_on(served)
    with console.db.read() as session:
        op_ids = set(session.scalars(select(OutboxRow.op_id)))
    assert len(events) == 300
    assert {e["id"] for e in events} == op_ids
    assert sync_apply.pending_count(console.db) == 0
    console.close()


def _backup_name(files: Path) -> str:
    """Short and unique: PostgreSQL cuts names at 63 bytes."""
    return f"bk_{abs(hash(str(files))) % 10**12}"


def _backup(url: str, postgres: Postgres | None, files: Path) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{parsed.database}{suffix}")
            if source.exists():
                shutil.copy2(source, files / f"backup{suffix}")
        return
    assert postgres is not None
    with psycopg.connect(
        make_url(postgres.admin_url).set(drivername="postgresql").render_as_string(False),
        autocommit=True,
    ) as admin:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(_backup_name(files)), sql.Identifier(str(parsed.database))
            )
        )


def _restore(url: str, postgres: Postgres | None, files: Path) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            target = Path(f"{parsed.database}{suffix}")
            target.unlink(missing_ok=True)
            if (files / f"backup{suffix}").exists():
                shutil.copy2(files / f"backup{suffix}", target)
        return
    assert postgres is not None
    with psycopg.connect(
        make_url(postgres.admin_url).set(drivername="postgresql").render_as_string(False),
        autocommit=True,
    ) as admin:
        name, backup = sql.Identifier(str(parsed.database)), sql.Identifier(_backup_name(files))
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(name, backup))


def test_a_server_restored_from_a_backup_refuses_the_gap_and_the_consoles_recover(
    served: ServeProcess, server_database_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    postgres = request.getfixturevalue("postgres") if "postgresql" in server_database_url else None
    a = HeadlessConsole(tmp_path / "ws-a" / "incidents.sqlite3", served.url, "ws-a")
    b = HeadlessConsole(tmp_path / "ws-b" / "incidents.sqlite3", served.url, "ws-b")
    sari, dewi = a.login("sari"), b.login("dewi")
    ticket = sari.create("Jembatan retak di Sedan", "living", "high")
    assert a.sync()
    served.stop()
    _backup(server_database_url, postgres, tmp_path)  # last night's backup: seq 1
    served.start()
    sari.comment(ticket.id, "Dinas PU sudah dihubungi")
    sari.edit(ticket.id, {"station": "Sedan"})
    assert a.sync()
    assert b.sync()
    assert len(events_on(served)) == 3
    served.stop()
    _restore(server_database_url, postgres, tmp_path)  # the disk died; back to seq 1
    served.start()
    assert len(events_on(served)) == 1
    sari.comment(ticket.id, "Jalan ditutup sementara")  # seq 4: the server expects 2
    dewi.comment(ticket.id, "Dikonfirmasi dari CCTV")
    assert a.sync(), a.status  # 409, the three ops after seq 1 go out again
    assert b.sync(), b.status
    assert a.sync(), a.status
    assert len(events_on(served)) == 5
    assert a.tickets() == b.tickets()
    assert a.histories() == b.histories()
    assert a.tickets()[ticket.id]["station"] == "Sedan"
    assert [k for _, k, _, _ in a.histories()[ticket.id]].count("comment") == 3
    a.close()
    b.close()
