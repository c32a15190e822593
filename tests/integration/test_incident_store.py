"""The local incident store on real SQLite files: atomic changes, outbox, migrations, faults."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, event

from smartcity_console.core.incidents import Action, IncidentError, Role, Severity, Status
from smartcity_console.db.engine import make_engine
from smartcity_console.store import (
    Database,
    IncidentRepository,
    SortKey,
    StoreError,
    TicketQuery,
    open_database,
)
from smartcity_console.store import changes as store_changes
from smartcity_console.store.clients import cache_user, cached_user, client_id_for
from smartcity_console.store.migrate import alembic_config, head_revision
from smartcity_console.store.models import Base
from smartcity_console.store.search_schema import is_search_table
from tests.support.clock import T0, Clock
from tests.support.repos import WORKSTATION, repository


@pytest.fixture
def supervisor(db: Database, clock: Clock) -> IncidentRepository:
    return repository(db, clock, "sari", Role.SUPERVISOR)


@pytest.fixture
def operator(db: Database, clock: Clock) -> IncidentRepository:
    return repository(db, clock, "budi", Role.OPERATOR)


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Read the file with plain sqlite3, independent of the code under test."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _counts(path: Path) -> tuple[int, int, int]:
    """How many tickets, events and outbox ops the file holds."""
    [row] = _rows(
        path,
        "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM events),"
        " (SELECT count(*) FROM outbox)",
    )
    return row[0], row[1], row[2]


# --- changes: ticket + event + op, one transaction ----------------------------------


def test_create_writes_ticket_event_and_op(supervisor: IncidentRepository, path: Path) -> None:
    ticket = supervisor.create("Banjir di Lasem", "environment", "high", station="Lasem")
    assert (ticket.status, ticket.created_by, ticket.created_at) == (Status.NEW, "sari", T0)
    assert _counts(path) == (1, 1, 1)
    [event] = supervisor.history(ticket.id)
    assert (event.kind, event.author, event.workstation, event.at) == (
        "create",
        "sari",
        WORKSTATION,
        T0,
    )
    [op] = supervisor.pending_ops()
    assert op.wire() == {
        "seq": 1,
        "op_id": event.id,
        "ticket_id": ticket.id,
        "kind": "create",
        "data": {
            "title": "Banjir di Lasem",
            "program": "environment",
            "severity": "high",
            "station": "Lasem",
        },
        "client_ts": "2025-11-28T03:00:00.000000+00:00",
    }
    assert op.author == "sari"
    raw = _rows(path, "SELECT created_at, status FROM tickets")
    assert raw == [("2025-11-28T03:00:00.000000+00:00", "new")]


def test_every_change_adds_one_event_and_one_numbered_op(
    supervisor: IncidentRepository, clock: Clock, path: Path
) -> None:
    ticket = supervisor.create("Lampu PJU padam", "living", "medium")
    clock.advance(minutes=1)
    supervisor.comment(ticket.id, "  Tim PLN dihubungi ")
    supervisor.transition(ticket.id, Action.ACKNOWLEDGE, note="dicek")
    supervisor.edit(ticket.id, {"severity": "high", "description": "Jalan Pemuda"})
    supervisor.assign(ticket.id, "budi")
    supervisor.transition(ticket.id, Action.START)
    supervisor.transition(ticket.id, Action.RESOLVE)
    supervisor.transition(ticket.id, Action.REOPEN, note="masih padam")
    supervisor.transition(ticket.id, Action.RESOLVE)
    supervisor.transition(ticket.id, Action.CLOSE, reason="resolved")
    ops = supervisor.pending_ops()
    assert [op.seq for op in ops] == list(range(1, 11))
    assert [op.kind for op in ops] == [
        "create",
        "comment",
        "transition",
        "edit",
        "assign",
        *["transition"] * 5,
    ]
    assert ops[1].data == {"comment_id": ops[1].op_id, "text": "Tim PLN dihubungi"}
    assert ops[2].data == {"to": "acknowledged", "from": "new", "note": "dicek", "reason": None}
    assert ops[3].data == {"severity": "high", "description": "Jalan Pemuda"}
    assert ops[4].data == {"username": "budi"}
    assert ops[7].data == {
        "to": "in_progress",
        "from": "resolved",
        "note": "masih padam",
        "reason": None,
    }
    assert ops[9].data == {"to": "closed", "from": "resolved", "note": None, "reason": "resolved"}
    history = supervisor.history(ticket.id)
    assert [e.id for e in history] == [op.op_id for op in ops]
    assert {(e.author, e.workstation) for e in history} == {("sari", WORKSTATION)}
    assert history[3].data["previous"] == {"severity": "medium", "description": ""}
    final = supervisor.get(ticket.id)
    assert final is not None
    assert (final.status, final.close_reason, final.assignee) == (Status.CLOSED, "resolved", "budi")
    assert (final.acknowledged_by, final.acknowledged_at) == ("sari", T0 + timedelta(minutes=1))
    assert _counts(path) == (1, 10, 10)


def test_a_failure_after_the_ticket_write_leaves_nothing(
    supervisor: IncidentRepository, monkeypatch: pytest.MonkeyPatch, path: Path
) -> None:
    def broken_record(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk vanished")

    monkeypatch.setattr(store_changes, "record", broken_record)
    with pytest.raises(RuntimeError):
        supervisor.create("Banjir", "environment", "high")
    assert _counts(path) == (0, 0, 0)


def test_an_operators_acknowledge_is_refused_and_nothing_written(
    operator: IncidentRepository, path: Path
) -> None:
    ticket = operator.create("Antrean panjang", "governance", "low")
    before = (
        _counts(path),
        _rows(path, "SELECT * FROM tickets"),
        _rows(path, "SELECT * FROM sync_state"),
    )
    for action in (Action.ACKNOWLEDGE, Action.CLOSE):
        with pytest.raises(IncidentError, match="Only supervisors and administrators"):
            operator.transition(ticket.id, action, reason="duplicate")
    with pytest.raises(IncidentError, match="Only supervisors"):
        operator.assign(ticket.id, "budi")
    after = (
        _counts(path),
        _rows(path, "SELECT * FROM tickets"),
        _rows(path, "SELECT * FROM sync_state"),
    )
    assert after == before


def test_refusals_that_depend_on_the_status_write_nothing(
    supervisor: IncidentRepository, path: Path
) -> None:
    ticket = supervisor.create("Antrean panjang", "governance", "low")
    with pytest.raises(IncidentError, match="acknowledge this incident first"):
        supervisor.transition(ticket.id, Action.START)
    with pytest.raises(IncidentError, match="Closing needs a reason"):
        supervisor.transition(ticket.id, Action.CLOSE)
    with pytest.raises(IncidentError, match="Only closing takes a reason"):
        supervisor.transition(ticket.id, Action.ACKNOWLEDGE, reason="duplicate")
    supervisor.transition(ticket.id, Action.CLOSE, reason="false_alarm")
    with pytest.raises(IncidentError, match="it is closed"):
        supervisor.edit(ticket.id, {"title": "x"})
    with pytest.raises(IncidentError, match="No incident with id nope"):
        supervisor.comment("nope", "hello")
    assert _counts(path) == (1, 2, 2)
    supervisor.comment(ticket.id, "closed tickets still take comments")
    assert _counts(path) == (1, 3, 3)


@pytest.mark.parametrize(
    ("title", "program", "message"),
    [
        ("", "environment", "Title is required"),
        ("x" * 201, "environment", "Title is too long: 201 characters, at most 200"),
        ("Banjir", "weather", "Unknown program 'weather'"),
    ],
)
def test_bad_input_writes_nothing(
    supervisor: IncidentRepository, path: Path, title: str, program: str, message: str
) -> None:
    with pytest.raises(IncidentError, match=message):
        supervisor.create(title, program, "high")
    ticket = supervisor.create("Banjir", "environment", "high")
    with pytest.raises(IncidentError, match="Comment is too long"):
        supervisor.comment(ticket.id, "x" * 5_001)
    with pytest.raises(IncidentError, match="Description is too long"):
        supervisor.edit(ticket.id, {"description": "x" * 10_001})
    assert _counts(path) == (1, 1, 1)


def test_an_edit_that_changes_nothing_writes_nothing(
    supervisor: IncidentRepository, path: Path
) -> None:
    ticket = supervisor.create("Banjir", "environment", "high")
    supervisor.edit(ticket.id, {"title": " Banjir ", "severity": "high"})
    supervisor.assign(ticket.id, None)
    assert _counts(path) == (1, 1, 1)


def test_seq_numbers_each_client_separately(db: Database, clock: Clock) -> None:
    sari = repository(db, clock, "sari", Role.SUPERVISOR)
    budi = repository(db, clock, "budi", Role.OPERATOR)
    sari_elsewhere = repository(db, clock, "sari", Role.SUPERVISOR, ws="ruang-komando-2")
    for repo in (sari, budi, sari, sari_elsewhere, budi, sari):
        repo.create("Banjir", "environment", "high")
    assert [op.seq for op in sari.pending_ops()] == [1, 2, 3]
    assert [op.seq for op in budi.pending_ops()] == [1, 2]
    assert [op.seq for op in sari_elsewhere.pending_ops()] == [1]
    assert {op.author for op in budi.pending_ops()} == {"budi"}
    assert len({sari.actor.client_id, budi.actor.client_id, sari_elsewhere.actor.client_id}) == 3
    assert client_id_for(db, "sari", WORKSTATION) == sari.actor.client_id


def test_a_client_id_belongs_to_one_user(db: Database, clock: Clock, path: Path) -> None:
    budi_id = client_id_for(db, "budi", WORKSTATION)
    intruder = IncidentRepository(db, "sari", Role.ADMIN, WORKSTATION, budi_id, clock=clock)
    with pytest.raises(IncidentError, match="belongs to budi"):
        intruder.create("Banjir", "environment", "high")
    assert _counts(path) == (0, 0, 0)
    with pytest.raises(IncidentError, match="not a UUID"):
        IncidentRepository(db, "sari", Role.ADMIN, WORKSTATION, "abc")


def test_events_are_append_only_in_the_file(supervisor: IncidentRepository, path: Path) -> None:
    supervisor.create("Banjir", "environment", "high")
    connection = sqlite3.connect(path)
    try:
        for statement in ("UPDATE events SET author = 'mallory'", "DELETE FROM events"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                connection.execute(statement)
    finally:
        connection.close()


def test_users_cache(db: Database) -> None:
    assert cached_user(db, "sari") is None
    cache_user(db, "sari", "Sari Wulandari", Role.SUPERVISOR)
    cache_user(db, "sari", "Sari W.", Role.ADMIN)
    user = cached_user(db, "sari")
    assert user is not None
    assert (user.display_name, user.role) == ("Sari W.", Role.ADMIN)


# --- alarms -----------------------------------------------------------------------


def test_alarm_incidents_are_raised_once_and_track_their_alarm(
    supervisor: IncidentRepository, clock: Clock, path: Path
) -> None:
    args = ("pm25-high", "rembang/environment/pm25/lasem", 1764300000.25)
    fields: dict[str, Any] = {
        "title": "PM2.5 tinggi",
        "program": "environment",
        "severity": "critical",
    }
    ticket, created = supervisor.create_alarm_incident(*args, **fields)
    again, created_again = supervisor.create_alarm_incident(*args[:2], 1764300000.75, **fields)
    assert (created, created_again) == (True, False)
    assert again == ticket
    assert ticket.id == "3c61033e-2d8c-5180-823e-0366d38e1720"  # the pinned UUIDv5
    assert (ticket.alarm_rule, ticket.alarm_active, ticket.series) == ("pm25-high", True, args[1])
    assert _counts(path) == (1, 1, 1)
    [op] = supervisor.pending_ops()
    assert op.data["alarm"] == {
        "rule": "pm25-high",
        "active": True,
        "episode_start": "2025-11-28T03:20:00.000000+00:00",
    }

    clock.advance(minutes=2)
    cleared_at = clock.now - timedelta(seconds=30)
    cleared = supervisor.set_alarm_state(ticket.id, False, cleared_at)
    supervisor.set_alarm_state(ticket.id, False, clock.now)  # already cleared: no-op
    assert (cleared.alarm_active, cleared.alarm_cleared_at) == (False, cleared_at)
    assert cleared.status is Status.NEW  # ISA-18.2: still needs an acknowledgement
    clock.advance(minutes=3)
    assert cleared.escalated(clock.now)
    ops = supervisor.pending_ops()
    assert [op.kind for op in ops] == ["create", "edit"]
    assert ops[1].data == {
        "alarm": {
            "rule": "pm25-high",
            "active": False,
            "cleared_at": "2025-11-28T03:01:30.000000+00:00",
        }
    }
    plain = supervisor.create("Banjir", "environment", "high")
    with pytest.raises(IncidentError, match="not raised by an alarm"):
        supervisor.set_alarm_state(plain.id, False, clock.now)


# --- the list: filters, sort, paging, count ---------------------------------------


@pytest.fixture
def many(db: Database, clock: Clock) -> IncidentRepository:
    """24 tickets over 4 programs and severities, some acknowledged, some assigned."""
    repo = repository(db, clock, "sari", Role.SUPERVISOR)
    programs = ["environment", "living", "economy", "society"]
    for i in range(24):
        ticket = repo.create(
            f"Insiden {i:02d}",
            programs[i % 4],
            list(Severity)[i // 6],
            station="Lasem" if i % 5 == 0 else "Kragan",
            description="banjir rob" if i % 7 == 0 else "",
        )
        if i % 3 == 0:
            repo.transition(ticket.id, Action.ACKNOWLEDGE)
        if i % 4 == 1:
            repo.assign(ticket.id, "budi")
        clock.advance(minutes=2)
    return repo


def test_list_filters_and_count(many: IncidentRepository, clock: Clock) -> None:
    def ids(query: TicketQuery) -> set[str]:
        found = {t.title for t in many.list(query)}
        assert many.count(query) == len(found)
        return found

    assert many.count() == 24
    assert len(ids(TicketQuery(programs=frozenset({"living"})))) == 6
    assert len(ids(TicketQuery(statuses=frozenset({Status.ACKNOWLEDGED})))) == 8
    critical = TicketQuery(severities=frozenset({Severity.CRITICAL}))
    assert ids(critical) == {f"Insiden {i:02d}" for i in range(6)}
    assert len(ids(TicketQuery(assignee="budi"))) == 6
    assert ids(TicketQuery(text="LASEM")) == {f"Insiden {i:02d}" for i in range(0, 24, 5)}
    assert ids(TicketQuery(text="rob")) == {f"Insiden {i:02d}" for i in range(0, 24, 7)}
    assert ids(TicketQuery(text="100%")) == set()  # LIKE wildcards are escaped
    combined = TicketQuery(programs=frozenset({"environment"}), text="Lasem")
    assert ids(combined) == {"Insiden 00", "Insiden 20"}


def test_escalated_filter_agrees_with_the_domain_rule(
    many: IncidentRepository, clock: Clock
) -> None:
    for _ in range(6):
        everything = many.list()
        expected = {t.id for t in everything if t.escalated(clock.now)}
        got = {t.id for t in many.list(TicketQuery(escalated=True))}
        assert got == expected
        assert {t.id for t in many.list(TicketQuery(escalated=False))} == {
            t.id for t in everything
        } - expected
        clock.advance(minutes=37)
    assert expected  # by now some are overdue


@pytest.mark.parametrize("sort", list(SortKey))
@pytest.mark.parametrize("descending", [False, True])
def test_paging_covers_every_ticket_once(
    many: IncidentRepository, sort: SortKey, descending: bool
) -> None:
    whole = [t.id for t in many.list(TicketQuery(sort=sort, descending=descending))]
    pages = [
        t.id
        for offset in range(0, 24, 5)
        for t in many.list(TicketQuery(sort=sort, descending=descending, limit=5, offset=offset))
    ]
    assert pages == whole
    assert sorted(whole) == sorted({*whole})


def test_sort_orders(many: IncidentRepository, clock: Clock) -> None:
    titles = [t.title for t in many.list(TicketQuery(sort=SortKey.TITLE, descending=True))]
    assert titles == sorted(titles, reverse=True)
    created = [t.created_at for t in many.list(TicketQuery(sort=SortKey.CREATED))]
    assert created == sorted(created)
    ranks = [
        list(Severity).index(t.severity) for t in many.list(TicketQuery(sort=SortKey.SEVERITY))
    ]
    assert ranks == sorted(ranks)
    priority = many.list(TicketQuery(sort=SortKey.PRIORITY))
    waiting = [t for t in priority if t.ack_time_left(clock.now) is not None]
    assert priority[: len(waiting)] == waiting  # unacknowledged first
    lefts = [t.ack_time_left(clock.now) or timedelta(0) for t in waiting]
    assert lefts == sorted(lefts)  # soonest (or most overdue) deadline first


# --- the file: settings, migrations, faults ---------------------------------------


def test_durability_settings_are_really_set(db: Database, path: Path) -> None:
    assert db.pragma("journal_mode") == "wal"
    assert db.pragma("synchronous") == 2  # FULL
    assert db.pragma("foreign_keys") == 1
    assert db.pragma("busy_timeout") == 5000
    assert _rows(path, "PRAGMA journal_mode") == [("wal",)]  # persisted in the file


def test_writes_begin_immediate_and_reads_do_not(
    supervisor: IncidentRepository, db: Database
) -> None:
    statements: list[str] = []

    def seen(_conn: Connection, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        ticket = supervisor.create("Banjir", "environment", "high")
        assert statements[0] == "BEGIN IMMEDIATE"
        statements.clear()
        supervisor.get(ticket.id)
        assert statements[0] == "BEGIN"
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def test_migrations_from_empty_match_the_models(db: Database, path: Path) -> None:
    assert _rows(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    with db.engine.connect() as connection:
        # The FTS5 index (migration 0007) is SQL only: its tables are not the ORM's.
        context = MigrationContext.configure(
            connection,
            opts={
                "include_name": lambda name, kind, _p: kind != "table" or not is_search_table(name)
            },
        )
        assert compare_metadata(context, Base.metadata) == []
    assert db.backup is None  # a new file has nothing to keep
    assert list(path.parent.glob("*.bak-*")) == []


def _database_at(path: Path, revision: str) -> None:
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def test_migrations_go_down_to_nothing_and_up_again(path: Path) -> None:
    open_database(path).close()
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
    finally:
        engine.dispose()
    assert _rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'") == [
        ("alembic_version",)
    ]
    db = open_database(path)
    db.close()
    assert db.backup is None  # nothing was left to keep
    assert _rows(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]


def test_an_upgrade_copies_the_file_aside_first(path: Path) -> None:
    _database_at(path, "0001")
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO tickets (id, title, program, severity, status, description, created_by,"
        " created_at, updated_at, alarm_active) VALUES ('t1', 'Banjir', 'environment', 'high',"
        " 'new', '', 'sari', '2025-11-28T03:00:00.000000+00:00',"
        " '2025-11-28T03:00:00.000000+00:00', 0)"
    )
    connection.commit()  # stays in the -wal: the copy must include it
    db = open_database(path)
    try:
        assert db.backup == path.with_name("incidents.sqlite3.bak-0001")
        assert _rows(db.backup, "SELECT version_num FROM alembic_version") == [("0001",)]
        assert _rows(db.backup, "SELECT id FROM tickets") == [("t1",)]
        assert _rows(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
        assert _rows(path, "SELECT id, close_reason FROM tickets") == [("t1", None)]
        assert db.integrity_check() == ["ok"]
    finally:
        db.close()
        connection.close()
    again = open_database(path)
    again.close()
    assert again.backup is None
    assert [p.name for p in path.parent.glob("*.bak-*")] == ["incidents.sqlite3.bak-0001"]


def test_a_newer_or_foreign_file_is_refused(path: Path, tmp_path: Path) -> None:
    open_database(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="written by a newer version") as caught:
        open_database(path)
    assert caught.value.problem == "newer"

    foreign = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE photos (id INTEGER)")
    connection.close()
    with pytest.raises(StoreError, match="is not an incident database"):
        open_database(foreign)


def test_a_locked_database_says_so_after_busy_timeout(path: Path, clock: Clock) -> None:
    db = open_database(path, busy_timeout_s=0.2)
    repo = repository(db, clock, "sari", Role.SUPERVISOR)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            repo.create("Banjir", "environment", "high")
        assert time.monotonic() - started >= 0.19
        assert caught.value.problem == "locked"
        assert str(caught.value) == (
            f"the incident database at {path} is in use by another program (database is locked);"
            " close the other console or tool using it and try again"
        )
        other.execute("ROLLBACK")
        assert _counts(path) == (0, 0, 0)
        repo.create("Banjir", "environment", "high")
        assert _counts(path) == (1, 1, 1)
    finally:
        other.close()
        db.close()


def test_a_locked_file_cannot_be_opened_for_its_first_migration(path: Path) -> None:
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("CREATE TABLE scratch (x)")
        with pytest.raises(StoreError, match=r"in use by another program \(database is locked\)"):
            open_database(path, busy_timeout_s=0.1)
    finally:
        other.close()


@pytest.fixture
def read_only(path: Path) -> Iterator[Path]:
    open_database(path).close()
    path.chmod(0o444)
    immutable = False
    if os.geteuid() == 0:  # root ignores permission bits: make the file immutable instead
        immutable = subprocess.run(["chattr", "+i", str(path)], check=False).returncode == 0
        if not immutable:
            pytest.skip("running as root without chattr: cannot make a read-only file")
    yield path
    if immutable:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    path.chmod(0o644)


def test_a_read_only_file_says_so(read_only: Path) -> None:
    with pytest.raises(StoreError) as caught:
        open_database(read_only)
    assert caught.value.problem == "read_only"
    assert str(caught.value).startswith(f"the incident database at {read_only} is read-only")


def test_a_damaged_file_says_so_and_is_kept(path: Path, clock: Clock) -> None:
    db = open_database(path)
    repo = repository(db, clock, "sari", Role.SUPERVISOR)
    for i in range(60):
        repo.create(f"Insiden {i}", "environment", "high", description="banjir " * 1_000)
    db.close()  # checkpoints the WAL into the file
    size = path.stat().st_size
    with path.open("r+b") as damaged:
        damaged.seek(size // 2)
        damaged.write(random.Random(4).randbytes(64 * 1024))
    with pytest.raises(StoreError) as caught:
        open_database(path)
    message = str(caught.value)
    assert caught.value.problem == "corrupt"
    assert message.startswith(f"the incident database at {path} is damaged: ")
    assert "restore from backup" in message
    [copy] = path.parent.glob("incidents.sqlite3.damaged-*")
    assert f"a copy was kept at {copy};" in message
    assert copy.read_bytes() == path.read_bytes()


def test_garbage_is_not_a_database(path: Path) -> None:
    path.write_bytes(random.Random(5).randbytes(20_000))
    with pytest.raises(StoreError, match="is damaged: file is not a database") as caught:
        open_database(path)
    assert caught.value.problem == "corrupt"
