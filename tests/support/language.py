"""The GUI's language in tests: English source strings unless a test asks for Indonesian.

The ``.qm`` files are build output, so the session compiles the ``.ts`` files
into a private directory with ``pyside6-lrelease`` (what ``make translations``
does) and the console reads them from there: a test never sees a stale
``.qm`` and never writes into the checkout.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from smartcity_console.gui import i18n

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "translations"


def lrelease() -> Path:
    return Path(sys.executable).with_name("pyside6-lrelease")


def lupdate() -> Path:
    return Path(sys.executable).with_name("pyside6-lupdate")


@pytest.fixture(scope="session")
def compiled_translations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("qm")
    for ts in sorted(TS_DIR.glob("*.ts")):
        subprocess.run(
            [str(lrelease()), "-silent", str(ts), "-qm", str(out / f"{ts.stem}.qm")], check=True
        )
    return out


@pytest.fixture(autouse=True)
def _gui_language(qapp: QApplication, compiled_translations: Path) -> Iterator[None]:
    """Every GUI test starts and ends in English (the source strings)."""
    i18n.use_directory(compiled_translations)
    i18n.set_language("en")
    yield
    i18n.set_language("en")
    i18n.use_directory(None)


@pytest.fixture
def indonesian(_gui_language: None) -> i18n.Language:
    """The deployment's default: Bahasa Indonesia from the compiled .ts."""
    return i18n.set_language("id")
