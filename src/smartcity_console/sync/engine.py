"""The console's sync task: push the outbox, pull the server's changes, say how it went.

One asyncio task (in the GUI's qasync loop; in tests and benchmarks a plain
loop) runs :meth:`SyncEngine.run`: a round pushes every user's pending ops
with that user's token, then pulls until the server has nothing more, then
waits for a poke or the pull interval. While the server cannot be reached it
backs off (capped, with jitter) and the status says "offline since".

Nothing here imports Qt: the GUI subscribes to :attr:`SyncEngine.listeners`.
Database work is synchronous SQLite in short transactions (milliseconds for
a page), which the GUI thread can afford; the network waits are awaited.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

import httpx
from pydantic import ValidationError

from smartcity_console.core.incidents import utc_now
from smartcity_console.store import sync_apply
from smartcity_console.store.database import Database
from smartcity_console.store.errors import StoreError
from smartcity_console.store.sync_apply import ClientQueue, OpAnswer, Rejection
from smartcity_console.sync.protocol import (
    DEFAULT_PULL,
    MAX_OPS,
    GapError,
    PullResponse,
    PushResponse,
)

log = logging.getLogger(__name__)
State = Literal["idle", "synced", "pending", "offline", "error"]
TokenFor = Callable[[str], str | None]
MAX_PAGES_PER_ROUND = 200  # a console far behind catches up over several rounds


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the status bar shows: synced, N pending, offline since, or the last error."""

    state: State = "idle"
    pending: int = 0
    offline_since: datetime | None = None
    last_error: str | None = None
    last_sync: datetime | None = None
    waiting_for_login: tuple[str, ...] = ()  # users whose ops need them to log in again


@dataclass(slots=True)
class SyncListeners:
    """Callbacks, called on the engine's loop (the GUI thread under qasync)."""

    status: list[Callable[[SyncStatus], None]] = field(default_factory=list)
    tickets: list[Callable[[set[str]], None]] = field(default_factory=list)
    rejections: list[Callable[[list[Rejection]], None]] = field(default_factory=list)


class _Offline(Exception):  # noqa: N818 (a state, not an error: the server is unreachable)
    pass


class _ServerTrouble(Exception):  # noqa: N818 (carries the sentence for the status bar)
    pass


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    text = detail if isinstance(detail, str) else response.reason_phrase
    return f"{response.status_code} {text}"


