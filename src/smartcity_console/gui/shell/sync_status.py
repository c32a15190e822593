"""The sync task in the GUI: runs the engine in qasync's loop, and says how it goes.

The status bar carries one permanent label: "Synced", "3 changes waiting",
"Offline since 14:02" or the last error, coloured so a glance from across
the room tells which, and "2 changes not accepted by the server" until
their author has closed the box that says why. A rejected change is shown
to its author in a non-modal box with the reason (the ticket already shows
the server's state again, and names the refused change). The server's MQTT
poke arrives on the MQTT thread and is handed to the loop with
``call_soon_threadsafe``; nothing else crosses threads.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from smartcity_console.core.clock import WIB
from smartcity_console.store import Database, sync_apply
from smartcity_console.store.sync_apply import Rejection
from smartcity_console.sync.engine import SyncEngine, SyncStatus

_COLOURS = {"synced": "#3fb950", "pending": "#d29922", "offline": "#f85149", "error": "#f85149"}


class SyncController(QObject):
    """Owns the sync task for one signed-in user.

    Signals:
        status_changed(SyncStatus): the engine's state changed.
        tickets_changed(set[str]): a pull or a rejection changed these tickets.
    """

    status_changed = Signal(object)
    tickets_changed = Signal(object)

    def __init__(
        self, engine: SyncEngine, db: Database, username: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self._db = db
        self.username = username
        self._parent = parent
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.label = QLabel(parent)
        self.label.setObjectName("syncStatus")
        self._boxes: list[QMessageBox] = []
        engine.listeners.status.append(self.status_changed.emit)
        engine.listeners.tickets.append(self.tickets_changed.emit)
        engine.listeners.rejections.append(self._on_rejections)
        self.status_changed.connect(self._show)
        self._show(engine.status)

    def start(self) -> None:
        """Start the task in the running loop; show rejections left from an earlier session."""
        self._loop = asyncio.get_running_loop()
        self._task = self._loop.create_task(self.engine.run(), name="sync")
        earlier = sync_apply.unseen_rejections(self._db, self.username, mark=False)
        if earlier:
            self._tell(earlier)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.engine.aclose()

    def poke_from_any_thread(self, _payload: bytes = b"") -> None:
        """The server's poke (MQTT thread) or a local change: sync soon."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.engine.poke)

    def changed_here(self) -> None:
        """A change was just saved at this console: count it and push it now."""
        self.engine.refresh_pending()

    def text(self) -> str:
        return self.describe(self.engine.status)

    def describe(self, status: SyncStatus) -> str:
        text = self._state_text(status)
        if status.refused:
            text += " · " + self.tr("{} changes not accepted by the server").format(status.refused)
        return text

    def _state_text(self, status: SyncStatus) -> str:
        if status.state == "offline" and status.offline_since is not None:
            since = status.offline_since.astimezone(WIB).strftime("%H:%M")
            text = self.tr("Sync offline since {} WIB").format(since)
            if status.pending:
                text += " · " + self.tr("{} changes waiting").format(status.pending)
            return text
        if status.state == "error":
            text = self.tr("Sync error: {}").format(status.last_error or "")
            if status.pending:
                text += " · " + self.tr("{} changes waiting").format(status.pending)
            return text
        if status.pending:
            text = self.tr("{} changes waiting to sync").format(status.pending)
            if status.waiting_for_login:
                text += " · " + self.tr("{} must sign in again").format(
                    ", ".join(status.waiting_for_login)
                )
            return text
        if status.state == "synced":
            return self.tr("Synced")
        return self.tr("Sync starting…")

    def _show(self, status: SyncStatus) -> None:
        self.label.setText(self.describe(status))
        colour = _COLOURS.get(status.state)
        self.label.setStyleSheet(f"color: {colour}; font-weight: 600;" if colour else "")
        self.label.setToolTip(status.last_error or "")

    def _on_rejections(self, rejections: list[Rejection]) -> None:
        mine = [r for r in rejections if r.author == self.username]
        if mine:
            self._tell(mine)
        self.tickets_changed.emit({r.ticket_id for r in rejections})

    def _acknowledged(self, rejections: list[Rejection]) -> None:
        """The author closed the box: not shown again, and no longer counted in the bar."""
        sync_apply.mark_seen(self._db, [r.op_id for r in rejections])
        self.engine.refresh_pending()

    def _tell(self, rejections: list[Rejection]) -> None:
        lines = [
            f"• {r.ticket_title or r.ticket_id}: {self._kind(r.kind)} — {r.reason}"
            for r in rejections
        ]
        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Change refused by the server"))
        box.setText(
            self.tr(
                "The sync server refused {} of your changes; the incidents show its state again."
            ).format(len(rejections))
        )
        box.setInformativeText("\n".join(lines))
        box.setObjectName("syncRejections")
        self._boxes.append(box)

        def closed(_result: int, b: QMessageBox = box) -> None:
            if b in self._boxes:
                self._boxes.remove(b)
            self._acknowledged(rejections)

        box.finished.connect(closed)
        box.open()

    def _kind(self, kind: str) -> str:
        names: dict[str, Callable[[], str]] = {
            "create": lambda: self.tr("create"),
            "edit": lambda: self.tr("edit"),
            "transition": lambda: self.tr("status change"),
            "comment": lambda: self.tr("comment"),
            "assign": lambda: self.tr("assignment"),
        }
        return names.get(kind, lambda: kind)()
