"""Every module outside gui/ imports on a machine without Qt (issue 15).

The import linter reads import statements; this imports the modules for real,
in a child interpreter where PySide6, pyqtgraph, qasync and shiboken6 cannot
be found, as on a server or an installer's laptop without Qt's libraries.
A module that reached Qt at import time (a lazy import turned eager, a Qt type
in a default argument) fails here with its name.
"""

from __future__ import annotations

import subprocess
import sys

CHILD = r"""
import importlib, importlib.abc, pkgutil, sys

QT = ("PySide6", "pyqtgraph", "qasync", "shiboken6")

class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in QT:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked by the test)")
        return None

sys.meta_path.insert(0, NoQt())
import smartcity_console

names = [
    info.name
    for info in pkgutil.walk_packages(smartcity_console.__path__, "smartcity_console.")
    if not info.name.startswith("smartcity_console.gui")
    # Alembic runs env.py and the versions inside its own context only.
    and ".migrations." not in info.name
]
failed = []
for name in names:
    try:
        importlib.import_module(name)
    except Exception as error:
        failed.append(f"{name}: {type(error).__name__}: {error}")
print(len(names))
print("\n".join(failed))
"""


def test_every_module_outside_gui_imports_without_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    count, *failures = done.stdout.splitlines()
    assert int(count) > 100, "the walk found too few modules to mean anything"
    assert [line for line in failures if line] == []


def test_the_block_does_block_qt() -> None:
    """The child's finder really hides Qt: importing the GUI there fails."""
    head = CHILD.split("import smartcity_console", 1)[0]
    probe = head + "import smartcity_console.gui.shell.app\n"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode != 0
    assert "blocked by the test" in done.stderr


def test_the_command_line_imports_without_what_the_bundle_leaves_out() -> None:
    """The workstation bundle excludes psycopg and cryptography (packaging/smartcity-console.spec).

    cli.py imports every subcommand at start, so one module importing psycopg
    at its top broke every command of the bundle (decode, doctor, the
    self-test) while every test on a full install passed.
    """
    head = CHILD.split("import smartcity_console", 1)[0].replace(
        'QT = ("PySide6", "pyqtgraph", "qasync", "shiboken6")',
        'QT = ("psycopg", "psycopg_binary", "psycopg_c", "cryptography")',
    )
    probe = head + "import smartcity_console.cli\nprint('ok')\n"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
