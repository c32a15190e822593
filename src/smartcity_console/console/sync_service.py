"""The sync task's lifecycle for one signed-in user (no Qt; docs/sync.md).

The engine runs as a task in the running loop (qasync's in the product,
``asyncio.run`` in a headless test). The server's MQTT poke arrives on the
MQTT receive thread and is handed to the loop with ``call_soon_threadsafe``;
nothing else crosses threads. What the status bar says about it, and the
box that shows refused changes, are the GUI's (gui/shell/sync_status.py).
"""

from __future__ import annotations

import asyncio
import contextlib

from smartcity_console.store import Database, sync_apply
from smartcity_console.store.sync_apply import Rejection
from smartcity_console.sync.engine import SyncEngine


class SyncService:
    """Starts, pokes and stops one :class:`SyncEngine`; idempotent to stop."""

    def __init__(self, engine: SyncEngine, db: Database, username: str) -> None:
        self.engine = engine
        self.username = username
        self._db = db
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Run the engine as a task of the running loop."""
        self._loop = asyncio.get_running_loop()
        self._task = self._loop.create_task(self.engine.run(), name="sync")

    async def stop(self) -> None:
        """End the task and close the engine's HTTP client; a second call does nothing."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if not self._closed:
            self._closed = True
            await self.engine.aclose()

    def poke_from_any_thread(self, _payload: bytes = b"") -> None:
        """The server's poke (MQTT thread) or a local change: sync soon."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.engine.poke)

    def changed_here(self) -> None:
        """A change was just saved at this console: count it and push it now."""
        self.engine.refresh_pending()

    def earlier_rejections(self) -> list[Rejection]:
        """Changes of this user the server refused in an earlier session, not yet seen."""
        return sync_apply.unseen_rejections(self._db, self.username, mark=False)

    def rejections_seen(self, rejections: list[Rejection]) -> None:
        """The author has read why: not shown again, and no longer counted as waiting."""
        sync_apply.mark_seen(self._db, [r.op_id for r in rejections])
        self.engine.refresh_pending()
