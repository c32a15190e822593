"""Write a ``[[feeds]]`` table into the config file, keeping its comments and layout.

The installer's config file explains itself in comments; the map dialog of
the topic browser (gui/topics/map_dialog.py) must add a device to it without
rewriting the rest: every line of the file is kept as it was, and the new
table (rendered by tomlkit, a style-preserving TOML library) is put between them.

Where the table goes follows :func:`core.mapping.feed_position` (before the
first table whose filter already takes the topic, or in place of one with the
same filter), so the next start routes as the running console does. The new
text is loaded with the console's own validation before it replaces the file,
and it replaces it whole (a temporary file, then a rename): a mistake or a
crash never leaves a config that does not load.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import tomlkit

from smartcity_console import paths
from smartcity_console.config import ConfigError, parse_config
from smartcity_console.config_writer import config_text
from smartcity_console.core.mapping import FeedMapping, feed_position
from smartcity_console.private_files import private_file


def feed_table(mapping: FeedMapping) -> dict[str, Any]:
    """The keys of ``mapping`` that differ from the defaults, in the model's order."""
    data = mapping.model_dump(mode="python", exclude_defaults=True)
    return {"topic": mapping.topic, **{k: v for k, v in data.items() if k != "topic"}}


def with_feed(text: str, mapping: FeedMapping, seen_topic: str, comment: str = "") -> str:
    """``text`` (a config file) with ``mapping`` as a ``[[feeds]]`` table; everything else kept.

    The table is rendered by tomlkit (quoting and escapes right) and placed by
    lines: a comment block right above a ``[[feeds]]`` header describes that
    table, so a table inserted before it goes above its comment, and one added
    after the last goes before the comment of whatever follows. The result is
    loaded with the console's validation and must hold the table where it was put.
    """
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    headers = [i for i, line in enumerate(lines) if _FEEDS_HEADER.match(line)]
    existing = tomllib.loads(text).get("feeds", [])
    if not isinstance(existing, list) or len(existing) != len(headers):
        raise ConfigError("cannot tell where the config's [[feeds]] tables are; add it by hand")
    topics = [str(table.get("topic", "")) for table in existing]
    index, replace = feed_position(topics, mapping.topic, seen_topic)
    block = _render(mapping, comment)
    if replace:
        start = _comment_start(lines, headers[index])
        end = _table_end(lines, headers[index])
        lines[start:end] = block
    elif index < len(headers):
        start = _comment_start(lines, headers[index])
        lines[start:start] = [*block, "\n"]
    elif headers:
        end = _table_end(lines, headers[-1])
        lines[end:end] = ["\n", *block]
    else:
        lines += ["\n", *block]
    out = "".join(lines)
    parse_config(out, "the config with the new [[feeds]] table")  # refuses what would not load
    placed = tomllib.loads(out)["feeds"][index]
    if placed != feed_table(mapping):
        raise ConfigError("the new [[feeds]] table did not land where it belongs; add it by hand")
    return out


_FEEDS_HEADER = re.compile(r"^\s*\[\[\s*feeds\s*\]\]")
_ANY_HEADER = re.compile(r"^\s*\[")


def _render(mapping: FeedMapping, comment: str) -> list[str]:
    table = tomlkit.table()
    for key, value in feed_table(mapping).items():
        if isinstance(value, dict):
            inline = tomlkit.inline_table()
            inline.update(value)
            table.add(key, inline)
        else:
            table.add(key, value)
    doc = tomlkit.document()
    doc.append("feeds", tomlkit.aot())
    doc["feeds"].append(table)
    rendered = tomlkit.dumps(doc).strip("\n").splitlines(keepends=True)
    head = [f"# {line}".rstrip() + "\n" for line in comment.splitlines()]
    return [*head, *rendered, "\n"] if not rendered[-1].endswith("\n") else [*head, *rendered]


def _comment_start(lines: list[str], header: int) -> int:
    """The first line of the comment block directly above ``header`` (or ``header``)."""
    start = header
    while start > 0 and lines[start - 1].lstrip().startswith("#"):
        start -= 1
    return start


def _table_end(lines: list[str], header: int) -> int:
    """The line after the last key of the table at ``header`` (later comments are not its own)."""
    end = header + 1
    for i in range(header + 1, len(lines)):
        if _ANY_HEADER.match(lines[i]):
            break
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            end = i + 1
    return end


def save_feed(path: Path, mapping: FeedMapping, seen_topic: str, comment: str = "") -> None:
    """Add ``mapping`` to the config file at ``path`` (created from the bundled default if absent).

    Raises ``ConfigError`` when the result would not load (nothing is written
    then) and ``OSError`` when the file cannot be written.
    """
    if path.exists():
        text = path.read_text(encoding="utf-8")
    else:
        # The feeds, plots and rules the console runs with now, so the new file
        # adds a device instead of replacing the deployment's starting point.
        text = config_text(
            {},
            paths.bundled_config_file(),
            header="smartcity-console: the settings that differ from the built-in defaults.",
        )
    new = with_feed(text, mapping, seen_topic, comment)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with private_file(tmp) as out:  # a config may hold a password its owner put there
        out.write(new.encode("utf-8"))
    tmp.replace(path)
