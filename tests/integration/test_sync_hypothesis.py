"""Random interleavings of changes and syncs across three consoles always converge.

Hypothesis picks who does what and when each console syncs; at the end every
console syncs until quiet and all three must show the same tickets and the
same histories, with nothing left pending. One server and three consoles
serve all examples of a run (state accumulates, which only makes the claim
stronger): consoles never forget, and convergence must hold for everything
ever done. Runs on a SQLite server and on the run's PostgreSQL.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartcity_console.core.incidents import Action, CloseReason, IncidentError, Role
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user
from smartcity_console.store import sync_apply
from tests.support.auth_server import live_server
from tests.support.sync_consoles import PASSWORD, HeadlessConsole

USERS = (("sari", Role.SUPERVISOR), ("budi", Role.OPERATOR), ("dewi", Role.SUPERVISOR))
ACTIONS = (
    "create",
    "edit",
    "comment",
    "assign",
    "sync",
    *(
        a.value
        for a in (Action.ACKNOWLEDGE, Action.START, Action.RESOLVE, Action.REOPEN, Action.CLOSE)
    ),
)


@pytest.fixture(scope="module")
def trio(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[list[HeadlessConsole]]:
    tmp = tmp_path_factory.mktemp("trio")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'server.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres").create_database("hypothesis_trio")
    app = create_app(url)
    db: ServerDatabase = app.state.server_db
    for name, role in USERS:
        add_user(db, name, role, PASSWORD)
    with live_server(app) as server:
        consoles = [
            HeadlessConsole(Path(tmp / f"ws-{n}" / "incidents.sqlite3"), server.url, f"ws-{n}")
            for n in range(3)
        ]
        for console, (name, _) in zip(consoles, USERS, strict=True):
            console.login(name)
        yield consoles
        for console in consoles:
            console.close()
    db.close()


def _do(console: HeadlessConsole, action: str, pick: int, text: str) -> None:
    repo = console.r
    tickets = sorted(console.tickets())
    if action == "sync":
        console.sync()
        return
    if action == "create" or not tickets:
        repo.create(f"Insiden {text}", "environment", "high")
        return
    ticket_id = tickets[pick % len(tickets)]
    if action == "edit":
        repo.edit(ticket_id, {"title": f"Judul {text}", "severity": ("low", "critical")[pick % 2]})
    elif action == "comment":
        repo.comment(ticket_id, f"Catatan {text}")
    elif action == "assign":
        repo.assign(ticket_id, ("budi", "dewi", None)[pick % 3])
    elif action == Action.CLOSE:
        repo.transition(ticket_id, Action.CLOSE, reason=CloseReason.FALSE_ALARM)
    else:
        repo.transition(ticket_id, Action(action))


steps = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.sampled_from(ACTIONS),
        st.integers(0, 50),
        st.text(alphabet="abcdefgh", min_size=1, max_size=6),
    ),
    min_size=1,
    max_size=25,
)


@pytest.mark.parametrize("trio", ["sqlite", "postgresql"], indirect=True)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_random_interleavings_across_three_consoles_converge(
    trio: list[HeadlessConsole], steps: list[tuple[int, str, int, str]]
) -> None:
    for who, action, pick, text in steps:
        # Refused at the console (role or state): nothing was written.
        with contextlib.suppress(IncidentError):
            _do(trio[who], action, pick, text)
    for _ in range(2):
        for console in trio:
            assert console.sync(), console.status
    first = trio[0]
    for other in trio[1:]:
        assert other.tickets() == first.tickets()
        assert other.histories() == first.histories()
    for console in trio:
        assert sync_apply.pending_count(console.db) == 0
