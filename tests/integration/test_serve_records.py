"""``serve --record-broker``: one process that records the feeds and serves them back.

An administrator who wants history without a second service: the sync
server subscribes to the bundled config's feeds on a real Mosquitto, writes
what arrives, and a signed-in console fetches it from the history API;
on SIGTERM the server writes what it decoded and stops.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx

from smartcity_console.core.incidents import Role
from smartcity_console.history.client import fetch_catalogue, fetch_window
from tests.integration.test_mqtt_ingest import wait_until
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish
from tests.support.serve_process import ServeProcess

PASSWORD = "kartini-2025"  # noqa: S105 (a test account)
# The simulator's payload for the bundled [[feeds]] (docs/simulator.md).
TOPIC = "rembang/environment/river_level/lasem"


def test_serve_with_a_record_broker_records_and_serves_the_feeds(
    mosquitto: Mosquitto, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    served = ServeProcess.with_users(
        url,
        tmp_path / "serve.log",
        PASSWORD,
        extra_args=["--record-broker", mosquitto.url],
        sari=Role.OPERATOR,
    )
    start = float(int(time.time()) - 3600)  # whole seconds: the API takes times to the µs
    try:
        with httpx.Client(base_url=served.url) as client:
            token = client.post(
                "/api/v1/auth/login", json={"username": "sari", "password": PASSWORD}
            ).json()["token"]
            client.headers["Authorization"] = f"Bearer {token}"

            def recorded(count: int) -> bool:
                found = [s for s in fetch_catalogue(client) if s.name == TOPIC]
                if not found:  # the recorder may not be subscribed yet: send the first again
                    payload = {"ts": start, "value": 0.0, "unit": "cm", "seq": 0}
                    publish(mosquitto.port, [(TOPIC, json.dumps(payload))])
                    return False
                last = found[0].last_t
                return last is not None and last >= start + count - 1

            wait_until(lambda: recorded(1), 30)
            publish(
                mosquitto.port,
                [
                    (TOPIC, json.dumps({"ts": start + i, "value": i, "unit": "cm", "seq": i}))
                    for i in range(1, 120)
                ],
            )
            wait_until(lambda: recorded(120), 30)
            window = fetch_window(client, [TOPIC], start, start + 120)[TOPIC]
    finally:
        served.stop()
    assert (window.unit, window.resolution) == ("cm", "raw")
    assert window.max.tolist() == [float(i) for i in range(120)]
    # The bundled config's feeds: the simulator's and Sparkplug B's.
    assert "recording 2 feeds from mqtt://" in (tmp_path / "serve.log").read_text()
