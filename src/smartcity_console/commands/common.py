"""The options every command takes, before or after its name.

``smartcity-console --config FILE decode`` and ``smartcity-console decode
--config FILE`` mean the same (the README shows the second). argparse gives
a subcommand's defaults the last word, so the copies added here default to
``SUPPRESS``: absent after the name, the value given before it (or the top
level's default) stands; given after, it wins.

The options are added to every subcommand and sub-subcommand (``users add``,
``alarms check``) by walking the parser tree once it is built, so each
command module stays free of the shared options and cannot forget them.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

CONFIG_HELP = "config file (default: the user's, see docs/configuration.md)"
VERBOSE_HELP = "log debug messages"


def add_top_level_options(parser: argparse.ArgumentParser) -> None:
    """The common options with their defaults, on the program itself."""
    parser.add_argument("--config", type=Path, help=CONFIG_HELP)
    parser.add_argument("-v", "--verbose", action="store_true", help=VERBOSE_HELP)


def _add_after_name(parser: argparse.ArgumentParser) -> None:
    taken = parser._option_string_actions  # argparse has no public "has option"
    if "--config" not in taken:
        parser.add_argument("--config", type=Path, default=argparse.SUPPRESS, help=CONFIG_HELP)
    if "--verbose" not in taken and "-v" not in taken:
        parser.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=VERBOSE_HELP
        )


def subcommand_parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """Every subcommand's parser below ``parser``, nested ones too, each once."""
    seen: set[int] = set()
    stack = [parser]
    while stack:
        for action in stack.pop()._actions:
            if not isinstance(action, argparse._SubParsersAction):
                continue
            for child in action.choices.values():
                if id(child) not in seen:  # aliases share one parser
                    seen.add(id(child))
                    stack.append(child)
                    yield child


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Let every subcommand below ``parser`` take the common options after its name."""
    for child in list(subcommand_parsers(parser)):
        _add_after_name(child)
