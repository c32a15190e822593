"""Replay: a past period played back from the historian, for review and training (no Qt).

The operator picks a period (a date and a time range, or "around this
incident", :meth:`ReplayPeriod.around`) and a speed (1x to 60x). A
:class:`ReplaySession` loads the period's readings from the history API on a
worker thread (``history/client.py``), then each :meth:`ReplaySession.tick`
moves its replay clock on by the wall time since the last tick times the
speed and feeds the readings up to it, in time order, into a store and an
alarm engine of its **own**: the live store, alarm engine, incident store
and outbox are never touched, so nothing that happens in replay is written
to the journal or synced. The incidents the rules would have raised are
kept in :attr:`ReplaySession.raised` for the views to show, marked as replay.

:class:`ReplayService` is the :class:`~smartcity_console.console.services.ConsoleService`
a console carries: it starts and ends sessions and ticks the running one;
the GUI shows its store on the dashboards and the banner
(:meth:`ReplaySession.banner`, "REPLAY 14:05 WIB, 10x") on desk and wall.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import httpx

from smartcity_console.config import AppConfig
from smartcity_console.console.session import console_server_verify
from smartcity_console.core.alarm_engine import AlarmEngine, AlarmEvent
from smartcity_console.core.clock import wib
from smartcity_console.core.i18n import Message, TranslatedError
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.topics import matches
from smartcity_console.history.client import (
    HistoryUnavailable,
    HistoryWindow,
    fetch_catalogue,
    fetch_window,
)

if TYPE_CHECKING:
    from smartcity_console.console.app import ConsoleApp

log = logging.getLogger(__name__)

SPEEDS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
MAX_SPEED = 60.0
MAX_PERIOD_S = 24 * 3600.0
# Points asked per series: the raw readings of up to this many (else the server buckets them).
_POINTS = 10_000
# A seek plays the period up to the new time in steps of this much replay time, so the
# rules see the readings as they came (a condition held for two minutes still needs them).
_SEEK_STEP_S = 10.0
State = Literal["loading", "playing", "finished", "failed"]


class ReplayError(TranslatedError):
    """A period or speed that cannot be replayed; ``text(language)`` says why to the operator."""


@dataclass(frozen=True, slots=True)
class ReplayPeriod:
    """``[start, end)`` in epoch seconds."""

    start: float
    end: float

    def __post_init__(self) -> None:
        if not self.end > self.start:
            raise ReplayError(
                Message.translate("Replay", "The replay period must end after it starts")
            )
        if self.end - self.start > MAX_PERIOD_S:
            raise ReplayError(Message.translate("Replay", "A replay period is at most 24 hours"))

    @classmethod
    def around(cls, t: float, before_s: float = 1800.0, after_s: float = 600.0) -> ReplayPeriod:
        """Around an incident at ``t``: what led to it, and a little after."""
        return cls(t - before_s, t + after_s)


def _readings(windows: dict[str, HistoryWindow]) -> list[Reading]:
    """Every reading of every window in one time order (a k-way merge of sorted series)."""

    def one(window: HistoryWindow) -> Iterator[Reading]:
        # Raw readings as stored; a bucketed answer (a busy series) plays its means.
        for t, v in zip(window.t.tolist(), window.mean.tolist(), strict=True):
            yield Reading(window.name, t, v, window.unit, window.state)

    return list(
        heapq.merge(*(one(w) for w in windows.values() if w.known), key=lambda r: r.t or 0.0)
    )


class ReplaySession:
    """One period played back at one speed into its own store and alarm engine."""

    def __init__(
        self,
        config: AppConfig,
        period: ReplayPeriod,
        speed: float,
        load: Callable[[], list[Reading]],
        *,
        executor: ThreadPoolExecutor | None = None,
    ) -> None:
        if not 1.0 <= speed <= MAX_SPEED:
            raise ReplayError(Message.translate("Replay", "The replay speed is 1x to 60x"))
        self.period = period
        self.speed = speed
        self._config = config  # a seek back starts a fresh alarm engine
        self.store = SeriesStore(config.history.limits())
        self.alarms = AlarmEngine(config.alarms)  # no link watch: the past's link is not ours
        self.raised: list[AlarmEvent] = []  # shown, never written
        self.position = period.start
        self.state: State = "loading"
        self.error = ""
        self._readings: list[Reading] = []
        self._next = 0
        self._last_tick: float | None = None
        self._paused = False
        self._own_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(1, thread_name_prefix="replay")
        self._loading: Future[list[Reading]] | None = self._executor.submit(load)

    def tick(self, now: float) -> list[AlarmEvent]:
        """Move the replay clock on by (``now`` - last tick) x speed; the alarms it raised."""
        if self.state == "loading":
            if not self._take_loaded():
                return []
            self._last_tick = now
        if self.state != "playing":
            return []
        last = self._last_tick if self._last_tick is not None else now
        self._last_tick = now
        if self._paused:
            return []
        return self._advance(self.position + max(0.0, now - last) * self.speed)

    def _advance(self, to: float) -> list[AlarmEvent]:
        """Feed the readings up to replay time ``to`` (at most the period's end)."""
        self.position = min(self.period.end, to)
        stop = self._next
        readings = self._readings
        while stop < len(readings) and (readings[stop].t or 0.0) <= self.position:
            stop += 1
        batch = readings[self._next : stop]
        self._next = stop
        events: list[AlarmEvent] = []
        if batch:
            self.store.append_batch(batch, self.position)
            events += self.alarms.evaluate(batch, self.position)
        events += self.alarms.tick(self.position)
        self.raised += events
        self.state = "finished" if self.position >= self.period.end else "playing"
        return events

    def seek(self, t: float) -> list[AlarmEvent]:
        """Jump the replay clock to ``t`` (clamped to the period); the alarms raised on the way.

        Forward, the period is played up to ``t`` at once; back, the replay starts
        over (a fresh store, alarm engine and list of raised alarms) and plays up
        to ``t``, so what is shown and raised is what the period holds up to there.
        Either way in steps of replay time, so the rules hold their durations.
        A replay still loading keeps the time and starts there.
        """
        target = min(max(t, self.period.start), self.period.end)
        if self.state in ("loading", "failed"):
            self.position = target
            return []
        if target < self.position:
            self.store.clear()  # the same store: the views over it stay
            self.alarms = AlarmEngine(self._config.alarms)
            self.raised = []
            self._next = 0
            self.position = self.period.start
        events: list[AlarmEvent] = []
        while self.position < target:
            events += self._advance(min(self.position + _SEEK_STEP_S, target))
        return events

    def _take_loaded(self) -> bool:
        future = self._loading
        if future is None or not future.done():
            return False
        self._loading = None
        try:
            self._readings = future.result()
        except HistoryUnavailable as exc:
            self.state, self.error = "failed", str(exc)
            return False
        self.state = "playing"
        if self.position > self.period.start:  # sought while loading
            target, self.position = self.position, self.period.start
            self.seek(target)
        return True

    def pause(self, paused: bool = True) -> None:
        """Hold the replay clock (``False``: go on from where it was)."""
        self._paused = paused

    @property
    def paused(self) -> bool:
        return self._paused

    def banner(self) -> str:
        """What desk and wall show while replaying: ``REPLAY 14:05 WIB, 10x``."""
        text = Message.translate("Replay", "REPLAY {time} WIB, {speed}x").text()
        return text.format(time=f"{wib(self.position):%H:%M}", speed=f"{self.speed:g}")

    def close(self) -> None:
        if self._loading is not None:
            self._loading.cancel()
        if self._own_executor:
            self._executor.shutdown(wait=False, cancel_futures=True)


def history_loader(
    client: Callable[[], httpx.Client], topic_filters: list[str], period: ReplayPeriod
) -> Callable[[], list[Reading]]:
    """Loads the period's readings of every recorded series the feeds subscribe to (blocking)."""

    def load() -> list[Reading]:
        with client() as http:
            names = [
                info.name
                for info in fetch_catalogue(http)
                if info.first_t is not None
                and info.last_t is not None
                and info.first_t < period.end
                and info.last_t >= period.start
                and any(matches(f, info.name.split("#", 1)[0]) for f in topic_filters)
            ]
            if not names:
                return []
            return _readings(fetch_window(http, names, period.start, period.end, _POINTS))

    return load


class ReplayService:
    """Starts, ticks and ends replay sessions beside a running console."""

    name = "replay"

    def __init__(self, client: Callable[[], httpx.Client] | None = None) -> None:
        # How the history API is reached; None: the app's server with the operator's token.
        self.client = client
        self._app: ConsoleApp | None = None
        self.session: ReplaySession | None = None
        self.listeners: list[Callable[[ReplaySession | None], None]] = []

    def start(self, app: ConsoleApp) -> None:
        self._app = app

    def begin(self, period: ReplayPeriod, speed: float) -> ReplaySession:
        """Replay ``period`` at ``speed``; ends a session already running."""
        app = self._app
        if app is None:
            raise ReplayError("the console has not started")  # a caller's bug, not the operator's
        self.end()
        client = self.client or self._default_client
        filters = [feed.topic for feed in app.config.feeds]
        self.session = ReplaySession(
            app.config, period, speed, history_loader(client, filters, period)
        )
        self._tell()
        return self.session

    def end(self) -> None:
        """Back to live."""
        if self.session is not None:
            self.session.close()
            self.session = None
            self._tell()

    def tick(self, now: float) -> None:
        if self.session is not None:
            self.session.tick(now)

    def stop(self) -> None:
        self.end()

    def _default_client(self) -> httpx.Client:
        app = self._app
        assert app is not None
        token = app.server_token()
        if token is None:
            raise HistoryUnavailable("sign in to replay the past")
        return httpx.Client(
            base_url=app.config.server.url.rstrip("/"),
            verify=console_server_verify(app.config),
            headers={"Authorization": f"Bearer {token}"},
        )

    def _tell(self) -> None:
        for listener in list(self.listeners):
            try:
                listener(self.session)
            except Exception:
                log.exception("a replay listener failed")
