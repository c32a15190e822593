"""Rows an older server stored against today's rule are repaired by migration s0005.

The rows are written straight into a database at revision s0002, as the old
server wrote them (it stored whatever a push carried), then the database is
opened the way ``serve`` opens it (migrating to head), and a pull must serve
them, and a fresh console must apply it. On a SQLite file and on the run's
PostgreSQL, which refuses some of the rows outright (a NUL in text, NaN in
JSON): those are only written on SQLite, as only there could they exist.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from alembic import command

from smartcity_console.core.incidents import Role
from smartcity_console.server.app import create_app
from smartcity_console.server.database import alembic_config, make_engine
from smartcity_console.server.users import add_user
from smartcity_console.store import sync_apply
from tests.support.auth_server import live_server
from tests.support.sync_consoles import HeadlessConsole
from tests.support.wire import PASSWORD, T0, WireConsole

SUR = "\ud800"
TICKET = str(uuid.uuid4())
SHARED_COMMENT = str(uuid.uuid4())


def _deep(levels: int) -> Any:
    value: Any = "dasar"
    for _ in range(levels):
        value = {"lebih": value}
    return value


def _old_rows(sqlite: bool) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A ticket and its events as a server before the rule could have stored them."""
    ticket = {
        "id": TICKET,
        "title": "Banjir\x00 Lasem" if sqlite else "Laporan \u202efdp.exe",
        "program": "environment",
        "severity": "high",
        "status": "new",
        "description": "Air naik\r\nJalan ditutup\x1b[31m",
        "station": "Lasem\nTimur",
        "series": None,
        "assignee": None,
        "created_by": "sari",
        "created_at": T0,
        "acknowledged_by": None,
        "acknowledged_at": None,
        "updated_at": T0,
        "close_reason": None,
        "alarm_rule": "pm25\u2066",
        "alarm_active": False,
        "alarm_cleared_at": None,
        "change_seq": 5,
    }
    create = {k: ticket[k] for k in ("title", "program", "severity", "description", "station")}
    events = [
        ("create", {**create, "alarm": {"rule": "pm25", "active": True, "level": 3}}),
        ("comment", {"comment_id": SHARED_COMMENT, "text": f"a{SUR}b", "x": _deep(300)}),
        ("transition", {"to": "acknowledged", "from": "new", "note": SUR, "noop": True}),
        ("comment", {"comment_id": SHARED_COMMENT, "text": "the same comment id again"}),
        (
            "edit",
            {"alarm": {"rule": "pm25", "active": False, "cleared_at": "0001-01-01T00:00:00+00:01"}},
        ),
    ]
    if sqlite:
        events.append(("assign", {"username": "budi", "level": float("nan")}))
    rows = [
        {
            "seq": seq,
            "id": str(uuid.uuid4()),
            "ticket_id": TICKET,
            "kind": kind,
            "author": "sari",
            "workstation": "ws\u202e-1",
            "client_id": str(uuid.UUID(int=1)),
            "at": T0,
            "recorded_at": T0,
            "data": data,
        }
        for seq, (kind, data) in enumerate(events, start=1)
    ]
    ticket["change_seq"] = len(rows)
    return ticket, rows


def _write_at_s0002(url: str) -> None:
    sqlite = url.startswith("sqlite")
    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "s0002")
            meta = sa.MetaData()
            meta.reflect(connection)
            ticket, events = _old_rows(sqlite)
            connection.execute(
                sa.insert(meta.tables["users"]),
                {
                    "username": "sari",
                    "display_name": "Sari",
                    "role": "supervisor",
                    "password_hash": "x",
                    "disabled": False,
                    "created_at": T0,
                },
            )
            connection.execute(
                sa.insert(meta.tables["clients"]),
                {
                    "client_id": str(uuid.UUID(int=1)),
                    "username": "sari",
                    "workstation": "ws\u202e-1",
                    "last_seq": len(events),
                    "created_at": T0,
                    "last_push_at": T0,
                },
            )
            connection.execute(sa.insert(meta.tables["tickets"]), ticket)
            events_table = sa.Table(
                "events",
                sa.MetaData(),
                *(sa.Column(c.name, c.type) for c in meta.tables["events"].c),
            )
            events_table.c.data.type = sa.JSON()
            connection.execute(sa.insert(events_table), events)
    finally:
        engine.dispose()


@pytest.fixture
def migrated(server_database_url: str) -> Iterator[str]:
    """The server, started on the old database: it migrates it before it answers."""
    _write_at_s0002(server_database_url)
    app = create_app(server_database_url)
    add_user(app.state.server_db, "budi", Role.OPERATOR, PASSWORD)
    with live_server(app) as running:
        yield running.url
    app.state.server_db.close()


def test_rows_stored_before_the_rule_are_repaired_and_every_pull_serves_them(
    migrated: str, server_database_url: str
) -> None:
    with httpx.Client(base_url=migrated, timeout=30) as http:
        budi = WireConsole(http, "budi")
        page = budi.pull()
        [snapshot] = page["tickets"]
        events = {e["seq"]: e for e in page["events"]}

        if server_database_url.startswith("sqlite"):
            assert snapshot["title"] == "Banjir\ufffd Lasem"
            assert events[6]["data"] == {"username": "budi"}  # the NaN was in a free key
        else:
            assert snapshot["title"] == "Laporan \ufffdfdp.exe"
        assert snapshot["description"] == "Air naik\nJalan ditutup\ufffd[31m"
        assert snapshot["station"] == "Lasem Timur"
        assert snapshot["alarm_rule"] == "pm25\ufffd"
        assert events[1]["data"]["alarm"] == {"rule": "pm25", "active": True}
        assert events[1]["workstation"] == "ws\ufffd-1"
        assert events[2]["data"] == {"comment_id": SHARED_COMMENT, "text": "a\ufffdb"}
        assert events[3]["data"]["note"] == "\ufffd"
        assert events[5]["data"]["alarm"]["cleared_at"] is None

        # The first comment keeps its id: using it again is refused.
        op = budi.op(TICKET, "comment", {"comment_id": SHARED_COMMENT, "text": "lagi"})
        assert budi.pushed(op)[0]["reason"] == "comment_id already used"


def test_a_fresh_console_applies_the_repaired_journal(migrated: str, tmp_path: Path) -> None:
    console = HeadlessConsole(tmp_path / "incidents.sqlite3", migrated, "ws-baru")
    try:
        console.login("budi")
        assert console.sync(), console.status
        assert console.status is not None
        assert console.status.state == "synced"
        [shown] = console.tickets().values()
        assert shown["station"] == "Lasem Timur"
        kinds = [event.kind for event in console.r.history(TICKET)]
        assert kinds[:5] == ["create", "comment", "transition", "comment", "edit"]
        assert sync_apply.cursor(console.db) == len(kinds)
    finally:
        console.close()
