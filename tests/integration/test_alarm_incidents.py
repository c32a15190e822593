"""Alarm rules on the ingest path raise incident tickets in the local store, once."""

from __future__ import annotations

from pathlib import Path

from smartcity_console.config import load_config
from smartcity_console.console.alarm_incidents import record_alarm_events
from smartcity_console.core.alarm_engine import AlarmEngine
from smartcity_console.core.incidents import Role, alarm_incident_id
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.paths import bundled_config_file
from smartcity_console.store import IncidentRepository, open_database
from smartcity_console.store.clients import client_id_for

RIVER = "rembang/environment/river_level/kali_babagan"


def _ingest() -> FeedIngest:
    config = load_config(bundled_config_file())
    return FeedIngest(config.feeds, SeriesStore(), alarms=AlarmEngine(config.alarms))


def _publish_levels(ingest: FeedIngest, levels: list[float], start: float) -> None:
    for i, level in enumerate(levels):
        t = start + i * 60
        payload = f'{{"ts": {t}, "value": {level}, "unit": "m"}}'.encode()
        ingest.handle(RIVER, payload, now=t)
        ingest.flush(now=t)


def _repository(tmp_path: Path) -> IncidentRepository:
    db = open_database(tmp_path / "incidents.sqlite3")
    return IncidentRepository(
        db, "operator", Role.OPERATOR, "ruang-komando-1", client_id_for(db, "operator", "ws")
    )


def test_a_flood_raises_one_ticket_and_its_clearing_is_recorded(tmp_path: Path) -> None:
    ingest = _ingest()
    repo = _repository(tmp_path)
    start = 1_764_300_000.0
    # Normal, then above 2.5 m for five minutes, then back below 2.3 m.
    _publish_levels(ingest, [1.2, 1.3, 2.9, 3.0, 3.1, 3.0, 2.8, 2.0, 1.8], start)
    kinds = [e.kind for e in ingest.alarm_events]
    assert kinds == ["raised", "cleared"]
    assert record_alarm_events(repo, ingest.alarm_events, "id") == 1
    assert not ingest.alarm_events
    tickets = repo.list()
    assert len(tickets) == 1
    ticket = tickets[0]
    assert ticket.id == str(alarm_incident_id("river-flood", RIVER, start + 120))
    assert ticket.severity == "critical"
    assert ticket.program == "environment"
    assert ticket.title.startswith("Banjir")
    assert ticket.alarm_active is False  # cleared, yet still waiting for an acknowledgement
    assert ticket.status == "new"
    assert [op.kind for op in repo.pending_ops()] == ["create", "edit"]


def test_the_same_episode_seen_again_adds_nothing(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    start = 1_764_300_000.0
    for _ in range(2):  # a restarted console replays the same readings
        ingest = _ingest()
        _publish_levels(ingest, [1.2, 2.9, 3.0, 3.1, 3.2], start)
        record_alarm_events(repo, ingest.alarm_events, "en")
    assert repo.count() == 1
    assert repo.list()[0].alarm_active is True
