"""User accounts on the sync server: names, roles, argon2 password hashes.

Shared by the ``users`` commands, the demo seeding and the login endpoint, so
the rules (what a user name may look like, how short a password may be, how
it is hashed) live in one place. Hashing happens outside any database
transaction: argon2 is slow on purpose, and a write lock held meanwhile
would stall every other login on SQLite.

User names are lower-case (``canonical_username``) so "Sari" and "sari"
cannot become two people whose events look alike in a ticket's history.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from smartcity_console.core.incidents import USERNAME_MAX, Role, utc_now
from smartcity_console.passwords import password_hasher
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.models import DISPLAY_NAME_MAX, TokenRow, UserRow

PASSWORD_MIN = 8
PASSWORD_MAX = 256  # argon2 pre-hashes, but a bound keeps request bodies small
_USERNAME = re.compile(rf"[a-z0-9][a-z0-9._-]{{0,{USERNAME_MAX - 1}}}")
Problem = Literal["bad_name", "bad_role", "weak_password", "duplicate", "unknown"]


class UserError(ValueError):
    """A refused account change; ``str()`` is one sentence, ``problem`` for code."""

    def __init__(self, message: str, *, problem: Problem) -> None:
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class UserInfo:
    """What may be shown about a user: never the password hash."""

    username: str
    display_name: str
    role: Role
    disabled: bool
    created_at: datetime


def canonical_username(name: str) -> str:
    """The form user names are stored and looked up in (stripped, lower-case)."""
    return name.strip().lower()


def validate_username(name: str) -> str:
    username = canonical_username(name)
    if not _USERNAME.fullmatch(username):
        raise UserError(
            f"invalid user name {name!r}: use 1 to {USERNAME_MAX} lower-case letters, digits, "
            "'.', '_' or '-', starting with a letter or digit",
            problem="bad_name",
        )
    return username


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        roles = ", ".join(Role)
        raise UserError(f"unknown role {text!r}; use one of {roles}", problem="bad_role") from None


def validate_password(password: str) -> str:
    if len(password) < PASSWORD_MIN:
        raise UserError(
            f"the password is too short ({len(password)} characters); use at least {PASSWORD_MIN}",
            problem="weak_password",
        )
    if len(password) > PASSWORD_MAX:
        raise UserError(
            f"the password is too long ({len(password)} characters); use at most {PASSWORD_MAX}",
            problem="weak_password",
        )
    if not password.strip():
        raise UserError("the password is only white space", problem="weak_password")
    return password


def _display_name(text: str | None, username: str) -> str:
    name = (text or "").strip() or username
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise UserError("the display name contains control characters", problem="bad_name")
    if len(name) > DISPLAY_NAME_MAX:
        raise UserError(
            f"the display name is too long ({len(name)} characters); "
            f"use at most {DISPLAY_NAME_MAX}",
            problem="bad_name",
        )
    return name


def verify_password(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    """Whether ``password`` matches; a damaged hash counts as a mismatch, not a crash."""
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _info(row: UserRow) -> UserInfo:
    return UserInfo(row.username, row.display_name, Role(row.role), row.disabled, row.created_at)


def add_user(
    db: ServerDatabase,
    username: str,
    role: Role | str,
    password: str,
    *,
    display_name: str | None = None,
    hasher: PasswordHasher | None = None,
) -> UserInfo:
    """Create an enabled user; :class:`UserError` if the name is taken or anything is invalid."""
    name = validate_username(username)
    checked_role = role if isinstance(role, Role) else parse_role(role)
    shown = _display_name(display_name, name)
    password_hash = (hasher or password_hasher()).hash(validate_password(password))
    duplicate = UserError(f"user {name!r} already exists", problem="duplicate")
    try:
        with db.write() as session:
            if session.get(UserRow, name) is not None:
                raise duplicate
            row = UserRow(
                username=name,
                display_name=shown,
                role=str(checked_role),
                password_hash=password_hash,
                disabled=False,
                created_at=utc_now(),
            )
            session.add(row)
            session.flush()
            return _info(row)
    except IntegrityError:  # another process added the same name meanwhile
        raise duplicate from None


def list_users(db: ServerDatabase) -> Sequence[UserInfo]:
    with db.read() as session:
        return [_info(row) for row in session.scalars(select(UserRow).order_by(UserRow.username))]


def find_user(db: ServerDatabase, username: str) -> UserInfo | None:
    with db.read() as session:
        row = session.get(UserRow, canonical_username(username))
        return None if row is None else _info(row)


def _existing(row: UserRow | None, username: str) -> UserRow:
    if row is None:
        raise UserError(f"no user {username!r}", problem="unknown")
    return row


def set_password(
    db: ServerDatabase, username: str, password: str, *, hasher: PasswordHasher | None = None
) -> None:
    """Replace the password and end every session of the user (their tokens stop working)."""
    name = canonical_username(username)
    password_hash = (hasher or password_hasher()).hash(validate_password(password))
    with db.write() as session:
        _existing(session.get(UserRow, name), name).password_hash = password_hash
        session.execute(delete(TokenRow).where(TokenRow.username == name))


def set_disabled(db: ServerDatabase, username: str, disabled: bool) -> bool:
    """Disable (ending every session) or enable a user; whether anything changed."""
    name = canonical_username(username)
    with db.write() as session:
        row = _existing(session.get(UserRow, name), name)
        changed = row.disabled != disabled
        row.disabled = disabled
        if disabled:
            session.execute(delete(TokenRow).where(TokenRow.username == name))
        return changed
