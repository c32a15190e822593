"""The installer's commands as a script runs them: doctor with a login, and the log files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.mosquitto import Mosquitto
from tests.support.serve_process import ServeProcess

pytestmark = pytest.mark.slow

CLI = [sys.executable, "-m", "smartcity_console"]
PASSWORD = "pasar-rembang-3"  # noqa: S105 (a test account's password)


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """``serve`` on a SQLite file with one user, as an administrator sets it up."""
    database = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    added = run(
        "users", "add", "sari", "--role", "supervisor", "--password-stdin", "--database", database,
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    serve = ServeProcess(database, tmp_path / "serve.log").start()
    try:
        yield serve.url
    finally:
        serve.stop()


def _config(tmp_path: Path, broker: str, server: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'language = "en"\n[broker]\nurl = "{broker}"\n[server]\nurl = "{server}"\n'
        '[[feeds]]\ntopic = "rembang/#"\nformat = "json"\nvalue = "value"\n',
        encoding="utf-8",
    )
    return path


def test_doctor_user_login_and_log_file(tmp_path: Path, mosquitto: Mosquitto, server: str) -> None:
    config = _config(tmp_path, mosquitto.url, server)
    good = run("--config", str(config), "doctor", "--json", "--user", "sari", "--password-stdin",
               stdin=PASSWORD + "\n")  # fmt: skip
    report = json.loads(good.stdout)
    assert good.returncode == 0, report
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert statuses["server.login"] == "ok"
    assert statuses["broker.subscribe"] == "ok"
    bad = run("--config", str(config), "doctor", "--user", "sari", "--password-stdin",
              stdin="wrong\n")  # fmt: skip
    assert bad.returncode == 1
    assert "[FAIL] server.login: the server refused 'sari'" in bad.stdout
    assert "what to do: Check the user name and password" in bad.stdout
    # Every command logs to its own rotating file in the platform log folder.
    log_dir = Path(os.environ["XDG_STATE_HOME"]) / "smartcity-console" / "log"
    assert (log_dir / "doctor.log").is_file()
    assert "smartcity-console" in (log_dir / "doctor.log").read_text(encoding="utf-8")
    assert (log_dir / "users.log").is_file()
