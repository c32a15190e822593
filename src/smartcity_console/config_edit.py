"""Small, comment-preserving edits of the config file from the GUI's settings.

The config file is the installer's document, with comments that explain each
key; rewriting it from the parsed model would lose them. So a setting the
console changes at run time (today: the UI language) is edited as one line of
text: the top-level ``key = value`` line before the first table is replaced,
or inserted when absent. When the user has no config file yet, one is written
the way the first-run dialog writes it (:func:`config_writer.config_text`:
the bundled default's settings that differ from the built-in defaults, plus
the change), so the next start reads the same settings plus the change.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from smartcity_console import paths
from smartcity_console.config_writer import config_text
from smartcity_console.private_files import private_file

_TABLE = re.compile(r"^\s*\[", re.MULTILINE)


def set_top_level(text: str, key: str, value: str) -> str:
    """``text`` with the top-level ``key`` set to the string ``value`` (TOML-quoted)."""
    line = f"{key} = {json.dumps(value, ensure_ascii=False)}"
    table = _TABLE.search(text)
    head, rest = (text[: table.start()], text[table.start() :]) if table else (text, "")
    pattern = re.compile(rf"^{re.escape(key)}\s*=.*$", re.MULTILINE)
    if pattern.search(head):
        head = pattern.sub(line, head, count=1)
    else:
        if head and not head.endswith("\n"):
            head += "\n"
        head += line + "\n" + ("\n" if rest else "")
    return head + rest


def save_language(path: Path, language: str) -> None:
    """Write ``language = "<language>"`` into the config file at ``path``."""
    if path.exists():
        text = set_top_level(path.read_text(encoding="utf-8"), "language", language)
    else:
        text = config_text(
            {"language": language},
            paths.bundled_config_file(),
            header="smartcity-console: the settings that differ from the built-in defaults.",
        )
        text = set_top_level(text, "language", language)  # said even when it is the default
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with private_file(tmp) as out:  # a config may hold a password its owner put there
        out.write(text.encode("utf-8"))
    tmp.replace(path)  # whole or not at all: a crash never leaves half a config
