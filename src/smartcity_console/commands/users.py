"""``smartcity-console users``: manage the sync server's users in its database.

An administrator in the server room runs these against the server's own
database (``--database``, the same URL as ``serve``), not through the HTTP
API: the first admin has to exist before anyone can log in. The schema is
migrated first, so they work on a fresh database too. Passwords come from a
twice-asked prompt, or from stdin with ``--password-stdin`` for scripts;
never from the command line, where ``ps`` and the shell history would keep
them. Every problem is one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from sqlalchemy.exc import SQLAlchemyError

from smartcity_console.core.incidents import Role
from smartcity_console.server.database import (
    ServerDatabase,
    ServerDatabaseError,
    default_database_url,
    display_url,
    open_server_database,
)
from smartcity_console.server.users import (
    PASSWORD_MIN,
    UserError,
    UserInfo,
    add_user,
    canonical_username,
    find_user,
    list_users,
    parse_role,
    set_disabled,
    set_password,
    validate_password,
    validate_username,
)

_ROLES = "|".join(Role)


class _RefusedError(Exception):
    """A one-line reason to stop, printed as ``error: ...``."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``users`` and its subcommands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database",
        metavar="URL",
        help="the sync server's database, as for serve (default: its SQLite file)",
    )
    users = subparsers.add_parser(
        "users",
        help="manage the sync server's users",
        description="Add, list, change and disable the users of the sync server, "
        "directly in its database.",
    )
    sub = users.add_subparsers(dest="users_command", metavar="SUBCOMMAND", required=True)

    add = sub.add_parser("add", parents=[common], help="add a user")
    add.add_argument("name", metavar="NAME", help="user name (lower-case letters, digits, . _ -)")
    add.add_argument("--role", required=True, metavar=_ROLES, help="what the user may do")
    add.add_argument("--display-name", metavar="TEXT", help="name shown in the console")
    _password_stdin(add)

    sub.add_parser("list", parents=[common], help="list users, their roles and status")

    passwd = sub.add_parser("passwd", parents=[common], help="set a user's password")
    passwd.add_argument("name", metavar="NAME")
    _password_stdin(passwd)

    disable = sub.add_parser(
        "disable", parents=[common], help="stop a user logging in (ends their sessions)"
    )
    disable.add_argument("name", metavar="NAME")
    enable = sub.add_parser("enable", parents=[common], help="let a disabled user log in again")
    enable.add_argument("name", metavar="NAME")


def _password_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin instead of asking twice",
    )


def read_password(from_stdin: bool, *, stdin: TextIO | None = None) -> str:
    """The new password: stdin's first line, or typed twice at a hidden prompt."""
    stream = stdin or sys.stdin
    if from_stdin:
        line = stream.readline()
        password = line[:-1] if line.endswith("\n") else line
        password = password.removesuffix("\r")
        if not password:
            raise _RefusedError("no password on stdin (give it as the first line)")
    else:
        if not stream.isatty():
            raise _RefusedError(
                "no terminal to ask for the password; pipe it in and add --password-stdin"
            )
        try:
            password = getpass.getpass(f"New password (at least {PASSWORD_MIN} characters): ")
            again = getpass.getpass("Repeat the password: ")
        except EOFError:
            raise _RefusedError("no password given; nothing was changed") from None
        if password != again:
            raise _RefusedError("the two passwords differ; nothing was changed")
    return validate_password(password)


def _add(db: ServerDatabase, args: argparse.Namespace) -> str:
    name = validate_username(args.name)
    role = parse_role(args.role)
    if find_user(db, name) is not None:
        # Before the prompt: nobody should type a password twice to learn this.
        raise UserError(f"user {name!r} already exists", problem="duplicate")
    user = add_user(
        db, name, role, read_password(args.password_stdin), display_name=args.display_name
    )
    return f"added {user.role} {user.username!r} ({user.display_name})"


def _known(db: ServerDatabase, name: str) -> str:
    user = find_user(db, name)
    if user is None:
        raise UserError(f"no user {canonical_username(name)!r}", problem="unknown")
    return user.username


def _table(users: list[UserInfo]) -> str:
    if not users:
        return "no users yet; add the first with: smartcity-console users add NAME --role admin"
    rows = [("USER", "ROLE", "STATUS", "CREATED (UTC)", "DISPLAY NAME")]
    rows += [
        (
            u.username,
            str(u.role),
            "disabled" if u.disabled else "enabled",
            u.created_at.strftime("%Y-%m-%d %H:%M"),
            u.display_name,
        )
        for u in users
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join([*(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)), row[4]])
        for row in rows
    )


def _dispatch(db: ServerDatabase, args: argparse.Namespace) -> str:
    match args.users_command:
        case "add":
            return _add(db, args)
        case "list":
            return _table(list(list_users(db)))
        case "passwd":
            name = _known(db, args.name)
            set_password(db, name, read_password(args.password_stdin))
            return f"changed the password of {name!r}; their sessions have ended"
        case "disable":
            name = _known(db, args.name)
            if not set_disabled(db, name, True):
                return f"{name!r} was already disabled"
            return f"disabled {name!r}; their sessions have ended"
        case "enable":
            name = _known(db, args.name)
            changed = set_disabled(db, name, False)
            return f"enabled {name!r}" if changed else f"{name!r} was already enabled"
    raise _RefusedError(f"unknown users command {args.users_command!r}")


def run(args: argparse.Namespace) -> int:
    """Run one ``users`` subcommand; 0 on success, 1 with one line on stderr otherwise."""
    url = args.database or default_database_url()
    try:
        if args.users_command == "add":  # say what is wrong before connecting anywhere
            validate_username(args.name)
            parse_role(args.role)
        db = open_server_database(url)
        try:
            print(_dispatch(db, args))
        finally:
            db.close()
    except (UserError, ServerDatabaseError, _RefusedError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        print(
            f"error: cannot use the database at {display_url(url)}: "
            f"{reason[0] if reason else type(exc).__name__}",
            file=sys.stderr,
        )
        return 1
    return 0
