"""``smartcity-console decode``: JSON lines on stdout, one ``error:`` line and exit 1 on bad input.

Every case runs twice: in-process through ``decode_cli.run`` (fast, and
independent of the rest of the CLI) and as the real command in a subprocess.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from smartcity_console.commands import decode as decode_cli

Result = tuple[int, str, str]
Runner = Callable[[list[str], bytes], Result]

SIMULATOR = b'{"ts": 1764300000.25, "value": 23.4, "unit": "ug/m3"}'
TASMOTA = (
    b'{"Time":"2018-03-02T18:25:03","AM2301":{"Temperature":22.6,"Humidity":32.4},"TempUnit":"C"}'
)
CONFIG = """
[[feeds]]
topic = "tele/+/SENSOR"
format = "json"
fields = "*"
timestamp = "Time"
timezone = "Asia/Jakarta"

[[feeds]]
topic = "tele/#"
format = "number"
unit = "W"
"""


def _in_process(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runner:
    def run(argv: list[str], payload: bytes) -> Result:
        # The same shape as cli.py: a global --config, then the subcommand.
        parser = argparse.ArgumentParser(prog="smartcity-console")
        parser.add_argument("--config", type=Path)
        decode_cli.add_parser(parser.add_subparsers(dest="command"))
        args = parser.parse_args(argv)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload)))
        code = decode_cli.run(args)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _subprocess(argv: list[str], payload: bytes) -> Result:
    done = subprocess.run(
        [sys.executable, "-m", "smartcity_console", *argv],
        input=payload,
        capture_output=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


@pytest.fixture(params=["in-process", "subprocess"])
def decode(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Runner:
    if request.param == "subprocess":
        return _subprocess
    return _in_process(monkeypatch, capsys)


def lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def one_error_line(result: Result) -> str:
    code, out, err = result
    assert code == 1
    assert out == ""
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert err.startswith("error: ")
    return err[len("error: ") : -1]


def test_simulator_payload(decode: Runner) -> None:
    argv = ["decode", "--topic", "rembang/environment/pm25/alun_alun", "--format", "json"]
    argv += ["--value", "value", "--timestamp", "ts", "--unit-path", "unit"]
    code, out, err = decode(argv, SIMULATOR)
    assert (code, err) == (0, "")
    assert lines(out) == [
        {
            "series": "rembang/environment/pm25/alun_alun",
            "t": 1764300000.25,
            "value": 23.4,
            "unit": "ug/m3",
        }
    ]


def test_tasmota_with_every_field(decode: Runner) -> None:
    argv = ["decode", "--topic", "tele/pompa/SENSOR", "--format", "json", "--fields", "*"]
    argv += ["--timestamp", "Time", "--timezone", "Asia/Jakarta"]
    code, out, _ = decode(argv, TASMOTA)
    assert code == 0
    assert lines(out) == [
        {
            "series": "tele/pompa/SENSOR#AM2301.Temperature",
            "t": 1519989903.0,
            "value": 22.6,
            "unit": None,
        },
        {
            "series": "tele/pompa/SENSOR#AM2301.Humidity",
            "t": 1519989903.0,
            "value": 32.4,
            "unit": None,
        },
    ]


def test_fields_list_and_fixed_unit(decode: Runner) -> None:
    argv = ["decode", "--topic", "z/s", "--format", "json", "--fields", "temperature", "humidity"]
    argv += ["--unit", "Cel"]
    code, out, _ = decode(argv, b'{"temperature": 27.5, "humidity": 44, "battery": 97}')
    assert code == 0
    assert [(r["series"], r["value"], r["unit"]) for r in lines(out)] == [
        ("z/s#temperature", 27.5, "Cel"),
        ("z/s#humidity", 44.0, "Cel"),
    ]


def test_plain_number_has_no_time(decode: Runner) -> None:
    code, out, _ = decode(["decode", "--topic", "a/b", "--format", "number"], b" 1.87\n")
    assert code == 0
    assert lines(out) == [{"series": "a/b", "t": None, "value": 1.87, "unit": None}]


def test_senml_ignored_records_are_mentioned(decode: Runner) -> None:
    payload = b'[{"bn": "dev:", "n": "door", "vb": true}, {"n": "temp", "v": 3, "bt": 1.5e9}]'
    code, out, err = decode(["decode", "--topic", "d/x", "--format", "senml"], payload)
    assert code == 0
    assert lines(out) == [{"series": "dev:temp", "t": 1.5e9, "value": 3.0, "unit": None}]
    assert "1 SenML record(s)" in err


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b'{"value": "tinggi"}', "value at 'value' is a string, expected a number"),
        (b'{"value": 12.5', "payload is not valid JSON: Expecting ',' delimiter"),
        (b"", "payload is empty"),
        (b"\xff\xfe", "payload is not valid UTF-8 (byte 0xff at offset 0)"),
    ],
)
def test_bad_payload_is_one_error_line(decode: Runner, payload: bytes, message: str) -> None:
    argv = ["decode", "--topic", "a/b", "--format", "json", "--value", "value"]
    assert one_error_line(decode(argv, payload)).startswith(message)


def test_invalid_mapping_is_one_error_line(decode: Runner) -> None:
    argv = ["decode", "--topic", "a/b", "--value", "v", "--fields", "x", "--timezone", "Mars/Base"]
    message = one_error_line(decode(argv, b"{}"))
    assert message.startswith("invalid mapping: --fields: give either 'value' or 'fields'")
    assert "--timezone: unknown time zone" in message


def test_wildcard_topic_is_refused(decode: Runner) -> None:
    message = one_error_line(decode(["decode", "--topic", "a/+", "--format", "number"], b"1"))
    assert message == "--topic: a topic cannot contain the wildcards '+' or '#' (only filters can)"


def test_mapping_from_the_config(decode: Runner, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    code, out, _ = decode(["--config", str(config), "decode", "--topic", "tele/x/SENSOR"], TASMOTA)
    assert code == 0
    assert [r["series"] for r in lines(out)] == [
        "tele/x/SENSOR#AM2301.Temperature",
        "tele/x/SENSOR#AM2301.Humidity",
    ]
    # The first matching table wins: tele/x/STATE falls through to "tele/#".
    code, out, _ = decode(["--config", str(config), "decode", "--topic", "tele/x/STATE"], b"5")
    assert code == 0
    assert lines(out) == [{"series": "tele/x/STATE", "t": None, "value": 5.0, "unit": "W"}]


def test_config_without_a_matching_feed_says_so(decode: Runner, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    message = one_error_line(decode(["--config", str(config), "decode", "--topic", "z/1"], b"1"))
    assert message == (
        f"no [[feeds]] table in {config} matches topic 'z/1'; "
        "pass --format (and paths) to decode without the config"
    )


def test_options_override_the_config(decode: Runner, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    argv = ["--config", str(config), "decode", "--topic", "tele/x/SENSOR", "--format", "auto"]
    code, out, _ = decode(argv, b"7")
    assert code == 0
    assert lines(out) == [{"series": "tele/x/SENSOR", "t": None, "value": 7.0, "unit": None}]


def test_without_any_config_the_format_is_auto(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(decode_cli, "config_source", lambda path: tmp_path / "absent.toml")
    run = _in_process(monkeypatch, capsys)
    code, out, _ = run(["decode", "--topic", "rembang/x/y/z"], SIMULATOR)
    assert code == 0
    assert lines(out) == [
        {"series": "rembang/x/y/z", "t": 1764300000.25, "value": 23.4, "unit": "ug/m3"}
    ]


def test_a_time_the_console_would_refuse_is_refused_here_too(
    decode: Runner, tmp_path: Path
) -> None:
    # A gateway sending SenML times in milliseconds: the installer sees it before deploying.
    pack = b'[{"bn": "urn:dev:river:", "bt": 1764300000000, "n": "level", "v": 1.2}]'
    message = one_error_line(
        decode(["decode", "--topic", "senml/river", "--format", "senml"], pack)
    )
    assert message.startswith("timestamp 5")
    assert "years in the future" in message
    assert message.endswith("milliseconds where seconds are expected?")
    # The config's [timestamps] rule applies: here a floor after Tasmota's 2018 sample.
    config = tmp_path / "config.toml"
    config.write_text(CONFIG + "\n[timestamps]\nearliest = 2020-01-01\n", encoding="utf-8")
    argv = ["--config", str(config), "decode", "--topic", "tele/x/SENSOR"]
    message = one_error_line(decode(argv, TASMOTA))
    assert message.startswith("timestamp 2018-03-02 11:25:03 UTC is before 2020-01-01")
