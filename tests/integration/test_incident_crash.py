"""A change shown as saved survives the console being killed (SIGKILL) right after.

The child process stands in for the console: it saves a ticket, says so on
stdout, and waits. Killing it gives SQLite no chance to checkpoint or close,
so what the test finds on reopening is exactly what the commit made durable.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from smartcity_console.core.incidents import Role, Status
from smartcity_console.store import IncidentRepository, open_database
from smartcity_console.store.clients import client_id_for

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from smartcity_console.core.incidents import Role
    from smartcity_console.store import IncidentRepository, open_database
    from smartcity_console.store.clients import client_id_for

    db = open_database(Path(sys.argv[1]))
    client_id = client_id_for(db, "sari", "ruang-komando-1")
    repo = IncidentRepository(db, "sari", Role.SUPERVISOR, "ruang-komando-1", client_id)
    ticket = repo.create("Banjir rob di Tasik Agung", "environment", "critical")
    print("saved", ticket.id, flush=True)
    time.sleep(120)
    """
)


def test_a_saved_change_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "incidents.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-W", "error", "-c", CHILD, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
    finally:
        child.kill()  # SIGKILL on POSIX
        _, stderr = child.communicate(timeout=30)
    if sys.platform != "win32":
        assert child.returncode == -signal.SIGKILL, stderr
    word, ticket_id = line.split()
    assert word == "saved", stderr
    assert Path(f"{path}-wal").stat().st_size > 0  # the commit was left in the WAL

    db = open_database(path)
    try:
        client_id = client_id_for(db, "sari", "ruang-komando-1")
        repo = IncidentRepository(db, "sari", Role.SUPERVISOR, "ruang-komando-1", client_id)
        ticket = repo.get(ticket_id)
        assert ticket is not None
        assert (ticket.title, ticket.status) == ("Banjir rob di Tasik Agung", Status.NEW)
        [event] = repo.history(ticket_id)
        assert (event.kind, event.author, event.workstation) == (
            "create",
            "sari",
            "ruang-komando-1",
        )
        [op] = repo.pending_ops()
        assert (op.seq, op.op_id, op.ticket_id, op.kind) == (1, event.id, ticket_id, "create")
        assert db.integrity_check() == ["ok"]
    finally:
        db.close()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()
