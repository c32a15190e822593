"""A shelf reaches every console through the sync server (SQLite and PostgreSQL).

Two consoles (real SQLite files, the real sync engine) and a real server
(uvicorn on loopback, each database). A supervisor shelves at one console,
the other pulls it; the other ends it early, the first pulls that. An
operator's shelf op that slipped past the console is rejected by the server
with the rule's reason and leaves no shelf anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from smartcity_console.core.incidents import Role, utc_now
from smartcity_console.core.incidents.journal_text import to_iso
from smartcity_console.core.incidents.shelving import shelf_id
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user
from smartcity_console.store.changes import record
from smartcity_console.store.shelves import ShelfBook
from tests.support.auth_server import LiveServer, live_server
from tests.support.sync_consoles import PASSWORD, HeadlessConsole

USERS = {"sari": Role.SUPERVISOR, "dewi": Role.SUPERVISOR, "budi": Role.OPERATOR}
RIVER = "rembang/environment/river_level/kali_babagan"


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
def consoles(tmp_path: Path, server: LiveServer) -> Iterator[tuple[HeadlessConsole, ...]]:
    made = tuple(
        HeadlessConsole(tmp_path / f"ws-{n}" / "incidents.sqlite3", server.url, f"ws-{n}")
        for n in ("a", "b")
    )
    yield made
    for console in made:
        console.close()


def shelves(console: HeadlessConsole) -> ShelfBook:
    return ShelfBook(console.db, console.r.actor)


def test_a_shelf_and_its_early_end_reach_the_other_console(
    consoles: tuple[HeadlessConsole, HeadlessConsole],
) -> None:
    a, b = consoles
    a.login("sari")
    b.login("dewi")
    until = utc_now() + timedelta(hours=1)
    shelf = shelves(a).shelve("river-flood", series=RIVER, until=until, reason="dredging")
    assert shelves(b).active() == []
    assert a.sync()
    assert b.sync()
    (seen,) = shelves(b).active()
    assert (seen.id, seen.rule, seen.series, seen.shelved_by, seen.reason) == (
        shelf.id,
        "river-flood",
        RIVER,
        "sari",
        "dredging",
    )
    assert seen.until == until
    assert shelves(b).covering("river-flood", RIVER, "Kali Babagan") is not None

    shelves(b).unshelve(shelf.id)
    assert b.sync()
    assert a.sync()
    assert shelves(a).active() == []
    assert shelves(b).active() == []
    assert a.rejections == []
    assert b.rejections == []


def test_an_operators_shelf_is_rejected_by_the_server_and_shelves_nothing(
    consoles: tuple[HeadlessConsole, HeadlessConsole],
) -> None:
    a, b = consoles
    a.login("budi")
    b.login("sari")
    target = shelf_id("river-flood", RIVER, None)
    now = utc_now()
    data = {
        "rule": "river-flood",
        "series": RIVER,
        "station": None,
        "until": to_iso(now + timedelta(hours=1)),
        "reason": "tired of it",
    }
    # What an older or modified console could queue: the rule on the server decides.
    with a.db.write() as session:
        record(session, a.r.actor, target, "shelve", data, now, ticket_event=False)
    assert a.sync()
    assert [(r.reason, r.ticket_title) for r in a.rejections] == [
        ("Only a supervisor can shelve an alarm or end a shelf.", f"river-flood ({RIVER})")
    ]
    assert b.sync()
    assert shelves(b).active() == []
    assert shelves(a).active() == []
