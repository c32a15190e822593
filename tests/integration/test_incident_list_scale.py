"""The incident list's search index and keyset pages (migration 0007), on real SQLite files."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command

from smartcity_console.core.incidents import Action, Role, Severity, Status
from smartcity_console.db.engine import make_engine
from smartcity_console.store import (
    Database,
    IncidentRepository,
    PageKey,
    SortKey,
    Ticket,
    TicketQuery,
    open_database,
)
from smartcity_console.store.clients import client_id_for
from smartcity_console.store.migrate import alembic_config
from smartcity_console.store.sync_apply import apply_pull
from tests.support.clock import Clock
from tests.support.repos import WORKSTATION, repository


@pytest.fixture
def supervisor(db: Database, clock: Clock) -> IncidentRepository:
    return repository(db, clock, "sari", Role.SUPERVISOR)


def _found(repo: IncidentRepository, text: str) -> list[str]:
    return sorted(t.title for t in repo.list(TicketQuery(text=text)))


# --- text search --------------------------------------------------------------------------


def test_search_finds_words_in_comments_and_folds_diacritics(
    supervisor: IncidentRepository,
) -> None:
    flood = supervisor.create("Banjir di Kécamatan Lasem", "environment", Severity.HIGH)
    lamp = supervisor.create(
        "Lampu jalan padam", "living", Severity.LOW, description="Di depan pasar Kragan"
    )
    supervisor.comment(lamp.id, "Tanggul di sebelah pasar retak")

    assert _found(supervisor, "kecamatan") == ["Banjir di Kécamatan Lasem"]  # é typed as e
    assert _found(supervisor, "KÉCAMATAN") == ["Banjir di Kécamatan Lasem"]
    assert _found(supervisor, "tanggul") == ["Lampu jalan padam"]  # only in the comment
    assert _found(supervisor, "pasar") == ["Lampu jalan padam"]
    assert _found(supervisor, "kecam lasem") == ["Banjir di Kécamatan Lasem"]  # prefixes, all
    assert _found(supervisor, "lasem tanggul") == []
    assert _found(supervisor, 'banjir" OR "lampu') == []  # FTS syntax is text, not obeyed
    assert _found(supervisor, flood.id[:8]) == ["Banjir di Kécamatan Lasem"]  # an id's start
    assert supervisor.count(TicketQuery(text="tanggul")) == 1


def test_triggers_keep_the_index_in_step_with_edits_comments_and_sync(
    supervisor: IncidentRepository, db: Database, clock: Clock
) -> None:
    ticket = supervisor.create("Pompa air mati", "environment", Severity.CRITICAL)
    supervisor.edit(ticket.id, {"title": "Genangan di alun-alun"})
    assert _found(supervisor, "pompa") == []
    assert _found(supervisor, "genangan") == ["Genangan di alun-alun"]

    supervisor.comment(ticket.id, "Petugas DLH berangkat")
    supervisor.comment(ticket.id, "Sedot lumpur selesai")
    assert (
        _found(supervisor, "petugas") == _found(supervisor, "lumpur") == ["Genangan di alun-alun"]
    )

    # Another console's comment arrives by a pull, as the server recorded it.
    pulled = {
        "seq": 1,
        "id": "b3a7d0f2-2f7d-4b59-9a53-8a6c4ef1c001",
        "ticket_id": ticket.id,
        "kind": "comment",
        "author": "budi",
        "workstation": "ruang-komando-2",
        "at": clock(),
        "data": {"comment_id": "b3a7d0f2-2f7d-4b59-9a53-8a6c4ef1c001", "text": "Warga mengungsi"},
    }
    apply_pull(db, [], [pulled], 1, datetime.now(UTC))
    assert _found(supervisor, "mengungsi") == ["Genangan di alun-alun"]
    assert _found(supervisor, "petugas") == ["Genangan di alun-alun"]  # earlier ones kept


def test_the_migration_fills_the_index_from_tickets_already_there(path: Path) -> None:
    db = open_database(path)
    repo = IncidentRepository(
        db, "sari", Role.SUPERVISOR, WORKSTATION, client_id_for(db, "sari", WORKSTATION)
    )
    ticket = repo.create("Jalan berlubang", "living", Severity.MEDIUM, station="Sulang")
    repo.comment(ticket.id, "Aspal dikirim besok")
    db.close()
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0006")
    finally:
        engine.dispose()
    plain = sqlite3.connect(path)
    tables = {r[0] for r in plain.execute("SELECT name FROM sqlite_master")}
    plain.close()
    assert "tickets_fts" not in tables

    db = open_database(path)  # migrates to 0007: the backfill
    try:
        repo = IncidentRepository(
            db, "sari", Role.SUPERVISOR, WORKSTATION, client_id_for(db, "sari", WORKSTATION)
        )
        assert _found(repo, "aspal") == _found(repo, "sulang") == ["Jalan berlubang"]
    finally:
        db.close()


# --- keyset pages ---------------------------------------------------------------------------


def _many(repo: IncidentRepository, clock: Clock, count: int) -> list[Ticket]:
    made = []
    for i, severity in zip(range(count), itertools.cycle(Severity), strict=False):
        ticket = repo.create(f"Tiket {i:03d}", "economy", severity)
        if i % 3 == 0:
            repo.transition(ticket.id, Action.ACKNOWLEDGE)
        if i % 7 == 0:
            repo.transition(ticket.id, Action.CLOSE, reason="duplicate")
        made.append(ticket)
        clock.advance(seconds=i % 4)  # ties in created_at, broken by id
    return made


def _all_by_pages(repo: IncidentRepository, query: TicketQuery, size: int) -> list[str]:
    ids: list[str] = []
    after: PageKey | None = None
    while True:
        page = repo.page(query, size, after)
        ids += [t.id for t, _ in page]
        if len(page) < size:
            return ids
        after = page[-1][1]


@pytest.mark.parametrize("sort", list(SortKey))
@pytest.mark.parametrize("descending", [False, True])
def test_keyset_pages_are_complete_and_in_the_lists_order(
    supervisor: IncidentRepository, clock: Clock, sort: SortKey, descending: bool
) -> None:
    made = _many(supervisor, clock, 60)
    for query in (
        TicketQuery(sort=sort, descending=descending),
        TicketQuery(sort=sort, descending=descending, statuses=frozenset({Status.NEW})),
        TicketQuery(sort=sort, descending=descending, text="tiket"),
    ):
        whole = [t.id for t in supervisor.list(query)]
        assert _all_by_pages(supervisor, query, 7) == whole
        assert len(set(whole)) == len(whole)
        if query.statuses == frozenset() and not query.text:
            assert sorted(whole) == sorted(t.id for t in made)
        for position in (0, 6, 7, len(whole) - 1):
            key = supervisor.key_at(query, position)
            after = supervisor.page(query, 1, key)
            expected = whole[position + 1 : position + 2]
            assert [t.id for t, _ in after] == expected


def test_a_ticket_arriving_between_pages_neither_repeats_nor_hides_a_row(
    supervisor: IncidentRepository, clock: Clock
) -> None:
    made = _many(supervisor, clock, 30)
    query = TicketQuery()
    first = supervisor.page(query, 10)
    urgent = supervisor.create("Kebakaran gudang", "society", Severity.CRITICAL)  # sorts first
    rest: list[Any] = []
    after = first[-1][1]
    while page := supervisor.page(query, 10, after):
        rest += page
        after = page[-1][1]
    seen = [t.id for t, _ in first] + [t.id for t, _ in rest]
    assert len(seen) == len(set(seen)) == len(made)
    assert urgent.id not in seen  # it went above the cursor: the next refresh shows it
