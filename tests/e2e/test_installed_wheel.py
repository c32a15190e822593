"""Bundled files are found from an installed wheel, not only from a source checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("smartcity_console-*.whl")
    return built


def test_wheel_carries_resources_and_designer_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "smartcity_console/_data/resources/config/default.toml",
        "smartcity_console/_data/resources/themes/dark.qss",
        "smartcity_console/_data/resources/icons/app.png",
        "smartcity_console/_data/ui/main_window.ui",
        "smartcity_console/gui/forms/ui_main_window.py",
    ):
        assert needed in names, needed


def test_installed_package_resolves_its_own_files(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import smartcity_console.paths as p, sys;"
        "print(p.__file__); print(p.resource_path('themes', 'dark.qss'));"
        "print(p.bundled_config_file().read_text()[:1])"
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout.splitlines()
    assert out[0].startswith(str(site)), "the extracted wheel must shadow the checkout"
    assert out[1].startswith(str(site / "smartcity_console" / "_data" / "resources"))
    assert out[2] == "#"


def test_installed_package_speaks_indonesian_without_qt(wheel: Path, tmp_path: Path) -> None:
    """The catalog Qt-free messages read (the Linguist .ts) travels in the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "smartcity_console/_data/resources/translations/smartcity_console_id.ts" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import sys; from smartcity_console.core import i18n;"
        "from smartcity_console.core.incidents import Action, Role, Status, why_not;"
        "print(i18n.ts_file('id'));"
        "print(why_not(Role.OPERATOR, Action.CLOSE, Status.NEW, 'id'));"
        "print('PySide6' in sys.modules)"
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout.splitlines()
    assert out[0].startswith(str(site))
    assert out[1] == "Hanya supervisor dan administrator yang dapat menutup insiden."
    assert out[2] == "False"
