"""Whatever a push accepts, any console can pull and apply; whatever it refuses changes nothing.

Hypothesis writes pushes by hand (as another program or a modified console
would) from nasty material: lone surrogates, NUL and other control
characters, bidi overrides, ANSI escapes, CR, text over its limit, free
extra keys holding JSON nested hundreds deep or NaN and ±Infinity, times at
year 1 and year 9999 with offsets, times without an offset, numbers for
times. Each push must answer below 500. An accepted one must be served back
exactly (an applied op's event holds the data that was sent) and a console
that has followed along, and a fresh one, must both pull it through the
console's real sync code and end identical. A refused one must leave the
journal as it was.

A second property drives the console itself with the same nasty text typed
into every change: what the console lets through, the server accepts.

One server per engine (a SQLite file, the run's PostgreSQL) serves every
example of a run; the journal only grows, which makes each claim stronger.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
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
from tests.support.wire import WireConsole, raw_json

NASTY = [
    "\x00",
    "\ud800",
    "\udfff",
    "\udbff\udc00",  # a pair written as two escapes: one astral character, which is fine
    "\x1b[31m",
    "\u202e",
    "\u2066",
    "\x85",
    "\x9b",
    "\x7f",
    "\r",
    "\n",
    "\t",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "🌊",
    "ꦧ",
    "ب",
    " ",
]
nasty_text = st.one_of(
    st.lists(st.one_of(st.characters(), st.sampled_from(NASTY)), max_size=12).map("".join),
    st.sampled_from(["x" * 201, "x" * 5001, "y" * 10_001, ""]),
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | nasty_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty_text, inner, max_size=3),
    max_leaves=8,
)


def _deep(levels: int) -> Any:
    value: Any = "dasar"
    for _ in range(levels):
        value = [value] if levels % 2 else {"x": value}
    return value


anything = st.one_of(json_values, st.integers(250, 400).map(_deep))
journal_times = st.builds(
    lambda moment, minutes: moment.replace(tzinfo=timezone(timedelta(minutes=minutes))).isoformat(),
    st.datetimes(datetime(1970, 1, 2), datetime(2099, 12, 30)),
    st.integers(-23 * 60, 23 * 60),
)
times = st.one_of(
    journal_times,
    st.sampled_from(
        [
            "0001-01-01T00:00:00+00:01",
            "9999-12-31T23:59:59-23:59",
            "2026-02-30T00:00:00Z",
            "2026-11-28T08:00:00",
            "2026-11-28T08:00:00\x00Z",
            "",
        ]
    ),
    st.floats(allow_nan=True),
    st.integers(),
)
VALID = {
    "title": st.just("Banjir di Lasem"),
    "program": st.sampled_from(["environment", "living"]),
    "severity": st.sampled_from(["high", "low"]),
    "description": st.just("Air naik.\n\tJalan ditutup."),
    "station": st.just("Lasem"),
    "series": st.just("rembang/environment/pm25/lasem"),
    "to": st.sampled_from(["acknowledged", "in_progress", "resolved", "closed", "new"]),
    "from": st.sampled_from(["new", "acknowledged", "in_progress", "resolved", None]),
    "note": st.just("Sudah dicek."),
    "reason": st.sampled_from([*CloseReason, None]),
    "comment_id": st.builds(lambda: str(uuid.uuid4())),
    "text": st.just("Petugas di lokasi."),
    "username": st.sampled_from(["budi", "sari", "no-such-user", None]),
    "alarm": st.fixed_dictionaries(
        {"rule": st.just("pm25-high"), "active": st.booleans()},
        optional={"episode_start": journal_times, "cleared_at": journal_times},
    ),
}
NASTY_VALUES = {
    **{key: st.one_of(nasty_text, anything) for key in VALID},
    "program": st.sampled_from(["no-such-program", "", "ENVIRONMENT"]),
    "severity": st.sampled_from(["HIGH", "urgent", ""]),
    "alarm": st.one_of(
        anything,
        st.fixed_dictionaries(
            {"rule": st.one_of(nasty_text, st.just("pm25-high")), "active": anything},
            optional={"episode_start": times, "cleared_at": times, "level": anything},
        ),
    ),
}
KEYS = {
    "create": ["title", "program", "severity", "description", "station", "series", "alarm"],
    "edit": ["title", "severity", "description", "station", "series", "alarm"],
    "transition": ["to", "from", "note", "reason"],
    "comment": ["comment_id", "text"],
    "assign": ["username"],
}
REQUIRED = {"title", "program", "severity", "to", "comment_id", "text", "username"}
TICKETS = [str(uuid.UUID(int=n)) for n in range(1, 4)]


@st.composite
def op_data(draw: st.DrawFn, kind: str) -> Any:
    """The kind's own keys with sensible values, some left out; about half the time one or
    more of them nasty, or free keys beside them, or no object at all."""
    data = {key: draw(VALID[key]) for key in KEYS[kind] if key in REQUIRED or draw(st.booleans())}
    mischief = draw(st.integers(0, 9))
    if mischief <= 4:
        return data
    if mischief <= 7:
        for key in draw(st.lists(st.sampled_from(KEYS[kind]), min_size=1, max_size=2)):
            data[key] = draw(NASTY_VALUES[key])
    elif mischief == 8:
        data.update(draw(st.dictionaries(nasty_text, anything, min_size=1, max_size=2)))
    else:
        return draw(anything)
    return data


@st.composite
def pushes(draw: st.DrawFn) -> list[dict[str, Any]]:
    ops = []
    for seq in range(1, draw(st.integers(1, 4)) + 1):
        kind = draw(st.sampled_from(list(KEYS)))
        ops.append(
            {
                "seq": seq,
                "op_id": str(uuid.uuid4()),
                "ticket_id": draw(st.sampled_from(TICKETS)),
                "kind": kind,
                "data": draw(op_data(kind)),
                "client_ts": draw(journal_times if draw(st.integers(0, 4)) else times),
            }
        )
    return ops


@dataclass
class Journal:
    """One server, the wire client that pushes, and a console that has pulled all along."""

    url: str
    http: httpx.Client
    pusher: WireConsole
    follower: HeadlessConsole
    tmp: Path
    template: Path
    fresh: itertools.count[int]


@pytest.fixture(scope="module")
def journal(
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
    migrated_database: Path,
) -> Iterator[Journal]:
    tmp = tmp_path_factory.mktemp("journal")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'server.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres").create_database("journal_property")
    app = create_app(url)
    db: ServerDatabase = app.state.server_db
    add_user(db, "sari", Role.SUPERVISOR, PASSWORD)
    add_user(db, "budi", Role.OPERATOR, PASSWORD)
    with live_server(app) as server, httpx.Client(base_url=server.url, timeout=60) as http:
        follower = _console(tmp / "follower.sqlite3", migrated_database, server.url, "budi")
        yield Journal(
            server.url,
            http,
            WireConsole(http, "sari"),
            follower,
            tmp,
            migrated_database,
            itertools.count(),
        )
        follower.close()
    db.close()


def _console(path: Path, template: Path, url: str, user: str) -> HeadlessConsole:
    shutil.copyfile(template, path)  # an empty console database at head, as the fixtures make
    console = HeadlessConsole(path, url, f"ws-{path.stem}")
    console.login(user)
    return console


def _newest(journal: Journal) -> int:
    cursor: int = journal.pusher.pull(cursor=2**62)["cursor"]
    return cursor


def _sent_data(op: dict[str, Any]) -> Any:
    """What the journal must hold for an applied op: the data as sent, through JSON."""
    return json.loads(json.dumps(op["data"]))


def _synced(console: HeadlessConsole) -> None:
    assert console.sync(), console.status
    assert console.status is not None
    assert console.status.state == "synced", console.status


SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.mark.parametrize("journal", ["sqlite", "postgresql"], indirect=True)
@SETTINGS
@given(ops=pushes())
def test_what_a_push_accepts_every_console_can_pull_and_what_it_refuses_changes_nothing(
    journal: Journal, ops: list[dict[str, Any]]
) -> None:
    pusher = journal.pusher
    pusher.client_id = str(uuid.uuid4())  # every example starts its own seqs
    before = _newest(journal)
    response = pusher.push_raw(raw_json(pusher.body(*ops)))
    assert response.status_code < 500, response.text
    after = _newest(journal)
    if response.status_code != 200:
        assert 400 <= response.status_code < 500
        assert after == before  # refused: nothing entered the journal
    else:
        results = response.json()["results"]
        applied = [op for op, r in zip(ops, results, strict=True) if r["status"] == "applied"]
        events = pusher.pull(cursor=before)["events"]
        assert [e["id"] for e in events] == [op["op_id"] for op in applied]
        for op, event in zip(applied, events, strict=True):
            served = {k: v for k, v in event["data"].items() if k != "noop"}
            assert served == _sent_data(op), (served, op["data"])
    # The console that followed along, and one that starts from nothing, both apply it.
    _synced(journal.follower)
    fresh = _console(
        journal.tmp / f"fresh-{next(journal.fresh)}.sqlite3", journal.template, journal.url, "budi"
    )
    try:
        _synced(fresh)
        assert fresh.tickets() == journal.follower.tickets()
        assert fresh.histories() == journal.follower.histories()
    finally:
        fresh.close()


@st.composite
def typed_changes(draw: st.DrawFn) -> list[tuple[str, str, int]]:
    actions = ["create", "edit", "comment", "acknowledge", "close", "assign"]
    return draw(
        st.lists(st.tuples(st.sampled_from(actions), nasty_text, st.integers(0, 9)), max_size=8)
    )


def _type(console: HeadlessConsole, action: str, text: str, pick: int) -> None:
    repo = console.r
    tickets = sorted(console.tickets())
    if action == "create" or not tickets:
        title, description, station = "Banjir", "", None
        if pick % 3 == 0:
            title = text
        elif pick % 3 == 1:
            description = text
        else:
            station = text
        repo.create(title, "environment", "high", description=description, station=station)
        return
    ticket_id = tickets[pick % len(tickets)]
    if action == "edit":
        repo.edit(ticket_id, {("title", "series", "description")[pick % 3]: text})
    elif action == "comment":
        repo.comment(ticket_id, text)
    elif action == "acknowledge":
        repo.transition(ticket_id, Action.ACKNOWLEDGE, note=text)
    elif action == "close":
        repo.transition(ticket_id, Action.CLOSE, note=text, reason=CloseReason.OTHER)
    else:  # a typed name: the server refuses unknown ones, with a reason (not a 422)
        repo.assign(ticket_id, text if pick % 2 else "budi")


@pytest.mark.parametrize("journal", ["sqlite", "postgresql"], indirect=True)
@SETTINGS
@given(changes=typed_changes())
def test_whatever_the_console_lets_a_user_type_the_server_accepts(
    journal: Journal, changes: list[tuple[str, str, int]]
) -> None:
    writer = _console(
        journal.tmp / f"writer-{next(journal.fresh)}.sqlite3", journal.template, journal.url, "sari"
    )
    try:
        for action, text, pick in changes:
            with contextlib.suppress(IncidentError):  # refused as typed: nothing written
                _type(writer, action, text, pick)
        _synced(writer)  # a push the server refused (422) would leave the round in error
        assert sync_apply.pending_count(writer.db) == 0
        for rejection in writer.rejections:
            assert "no user" in rejection.reason, rejection
    finally:
        writer.close()
    _synced(journal.follower)
