"""The recommended Mosquitto settings are one list: the docs, doctor and the test brokers."""

from __future__ import annotations

import re
from pathlib import Path

from smartcity_console.config import DEFAULT_SESSION_EXPIRY_S, SESSION_LIFETIME_H
from smartcity_console.mqtt.broker_settings import (
    DESIGN_RATE_PER_MIN,
    RECOMMENDED_MAX_QUEUED_MESSAGES,
    mosquitto_conf,
)
from tests.support.mosquitto import Mosquitto


def _documented_block(repo_root: Path) -> list[str]:
    text = (repo_root / "docs" / "configuration.md").read_text(encoding="utf-8")
    block = re.search(r"The recommended `mosquitto.conf`.*?```conf\n(.*?)```", text, re.S)
    assert block is not None, "docs/configuration.md lost its recommended mosquitto.conf"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_documented_mosquitto_conf_is_the_one_doctor_and_the_tests_use(
    repo_root: Path,
) -> None:
    documented = _documented_block(repo_root)
    # persistence_location is the site's own choice of disk.
    assert [line for line in documented if not line.startswith("persistence_location")] == (
        mosquitto_conf().splitlines()
    )


def test_the_queue_holds_a_session_lifetime_of_readings() -> None:
    assert RECOMMENDED_MAX_QUEUED_MESSAGES >= DESIGN_RATE_PER_MIN * 60 * SESSION_LIFETIME_H
    assert DEFAULT_SESSION_EXPIRY_S == SESSION_LIFETIME_H * 3600


def test_test_brokers_run_with_the_recommended_lines_and_log_drops(tmp_path: Path) -> None:
    broker = Mosquitto(workdir=tmp_path)
    conf = broker._write_config().read_text(encoding="utf-8").splitlines()
    for line in mosquitto_conf().splitlines():
        assert line in conf
    assert "log_type notice" in conf
