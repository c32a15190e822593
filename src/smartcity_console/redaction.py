"""Passwords out of what the console writes down: command lines, URLs, messages.

``serve --database postgresql+psycopg://smartcity:PW@db/...``,
``--poke-broker mqtt://user:PW@...`` and ``simulate --broker mqtt://user:PW@...``
carry a password in their arguments, and every command logs its command line
(cli.py) into files that end up in the support bundle. Whatever goes into a
log or a message passes through here first:

- the password of any ``scheme://user:password@host`` is replaced by
  ``***`` (the user name stays: it says which account was used);
- the value of an option whose name says secret (``--password X``,
  ``--broker-password=X``, ``--token``) is replaced too. Which options take
  a value is read from the parser, so a flag such as ``doctor
  --password-stdin`` does not hide the argument after it.

Qt-free and dependency-free: the server, the CLI and the support bundle use it.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Sequence

MASK = "***"
# Names of keys and options whose values are secrets.
SECRET_NAME = re.compile(
    r"pass(?:word|wd|phrase)|secret|token|api[_-]?key|credential|private[_-]?key", re.IGNORECASE
)
# scheme://user:password@ ; the password runs to the last "@" before the path, so an
# unencoded "@" inside it is masked too.
_URL_PASSWORD = re.compile(
    r"(?P<head>\b[a-z][a-z0-9+.\-]*://[^\s/@:?#]*:)(?P<password>[^\s/?#]*)(?P<at>@)",
    re.IGNORECASE,
)


def mask_url_passwords(text: str) -> str:
    """``text`` with the password of every ``scheme://user:password@`` replaced by ``***``."""
    return _URL_PASSWORD.sub(lambda m: f"{m['head']}{MASK}{m['at']}", text)


def is_secret_name(name: str) -> bool:
    return SECRET_NAME.search(name) is not None


def secret_value_options(parser: argparse.ArgumentParser) -> set[str]:
    """Every option string, in the parser and its sub-commands, that takes a secret value."""
    found: set[str] = set()
    for action in parser._actions:  # argparse has no public walk of its actions
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= secret_value_options(sub)
        elif action.option_strings and action.nargs != 0:
            names = action.option_strings
            if any(is_secret_name(name) for name in names) or is_secret_name(action.dest):
                found.update(names)
    return found


def mask_argv(argv: Sequence[str], secret_options: Iterable[str] = ()) -> list[str]:
    """A command line fit for a log: URL passwords and secret option values masked.

    ``secret_options`` are the options whose value is a secret (see
    :func:`secret_value_options`); ``--name=value`` of any option whose name
    says secret is masked as well, since that form always carries a value.
    """
    options = set(secret_options)
    masked: list[str] = []
    hide_next = False
    for arg in argv:
        if hide_next:
            masked.append(MASK)
            hide_next = False
            continue
        name, equals, _value = arg.partition("=")
        if arg.startswith("-") and equals and (name in options or is_secret_name(name)):
            masked.append(f"{name}={MASK}")
        elif arg in options:
            masked.append(arg)
            hide_next = True
        else:
            masked.append(mask_url_passwords(arg))
    return masked
