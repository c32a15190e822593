"""Reading the incident list off the GUI thread: one worker, the latest request wins.

At a million tickets a page, a count and the two status-bar counts take
tens of milliseconds even with the indexes of migration 0007, more while a
sync writes; on the GUI thread that is a frozen frame every second. The
panel's 1 Hz refresh, a new filter and a scroll jump therefore become a
:class:`ListRequest` for a worker thread, which reads through the
repository (its engine's pool gives the thread its own SQLite connection;
WAL lets it read while another connection writes) and hands back a
:class:`ListSnapshot`. Only the newest request is read (older waiting ones
are dropped), and the model drops a snapshot that answers an older query
or an older refresh than one it already shows. Qt-free on the worker side;
the one Qt object is the signal that brings the answer to the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from smartcity_console.core.incidents import Status
from smartcity_console.store import (
    IncidentRepository,
    StoreError,
    Ticket,
    TicketQuery,
    TicketRows,
)


@dataclass(frozen=True, slots=True)
class ListRequest:
    """A window of ``size`` rows from row ``first`` of ``query``, and the counts."""

    query: TicketQuery
    generation: int  # the model's query generation: answers to another query are dropped
    sequence: int  # increasing per request: an older answer never replaces a newer one
    first: int
    size: int
    counts: bool = False  # also the escalated and awaiting-acknowledgement counts


@dataclass(frozen=True, slots=True)
class ListSnapshot:
    request: ListRequest
    first: int
    rows: Sequence[Ticket] = field(default_factory=TicketRows)  # built as Qt asks for them
    total: int = 0
    escalated: int | None = None
    waiting: int | None = None
    error: str | None = None


def read_window(repository: IncidentRepository, request: ListRequest) -> ListSnapshot:
    """What a request asks for, read on the calling thread (the worker, or a test's)."""
    try:
        first, total, rows = repository.window(request.query, request.first, request.size)
        escalated = waiting = None
        if request.counts:
            escalated = repository.count(TicketQuery(escalated=True))
            waiting = repository.count(TicketQuery(statuses=frozenset({Status.NEW})))
    except StoreError as exc:
        return ListSnapshot(request, request.first, error=str(exc))
    return ListSnapshot(
        request,
        first,
        rows,
        max(total, first + len(rows)),
        escalated,
        waiting,
    )


class _Worker:
    """The thread's side, a plain object: it outlives the QObject safely and stops with it."""

    def __init__(
        self,
        repository: IncidentRepository,
        reader: Callable[[IncidentRepository, ListRequest], ListSnapshot],
        deliver: Callable[[ListSnapshot], None],
    ) -> None:
        self._repository = repository
        self._reader = reader
        self._deliver = deliver
        self._wanted: ListRequest | None = None
        self._stopped = False
        self._wake = threading.Condition()
        self.ident: int | None = None
        self.thread = threading.Thread(target=self._run, name="incident-list", daemon=True)

    def request(self, request: ListRequest) -> None:
        with self._wake:
            self._wanted = request
            self._wake.notify()

    def stop(self, *_args: object) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()

    def stop_and_wait(self, timeout_s: float = 5.0) -> None:
        """Stop, and let a read in flight finish: nothing reads the file once this returns.

        The console closes its database right after its window; a read still
        running on the worker's connection then raced that close.
        """
        self.stop()
        if self.thread.is_alive() and threading.current_thread() is not self.thread:
            self.thread.join(timeout_s)

    def _run(self) -> None:
        self.ident = threading.get_ident()
        while True:
            with self._wake:
                while self._wanted is None and not self._stopped:
                    self._wake.wait()
                if self._stopped:
                    return
                request, self._wanted = self._wanted, None
            if request is None:
                continue
            snapshot = self._reader(self._repository, request)
            with self._wake:
                if self._stopped:
                    return  # nobody waits for it: the panel is going away
            try:
                self._deliver(snapshot)
            except RuntimeError:  # the panel (and the loader) went away meanwhile
                return


class ListLoader(QObject):
    """A daemon thread that reads :class:`ListRequest` s; ``loaded`` arrives on the GUI thread.

    The thread stops when the loader is destroyed (with its panel) or :meth:`stop` is called.

    Signals:
        loaded(ListSnapshot): the answer to the newest request read.
    """

    loaded = Signal(object)

    def __init__(
        self,
        repository: IncidentRepository,
        parent: QObject | None = None,
        *,
        reader: Callable[[IncidentRepository, ListRequest], ListSnapshot] = read_window,
    ) -> None:
        super().__init__(parent)
        self._worker = _Worker(repository, reader, self.loaded.emit)
        worker = self._worker
        self.destroyed.connect(lambda *_: worker.stop_and_wait())
        self._worker.thread.start()

    @property
    def thread_ident(self) -> int | None:
        """The worker thread's identity (tests assert reads happen there, not on the GUI's)."""
        return self._worker.ident

    def request(self, request: ListRequest) -> None:
        """Read ``request`` next, replacing one still waiting."""
        self._worker.request(request)

    def stop(self) -> None:
        """Stop reading; returns once a read in flight has finished."""
        self._worker.stop_and_wait()
