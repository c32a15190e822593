"""Support bundle redaction, the config writer and the build info (all Qt-free)."""

from __future__ import annotations

import json
import tomllib
import zipfile
from pathlib import Path

import pytest

from smartcity_console import __version__
from smartcity_console.build_info import build_info, make_build_info
from smartcity_console.config import ConfigError, parse_config
from smartcity_console.config_writer import config_text, dumps
from smartcity_console.paths import bundled_config_file
from smartcity_console.support_bundle import REMOVED, redact_config, write_support_bundle


@pytest.mark.parametrize(
    "line",
    [
        'password = "hunter2"',
        "password = 'hunter2'",
        '  password="hunter2"  # the broker',
        'broker = { url = "mqtt://x", password = "hunter2" }',
        'api_token = "hunter2"',
        'client_secret = "hunter2"',
        'password = "hun\\"ter2"',
    ],
)
def test_redact_removes_every_secret(line: str) -> None:
    out = redact_config(line)
    assert "hunter2" not in out
    assert REMOVED in out


def test_redact_keeps_the_rest_and_stays_valid_toml() -> None:
    text = '[broker]\nurl = "mqtts://b:8883"\nusername = "console"\npassword = "x y z"\n'
    out = redact_config(text)
    data = tomllib.loads(out)
    assert data["broker"] == {"url": "mqtts://b:8883", "username": "console", "password": REMOVED}


def test_bundle_without_logs_or_config(tmp_path: Path) -> None:
    path = write_support_bundle(
        tmp_path / "b.zip", config_file=None, log_dir=tmp_path / "none", doctor_report=None
    )
    with zipfile.ZipFile(path) as bundle:
        assert bundle.namelist() == ["manifest.json"]
        assert json.loads(bundle.read("manifest.json"))["logs"] == []


def test_writer_round_trips_what_it_writes() -> None:
    data = {
        "language": "en",
        "broker": {"url": "mqtts://b:8883", "ca_file": "C:\\smartcity\\ca.crt", "keepalive_s": 10},
        "feeds": [{"topic": "a/#", "format": "json", "fields": ["x", "y.z"]}],
        "incidents": {"ack_deadline_min": {"critical": 2.5}},
    }
    assert tomllib.loads(dumps(data)) == data


def test_config_text_drops_defaults_and_secrets() -> None:
    text = config_text(
        {"workstation": "ws-1", "broker": {"url": "mqtt://127.0.0.1:1883", "password": "p"}},
        bundled_config_file(),
    )
    data = tomllib.loads(text)
    assert data["workstation"] == "ws-1"
    # The URL is the default and the password never written; the bundled file's
    # browse list (the firmwares' topics, issue 14) differs from the default and stays.
    assert set(data["broker"]) == {"browse"}
    parse_config(text, "test")


def test_config_text_refuses_what_would_not_load() -> None:
    with pytest.raises(ConfigError, match=r"broker\.url"):
        config_text({"broker": {"url": "http://x"}}, bundled_config_file())


def test_build_info_from_the_bundle_file_and_from_source(tmp_path: Path) -> None:
    info_file = tmp_path / "_build_info.json"
    info_file.write_text(
        json.dumps(make_build_info("9.9.9", "abc123def4567890", "2026-11-28T03:00:00Z")),
        encoding="utf-8",
    )
    bundled = build_info(info_file)
    assert bundled.version == "9.9.9"
    assert bundled.commit == "abc123def4567890"
    assert "built 2026-11-28T03:00:00Z" in bundled.one_line()
    source = build_info(tmp_path / "missing.json")
    assert source.version == __version__
    assert source.kind in ("source", "installed")
    assert source.built_at is None
