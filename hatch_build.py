"""Hatch build hook: compile the Qt Linguist files into the wheel (docs/translations.md).

``resources/`` goes into the wheel as ``smartcity_console/_data/resources``
(force-include in pyproject.toml); the ``.qm`` files there are build output.
This hook compiles each ``resources/translations/*.ts`` with
``pyside6-lrelease`` when one is at hand (the project's venv, or PATH), and
otherwise refuses to build a wheel whose ``.qm`` is missing or older than
its ``.ts`` (run ``make translations`` first). Editable installs read the
checkout and skip it: ``make`` compiles the files there.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _lrelease(root: Path) -> str | None:
    """PySide6's own lrelease binary in the project's venv, else one on PATH.

    The native binary, not the ``pyside6-lrelease`` script: pip's isolated
    build environment hides the venv's site-packages from Python scripts.
    """
    venv = root / ".venv"
    for pattern in (
        "lib/python3*/site-packages/PySide6/lrelease",
        "Lib/site-packages/PySide6/lrelease.exe",
    ):
        for candidate in sorted(venv.glob(pattern)):
            if candidate.is_file():
                return str(candidate)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


class TranslationsHook(BuildHookInterface):  # type: ignore[type-arg]  # generic in hatchling, unused here
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        lrelease = _lrelease(root)
        for ts in sorted((root / "resources" / "translations").glob("*.ts")):
            qm = ts.with_suffix(".qm")
            if lrelease is not None:
                subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
            elif not qm.is_file() or qm.stat().st_mtime < ts.stat().st_mtime:
                raise RuntimeError(
                    f"{qm.name} is missing or older than {ts.name}: run `make translations`"
                )
