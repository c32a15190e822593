"""Once a second, what the wall's banners show: one read of the store for every wall window.

Signals carry a frozen :class:`IncidentSummary`, so several wall windows (one
per monitor) share one set of queries. The incidents panel's changes (an
acknowledgement on this console) and sync's (another console's) both land in
the same local database, so the next tick shows them; :meth:`refresh` shows
them at once when the caller knows something changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from smartcity_console.core.incidents import Severity, Status, utc_now
from smartcity_console.gui.wall.summary import IncidentSummary, summarize
from smartcity_console.store import IncidentRepository, StoreError, TicketQuery

log = logging.getLogger(__name__)

_CRITICAL_WAITING = TicketQuery(
    statuses=frozenset({Status.NEW}), severities=frozenset({Severity.CRITICAL}), limit=200
)


class IncidentFeed(QObject):
    """Polls the local incident store for the banner.

    Signals:
        changed(IncidentSummary): after every refresh (the banner redraws from it).
        critical_arrived(str): a critical ticket awaiting acknowledgement that
            this feed had not seen before (its title); the wall may beep.
        failed(str): the store could not be read; the last summary stays shown.
    """

    changed = Signal(object)
    critical_arrived = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        repository: IncidentRepository,
        deadlines: Mapping[Severity, timedelta],
        *,
        clock: Callable[[], datetime] = utc_now,
        interval_ms: int = 1000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._repository = repository
        self._deadlines = deadlines
        self._clock = clock
        self._critical_seen: set[str] = set()
        self.summary = IncidentSummary(0, 0, 0, ())
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self.refresh()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def refresh(self) -> IncidentSummary:
        try:
            summary = summarize(self._repository, self._clock(), self._deadlines)
            critical = self._repository.list(_CRITICAL_WAITING)
        except StoreError as exc:
            log.warning("wall: incident store unreadable: %s", exc)
            self.failed.emit(str(exc))
            return self.summary
        self.summary = summary
        self.changed.emit(summary)
        new = [t for t in critical if t.id not in self._critical_seen]
        self._critical_seen = {t.id for t in critical}
        for ticket in new:
            self.critical_arrived.emit(ticket.title)
        return summary
