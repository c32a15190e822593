"""The demo's accounts (sim/demo_accounts.py) put into the demo's own server database.

Only ``smartcity-console demo`` seeds them, into the demo's own server
database. Their passwords are public, so they must never reach a real
server's database: give ``demo`` a database file of its own rather than the
default ``serve`` uses.
"""

from __future__ import annotations

from smartcity_console.server.database import open_server_database
from smartcity_console.server.users import UserError, add_user, list_users
from smartcity_console.sim.demo_accounts import DEMO_ACCOUNTS


def seed_demo_users(database_url: str) -> list[str]:
    """Create the demo accounts that are missing; the names created (none on a rerun).

    An account that exists is left alone, password included, so a demo user
    who changed theirs keeps it.
    """
    db = open_server_database(database_url)
    created: list[str] = []
    try:
        existing = {user.username for user in list_users(db)}
        for account in DEMO_ACCOUNTS:
            if account.username in existing:
                continue  # checked first: hashing a password only to discard it is slow
            try:
                add_user(
                    db,
                    account.username,
                    account.role,
                    account.password,
                    display_name=account.display_name,
                )
            except UserError as exc:
                if exc.problem != "duplicate":
                    raise
            else:
                created.append(account.username)
    finally:
        db.close()
    return created
