"""doctor's broker_queue probe against real Mosquittos: a small queue, an unlimited one.

The probe publishes N QoS 1 messages to a persistent session of its own that
is away, then counts what the broker kept (doctor/broker_queue.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from smartcity_console.config import AppConfig, BrokerConfig, IncidentsConfig
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.doctor import format_text, run_checks
from smartcity_console.doctor.broker_queue import check_broker_queue
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.installation import with_client_id
from smartcity_console.mqtt.status import MqttStatus
from smartcity_console.mqtt.thread import MqttThread
from tests.integration.test_mqtt_ingest import wait_until
from tests.support.mosquitto import Mosquitto

pytestmark = pytest.mark.broker


def test_a_small_queue_is_found_and_the_exact_line_is_given(own_mosquitto: Mosquitto) -> None:
    own_mosquitto.max_queued_messages = 100
    own_mosquitto.drops_expected = True  # what the probe is for
    own_mosquitto.start()
    check = check_broker_queue(BrokerConfig(url=own_mosquitto.url), 2000)
    assert check.name == "broker_queue"
    assert check.status == "warn"
    assert check.code == "broker-queue-drops"
    assert "of 2,000" in check.detail.en
    assert check.fix is not None
    assert "max_queued_messages 600000" in check.fix.en
    assert "max_queued_messages 600000" in check.fix("id")
    assert own_mosquitto.dropped()  # the broker said so too, in its log only


def test_an_unlimited_queue_keeps_everything(own_mosquitto: Mosquitto) -> None:
    own_mosquitto.max_queued_messages = 0  # Mosquitto: no maximum
    own_mosquitto.start()
    check = check_broker_queue(BrokerConfig(url=own_mosquitto.url, protocol="5"), 5000)
    assert check.status == "ok", check.detail.en
    assert "kept all 5,000" in check.detail.en
    assert "--queue-probe 600000" in check.detail.en  # how to check the whole recommendation


def test_the_probe_leaves_no_session_behind(own_mosquitto: Mosquitto) -> None:
    own_mosquitto.extra_config = "sys_interval 1\n"
    own_mosquitto.start()
    check = check_broker_queue(BrokerConfig(url=own_mosquitto.url), 500)
    assert check.status == "ok"
    totals: list[int] = []
    watcher = mqtt.Client(CallbackAPIVersion.VERSION2)
    watcher.on_message = lambda _c, _u, m: totals.append(int(m.payload))
    watcher.on_connect = lambda c, *_: c.subscribe("$SYS/broker/clients/total")
    watcher.connect("127.0.0.1", own_mosquitto.port)
    watcher.loop_start()
    try:
        # Persistent sessions count in clients/total while away: only the watcher is left.
        wait_until(lambda: bool(totals) and totals[-1] == 1, 10)
    finally:
        watcher.disconnect()
        watcher.loop_stop()


def test_doctor_reports_it_by_name_without_taking_the_consoles_session(
    own_mosquitto: Mosquitto, tmp_path: Path
) -> None:
    """doctor beside a running console: its own throw-away ids, never the console's."""
    own_mosquitto.max_queued_messages = 1000
    own_mosquitto.drops_expected = True
    own_mosquitto.start()
    data = tmp_path / "data"
    config, identity = with_client_id(
        AppConfig(
            broker=BrokerConfig(url=own_mosquitto.url),
            incidents=IncidentsConfig(database=data / "incidents.sqlite3"),
        )
    )
    assert identity is not None
    console = MqttThread(
        config.broker,
        FeedIngest([FeedMapping(topic="rembang/#", format="json")], SeriesStore()),
        backoff_initial_s=0.1,
    )
    console.start()
    try:
        wait_until(lambda: console.status.state == "connected")
        file = tmp_path / "config.toml"
        file.write_text(
            f'language = "en"\n[broker]\nurl = "{own_mosquitto.url}"\n'
            f'[incidents]\ndatabase = "{data / "incidents.sqlite3"}"\n'
            '[[feeds]]\ntopic = "rembang/#"\nformat = "json"\n',
            encoding="utf-8",
        )
        report = run_checks(file, queue_probe=3000, timeout=5.0, use_kept_token=False)
        checks = {c["name"]: c for c in report.as_json()["checks"]}
        assert checks["broker_queue"]["status"] == "warn"
        assert checks["broker_queue"]["code"] == "broker-queue-drops"
        assert "max_queued_messages 600000" in checks["broker_queue"]["fix"]
        assert checks["mqtt_client_id"]["status"] == "ok"
        assert identity.client_id in checks["mqtt_client_id"]["detail"]
        assert "max_queued_messages 600000" in format_text(report)
        json.dumps(report.as_json())
        status = console.status
        assert isinstance(status, MqttStatus)
        assert status.state == "connected"
        assert status.reconnects == 0  # never kicked off its session
    finally:
        console.stop()


def test_each_broker_of_a_failover_list_is_checked(mosquitto: Mosquitto) -> None:
    from smartcity_console.doctor.runner import check_brokers
    from tests.support.mosquitto import free_port

    dead = f"mqtt://127.0.0.1:{free_port()}"
    broker = BrokerConfig(urls=[mosquitto.url, dead])
    checks = {c.name: c for c in check_brokers(broker, ["rembang/#"], 5.0, 500)}
    assert checks["broker.login"].status == "ok"
    assert checks["broker_queue"].status == "ok"
    assert checks["broker[2].tcp"].status == "fail"
    assert dead.removeprefix("mqtt://") in checks["broker[2].tcp"].detail.en
    assert checks["broker_queue[2]"].status == "skip"
