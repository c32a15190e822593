"""A broken config file gives one clear message naming the file, the key and what was expected."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from smartcity_console.config import ConfigError, load_config, parse_config
from smartcity_console.layout_files import LayoutFiles
from smartcity_console.paths import bundled_config_file


def test_bundled_default_config_is_valid_and_covers_six_programs() -> None:
    config = load_config(bundled_config_file())
    # The overview is a layout file now, the one place it is defined ([[plots]] retired).
    overview = LayoutFiles().default("overview")
    assert overview is not None
    assert config.retired_plots == []
    assert {p.program for p in overview.panels if p.kind != "map"} == {
        "governance",
        "branding",
        "economy",
        "living",
        "society",
        "environment",
    }
    assert config.feeds, "the default config must map the simulator's topics"
    assert config.language == "id"


def test_without_a_user_file_the_bundled_default_is_used() -> None:
    # The autouse fixture points XDG_CONFIG_HOME at an empty folder.
    assert load_config(None) == load_config(bundled_config_file())


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "console.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_invalid_toml_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, '[broker]\nurl = "mqtt://x:1883\n')
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert str(path) in message
    assert "line 2" in message


def test_wrong_type_names_key_and_expectation(tmp_path: Path) -> None:
    path = _write(tmp_path, "[display]\nframe_rate = 'fast'\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert "display.frame_rate" in message
    assert "valid number" in message
    assert "'fast'" in message


def test_unknown_key_is_reported_not_ignored(tmp_path: Path) -> None:
    path = _write(tmp_path, "[broker]\nurll = 'mqtt://x'\n")
    with pytest.raises(ConfigError, match=r"broker\.urll.*unknown key"):
        load_config(path)


def test_broker_url_must_be_mqtt(tmp_path: Path) -> None:
    path = _write(tmp_path, "[broker]\nurl = 'http://x'\n")
    with pytest.raises(ConfigError, match=r"broker\.url.*mqtt://host:1883"):
        load_config(path)


def test_feed_with_bad_filter_is_named_by_its_topic(tmp_path: Path) -> None:
    path = _write(tmp_path, "[[feeds]]\ntopic = 'a/#/b'\nformat = 'number'\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "feeds[1] (a/#/b)" in str(err.value)


def test_missing_explicit_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_cli_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    path = _write(tmp_path, "[display]\nframe_rate = -3\n")
    proc = subprocess.run(
        [sys.executable, "-m", "smartcity_console", "--config", str(path), "doctor"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "display.frame_rate" in proc.stdout


def test_outage_and_timestamp_settings_are_checked() -> None:
    config = parse_config(
        "workstation = 'ruang-komando-2'\n[outage]\ngrace_s = 300\nlink_alarm_after_s = 90\n"
        "link_alarm_severity = 'critical'\nlink_alarm_program = 'society'\n"
        "[timestamps]\nmax_future_s = 60\nearliest = 2024-06-01\n",
        "console.toml",
    )
    settings = config.outage.settings(config.workstation)
    assert (settings.workstation, settings.grace_s, settings.raise_after_s) == (
        "ruang-komando-2",
        300,
        90,
    )
    assert (settings.severity, settings.program) == ("critical", "society")
    assert config.timestamps.rule().earliest == 1_717_200_000.0  # 2024-06-01 00:00 UTC
    for text, key in [
        ("[outage]\nlink_alarm_program = 'traffic'", "outage.link_alarm_program"),
        ("[outage]\ngrace_s = -1", "outage.grace_s"),
        ("[timestamps]\nearliest = 2024-06-01T00:00:00Z", "timestamps.earliest"),
        ("[timestamps]\nmax_fture_s = 5", "timestamps.max_fture_s"),
    ]:
        with pytest.raises(ConfigError, match=f"key '{key}'"):
            parse_config(text, "console.toml")


def test_a_workstation_name_the_journal_cannot_hold_is_refused_when_the_config_is_read(
    tmp_path: Path,
) -> None:
    """Every change records the workstation: a bidi override in it would reach every console."""
    path = tmp_path / "config.toml"
    path.write_text('workstation = "ruang\u202ekomando"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"workstation.*U\+202E RIGHT-TO-LEFT OVERRIDE"):
        load_config(path)


def test_urls_lists_brokers_to_fail_over_between(tmp_path: Path) -> None:
    path = _write(tmp_path, "[broker]\nurls = ['mqtt://node-a:1883', 'mqtt://node-b:1883']\n")
    broker = load_config(path).broker
    assert broker.brokers == ("mqtt://node-a:1883", "mqtt://node-b:1883")
    assert broker.url == "mqtt://node-a:1883"  # what single-broker code reads
    assert broker.at("mqtt://node-b:1883").host == "node-b"


def test_url_alone_still_means_one_broker(tmp_path: Path) -> None:
    broker = load_config(_write(tmp_path, "[broker]\nurl = 'mqtt://x:1884'\n")).broker
    assert broker.brokers == ("mqtt://x:1884",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "url = 'mqtt://a:1'\nurls = ['mqtt://b:1']",
            r"key 'broker': .*give either url \(one broker\) or urls \(a list\), not both$",
        ),
        ("urls = []", r"broker\.urls.*at least one broker URL"),
        ("urls = 'mqtt://a:1'", r"broker\.urls.*valid list"),
        ("urls = ['mqtt://a:1', 'http://b']", r"broker\.urls.*mqtt://host:1883"),
        ("urls = ['mqtt://a:1', 'mqtt://a:1']", r"broker\.urls.*listed twice"),
        ("urls = ['mqtt://a:1', 'mqtts://b:8883']", r"broker\.urls.*mixes mqtt:// and mqtts://"),
    ],
)
def test_a_wrong_list_of_brokers_is_a_clear_error(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        load_config(_write(tmp_path, f"[broker]\n{text}\n"))


def test_an_error_about_the_broker_section_never_echoes_its_password(tmp_path: Path) -> None:
    text = (
        "[broker]\nurl = 'mqtt://a:1'\nurls = ['mqtt://b:1']\n"
        "username = 'u'\npassword = 'rahasia'\n"
    )
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, text))
    assert "rahasia" not in str(err.value)


def test_sessions_are_persistent_unless_the_file_says_clean(tmp_path: Path) -> None:
    broker = load_config(_write(tmp_path, "[broker]\nprotocol = 5\n")).broker
    assert broker.session == "persistent"
    with_id = broker.model_copy(update={"client_id": "smartcity0123456789abcd"})
    assert with_id.persistent_session
    assert with_id.effective_session_expiry_s == 8 * 3600  # one shift (config.py)
    clean = load_config(_write(tmp_path, "[broker]\nsession = 'clean'\n")).broker
    assert not clean.model_copy(update={"client_id": "x"}).persistent_session
    with pytest.raises(ConfigError, match=r"broker\.session_expiry_s.*persistent"):
        load_config(
            _write(tmp_path, "[broker]\nprotocol = 5\nsession = 'clean'\nsession_expiry_s = 60\n")
        )
