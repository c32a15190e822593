"""The support bundle: one zip an installer can send when something is wrong.

It holds the log files, the config file with every secret removed, doctor's
JSON report and a short description of this installation (versions, paths).
It never holds the incident database (operators' work, people's names) or
anything from the keyring. Logs and reports pass :func:`mask_url_passwords`
on their way in too (a log written by an older version may hold one), and
the zip is created readable by its owner only. Qt-free, so the About dialog runs it in a worker
thread and a script could call it too.
"""

from __future__ import annotations

import json
import time
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomli_w

from smartcity_console.private_files import private_file
from smartcity_console.redaction import is_secret_name, mask_url_passwords

REMOVED = "<removed>"


class UnredactableConfigError(ValueError):
    """The config cannot be parsed, so it cannot be shown without risking a secret in it."""


def _redacted(value: Any) -> Any:
    """``value`` with every secret-named key's value removed and URL passwords masked."""
    if isinstance(value, dict):
        return {
            key: REMOVED if is_secret_name(key) else _redacted(item) for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    if isinstance(value, str):
        return mask_url_passwords(value)
    return value


def _leftovers(value: Any, path: str = "") -> Iterator[str]:
    """Where a secret would still show in parsed TOML (none, when redaction worked)."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if is_secret_name(key) and item != REMOVED:
                yield where
            else:
                yield from _leftovers(item, where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leftovers(item, f"{path}[{i}]")
    elif isinstance(value, str) and mask_url_passwords(value) != value:
        yield path


def redact_config(text: str) -> str:
    """The config as TOML with every secret replaced by ``<removed>``.

    Parsed and written back (tomllib, tomli_w), never edited as text: every
    form TOML allows (quoted and dotted keys, inline tables, arrays of
    tables, multi-line and literal strings) reaches the same dict, so none
    can slip past, and the output is always valid TOML. Keys whose name says
    secret lose their value whatever its type; a password inside any URL is
    masked. Comments are not kept: a commented-out ``# password = ...`` is a
    secret too. Raises :class:`UnredactableConfigError` for text that is not
    TOML (the message says where, never what).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UnredactableConfigError(f"not valid TOML ({exc})") from None
    out = tomli_w.dumps(_redacted(data))
    left = list(_leftovers(tomllib.loads(out)))
    if left:  # cannot happen with the walk above; never ship a secret if it does
        raise UnredactableConfigError(f"could not remove the secrets at {', '.join(left)}")
    return out


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
    with (
        private_file(partial) as handle,
        zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as bundle,
    ):
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
                try:
                    bundle.writestr(f"config/{config_file.name}", redact_config(text))
                except UnredactableConfigError as exc:
                    manifest["config_error"] = f"config left out: {exc}"
        if log_dir.is_dir():
            for log in sorted(log_dir.iterdir()):
                if log.is_file() and ".log" in log.name:
                    masked = mask_url_passwords(log.read_text(encoding="utf-8", errors="replace"))
                    bundle.writestr(f"logs/{log.name}", masked)
                    manifest["logs"].append(log.name)
        if doctor_report is not None:
            report = json.dumps(doctor_report, indent=2, ensure_ascii=False)
            bundle.writestr("doctor.json", mask_url_passwords(report))
        if about is not None:
            text = json.dumps(about, indent=2, ensure_ascii=False)
            bundle.writestr("about.json", mask_url_passwords(text))
        bundle.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    partial.replace(target)
    return target


def default_bundle_name() -> str:
    return time.strftime("smartcity-support-%Y%m%d-%H%M%S.zip")
