"""Every subcommand takes the common options after its name, as the README writes them.

``smartcity-console decode --config FILE`` used to be refused ("unrecognized
arguments") because only the program took ``--config``; both positions work
now, and the one after the name wins when both are given.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from smartcity_console.cli import _parser
from smartcity_console.commands.common import subcommand_parsers

# What each subcommand needs besides the common options to parse at all.
SUBCOMMANDS: dict[str, list[str]] = {
    "demo": [],
    "serve": [],
    "simulate": [],
    "doctor": [],
    "decode": ["--topic", "rembang/environment/pm25/lasem"],
    "record": ["--broker", "mqtt://127.0.0.1:1883"],
    "alarms check": ["--readings", "readings.jsonl"],
    "users add": ["sari", "--role", "operator"],
    "users list": [],
    "users passwd": ["sari"],
    "users disable": ["sari"],
    "users enable": ["sari"],
    "report shift": ["--json"],
}


def test_the_table_names_every_subcommand() -> None:
    """A new subcommand must be added here, so it is checked too."""
    leaves = {
        p.prog.removeprefix("smartcity-console ")
        for p in subcommand_parsers(_parser())
        if not any(q.prog.startswith(p.prog + " ") for q in subcommand_parsers(_parser()))
    }
    assert leaves == set(SUBCOMMANDS)


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_config_and_verbose_after_the_subcommand(command: str) -> None:
    argv = [*command.split(), *SUBCOMMANDS[command], "--config", "after.toml", "-v"]
    args = _parser().parse_args(argv)
    assert args.config == Path("after.toml")
    assert args.verbose is True


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_config_before_the_subcommand_still_works(command: str) -> None:
    args = _parser().parse_args(
        ["--config", "before.toml", *command.split(), *SUBCOMMANDS[command]]
    )
    assert args.config == Path("before.toml")
    assert args.verbose is False


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_after_the_name_wins_over_before(command: str) -> None:
    argv = ["--config", "before.toml", *command.split(), *SUBCOMMANDS[command]]
    args = _parser().parse_args([*argv, "--config", "after.toml"])
    assert args.config == Path("after.toml")


def test_no_option_means_the_default_config() -> None:
    args = _parser().parse_args(["decode", "--topic", "a/b"])
    assert args.config is None
    assert args.verbose is False
