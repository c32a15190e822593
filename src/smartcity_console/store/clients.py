"""Client ids per user and workstation, and the users cache for offline login.

The contract (docs/contracts.md) gives each user on each workstation their own client id, so a
shift change never mixes two people's ops under one ``seq`` numbering; the
same user logging in again on the same workstation gets the same id back.

The users cache also keeps an argon2 hash of the password of the last online
login (never the password), so that user can log in while the server is down;
``sync/auth_client.py`` makes and checks it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from smartcity_console.core.incidents import Role, utc_now
from smartcity_console.store.database import Database
from smartcity_console.store.models import SyncStateRow, UserCacheRow


@dataclass(frozen=True, slots=True)
class CachedUser:
    username: str
    display_name: str
    role: Role
    cached_at: datetime


def client_id_for(db: Database, username: str, workstation: str) -> str:
    """This user's client id on this workstation, made (UUID4) on first use."""
    with db.write() as session:
        client_id = session.scalar(
            select(SyncStateRow.client_id).where(
                SyncStateRow.username == username,
                SyncStateRow.workstation == workstation,
                SyncStateRow.replaced_by.is_(None),
            )
        )
        if client_id is None:
            client_id = str(uuid.uuid4())
            session.add(
                SyncStateRow(
                    client_id=client_id,
                    username=username,
                    workstation=workstation,
                    last_seq=0,
                    cursor=0,
                    created_at=utc_now(),
                )
            )
        return client_id


def cache_user(
    db: Database,
    username: str,
    display_name: str,
    role: Role,
    *,
    password_hash: str | None = None,
) -> None:
    """Remember what an online login said about a user (replacing older news).

    ``password_hash`` replaces the cached one when given; without it the
    cached hash (if any) is kept.
    """
    with db.write() as session:
        row = session.get(UserCacheRow, username)
        if row is None:
            row = UserCacheRow(username=username)
            session.add(row)
        row.display_name = display_name
        row.role = role
        row.cached_at = utc_now()
        if password_hash is not None:
            row.password_hash = password_hash


def cached_password_hash(db: Database, username: str) -> str | None:
    """The hash an offline login is checked against; ``None`` if never cached."""
    with db.read() as session:
        row = session.get(UserCacheRow, username)
        return None if row is None else row.password_hash


def forget_password(db: Database, username: str) -> None:
    """Drop a cached hash the server no longer accepts (changed password, disabled user)."""
    with db.write() as session:
        row = session.get(UserCacheRow, username)
        if row is not None:
            row.password_hash = None


def cached_user(db: Database, username: str) -> CachedUser | None:
    with db.read() as session:
        row = session.get(UserCacheRow, username)
        if row is None:
            return None
        return CachedUser(row.username, row.display_name, Role(row.role), row.cached_at)
