"""Backoff for failed sign-ins, per user name and per client address, kept in the database.

Without it only argon2's cost limited password guessing, and every guess
cost the server that argon2 time: an unauthenticated way to burn its CPU.
Now each failed sign-in is counted under two keys, the user name and the
client address; past a few free failures a key is blocked for a wait that
doubles with each further failure, up to a cap. A blocked key is refused
with 429 and ``Retry-After`` *before* any password is hashed.

- **Per user** (5 free failures): a password guessed from many addresses
  slows down just the same. Someone can keep a user blocked by failing on
  purpose; the log line of every failure names the address, and the wait
  never exceeds the cap (15 minutes).
- **Per address** (20 free failures: a room of consoles behind one NAT
  mistypes too): many user names tried from one place slow down. An IPv6
  client counts by its /64, which one host usually has whole.
- A success clears the user's count, never the address's (one valid account
  must not reset the count of guesses against the others). A count with no
  failure for an hour starts again, and such rows are deleted at the next
  failure, so the table stays small without a job.

The counts are rows (``login_throttle``), not a dict in a process
(docs/contracts.md: the server keeps no state outside its database), so every
instance behind a load balancer applies the same backoff and a restart does
not reset it. Behind a reverse proxy the client address is the one the proxy
reports (``forwarded_allow_ips``, docs/sync.md).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.models import THROTTLE_KEY_MAX, LoginThrottleRow


@dataclass(frozen=True)
class Backoff:
    """How one kind of key slows down: free failures, then a doubling wait up to a cap."""

    free_failures: int
    first_wait: timedelta = timedelta(seconds=1)
    max_wait: timedelta = timedelta(minutes=15)

    def wait_after(self, failures: int) -> timedelta | None:
        """How long a key is blocked after its ``failures``-th failure (None: not at all)."""
        over = failures - self.free_failures
        if over <= 0:
            return None
        wait: timedelta = self.first_wait * (2 ** min(over - 1, 40))
        return min(wait, self.max_wait)


@dataclass(frozen=True)
class ThrottlePolicy:
    per_user: Backoff = field(default_factory=lambda: Backoff(free_failures=5))
    per_address: Backoff = field(default_factory=lambda: Backoff(free_failures=20))
    # A key with no failure for this long is forgotten (its count starts again).
    forget_after: timedelta = timedelta(hours=1)


def user_key(username: str) -> str:
    return f"user:{username}"[:THROTTLE_KEY_MAX]


def address_key(address: str) -> str:
    """The client's address, IPv6 by its /64 (one host usually holds the whole block)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"address:{address}"[:THROTTLE_KEY_MAX]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return f"address:{ip.ipv4_mapped}"
        return f"address:{ipaddress.IPv6Network((ip, 64), strict=False)}"
    return f"address:{ip}"


def retry_after(db: ServerDatabase, keys: Sequence[str], now: datetime) -> timedelta | None:
    """How long the longest-blocked of ``keys`` still waits; None when none is blocked."""
    with db.read() as session:
        until = session.scalars(
            select(LoginThrottleRow.blocked_until).where(
                LoginThrottleRow.key.in_(keys), LoginThrottleRow.blocked_until > now
            )
        ).all()
    latest = max((u for u in until if u is not None), default=None)
    return latest - now if latest is not None else None


def _locked_row(session: Session, key: str, now: datetime) -> LoginThrottleRow:
    """The key's row, made if missing, locked until the transaction ends.

    Insert-if-missing then SELECT ... FOR UPDATE: two instances failing the
    same key at once on PostgreSQL neither collide on the primary key nor
    lose a count (SQLite's BEGIN IMMEDIATE serializes writers anyway).
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(LoginThrottleRow)
        .values(key=key, failures=0, last_failure_at=now, blocked_until=None)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    return session.scalars(
        select(LoginThrottleRow)
        .where(LoginThrottleRow.key == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def record_failure(
    db: ServerDatabase, username: str, address: str, policy: ThrottlePolicy, now: datetime
) -> None:
    """Count one failed sign-in against the user name and the address; block past the limit."""
    with db.write() as session:
        session.execute(
            delete(LoginThrottleRow).where(
                LoginThrottleRow.last_failure_at < now - policy.forget_after
            )
        )
        # Always in this order, so two transactions never wait on each other's second lock.
        for key, backoff in ((user_key(username), policy.per_user),
                             (address_key(address), policy.per_address)):  # fmt: skip
            row = _locked_row(session, key, now)
            stale = row.last_failure_at < now - policy.forget_after
            row.failures = 1 if stale else row.failures + 1
            row.last_failure_at = now
            wait = backoff.wait_after(row.failures)
            row.blocked_until = now + wait if wait is not None else None


def record_success(session: Session, username: str) -> None:
    """Clear the user's count (in the login's own write transaction); the address keeps its."""
    session.execute(delete(LoginThrottleRow).where(LoginThrottleRow.key == user_key(username)))