class SyncEngine:
    """Push and pull for one console database against one sync server."""

    def __init__(
        self,
        db: Database,
        server_url: str,
        token_for: TokenFor,
        signed_in: Callable[[], str | None],
        *,
        http: httpx.AsyncClient | None = None,
        batch: int = 200,
        pull_limit: int = DEFAULT_PULL,
        interval_s: float = 15.0,
        backoff_initial_s: float = 1.0,
        backoff_max_s: float = 60.0,
        clock: Callable[[], datetime] = utc_now,
        verify: ssl.SSLContext | bool = True,  # the server's CA (sync/server_tls.py)
    ) -> None:
        self._db = db
        self._base = server_url.rstrip("/")
        self._token_for = token_for
        self._signed_in = signed_in
        self._http = http or httpx.AsyncClient(timeout=10.0, verify=verify)
        self._own_http = http is None
        self._batch = max(1, min(batch, MAX_OPS))
        self._pull_limit = pull_limit
        self.interval_s = interval_s
        self._backoff = (backoff_initial_s, backoff_max_s)
        self._clock = clock
        self._wake = asyncio.Event()
        self._status = SyncStatus(pending=sync_apply.pending_count(db))
        self.listeners = SyncListeners()

    @property
    def status(self) -> SyncStatus:
        return self._status

    def poke(self) -> None:
        """Sync now (a poke from the server, or a change made at this console)."""
        self._wake.set()

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()

    # --- one round -------------------------------------------------------------------

    async def sync_once(self) -> bool:
        """Push everything pushable, then pull everything new; whether the server answered."""
        waiting: set[str] = set()
        try:
            rejections = await self._push_all(waiting)
            changed = await self._pull_all()
        except _Offline as exc:
            now = self._clock()
            self._set(
                state="offline",
                offline_since=self._status.offline_since or now,
                last_error=str(exc),
            )
            return False
        except (_ServerTrouble, StoreError) as exc:
            self._set(state="error", last_error=str(exc))
            return False
        pending = sync_apply.pending_count(self._db)
        self._set(
            state="pending" if pending else "synced",
            pending=pending,
            offline_since=None,
            last_error=None,
            last_sync=self._clock(),
            waiting_for_login=tuple(sorted(waiting)),
        )
        if changed:
            for on_tickets in self.listeners.tickets:
                on_tickets(changed)
        if rejections:
            for on_rejections in self.listeners.rejections:
                on_rejections(rejections)
        return True

    async def run(self) -> None:
        """Sync until cancelled: at once, then on each poke or every ``interval_s``."""
        delay = self._backoff[0]
        while True:
            self._wake.clear()
            ok = await self.sync_once()
            if ok:
                delay = self._backoff[0]
                wait = self.interval_s
            else:
                wait = random.uniform(delay / 2, delay)  # jitter, not a secret
                delay = min(delay * 2, self._backoff[1])
            await self._pause(wait)

    async def _pause(self, seconds: float) -> None:
        """Wait ``seconds``, or less when poked (tests replace it to record the waits)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    # --- push ------------------------------------------------------------------------

    async def _push_all(self, waiting: set[str]) -> list[Rejection]:
        rejections: list[Rejection] = []
        blocked: set[str] = set()
        while True:
            queues = [
                q
                for q in sync_apply.pending_queues(self._db, self._batch)
                if q.client_id not in blocked
            ]
            if not queues:
                return rejections
            for queue in queues:
                token = self._token_for(queue.username)
                if token is None:
                    waiting.add(queue.username)
                    blocked.add(queue.client_id)
                    continue
                done = await self._push(queue, token, rejections)
                if not done:
                    waiting.add(queue.username)
                    blocked.add(queue.client_id)

    async def _push(self, queue: ClientQueue, token: str, rejections: list[Rejection]) -> bool:
        """Push one batch; False when this user's token was refused (they must log in)."""
        body = {
            "client_id": queue.client_id,
            "workstation": queue.workstation,
            "ops": [op.wire() for op in queue.ops],
        }
        response = await self._request("POST", "/api/v1/sync/push", token, json=body)
        if response.status_code == 401:
            return False
        if response.status_code == 409:
            try:
                gap = GapError.model_validate_json(response.content)
            except ValidationError:
                raise _ServerTrouble(f"push refused: {_detail(response)}") from None
            requeued = sync_apply.requeue_from(self._db, queue.client_id, gap.last_seq)
            log.warning(
                "server is at seq %d for %s; %d ops go out again",
                gap.last_seq,
                queue.client_id,
                requeued,
            )
            if requeued == 0:
                raise _ServerTrouble(f"push refused: {gap.detail}")
            return True
        if response.status_code != 200:
            raise _ServerTrouble(f"push refused: {_detail(response)}")
        try:
            answer = PushResponse.model_validate_json(response.content)
        except ValidationError:
            raise _ServerTrouble("the server's answer to a push was not understood") from None
        answers = [OpAnswer(r.op_id, r.status, r.reason) for r in answer.results]
        rejections += sync_apply.record_results(self._db, queue.client_id, answers)
        return True

    # --- pull ------------------------------------------------------------------------

    def _pull_token(self) -> str | None:
        """The signed-in user's token: any user may read every incident."""
        user = self._signed_in()
        return None if user is None else self._token_for(user)

    async def _pull_all(self) -> set[str]:
        token = self._pull_token()
        if token is None:
            return set()
        changed: set[str] = set()
        cursor = sync_apply.cursor(self._db)
        for _page in range(MAX_PAGES_PER_ROUND):
            params = {"cursor": cursor, "limit": self._pull_limit}
            response = await self._request("GET", "/api/v1/sync/pull", token, params=params)
            if response.status_code != 200:
                raise _ServerTrouble(f"pull refused: {_detail(response)}")
            try:
                page = PullResponse.model_validate_json(response.content)
            except ValidationError:
                raise _ServerTrouble("the server's answer to a pull was not understood") from None
            if page.cursor < cursor:
                # The server is behind this console: its database was restored from
                # a backup. Pull everything again; what was lost is pushed again.
                log.warning("server cursor %d is behind ours (%d)", page.cursor, cursor)
                sync_apply.reset_cursor(self._db)
                cursor = 0
                continue
            changed |= sync_apply.apply_pull(
                self._db,
                [t.model_dump() for t in page.tickets],
                [e.model_dump() for e in page.events],
                page.cursor,
                self._clock(),
            )
            cursor = page.cursor
            if not page.more:
                break
        return changed

    async def pull(self) -> set[str]:
        """Pull only (what a poke asks for when nothing waits here); the changed tickets."""
        return await self._pull_all()

    # --- plumbing --------------------------------------------------------------------

    async def _request(
        self, method: str, path: str, token: str, **kwargs: object
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"}
        try:
            response = await self._http.request(
                method,
                f"{self._base}{path}",
                headers=headers,
                **kwargs,  # type: ignore[arg-type]
            )
        except httpx.TransportError as exc:
            raise _Offline(
                f"cannot reach the sync server at {self._base}: {exc or type(exc).__name__}"
            ) from None
        except httpx.InvalidURL as exc:
            raise _ServerTrouble(
                f"the sync server address {self._base!r} is not valid: {exc}"
            ) from None
        if response.status_code in (502, 503, 504):
            raise _Offline(f"the sync server is unavailable ({_detail(response)})")
        if response.status_code >= 500:
            raise _ServerTrouble(f"the sync server failed: {_detail(response)}")
        return response

    def _set(self, **changes: object) -> None:
        status = replace(self._status, **changes)  # type: ignore[arg-type]
        if status != self._status:
            self._status = status
            for on_status in self.listeners.status:
                on_status(status)

    def refresh_pending(self) -> None:
        """A change was made here: count it in the status at once, and push soon."""
        pending = sync_apply.pending_count(self._db)
        state: State = self._status.state
        if state in ("synced", "pending", "idle"):
            state = "pending" if pending else "synced"
        self._set(state=state, pending=pending)
        self.poke()
