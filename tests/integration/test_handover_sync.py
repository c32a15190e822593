"""A read shift handover is journalled and synced (issue 16): a supervisor at another console
sees who read which handover. Real sync server on SQLite and on PostgreSQL.

The confirmation is op kind ``handover_read`` (docs/sync.md): its ``ticket_id``
is the report's id, its data who handed over and when the shift ended; the
server checks it with the journal rule like any op.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from smartcity_console.core.incidents import Role, utc_now
from smartcity_console.core.incidents.journal_text import to_iso
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user
from smartcity_console.store import shifts, sync_apply
from tests.support.auth_server import LiveServer
from tests.support.sync_consoles import PASSWORD, HeadlessConsole

USERS = {"sari": Role.OPERATOR, "budi": Role.SUPERVISOR, "dewi": Role.SUPERVISOR}


@pytest.fixture
def server(server_database_url: str) -> Iterator[LiveServer]:
    app = create_app(server_database_url)
    db: ServerDatabase = app.state.server_db
    for name, role in USERS.items():
        add_user(db, name, role, PASSWORD)
    running = LiveServer(app)
    yield running.start()
    running.stop()
    db.close()


def test_a_read_handover_reaches_another_console(server: LiveServer, tmp_path: Path) -> None:
    a = HeadlessConsole(tmp_path / "a" / "incidents.sqlite3", server.url, "ws-a")
    b = HeadlessConsole(tmp_path / "b" / "incidents.sqlite3", server.url, "ws-b")
    report_id = str(uuid.uuid4())
    shift_end = utc_now().replace(microsecond=0) - timedelta(minutes=5)
    budi = a.login("budi")
    shifts.record_read(
        a.db,
        report_id,
        "budi",
        "ws-a",
        utc_now(),
        journal_as=budi.actor,
        handed_over_by="sari",
        shift_end=shift_end,
    )
    assert sync_apply.pending_count(a.db) == 1
    assert a.sync(), a.status
    assert sync_apply.pending_count(a.db) == 0
    assert sync_apply.refused_count(a.db) == 0

    b.login("dewi")
    assert b.sync(), b.status
    [read] = shifts.reads(b.db, report_id)
    assert (read.reader, read.workstation) == ("budi", "ws-a")
    with b.db.read() as session:
        from smartcity_console.store.models import ServerEventRow

        event = session.query(ServerEventRow).filter_by(ticket_id=report_id).one()
        assert event.data == {"handed_over_by": "sari", "shift_end": to_iso(shift_end)}
    # A second confirmation by the same reader changes nothing here and sends nothing.
    shifts.record_read(a.db, report_id, "budi", "ws-a", utc_now(), journal_as=budi.actor)
    assert sync_apply.pending_count(a.db) == 0


def _push(server: LiveServer, user: str, ticket_id: str, data: Mapping[str, str]) -> httpx.Response:
    with httpx.Client(base_url=server.url) as http:
        token = http.post(
            "/api/v1/auth/login", json={"username": user, "password": PASSWORD}
        ).json()["token"]
        op = {
            "seq": 1,
            "op_id": str(uuid.uuid4()),
            "ticket_id": ticket_id,
            "kind": "handover_read",
            "data": dict(data),
            "client_ts": to_iso(utc_now()),
        }
        return http.post(
            "/api/v1/sync/push",
            json={"client_id": str(uuid.uuid4()), "ops": [op]},
            headers={"Authorization": f"Bearer {token}"},
        )


def test_the_server_holds_handover_reads_to_the_journal_rule(
    server: LiveServer, tmp_path: Path
) -> None:
    # A key outside the schema, or a shift end that is no time: 422, nothing applied.
    extra = {"handed_over_by": "sari", "shift_end": to_iso(utc_now()), "mood": "tired"}
    assert _push(server, "sari", str(uuid.uuid4()), extra).status_code == 422
    bad_time = {"handed_over_by": "sari", "shift_end": "yesterday"}
    assert _push(server, "sari", str(uuid.uuid4()), bad_time).status_code == 422
    # An operator may confirm their own reading (no role rule)...
    good = {"handed_over_by": "budi", "shift_end": to_iso(utc_now())}
    answer = _push(server, "sari", str(uuid.uuid4()), good)
    assert answer.status_code == 200
    assert answer.json()["results"][0]["status"] == "applied"
    # ...but a handover read cannot name an incident.
    a = HeadlessConsole(tmp_path / "a" / "incidents.sqlite3", server.url, "ws-a")
    ticket = a.login("sari").create("Lampu jalan mati", "living", "low")
    assert a.sync(), a.status
    refused = _push(server, "sari", ticket.id, good)
    assert refused.json()["results"][0]["status"] == "rejected"
