"""The sync task in the GUI: says how the console's sync service goes.

The status bar carries one permanent label: "Synced", "3 changes waiting",
"Offline since 14:02" or the last error, coloured so a glance from across
the room tells which, and "2 changes not accepted by the server" until
their author has closed the box that says why. A rejected change is shown
to its author in a non-modal box with the reason (the ticket already shows
the server's state again, and names the refused change). The task itself,
its start, stop and pokes, is console/sync_service.py's.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from smartcity_console.console.sync_service import SyncService
from smartcity_console.core.clock import WIB
from smartcity_console.store.sync_apply import Rejection
from smartcity_console.sync.engine import SyncStatus

_COLOURS = {"synced": "#3fb950", "pending": "#d29922", "offline": "#f85149", "error": "#f85149"}


class SyncController(QObject):
    """The view of one signed-in user's :class:`SyncService`.

    Signals:
        status_changed(SyncStatus): the engine's state changed.
        tickets_changed(set[str]): a pull or a rejection changed these tickets.
    """

    status_changed = Signal(object)
    tickets_changed = Signal(object)

    def __init__(self, service: SyncService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.engine = service.engine
        self.username = service.username
        self._parent = parent
        self.label = QLabel(parent)
        self.label.setObjectName("syncStatus")
        self._boxes: list[QMessageBox] = []
        self.engine.listeners.status.append(self.status_changed.emit)
        self.engine.listeners.tickets.append(self.tickets_changed.emit)
        self.engine.listeners.rejections.append(self._on_rejections)
        self.status_changed.connect(self._show)
        self._show(self.engine.status)

    def show_earlier_rejections(self) -> None:
        """Rejections left from an earlier session: shown once the window is there."""
        earlier = self.service.earlier_rejections()
        if earlier:
            self._tell(earlier)

    def changed_here(self) -> None:
        """A change was just saved at this console: count it and push it now."""
        self.service.changed_here()

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
        self.service.rejections_seen(rejections)

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
            "shelve": lambda: self.tr("shelving"),
            "unshelve": lambda: self.tr("end of a shelf"),
        }
        return names.get(kind, lambda: kind)()
