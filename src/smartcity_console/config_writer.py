"""Write a config file that holds only what differs from the defaults.

The first-run dialog starts from the bundled ``default.toml`` (its feeds,
plots and alarm rules are the deployment's starting point), overlays what
the installer entered, and writes only the keys whose values differ from the
model's own defaults: a short file an installer can read, and a later
version's better defaults still reach the keys nobody chose. A secret is
never written (:data:`NEVER_WRITTEN`); the caller puts it in the keyring.

tomllib reads TOML but the standard library cannot write it; this writer
covers what the config uses (scalars, lists of scalars, tables and arrays of
tables) and its output is parsed back before it is saved.
"""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path
from typing import Any

from smartcity_console.config import AppConfig, parse_config

NEVER_WRITTEN = {("broker", "password")}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
        return repr(value)
    if isinstance(value, str | Path):
        # JSON's string escapes are valid TOML basic-string escapes.
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_scalar(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _key(key: str) -> str:
    bare = key.replace("_", "").replace("-", "").isalnum() and key.isascii()
    return key if bare else json.dumps(key)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def dumps(data: dict[str, Any], header: str = "") -> str:
    lines = [f"# {line}".rstrip() for line in header.splitlines()] if header else []
    if lines:
        lines.append("")

    def table(prefix: str, body: dict[str, Any], array: bool) -> None:
        plain = {k: v for k, v in body.items() if not isinstance(v, dict) and not _is_table_list(v)}
        if prefix:
            lines.append(f"[[{prefix}]]" if array else f"[{prefix}]")
        for key, value in plain.items():
            if value is not None:
                lines.append(f"{_key(key)} = {_scalar(value)}")
        for key, value in body.items():
            name = f"{prefix}.{_key(key)}" if prefix else _key(key)
            if isinstance(value, dict):
                lines.append("")
                table(name, value, array=False)
            elif _is_table_list(value):
                for item in value:
                    lines.append("")
                    table(name, item, array=True)

    table("", data, array=False)
    return "\n".join(lines).strip() + "\n"


def _differences(values: Any, defaults: Any) -> Any:
    """``values`` without what equals ``defaults`` (recursively for tables)."""
    if isinstance(values, dict) and isinstance(defaults, dict):
        out = {}
        for key, value in values.items():
            if key not in defaults:
                out[key] = value
                continue
            kept = _differences(value, defaults[key])
            if kept is not _SAME:
                out[key] = kept
        return out or _SAME
    if _normal(values) == _normal(defaults):
        return _SAME
    return values


def _normal(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


_SAME: Any = object()


def _merge(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def config_text(choices: dict[str, Any], base_file: Path, header: str = "") -> str:
    """The TOML text for ``base_file`` overlaid with ``choices``, minus defaults and secrets.

    ``choices`` is nested like the file (``{"broker": {"url": ...}}``); a
    ``None`` value removes that key. Raises ``ConfigError`` when the result
    would not load.
    """
    base = tomllib.loads(base_file.read_text(encoding="utf-8"))
    merged = _merge(base, choices)
    for section, key in NEVER_WRITTEN:
        if isinstance(merged.get(section), dict):
            merged[section].pop(key, None)
    defaults = AppConfig.model_construct().model_dump(mode="python")
    # The workstation's default is this machine's name: always write it explicitly.
    defaults.pop("workstation", None)
    kept = _differences(merged, defaults)
    text = dumps({} if kept is _SAME else kept, header)
    parse_config(text, "the new config")  # refuses what would not load
    return text
