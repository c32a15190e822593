"""The recorder against a real Mosquitto, into PostgreSQL and SQLite.

A recorder stopped in mid-stream and started again under the same session
gets what was published meanwhile from the broker; together with what it had
(some of which the broker may send again) every reading is stored exactly
once, and the rollups count each once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from smartcity_console.config import BrokerConfig
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.history.recorder import Recorder
from smartcity_console.history.writer import HistoryWriter
from smartcity_console.server.database import ServerDatabase, open_server_database
from tests.integration.test_mqtt_ingest import wait_until
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish

# The simulator's river-level payload (docs/simulator.md): a value and an epoch time.
FEEDS = [FeedMapping(topic="rembang/#", format="json", value="value", timestamp="ts")]
TOPIC = "rembang/environment/river_level/lasem"


@pytest.fixture
def database(server_database_url: str) -> Iterator[ServerDatabase]:
    db = open_server_database(server_database_url)
    yield db
    db.close()


def _messages(first: int, count: int, start: float) -> list[tuple[str, bytes | str]]:
    return [(TOPIC, json.dumps({"ts": start + i, "value": i})) for i in range(first, first + count)]


def _stored(db: ServerDatabase) -> tuple[int, int, int]:
    with db.engine.connect() as connection:
        rows, distinct = connection.execute(
            text("SELECT count(*), count(DISTINCT t) FROM history_readings")
        ).one()
        rolled = connection.execute(
            text("SELECT coalesce(sum(n), 0) FROM history_rollup_1m")
        ).scalar_one()
    return int(rows), int(distinct), int(rolled)


def _recorder(url: str, db: ServerDatabase) -> Recorder:
    broker = BrokerConfig(url=url, client_id="recorder-test", backoff_initial_s=0.1)
    recorder = Recorder(broker, FEEDS, HistoryWriter(db.engine), batch_delay_s=0.05)
    recorder.start()
    wait_until(lambda: recorder.status.state == "connected", 20)
    return recorder


def test_a_restarted_recorder_stores_every_reading_once(
    own_mosquitto: Mosquitto, database: ServerDatabase
) -> None:
    own_mosquitto.start()
    start = time.time() - 3 * 3600
    first = _recorder(own_mosquitto.url, database)
    publish(own_mosquitto.port, _messages(0, 600, start))
    wait_until(lambda: first.sink.counts.inserted >= 100, 30)
    first.stop()  # in mid-stream, or right after: either way nothing may be lost or doubled

    publish(own_mosquitto.port, _messages(600, 400, start))  # while it is away
    second = _recorder(own_mosquitto.url, database)
    publish(own_mosquitto.port, _messages(1000, 200, start))
    wait_until(lambda: _stored(database)[0] >= 1200, 30)
    second.stop()

    assert _stored(database) == (1200, 1200, 1200)
    with database.engine.connect() as connection:
        values = connection.execute(text("SELECT value FROM history_readings ORDER BY t")).scalars()
        assert list(values) == [float(i) for i in range(1200)]


def test_stop_writes_everything_already_decoded(
    mosquitto: Mosquitto, database: ServerDatabase
) -> None:
    recorder = _recorder(mosquitto.url, database)
    recorder.sink.batch_delay_s = 3600.0  # nothing is written until the stop
    recorder.sink.batch_rows = 10**9
    publish(mosquitto.port, _messages(0, 300, time.time() - 600))
    wait_until(lambda: recorder.sink.stats.messages >= 300, 20)
    assert _stored(database)[0] == 0
    recorder.stop()
    assert _stored(database) == (300, 300, 300)
