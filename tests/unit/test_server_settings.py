"""The sync server's settings: file, then environment, then flags; errors name their source."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from smartcity_console.server.serve_cli import JsonFormatter
from smartcity_console.server.settings import ServerSettingsError, load_settings


def test_defaults_without_any_source() -> None:
    settings = load_settings(environ={})
    assert (settings.host, settings.port, settings.database) == ("127.0.0.1", 8765, None)
    assert settings.poke_topic == "rembang/console/sync"


def test_flags_beat_the_environment_which_beats_the_file(tmp_path: Path) -> None:
    file = tmp_path / "server.toml"
    file.write_text('port = 9000\ndatabase = "sqlite:///a.db"\npoke_broker = "mqtt://b:1883"\n')
    environ = {"SMARTCITY_SERVER_PORT": "9100", "SMARTCITY_SERVER_DATABASE": "sqlite:///b.db"}
    settings = load_settings(file, environ=environ, overrides={"port": 9200, "host": None})
    assert settings.port == 9200
    assert settings.database == "sqlite:///b.db"
    assert settings.poke_broker == "mqtt://b:1883"
    assert settings.host == "127.0.0.1"  # a flag not given changes nothing


@pytest.mark.parametrize(
    ("file_text", "environ", "expected"),
    [
        ("port = 0\n", {}, "settings file"),
        ("port = [\n", {}, "not valid TOML"),
        ("colour = 'red'\n", {}, "colour"),
        ("", {"SMARTCITY_SERVER_PORT": "eighty"}, "SMARTCITY_SERVER_PORT"),
        ("", {"SMARTCITY_SERVER_LOG_FORMAT": "xml"}, "log_format"),
    ],
)
def test_a_bad_value_names_where_it_came_from(
    tmp_path: Path, file_text: str, environ: dict[str, str], expected: str
) -> None:
    file = tmp_path / "server.toml"
    file.write_text(file_text)
    with pytest.raises(ServerSettingsError, match=expected):
        load_settings(file, environ=environ)


def test_a_missing_settings_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(ServerSettingsError, match="cannot read the settings file"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_log_lines_are_json_objects_with_the_push_fields() -> None:
    record = logging.makeLogRecord(
        {"name": "smartcity_console.server.sync", "msg": "push", "levelno": 20, "levelname": "INFO"}
    )
    record.fields = {"user": "sari", "ops": 3, "applied": 2}
    line = json.loads(JsonFormatter().format(record))
    assert line["msg"] == "push"
    assert (line["user"], line["ops"], line["applied"], line["level"]) == ("sari", 3, 2, "info")
