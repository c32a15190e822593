"""The console script's commands, run as an installer would run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smartcity_console import __version__
from smartcity_console.core.incidents import Role
from tests.support.mosquitto import Mosquitto, free_port
from tests.support.serve_process import ServeProcess

CLI = [sys.executable, "-m", "smartcity_console"]


def run(
    *args: str, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"smartcity-console {__version__}"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    database = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    serve = ServeProcess(database, tmp_path / "serve.log").start()
    try:
        yield serve.url
    finally:
        serve.stop()


def test_serve_answers_health(server: str) -> None:
    body = httpx.get(f"{server}/api/v1/health", timeout=5).json()
    assert {k: body[k] for k in ("status", "database", "version")} == {
        "status": "ok",
        "database": "ok",
        "version": __version__,
    }
    assert body["limits"]["max_body_bytes"] == 4 * 1024 * 1024  # serve's default


def _config(tmp_path: Path, broker: str, server: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'[broker]\nurl = "{broker}"\n[server]\nurl = "{server}"\n', encoding="utf-8")
    return path


def test_doctor_passes_when_everything_answers(
    tmp_path: Path, mosquitto: Mosquitto, server: str
) -> None:
    proc = run("--config", str(_config(tmp_path, mosquitto.url, server)), "doctor", "--json")
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, report
    assert report["ok"] is True
    assert {c["name"] for c in report["checks"]} == {
        "config",
        "broker.dns",
        "broker.tcp",
        "broker.login",
        "broker.subscribe",
        "broker_queue",
        "server.health",
        "server.clock",
        "server.login",
        "server.pull",
        "data",
        "mqtt_client_id",
        "database.integrity",
        "database.migration",
        "disk",
        "keyring",
        "audio",
    }
    assert report["config_file"] == str(tmp_path / "config.toml")
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    # A test broker runs with the recommended queue limit: the probe finds no drop.
    assert statuses["broker_queue"] == "ok"


def test_doctor_json_reports_a_pull_of_one_page_with_a_login(
    tmp_path: Path, mosquitto: Mosquitto
) -> None:
    served = ServeProcess.with_users(
        f"sqlite:///{tmp_path / 'server.sqlite3'}",
        tmp_path / "serve.log",
        "kartini-2025",
        sari=Role.SUPERVISOR,
    )
    try:
        config = _config(tmp_path, mosquitto.url, served.url)
        argv = ["--config", str(config), "doctor", "--json", "--user", "sari", "--password-stdin"]
        proc = subprocess.run(
            [*CLI, *argv],
            input="kartini-2025\n",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        served.stop()
    report = json.loads(proc.stdout)
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["server.login"]["status"] == "ok"
    assert checks["server.pull"]["status"] == "ok", checks["server.pull"]
    assert "pulled a page of 0 events" in checks["server.pull"]["detail_en"]


def test_doctor_says_what_is_wrong_in_plain_words(tmp_path: Path) -> None:
    dead = free_port()
    config = _config(tmp_path, f"mqtt://127.0.0.1:{dead}", f"http://127.0.0.1:{dead}")
    proc = run("--config", str(config), "doctor", "--language", "en")
    assert proc.returncode == 1
    assert f"[FAIL] broker.tcp: nothing answers at 127.0.0.1:{dead}" in proc.stdout
    assert "what to do: Start the broker" in proc.stdout
    assert "[FAIL] server.health" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    # The config's language (Indonesian by default) without --language.
    proc = run("--config", str(config), "doctor")
    assert proc.returncode == 1
    assert f"[GAGAL] broker.tcp: tidak ada jawaban di 127.0.0.1:{dead}" in proc.stdout
    assert "yang perlu dilakukan: Jalankan broker" in proc.stdout
    report = json.loads(run("--config", str(config), "doctor", "--json").stdout)
    codes = {c["name"]: c["code"] for c in report["checks"]}
    assert codes["broker.tcp"] == "tcp"
    assert codes["server.health"] == "server-unreachable"


def test_self_test_opens_the_window_and_sees_readings() -> None:
    proc = run("--self-test", env={"QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "self-test ok" in proc.stdout
    # Closing ends every thread and connection without a word on stderr.
    assert proc.stderr.strip() == "", proc.stderr


def test_config_after_the_subcommand_is_the_one_read(tmp_path: Path) -> None:
    """The README's order (``doctor --config FILE``) reads that file, as before the name did."""
    dead = free_port()
    config = _config(tmp_path, f"mqtt://127.0.0.1:{dead}", f"http://127.0.0.1:{dead}")
    proc = run("doctor", "--config", str(config), "--language", "en")
    assert proc.returncode == 1
    assert f"config: {config}" in proc.stdout
    assert f"[FAIL] broker.tcp: nothing answers at 127.0.0.1:{dead}" in proc.stdout
    broken = tmp_path / "broken.toml"
    broken.write_text("[broker\n", encoding="utf-8")
    # Given twice, the one after the name wins (here: the broken file, refused by name).
    proc = run("--config", str(config), "decode", "--topic", "a/b", "--config", str(broken))
    assert proc.returncode == 2
    assert "broken.toml" in proc.stderr
    assert "Traceback" not in proc.stderr
