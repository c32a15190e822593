"""Environment overrides go through the config loader, and only there.

``SMARTCITY_MQTT_WAKE_INTERVAL_MS`` was read by the MQTT transport itself, so
the setting had two ways in and doctor or a support bundle could not see
it. Now it is ``[broker] wake_interval_ms``, overridable from the
environment by the loader (config.ENV_OVERRIDES).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from smartcity_console.config import ENV_OVERRIDES, ConfigError, parse_config

SRC = Path(__file__).resolve().parents[2] / "src" / "smartcity_console"
FILE = '[broker]\nurl = "mqtt://127.0.0.1:1883"\nwake_interval_ms = 25\n'


def test_the_file_sets_the_wake_interval() -> None:
    assert parse_config(FILE, "c.toml", environ={}).broker.wake_interval_ms == 25
    assert parse_config("", "c.toml", environ={}).broker.wake_interval_ms == 10


def test_the_environment_overrides_the_file() -> None:
    env = {"SMARTCITY_MQTT_WAKE_INTERVAL_MS": "0"}
    assert parse_config(FILE, "c.toml", environ=env).broker.wake_interval_ms == 0
    assert parse_config("", "c.toml", environ=env).broker.wake_interval_ms == 0


def test_a_bad_override_is_refused_naming_the_key() -> None:
    with pytest.raises(ConfigError, match="wake_interval_ms"):
        parse_config(FILE, "c.toml", environ={"SMARTCITY_MQTT_WAKE_INTERVAL_MS": "fast"})


def test_no_module_but_the_loaders_reads_a_smartcity_variable() -> None:
    """os.environ/getenv with a SMARTCITY_ name only in config.py and the server's settings."""
    readers = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.startswith("SMARTCITY_")
                and path.name not in {"config.py", "settings.py"}
            ):
                readers.append(f"{path.relative_to(SRC)}: {node.value}")
    assert readers == []
    assert set(ENV_OVERRIDES) == {"SMARTCITY_MQTT_WAKE_INTERVAL_MS"}
