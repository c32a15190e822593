"""The committed Sparkplug B classes must be what ``make proto`` makes of the vendored .proto."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SPARKPLUG = Path(__file__).resolve().parents[2] / "src" / "smartcity_console" / "core" / "sparkplug"


@pytest.mark.parametrize("name", ["sparkplug_b_pb2.py", "sparkplug_b_pb2.pyi"])
def test_generated_sparkplug_classes_are_up_to_date(name: str, tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            f"--proto_path={SPARKPLUG}",
            f"--python_out={tmp_path}",
            f"--pyi_out={tmp_path}",
            str(SPARKPLUG / "sparkplug_b.proto"),
        ],
        check=True,
    )
    committed = (SPARKPLUG / name).read_text()
    assert committed == (tmp_path / name).read_text(), f"{name} is stale: run `make proto`"
