"""``make demo`` records: the embedded recorder holds the simulator's past and the live feeds.

The demo's services (embedded broker, simulator, sync server on a SQLite file,
recorder) run for real; what a console's backfill would ask the history API
for is there: every series of the catalogue, from the start of the
backfilled past, and still growing from the live simulator.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smartcity_console.config import load_config
from smartcity_console.demo.services import EmbeddedServices, ServiceOptions
from smartcity_console.history.client import fetch_catalogue, fetch_window
from smartcity_console.paths import bundled_config_file
from smartcity_console.sim.catalogue import CATALOGUE
from smartcity_console.sim.demo_accounts import DEMO_ACCOUNTS
from tests.integration.test_mqtt_ingest import wait_until

PAST_S = 3 * 3600.0  # a day in `make demo`; three hours keep the test short


@pytest.fixture
def services(tmp_path: Path) -> Iterator[EmbeddedServices]:
    feeds = tuple(load_config(bundled_config_file()).feeds)
    options = ServiceOptions(
        database_url=f"sqlite:///{tmp_path / 'demo-server.sqlite3'}",
        history_feeds=feeds,
        history_backfill_s=PAST_S,
        rate=6.0,  # as `make demo`: the fastest series every 10 s
    )
    running = EmbeddedServices(options)
    running.start_and_wait()
    yield running
    running.stop()


def test_the_demo_serves_its_past_and_its_live_feeds_from_the_historian(
    services: EmbeddedServices,
) -> None:
    started = time.time()
    assert services.history_ready.wait(60)
    account = DEMO_ACCOUNTS[0]
    token = httpx.post(
        f"{services.server_url}/api/v1/auth/login",
        json={"username": account.username, "password": account.password},
    ).json()["token"]
    with httpx.Client(
        base_url=services.server_url, headers={"Authorization": f"Bearer {token}"}
    ) as client:
        catalogue = {s.name: s for s in fetch_catalogue(client)}
        assert set(catalogue) == {s.topic for s in CATALOGUE}
        for series in CATALOGUE:
            first = catalogue[series.topic].first_t
            assert first is not None
            assert first <= started - PAST_S + series.interval_s + 1
        # The live simulator keeps writing behind the past (its fastest series shows it first).
        fastest = min(CATALOGUE, key=lambda s: s.interval_s).topic
        wait_until(
            lambda: any(
                s.name == fastest and (s.last_t or 0) > started for s in fetch_catalogue(client)
            ),
            30,
        )
        windows = fetch_window(client, list(catalogue), started - PAST_S, time.time(), 500)
    assert all(len(w) > 0 for w in windows.values())
