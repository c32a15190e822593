"""Consoles without windows: each its own SQLite file, signed-in user and sync engine.

What `make demo` runs twice (two data directories, one sync server), minus
the GUI: login through the real auth client, changes through the real
repository, sync through the real engine over HTTP.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from smartcity_console.store import Database, open_database
from smartcity_console.store.repository import IncidentRepository
from smartcity_console.sync import auth_client
from smartcity_console.sync.engine import SyncEngine, SyncStatus
from smartcity_console.sync.token_store import TokenStore

PASSWORD = "kartini-2025"  # noqa: S105 (the test accounts' password)


class HeadlessConsole:
    """One workstation: ``login`` as a user, change incidents, ``sync`` when online."""

    def __init__(self, path: Path, server_url: str, workstation: str) -> None:
        self.db: Database = open_database(path)
        self.server_url = server_url
        self.workstation = workstation
        self.tokens = TokenStore(use_keyring=False)
        self.user: str | None = None
        self.repo: IncidentRepository | None = None
        self.status: SyncStatus | None = None
        self.rejections: list[Any] = []

    def login(self, username: str, password: str = PASSWORD) -> IncidentRepository:
        session = auth_client.login(
            self.server_url,
            username,
            password,
            db=self.db,
            workstation=self.workstation,
            tokens=self.tokens,
        )
        self.user = session.username
        self.repo = IncidentRepository(
            self.db, session.username, session.role, self.workstation, session.client_id
        )
        return self.repo

    @property
    def r(self) -> IncidentRepository:
        assert self.repo is not None, "log in first"
        return self.repo

    def token_for(self, username: str) -> str | None:
        stored = self.tokens.load(self.server_url, username)
        return None if stored is None else stored.token

    def engine(self, http: httpx.AsyncClient, **options: Any) -> SyncEngine:
        engine = SyncEngine(
            self.db, self.server_url, self.token_for, lambda: self.user, http=http, **options
        )
        engine.listeners.rejections.append(self.rejections.extend)
        return engine

    def sync(self, **options: Any) -> bool:
        """One round (push, then pull everything); whether the server answered."""

        async def once() -> tuple[bool, SyncStatus]:
            async with httpx.AsyncClient(timeout=10) as http:
                engine = self.engine(http, **options)
                answered = await engine.sync_once()
                return answered, engine.status

        answered, self.status = asyncio.run(once())
        return answered

    def tickets(self) -> dict[str, dict[str, Any]]:
        """Every ticket as the console shows it (the snapshot's fields, plus close reason)."""
        shown = {}
        for ticket in self.r.list():
            shown[ticket.id] = {**ticket.snapshot(), "close_reason": ticket.close_reason}
        return shown

    def histories(self) -> dict[str, list[tuple[str, str, str, str]]]:
        """Each ticket's history as (event id, kind, author, workstation)."""
        return {
            ticket_id: [(e.id, e.kind, e.author, e.workstation) for e in self.r.history(ticket_id)]
            for ticket_id in self.tickets()
        }

    def close(self) -> None:
        self.db.close()
