"""``decode --format sparkplug`` on Tahu's example payloads (tests/support/sparkplug.py).

The ``decode`` fixture runs each case in-process and as the real command.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.support import sparkplug as tahu
from tests.support.sparkplug import DEVICE_SERIES, NODE_SERIES, device_topic, node_topic
from tests.unit.test_decode_cli import Runner, decode, lines, one_error_line

__all__ = ["decode"]  # the fixture, imported for its use here

SPARKPLUG = ["--format", "sparkplug"]


def test_an_nbirth_prints_its_numeric_metrics(decode: Runner) -> None:
    t_ms = int(time.time() * 1000)
    code, out, err = decode(
        ["decode", "--topic", node_topic("NBIRTH"), *SPARKPLUG], tahu.node_birth(t_ms)
    )
    assert code == 0
    assert lines(out) == [
        # A Boolean metric is a state, as decode prints every state.
        {
            "series": NODE_SERIES + "Node Metric1",
            "t": t_ms / 1000,
            "value": 1.0,
            "unit": None,
            "state": True,
        },
        {
            "series": NODE_SERIES + "Node Metric2",
            "t": t_ms / 1000,
            "value": 13.0,
            "unit": "MyCustomUnits",
        },
    ]
    assert err == (
        "note: 3 Sparkplug B metric(s) with a string, date, bytes, data set or template value "
        "ignored (nothing to plot)\n"
    )


def test_a_ddata_alone_says_its_dbirth_is_missing(decode: Runner) -> None:
    t_ms = int(time.time() * 1000)
    message = one_error_line(
        decode(
            ["decode", "--topic", device_topic("DDATA"), *SPARKPLUG],
            tahu.device_data(t_ms, 2, True),
        )
    )
    assert message.startswith("DDATA from device Emulated Device of node Sparkplug B Devices/")
    assert "no DBIRTH before it" in message


def test_a_ddata_with_its_dbirth_prints_the_named_metrics(decode: Runner, tmp_path: Path) -> None:
    t_ms = int(time.time() * 1000)
    birth = tmp_path / "dbirth.bin"
    birth.write_bytes(tahu.device_birth(t_ms))
    argv = ["decode", "--topic", device_topic("DDATA"), *SPARKPLUG, "--birth", str(birth)]
    code, out, _ = decode(argv, tahu.device_data(t_ms + 500, 2, False, metric2=-5))
    assert code == 0
    assert [(r["series"], r["value"]) for r in lines(out)] == [
        (DEVICE_SERIES + "input/Device Metric1", 0.0),
        (DEVICE_SERIES + "output/Device Metric2", -5.0),
    ]


def test_birth_is_only_for_sparkplug(decode: Runner, tmp_path: Path) -> None:
    birth = tmp_path / "b.bin"
    birth.write_bytes(b"x")
    argv = ["decode", "--topic", "a/b", "--format", "json", "--birth", str(birth)]
    assert one_error_line(decode(argv, b"{}")) == (
        "--birth is for Sparkplug B payloads (--format sparkplug)"
    )


def test_garbage_on_a_sparkplug_topic_is_one_error_line(decode: Runner) -> None:
    message = one_error_line(
        decode(["decode", "--topic", node_topic("NDATA"), *SPARKPLUG], b"\xff\xff\x00")
    )
    assert message == (
        "binary payload is not a Sparkplug B protobuf payload (first bytes: ff ff 00)"
    )
