"""The console never makes an op the sync server will refuse (blueprint amendment).

Typed text that breaks the journal rule is refused when it is typed, with a
message in both languages, and nothing is written; text nobody typed (an
alarm's topic, a device's clock) is repaired instead, so no alarm is lost;
and whatever slips past both, the outbox's last guard refuses. Real SQLite
files throughout; every op that is written passes the server's own schema.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smartcity_console.console.alarm_incidents import record_alarm_events
from smartcity_console.core.alarm_engine import AlarmEvent
from smartcity_console.core.incidents import (
    Action,
    IncidentError,
    Role,
    Severity,
    alarm_incident_id,
)
from smartcity_console.core.incidents.journal_rules import op_problems
from smartcity_console.core.incidents.journal_text import to_iso
from smartcity_console.server.app import create_app
from smartcity_console.server.users import add_user
from smartcity_console.store import Database, IncidentRepository, open_database, sync_apply
from smartcity_console.store.changes import record
from smartcity_console.store.clients import client_id_for
from tests.support.auth_server import live_server
from tests.support.clock import Clock
from tests.support.sync_consoles import PASSWORD, HeadlessConsole

DESK = "ruang-komando-1"


@pytest.fixture
def sari(db: Database, clock: Clock) -> IncidentRepository:
    return IncidentRepository(
        db, "sari", Role.SUPERVISOR, DESK, client_id_for(db, "sari", DESK), clock=clock
    )


def _outbox(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        count: int = connection.execute("SELECT count(*) FROM outbox").fetchone()[0]
        return count
    finally:
        connection.close()


def _every_op_passes_the_servers_rule(repo: IncidentRepository) -> None:
    for op in repo.pending_ops():
        wire = op.wire()
        assert op_problems(wire["kind"], wire["data"], wire["client_ts"]) == [], wire


TYPED = {
    "NUL": "Banjir\x00",
    "ANSI escape": "\x1b[31mBANJIR\x1b[0m",
    "RTL override": "Laporan \u202efdp.exe",
    "bidi isolate": "\u2066Lasem\u2069",
    "C1 control": "a\x9bb",
    "lone surrogate": "Banjir\ud800",
}


@pytest.mark.parametrize("text", list(TYPED.values()), ids=list(TYPED))
def test_typed_text_the_journal_refuses_is_refused_when_typed_and_writes_nothing(
    sari: IncidentRepository, path: Path, text: str
) -> None:
    ticket = sari.create("Banjir", "environment", "high")
    written = _outbox(path)
    changes: list[Callable[[], object]] = [
        lambda: sari.create(text, "environment", "high"),
        lambda: sari.create("Banjir", "environment", "high", description=f"ok\n{text}"),
        lambda: sari.create("Banjir", "environment", "high", station=text),
        lambda: sari.edit(ticket.id, {"series": text}),
        lambda: sari.comment(ticket.id, text),
        lambda: sari.transition(ticket.id, Action.ACKNOWLEDGE, note=text),
        lambda: sari.assign(ticket.id, text),
    ]
    for change in changes:
        with pytest.raises(IncidentError) as refused:
            change()
        assert "cannot be stored" in refused.value.text("en")
        assert "tidak dapat disimpan" in refused.value.text("id")
    assert _outbox(path) == written
    _every_op_passes_the_servers_rule(sari)


def test_text_within_the_rule_is_written_as_typed_and_passes_the_servers_rule(
    sari: IncidentRepository,
) -> None:
    ticket = sari.create(
        "Banjir di Lasem 🌊",
        "environment",
        "high",
        description="Air 40 cm.\r\n\tJalan ditutup.",
        station="Pasar Rembang",
    )
    assert ticket.description == "Air 40 cm.\n\tJalan ditutup."
    sari.comment(ticket.id, "Baris satu\nbaris dua")
    sari.transition(ticket.id, Action.ACKNOWLEDGE, note="Dicek\r\nlangsung")
    sari.assign(ticket.id, "budi")
    _every_op_passes_the_servers_rule(sari)


def test_a_workstation_clock_out_of_bounds_is_refused_with_a_clear_message(
    sari: IncidentRepository, clock: Clock, path: Path
) -> None:
    clock.now = datetime(2150, 1, 1, tzinfo=UTC)
    with pytest.raises(IncidentError) as refused:
        sari.create("Banjir", "environment", "high")
    assert "clock says 2150-01-01" in refused.value.text("en")
    assert "betulkan jamnya" in refused.value.text("id")
    assert _outbox(path) == 0


def test_the_outbox_refuses_an_op_that_slipped_past_the_checks(
    sari: IncidentRepository, db: Database, clock: Clock
) -> None:
    """A code path that forgot the per-field checks still cannot poison the journal."""
    ticket = sari.create("Banjir", "environment", "high")
    bad = {"comment_id": str(uuid.uuid4()), "text": "ok", "shown_to": "everyone"}
    with pytest.raises(IncidentError, match="shown_to"), db.write() as session:
        record(session, sari.actor, ticket.id, "comment", bad, clock.now)
    assert [op.kind for op in sari.pending_ops()] == ["create"]


def _alarm(series: str, episode_start: float, **fields: object) -> AlarmEvent:
    values: dict[str, object] = {
        "kind": "raised",
        "rule_id": "pm25-high",
        "series": series,
        "station": series.rsplit("/", 1)[-1],
        "episode_start": episode_start,
        "at": episode_start,
        "value": 180.0,
        "incident_id": alarm_incident_id("pm25-high", series, episode_start),
        "program": "environment",
        "severity": Severity.CRITICAL,
        "title_id": f"PM2.5 tinggi di {series}",
        "title_en": f"High PM2.5 at {series}",
    }
    return AlarmEvent(**{**values, **fields})  # type: ignore[arg-type]


def test_an_alarm_on_a_topic_with_control_and_bidi_characters_still_raises_its_incident(
    sari: IncidentRepository,
) -> None:
    series = "rembang/environment/pm25/\u202elasem\x1b"
    event = _alarm(series, 1_764_300_000.0)
    assert record_alarm_events(sari, deque([event]), "id") == 1
    [ticket] = sari.list()
    assert ticket.id == str(event.incident_id)  # the id every console derives
    assert ticket.series == "rembang/environment/pm25/\ufffdlasem\ufffd"
    assert "\u202e" not in ticket.title
    _every_op_passes_the_servers_rule(sari)


@pytest.mark.parametrize("episode_start", [-1e10, 9e10, 0.0])
def test_an_alarm_whose_device_clock_is_far_off_keeps_its_incident(
    sari: IncidentRepository, clock: Clock, episode_start: float
) -> None:
    event = _alarm("rembang/environment/pm25/lasem", episode_start)
    assert record_alarm_events(sari, deque([event]), "en") == 1
    [op] = sari.pending_ops()
    alarm = op.data["alarm"]
    if episode_start == 0.0:
        assert alarm["episode_start"] == "1970-01-01T00:00:00.000000+00:00"
    else:
        assert "episode_start" not in alarm  # the device's time cannot be journalled
    cleared = sari.set_alarm_state(str(event.incident_id), False, datetime.min.replace(tzinfo=UTC))
    assert cleared.alarm_cleared_at == clock.now  # the console's time stands in
    _every_op_passes_the_servers_rule(sari)


def test_a_clear_at_a_device_time_within_bounds_is_kept(
    sari: IncidentRepository, clock: Clock
) -> None:
    event = _alarm("rembang/environment/pm25/lasem", 1_764_300_000.0)
    record_alarm_events(sari, deque([event]), "en")
    at = clock.now - timedelta(seconds=30)
    sari.set_alarm_state(str(event.incident_id), False, at)
    assert sari.pending_ops()[-1].data["alarm"]["cleared_at"] == to_iso(at)


def test_ops_an_older_console_queued_are_repaired_and_the_server_accepts_them(
    tmp_path: Path, server_database_url: str
) -> None:
    """Migration 0006: an outbox written before the rule would be a 422 for ever."""
    path = tmp_path / "incidents.sqlite3"
    db = open_database(path)
    repo = IncidentRepository(
        db, "sari", Role.SUPERVISOR, "ws-lama", client_id_for(db, "sari", "ws-lama")
    )
    ticket = repo.create("Banjir", "environment", "high")
    repo.comment(ticket.id, "Petugas di lokasi")
    db.close()
    connection = sqlite3.connect(path)
    with connection:  # what the older console let through
        connection.execute(
            "UPDATE outbox SET data = json_set(data, '$.title', 'Banjir\tLasem\u202e') "
            "WHERE kind = 'create'"
        )
        connection.execute(
            "UPDATE outbox SET data = json_set(data, '$.text', ?, '$.extra', 1), "
            "client_ts = '2150-01-01T00:00:00.000000+00:00' WHERE kind = 'comment'",
            ("ok\x00",),
        )
        connection.execute("UPDATE alembic_version SET version_num = '0005'")
    connection.close()

    app = create_app(server_database_url)
    add_user(app.state.server_db, "sari", Role.SUPERVISOR, PASSWORD)
    with live_server(app) as server:
        console = HeadlessConsole(path, server.url, "ws-lama")  # opening migrates to 0006
        try:
            console.login("sari")
            _every_op_passes_the_servers_rule(console.r)
            assert console.sync(), console.status
            assert console.status is not None
            assert console.status.state == "synced"
            assert sync_apply.pending_count(console.db) == 0
            assert console.rejections == []
            shown = console.r.get(ticket.id)
            assert shown is not None
            assert shown.title == "Banjir Lasem\ufffd"  # the server's copy, as pulled
        finally:
            console.close()
    app.state.server_db.close()
