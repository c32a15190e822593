"""The incident list's window: rows kept as SQLite returned them, Tickets built on demand."""

from __future__ import annotations

from datetime import UTC

import pytest

from smartcity_console.core.incidents import Action, Role, Severity, Status
from smartcity_console.store import (
    Database,
    IncidentRepository,
    Ticket,
    TicketQuery,
    TicketRows,
    ticket_ids,
)
from tests.support.clock import Clock
from tests.support.repos import repository


@pytest.fixture
def supervisor(db: Database, clock: Clock) -> IncidentRepository:
    return repository(db, clock, "sari", Role.SUPERVISOR)


def _varied(repo: IncidentRepository, clock: Clock) -> list[Ticket]:
    """Tickets with every kind of field a row converts: times, enums, the flag, None."""
    made = [
        repo.create("Pompa air mati", "environment", Severity.CRITICAL, station="PA-01"),
        repo.create("Lampu padam", "living", Severity.LOW, description="Jl. Sulang", series="s1"),
    ]
    clock.advance(seconds=90)
    acked = repo.create("Genangan", "environment", Severity.HIGH)
    made.append(repo.transition(acked.id, Action.ACKNOWLEDGE))
    closed = repo.create("Kemacetan", "economy", Severity.MEDIUM)
    made.append(repo.transition(closed.id, Action.CLOSE, reason="duplicate"))
    assigned = repo.create("Sampah menumpuk", "living", Severity.MEDIUM)
    made.append(repo.assign(assigned.id, "sari"))
    alarm, _ = repo.create_alarm_incident(
        "rain-gauge",
        "rembang/rain",
        1_700_000_000.0,
        title="Hujan lebat",
        program="environment",
        severity=Severity.HIGH,
        station="RG-02",
    )
    clock.advance(seconds=30)
    made.append(repo.set_alarm_state(alarm.id, False, clock()))
    return made


def test_window_rows_are_the_tickets_the_store_holds(
    supervisor: IncidentRepository, clock: Clock
) -> None:
    made = _varied(supervisor, clock)

    first, total, rows = supervisor.window(TicketQuery(), 0, 50)

    assert (first, total, len(rows)) == (0, len(made), len(made))
    assert sorted(rows.ids) == sorted(t.id for t in made)
    whole = supervisor.list(TicketQuery())
    assert list(rows) == whole  # same fields, same order as the store's records
    assert list(rows) == [supervisor.get(i) for i in rows.ids]
    closed = next(t for t in rows if t.status is Status.CLOSED)
    assert closed.close_reason is not None
    assert str(closed.close_reason) == "duplicate"
    alarm = next(t for t in rows if t.alarm_rule is not None)
    assert alarm.alarm_active is False
    assert alarm.alarm_cleared_at is not None
    assert all(t.created_at.tzinfo is UTC and t.updated_at.tzinfo is UTC for t in rows)
    assert rows[1:3] == whole[1:3]
    assert rows[-1] == whole[-1]


def test_a_window_past_the_end_moves_back_to_stay_full(
    supervisor: IncidentRepository, clock: Clock
) -> None:
    for i in range(30):
        supervisor.create(f"Tiket {i:03d}", "economy", Severity.LOW)
        clock.advance(seconds=1)
    whole = [t.id for t in supervisor.list(TicketQuery())]

    first, total, rows = supervisor.window(TicketQuery(), 25, 10)

    assert (first, total) == (20, 30)
    assert rows.ids == whole[20:30]
    nxt = supervisor.page(TicketQuery(), 5, rows.key(4))  # a row's key pages on from it
    assert [t.id for t, _ in nxt] == whole[25:30]


def test_ids_of_any_rows() -> None:
    assert ticket_ids(TicketRows()) == []
    assert ticket_ids([]) == []
