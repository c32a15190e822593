"""The support bundle: one zip an installer can send when something is wrong.

It holds the log files, the config file with every secret removed, doctor's
JSON report and a short description of this installation (versions, paths).
It never holds the incident database (operators' work, people's names) or
anything from the keyring. Qt-free, so the About dialog runs it in a worker
thread and a script could call it too.
"""

from __future__ import annotations

import json
import re
import time
import zipfile
from pathlib import Path
from typing import Any

REMOVED = "<removed>"
# Any key whose name says secret, in a table or an inline table, with a string or bare value.
_SECRET = re.compile(
    r"""(?im)^(\s*|.*[{,]\s*)([A-Za-z0-9_-]*(?:password|passwd|token|secret|api_key)[A-Za-z0-9_-]*)"""
    r"""(\s*=\s*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s,}#]+)"""
)


def redact_config(text: str) -> str:
    """The TOML text with the value of every secret-looking key replaced by ``<removed>``."""
    previous = None
    while previous != text:  # an inline table may hold several secrets on one line
        previous = text
        text = _SECRET.sub(lambda m: f'{m.group(1)}{m.group(2)}{m.group(3)}"{REMOVED}"', text)
    return text


def write_support_bundle(
    target: Path,
    *,
    config_file: Path | None,
    log_dir: Path,
    doctor_report: dict[str, Any] | None,
    about: dict[str, Any] | None = None,
) -> Path:
    """Write the zip to ``target`` (a ``.zip`` suffix is added when missing); its path."""
    if target.suffix.lower() != ".zip":
        target = target.with_name(target.name + ".zip")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        manifest: dict[str, Any] = {
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "config_file": str(config_file) if config_file else None,
            "log_dir": str(log_dir),
            "logs": [],
        }
        if config_file is not None:
            try:
                text = config_file.read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                manifest["config_error"] = str(exc)
            else:
                bundle.writestr(f"config/{config_file.name}", redact_config(text))
        if log_dir.is_dir():
            for log in sorted(log_dir.iterdir()):
                if log.is_file() and ".log" in log.name:
                    bundle.write(log, f"logs/{log.name}")
                    manifest["logs"].append(log.name)
        if doctor_report is not None:
            bundle.writestr("doctor.json", json.dumps(doctor_report, indent=2, ensure_ascii=False))
        if about is not None:
            bundle.writestr("about.json", json.dumps(about, indent=2, ensure_ascii=False))
        bundle.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    partial.replace(target)
    return target


def default_bundle_name() -> str:
    return time.strftime("smartcity-support-%Y%m%d-%H%M%S.zip")
