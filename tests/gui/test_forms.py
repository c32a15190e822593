"""Compiled Designer forms must match their .ui files (run `make forms` after editing one)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FORMS = Path(__file__).resolve().parents[2] / "src" / "smartcity_console" / "gui" / "forms"
UI_DIR = Path(__file__).resolve().parents[2] / "ui"


@pytest.mark.parametrize("ui", sorted(UI_DIR.glob("*.ui")), ids=lambda p: p.name)
def test_generated_form_is_up_to_date(ui: Path, tmp_path: Path) -> None:
    uic = shutil.which("pyside6-uic", path=str(Path(sys.executable).parent))
    assert uic, "pyside6-uic is installed with PySide6-Essentials"
    out = tmp_path / "form.py"
    subprocess.run([uic, "-a", str(ui), "-o", str(out)], check=True)
    committed = FORMS / f"ui_{ui.stem}.py"
    assert committed.exists(), f"{committed.name} is missing: run `make forms`"
    assert committed.read_text() == out.read_text(), f"{committed.name} is stale: run `make forms`"
