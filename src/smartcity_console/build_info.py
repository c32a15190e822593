"""Which build this is: version, commit and build time, for About and support bundles.

The PyInstaller spec writes ``_build_info.json`` next to this module in the
bundle at package time (commit, time, platform, Python). Run from source
there is no such file; the commit is then read from the checkout's ``.git``
(no ``git`` command needed), so a developer's About box still says what it
runs.
"""

from __future__ import annotations

import json
import platform
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from smartcity_console import __version__

_HERE = Path(__file__).resolve().parent
BUILD_INFO_FILE = _HERE / "_build_info.json"


@dataclass(frozen=True)
class BuildInfo:
    version: str
    commit: str | None
    built_at: str | None  # ISO 8601 UTC; None when run from source
    built_on: str | None  # platform and Python of the build machine
    kind: str  # "bundle", "source" or "installed"

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)

    def one_line(self) -> str:
        parts = [self.version]
        if self.commit:
            parts.append(self.commit[:12])
        parts.append(f"built {self.built_at}" if self.built_at else self.kind)
        return " · ".join(parts)


def _git_commit(root: Path) -> str | None:
    """HEAD's commit from a checkout's ``.git`` folder, without running git."""
    git = root / ".git"
    try:
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
        if not head.startswith("ref: "):
            return head or None
        ref = head[5:]
        loose = git / ref
        if loose.is_file():
            return loose.read_text(encoding="utf-8").strip() or None
        for line in (git / "packed-refs").read_text(encoding="utf-8").splitlines():
            if line.endswith(" " + ref):
                return line.split(" ", 1)[0]
    except OSError:
        return None
    return None


def build_info(path: Path = BUILD_INFO_FILE) -> BuildInfo:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return BuildInfo(
            version=str(data.get("version") or __version__),
            commit=data.get("commit"),
            built_at=data.get("built_at"),
            built_on=data.get("built_on"),
            kind="bundle" if getattr(sys, "frozen", False) else "installed",
        )
    except (OSError, ValueError, AttributeError):
        pass
    root = _HERE.parent.parent
    source = (root / "pyproject.toml").is_file()
    return BuildInfo(
        version=__version__,
        commit=_git_commit(root) if source else None,
        built_at=None,
        built_on=None,
        kind="source" if source else "installed",
    )


def make_build_info(version: str, commit: str | None, built_at: str) -> dict[str, str | None]:
    """The JSON the spec writes (kept here so its fields match what :func:`build_info` reads)."""
    return {
        "version": version,
        "commit": commit,
        "built_at": built_at,
        "built_on": f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
    }
