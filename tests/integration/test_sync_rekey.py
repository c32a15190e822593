"""A seq reused with another op: the console re-keys and nothing is lost or applied twice.

Two ways a console's seqs stop naming its ops, both seen in the field: its
database is restored from an older backup (what the damaged-database message
advises), or two workstations run with one client id (a cloned disk image).
The server used to answer the reused seqs ``duplicate``, the console marked
those ops sent, and they never reached anyone. Now the server answers 409
``seq_reused``; the console takes a new client id for the same user and
workstation and resends every op it cannot prove delivered, under the same
op_ids, which the server answers as duplicates when it already has them.

``serve`` runs as a child process, on a SQLite file and on the run's
PostgreSQL; the consoles are real SQLite files with the real repository and
sync engine.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from smartcity_console.core.incidents import Action, Role
from smartcity_console.store import sync_apply
from smartcity_console.store.models import OutboxRow, SyncStateRow
from tests.integration.test_sync_resilience import events_on
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


def copy_database(source: HeadlessConsole, target: Path) -> None:
    """A consistent copy of an open console database (SQLite's online backup)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source.db.path) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


def op_ids(console: HeadlessConsole) -> set[str]:
    with console.db.read() as session:
        return set(session.scalars(select(OutboxRow.op_id).where(OutboxRow.status != "rejected")))


def assert_delivered_once(server: ServeProcess, *consoles: HeadlessConsole) -> None:
    events = [e["id"] for e in events_on(server)]
    assert len(events) == len(set(events)), "an op was applied twice"
    made = set().union(*(op_ids(c) for c in consoles))
    assert made - set(events) == set(), "an op never reached the server"
    for console in consoles:
        assert sync_apply.pending_count(console.db) == 0
    first = consoles[0]
    for other in consoles[1:]:
        assert other.tickets() == first.tickets()
        assert other.histories() == first.histories()


def test_a_console_database_restored_from_an_older_backup_delivers_its_new_ops(
    served: ServeProcess, tmp_path: Path
) -> None:
    path = tmp_path / "ws-a" / "incidents.sqlite3"
    a = HeadlessConsole(path, served.url, "ws-a")
    b = HeadlessConsole(tmp_path / "ws-b" / "incidents.sqlite3", served.url, "ws-b")
    sari, dewi = a.login("sari"), b.login("dewi")
    ticket = sari.create("Tanggul retak di Kaliori", "environment", "critical")
    sari.comment(ticket.id, "Warga melapor pukul 06.10")
    assert a.sync(), a.status
    sari.comment(ticket.id, "Tim BPBD berangkat")  # pending when the backup is taken
    copy_database(a, tmp_path / "backup.sqlite3")  # last night's backup
    assert a.sync(), a.status  # that comment went out after the backup
    sari.edit(ticket.id, {"station": "Kaliori"})
    sari.transition(ticket.id, Action.ACKNOWLEDGE, note="Ditangani")
    assert a.sync(), a.status
    assert b.sync(), b.status
    dewi.comment(ticket.id, "Dikonfirmasi dari CCTV")
    assert b.sync(), b.status
    client_before = sari.actor.client_id

    a.close()  # the disk died; the workstation is restored from the backup
    path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    (tmp_path / "backup.sqlite3").rename(path)
    a = HeadlessConsole(path, served.url, "ws-a")
    sari = a.login("sari")
    assert sari.actor.client_id == client_before  # the backup's client id, seqs behind
    sari.comment(ticket.id, "Pasir karung dikirim")  # seqs the server already has
    sari.comment(ticket.id, "Air mulai surut")
    assert a.sync(), a.status  # 409 seq_reused, a new client id, everything resent
    assert a.status is not None
    assert (a.status.state, a.status.pending) == ("synced", 0)
    sari.comment(ticket.id, "Selesai")  # the signed-in session goes on
    assert a.sync(), a.status
    assert b.sync(), b.status
    assert a.sync(), a.status
    assert_delivered_once(served, a, b)
    with a.db.read() as session:
        states = session.scalars(select(SyncStateRow).where(SyncStateRow.username == "sari")).all()
    [old] = [s for s in states if s.client_id == client_before]
    [new] = [s for s in states if s.replaced_by is None]
    assert old.replaced_by == new.client_id  # a new client id, same user and workstation
    assert new.workstation == "ws-a"
    texts = [e["data"].get("text") for e in events_on(served) if e["kind"] == "comment"]
    assert texts == [
        "Warga melapor pukul 06.10",
        "Tim BPBD berangkat",
        "Dikonfirmasi dari CCTV",
        "Pasir karung dikirim",
        "Air mulai surut",
        "Selesai",
    ]
    assert a.tickets()[ticket.id]["status"] == "acknowledged"
    a.close()
    b.close()


def test_two_workstations_with_one_client_id_both_deliver_everything(
    served: ServeProcess, tmp_path: Path
) -> None:
    """A disk image cloned to a second desk: same workstation name, same user, same id."""
    a = HeadlessConsole(tmp_path / "ws-a" / "incidents.sqlite3", served.url, "pos-1")
    sari_a = a.login("sari")
    ticket = sari_a.create("Lampu PJU padam di Lasem", "living", "high")
    assert a.sync(), a.status
    copy_database(a, tmp_path / "ws-b" / "incidents.sqlite3")
    b = HeadlessConsole(tmp_path / "ws-b" / "incidents.sqlite3", served.url, "pos-1")
    sari_b = b.login("sari")
    assert sari_b.actor.client_id == sari_a.actor.client_id
    c = HeadlessConsole(tmp_path / "ws-c" / "incidents.sqlite3", served.url, "pos-2")
    c.login("dewi")
    for round_ in range(3):
        sari_a.comment(ticket.id, f"Dari meja A, putaran {round_}")
        sari_b.comment(ticket.id, f"Dari meja B, putaran {round_}")
        sari_b.edit(ticket.id, {"description": f"Catatan B {round_}"})
        sari_a.comment(ticket.id, f"Lagi dari meja A, putaran {round_}")
        assert a.sync(), a.status
        assert b.sync(), b.status
    for console in (a, b, c, a, b):
        assert console.sync(), console.status
    assert_delivered_once(served, a, b, c)
    comments = [e for e in events_on(served) if e["kind"] == "comment"]
    assert len(comments) == 9
    assert sari_a.actor.client_id != _current_client(b, "sari")  # B re-keyed, A kept its id
    a.close()
    b.close()
    c.close()


def _current_client(console: HeadlessConsole, user: str) -> str:
    with console.db.read() as session:
        current = session.scalar(
            select(SyncStateRow.client_id).where(
                SyncStateRow.username == user, SyncStateRow.replaced_by.is_(None)
            )
        )
    assert current is not None
    return current
