"""``smartcity-console record`` as an administrator runs it: a process of its own.

It reads the ``[[feeds]]`` of the config it is given, records what a real
Mosquitto carries into the database it is given, and on SIGTERM writes what
it decoded and exits 0. A config without feeds, or a database it cannot use,
is one line and a non-zero exit, before anything connects.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

from smartcity_console.server.database import open_server_database
from tests.integration.test_mqtt_ingest import wait_until
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish

CONFIG = """
[[feeds]]
topic = "rembang/#"
format = "json"
value = "value"
timestamp = "ts"
unit_path = "unit"
"""
TOPIC = "rembang/environment/river_level/lasem"


def _record(config: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "smartcity_console", "--config", str(config), "record", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _rows(url: str) -> int:
    db = open_server_database(url)
    try:
        with db.engine.connect() as connection:
            return int(
                connection.execute(text("SELECT count(*) FROM history_readings")).scalar_one()
            )
    finally:
        db.close()


def test_record_writes_the_feeds_and_stops_cleanly_on_sigterm(
    mosquitto: Mosquitto, tmp_path: Path
) -> None:
    config = tmp_path / "console.toml"
    config.write_text(CONFIG)
    url = f"sqlite:///{tmp_path / 'history.sqlite3'}"
    process = _record(config, "--broker", mosquitto.url, "--database", url, "--client-id", "rec-1")
    try:
        start = time.time() - 600

        # Until the recorder's session exists, a publish may reach nobody: publish until seen.
        def first_reading_stored() -> bool:
            publish(mosquitto.port, [(TOPIC, json.dumps({"ts": start, "value": 0, "unit": "cm"}))])
            return _rows(url) >= 1

        wait_until(first_reading_stored, 30)
        publish(
            mosquitto.port,
            [
                (TOPIC, json.dumps({"ts": start + i, "value": i, "unit": "cm"}))
                for i in range(1, 200)
            ],
        )
        wait_until(lambda: _rows(url) >= 200, 30)
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err.decode()
    assert "200 readings recorded" in err.decode()


def test_record_refuses_a_config_without_feeds_and_a_bad_database(tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    process = _record(empty, "--broker", "mqtt://127.0.0.1:1", "--database", "sqlite:///x")
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 2
    assert "no [[feeds]]" in err.decode()
    config = tmp_path / "console.toml"
    config.write_text(CONFIG)
    process = _record(config, "--database", "nonsense://")
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 1
    assert "error:" in err.decode()
