"""Instant backfill: the console's plots filled from the historian, not from its uptime.

A console keeps 1 hour of raw readings, 24 hours of minutes and 7 days of
10-minute buckets per series (core/series.py), but only of what it received
while it ran. This service asks the sync server's history API
(docs/history.md) for what it missed and merges it *below* the live
readings (``SeriesStore.merge_history``): a console started after a night
off shows the night, the wall's 7-day window is full from its first minute.

When it asks:

* at start, and at sign-in (``sync_started``): every tier's whole horizon;
* after the broker link comes back: from when it went down;
* when the operator scrolls a plot back past what has been filled
  (:meth:`HistoryBackfill.want`), or a view asks (:meth:`HistoryBackfill.request`).

Which series: those the historian's catalogue has that the config's
``[[feeds]]`` subscribe to (what this console would plot), at most
``max_series``. The HTTP calls run on a worker thread of their own
(``history/client.py``, blocking httpx), never on the thread that ticks;
the answers are merged on a later :meth:`tick` (the GUI's thread in the
product), vectorised per series. When the historian cannot be reached the
status says so (:attr:`HistoryBackfill.status`, shown in the status bar)
and the console plots what it has; live readings are never held up.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import httpx

from smartcity_console.console.history_archive import HistoryArchive
from smartcity_console.console.session import console_server_verify
from smartcity_console.core.i18n import Message
from smartcity_console.core.series import FloatArray, HistoryLimits
from smartcity_console.core.tiers import TierView
from smartcity_console.core.topics import matches
from smartcity_console.history.client import (
    HistoryUnavailable,
    HistoryWindow,
    fetch_catalogue,
    fetch_window,
)

if TYPE_CHECKING:
    from smartcity_console.console.app import ConsoleApp
    from smartcity_console.console.sync_service import SyncService

log = logging.getLogger(__name__)

State = Literal["idle", "loading", "done", "unavailable", "signed-out"]
# Raw readings asked at most this many points per request (above, the server buckets them).
_RAW_POINTS = 10_000


@dataclass(frozen=True, slots=True)
class Span:
    """A window of the past to fill: ``[start, end)`` in epoch seconds, for ``names`` or all."""

    start: float
    end: float
    names: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class SeriesPast:
    """What the historian holds of one series, ready to merge."""

    name: str
    unit: str | None
    raw: tuple[FloatArray, FloatArray, float] | None
    buckets: tuple[tuple[float, TierView], ...]
    state: bool = False  # a two-valued series (door, pump): plots draw steps


@dataclass(slots=True)
class BackfillStatus:
    """How the backfill goes; ``message`` is what the status bar shows (None: nothing to say)."""

    state: State = "idle"
    detail: str = ""
    series: int = 0  # series merged by the last fill
    merged: int = 0  # readings and buckets merged so far
    fills: int = 0  # fills completed
    finished_at: float | None = None
    message: Message | None = field(default=None)


def tier_requests(limits: HistoryLimits, span: Span) -> list[tuple[float, float, int, float]]:
    """(start, end, points, width) per store tier overlapping ``span``: raw, minutes, 10 minutes.

    Each request is aligned to its tier's buckets and asks as many points as
    the tier has buckets, so the server answers from the rollup of that width
    (history/query.py: ``choose``); raw asks one point a second.
    """
    out: list[tuple[float, float, int, float]] = []
    end = span.end
    raw_start = max(span.start, end - limits.raw_window_s)
    if raw_start < end:
        points = int(min(max(end - raw_start, 10), _RAW_POINTS))
        out.append((raw_start, end, points, 0.0))
    for width, slots in limits.tiers():
        start = max(span.start, end - width * (slots - 1))
        stop = (math.floor(end / width) + 1) * width
        # At least the API's 10 points, each exactly the tier's width (a short gap
        # asks a little more, so the server answers from the rollup of that width).
        start = min(math.floor(start / width) * width, stop - 10 * width)
        out.append((start, stop, round((stop - start) / width), width))
    return out


def _view(window: HistoryWindow) -> TierView:
    return TierView(
        t=window.t, mean=window.mean, min=window.min, max=window.max, count=window.count
    )


def fetch_past(
    client: httpx.Client,
    limits: HistoryLimits,
    span: Span,
    topic_filters: Sequence[str],
    max_series: int,
) -> list[SeriesPast]:
    """The historian's past of the series to fill over ``span`` (blocking; a worker thread).

    Raises :class:`HistoryUnavailable` when the server cannot be asked.
    """
    if span.names is not None:
        names = list(span.names)
    else:
        catalogue = fetch_catalogue(client)
        names = [
            info.name
            for info in catalogue
            if info.last_t is not None
            and info.last_t >= span.start
            and any(matches(f, info.name.split("#", 1)[0]) for f in topic_filters)
        ][:max_series]
    if not names:
        return []
    raw: dict[str, tuple[FloatArray, FloatArray, float]] = {}
    buckets: dict[str, list[tuple[float, TierView]]] = {name: [] for name in names}
    units: dict[str, str | None] = {}
    states: dict[str, bool] = {}
    for start, end, points, width in tier_requests(limits, span):
        for name, window in fetch_window(client, names, start, end, points).items():
            if not window.known or not len(window):
                continue
            units[name] = window.unit
            states[name] = window.state
            if width == 0.0 and window.resolution == "raw" and window.bucket_s == 0.0:
                raw[name] = (window.t, window.mean, start)
            elif window.bucket_s > 0:
                buckets[name].append((window.bucket_s, _view(window)))
    return [
        SeriesPast(
            name, units.get(name), raw.get(name), tuple(buckets[name]), states.get(name, False)
        )
        for name in names
        if name in units
    ]


class HistoryBackfill:
    """A :class:`~smartcity_console.console.services.ConsoleService` filling the store's past.

    ``client`` makes an httpx client for the server (base URL, TLS, bearer
    token); by default from the app's config and the operator's kept token.
    ``token`` overrides where the token comes from (a test's sign-in).
    """

    name = "history-backfill"

    def __init__(
        self,
        *,
        client: Callable[[], httpx.Client] | None = None,
        token: Callable[[], str | None] | None = None,
        max_series: int = 1000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.status = BackfillStatus()
        self.listeners: list[Callable[[BackfillStatus], None]] = []
        self._client_factory = client
        self._token = token
        self._max_series = max_series
        self._clock = clock
        self._app: ConsoleApp | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._pending: list[tuple[Span, Future[list[SeriesPast]]]] = []
        self._link_up: bool | None = None
        self._down_since: float | None = None
        self._filled_since: float | None = None  # the oldest start of a fill that succeeded
        # Past the store's 7 days a plot asks the historian itself, through this.
        self.archive = HistoryArchive(lambda: (self._client_factory or self._default_client)())

    # --- the service -------------------------------------------------------------------

    def start(self, app: ConsoleApp) -> None:
        self._app = app
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="history-backfill")
        app.events.sync_started.subscribe(self._on_sign_in)
        self.fill_all()

    def tick(self, now: float) -> None:
        app = self._app
        if app is None:
            return
        self.archive.collect()
        self._watch_link(app, now)
        done = [(span, future) for span, future in self._pending if future.done()]
        if not done:
            return
        self._pending = [item for item in self._pending if not item[1].done()]
        for span, future in done:
            try:
                past = future.result()
            except HistoryUnavailable as exc:
                self._unavailable(str(exc))
                continue
            except Exception as exc:  # a bug must not stop the console; say so and go on
                log.exception("history backfill failed")
                self._unavailable(repr(exc))
                continue
            self._merge(app, span, past, now)

    def stop(self) -> None:
        self.archive.close()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        if self._app is not None:
            self._app.events.sync_started.unsubscribe(self._on_sign_in)

    # --- asking ------------------------------------------------------------------------

    def fill_all(self) -> None:
        """Every tier's whole horizon, for every series this console subscribes to."""
        now = self._clock()
        limits = self._limits()
        horizon = max(width * (slots - 1) for width, slots in limits.tiers())
        self.request(Span(now - horizon, now))

    def request(self, span: Span) -> bool:
        """Fill ``span`` (a view scrolled back, a gap); False when no one is signed in to ask.

        Only what the store's tiers can hold goes in: past 7 days a plot
        asks the historian itself (:attr:`archive`, console/history_archive.py).
        """
        if self._executor is None or self._app is None:
            return False
        factory = self._client_factory or self._default_client
        try:
            client = factory()
        except _NoTokenError:
            self._set(
                "signed-out", Message.translate("History", "History: sign in to load the past")
            )
            return False
        filters = [feed.topic for feed in self._app.config.feeds]
        limits = self._limits()

        def job() -> list[SeriesPast]:
            with client:
                return fetch_past(client, limits, span, filters, self._max_series)

        self._pending.append((span, self._executor.submit(job)))
        self._set("loading", Message.translate("History", "Loading history…"))
        return True

    def want(self, since: float, until: float) -> bool:
        """A view shows ``[since, until]`` (scrolled back): fill it if no fill reached it yet.

        Asks when no fill has succeeded back to ``since`` yet (the historian
        was down at start, or no one was signed in) and nothing is being
        asked already; only what the store's tiers can hold (7 days) is asked.
        """
        if self._pending or self._app is None:
            return False
        now = self._clock()
        limits = self._limits()
        horizon = now - max(width * (slots - 1) for width, slots in limits.tiers())
        since = max(since, horizon)
        if since >= until or (self._filled_since is not None and since >= self._filled_since):
            return False
        return self.request(Span(since, min(until, now)))

    def _default_client(self) -> httpx.Client:
        app = self._app
        assert app is not None
        token = (self._token or app.server_token)()
        if token is None:
            raise _NoTokenError
        return httpx.Client(
            base_url=app.config.server.url.rstrip("/"),
            verify=console_server_verify(app.config),
            headers={"Authorization": f"Bearer {token}"},
        )

    def _on_sign_in(self, _sync: SyncService) -> None:
        self.fill_all()

    def _watch_link(self, app: ConsoleApp, now: float) -> None:
        """After a reconnect, fill from when the link went down."""
        up = app.broker_status.state == "connected"
        if self._link_up and not up:
            self._down_since = now
        elif up and self._link_up is False and self._down_since is not None:
            # Readings stamped a little before the outage may still be in flight.
            self.request(Span(self._down_since - 60.0, now))
            self._down_since = None
        self._link_up = up

    # --- merging -----------------------------------------------------------------------

    def _merge(self, app: ConsoleApp, span: Span, past: list[SeriesPast], now: float) -> None:
        merged = 0
        for series in past:
            merged += app.store.merge_history(
                series.name, series.unit, series.raw, series.buckets, state=series.state
            )
        self.status.series = len(past)
        self.status.merged += merged
        self.status.fills += 1
        self.status.finished_at = now
        if span.names is None:
            self._filled_since = min(span.start, self._filled_since or span.start)
        log.info(
            "history backfill %s..%s: %d series, %d readings and buckets merged",
            span.start,
            span.end,
            len(past),
            merged,
        )
        if self._pending:
            return
        self._set("done", None)

    def _unavailable(self, detail: str) -> None:
        log.warning("history unavailable: %s", detail)
        self.status.detail = detail
        self._set(
            "unavailable",
            Message.translate("History", "History unavailable: showing what this console received"),
        )

    def _set(self, state: State, message: Message | None) -> None:
        self.status.state = state
        self.status.message = message
        for listener in list(self.listeners):
            try:
                listener(self.status)
            except Exception:
                log.exception("a backfill listener failed")

    def _limits(self) -> HistoryLimits:
        assert self._app is not None
        return self._app.store.limits


class _NoTokenError(Exception):
    """No valid token: the history API would refuse."""
