"""The console's sync task: push the outbox, pull the server's changes, say how it went.

One asyncio task (in the GUI's qasync loop; in tests and benchmarks a plain
loop) runs :meth:`SyncEngine.run`: a round pushes every user's pending ops
with that user's token, then pulls until the server has nothing more, then
waits for a poke or the pull interval. While the server cannot be reached it
backs off (capped, with jitter) and the status says "offline since".

A round never wedges: a push the server refuses (an error, a client id it
will not take) stops that user's queue for the round, and the other users'
pushes and the pull go on. Batches fit the limits the server advertises in
``/health`` (ops and encoded bytes); a 413 (a proxy with a smaller limit)
halves them. A ``seq_reused`` 409 makes the queue re-key
(:func:`smartcity_console.store.sync_apply.rekey`).

A 422 should never come: the console checks the journal rule before an op
enters its outbox. It can still come from a server whose rule is newer than
this console's. The 422 names the op (``loc``: body, ops, index); that op is
refused for good with the server's words, as a ``rejected`` answer would be,
and the queue re-keys so the ops behind it keep their order without a gap.
An answer that names no op sends the queue one op at a time until it does.

Nothing here imports Qt: the GUI subscribes to :attr:`SyncEngine.listeners`.
Database work is synchronous SQLite in short transactions (milliseconds for
a page), which the GUI thread can afford; the network waits are awaited.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

import httpx
from pydantic import ValidationError

from smartcity_console.contract.sync_api import (
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_PULL,
    MAX_OPS,
    GapError,
    Limits,
    PullResponse,
    PushResponse,
)
from smartcity_console.core.backoff import Backoff
from smartcity_console.core.incidents import utc_now
from smartcity_console.store import sync_apply
from smartcity_console.store.database import Database
from smartcity_console.store.errors import StoreError
from smartcity_console.store.sync_apply import ClientQueue, OpAnswer, Rejection

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
    refused: int = 0  # ops the server refused for good, not yet acknowledged by their author


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


def _encode(value: object) -> bytes:
    """JSON as httpx sends it: UTF-8, no spaces; the byte count the server's limit sees.

    Text that is not valid Unicode (a lone surrogate in an op stored by an
    older console) goes escaped, so the server can refuse that op alone.
    """
    try:
        return json.dumps(
            value, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode()
    except UnicodeEncodeError:
        return json.dumps(value, separators=(",", ":"), allow_nan=False).encode()


def push_body(queue: ClientQueue, max_body_bytes: int, max_ops: int) -> tuple[bytes, int]:
    """The push body with as many of ``queue``'s ops as fit; how many it holds.

    At least one op goes, even one larger than the limit: the server's 413
    then says so, and the status bar shows it, instead of a silent stall.
    """
    head = _encode({"client_id": queue.client_id, "workstation": queue.workstation})
    prefix, suffix = head[:-1] + b',"ops":[', b"]}"
    size = len(prefix) + len(suffix)
    ops: list[bytes] = []
    for op in queue.ops[: max(1, max_ops)]:
        one = _encode(op.wire())
        grown = size + len(one) + (1 if ops else 0)
        if ops and grown > max_body_bytes:
            break
        ops.append(one)
        size = grown
    return prefix + b",".join(ops) + suffix, len(ops)


def _invalid_op(response: httpx.Response, count: int) -> tuple[int | None, str]:
    """Which op of the batch a 422 names (FastAPI's ``loc``: body, ops, index, ...), and why."""
    try:
        errors = response.json().get("detail")
    except (ValueError, AttributeError):
        errors = None
    if not isinstance(errors, list):
        return (0 if count == 1 else None), _detail(response)
    for error in errors:
        loc = error.get("loc") if isinstance(error, dict) else None
        if isinstance(loc, list) and len(loc) >= 3 and loc[:2] == ["body", "ops"]:
            index = loc[2]
            if isinstance(index, int) and 0 <= index < count:
                field_path = ".".join(str(part) for part in loc[3:])
                message = str(error.get("msg", "invalid"))
                return index, f"{message} ({field_path})" if field_path else message
    return (0 if count == 1 else None), _detail(response)


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
        self._status = SyncStatus(
            pending=sync_apply.pending_count(db), refused=sync_apply.refused_count(db)
        )
        self.listeners = SyncListeners()
        self._limits: Limits | None = None  # the server's, from /health
        self._body_cap: int | None = None  # smaller, after a 413 from something in between
        self._one_at_a_time = False  # after a 422 that named no op

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
        """Push everything pushable, then pull everything new; whether all of it went well.

        A push that fails stops only its user's queue for this round: the pull
        happens all the same, so a console with one change the server will
        not take still sees everyone else's.
        """
        waiting: set[str] = set()
        troubles: list[str] = []
        rejections: list[Rejection] = []
        changed: set[str] = set()
        try:
            await self._push_all(waiting, troubles, rejections)
            changed = await self._pull_all()
        except _Offline as exc:
            now = self._clock()
            self._set(
                state="offline",
                offline_since=self._status.offline_since or now,
                last_error=str(exc),
                **self._counts(),
            )
            return False
        except (_ServerTrouble, StoreError) as exc:
            troubles.append(str(exc))
        finally:
            self._tell(changed, rejections)
        if troubles:
            self._set(state="error", last_error="; ".join(troubles), **self._counts())
            return False
        counts = self._counts()
        self._set(
            state="pending" if counts["pending"] else "synced",
            offline_since=None,
            last_error=None,
            last_sync=self._clock(),
            waiting_for_login=tuple(sorted(waiting)),
            **counts,
        )
        return True

    def _counts(self) -> dict[str, int]:
        """What waits and what was refused, read again: never a count from an earlier round."""
        try:
            return {
                "pending": sync_apply.pending_count(self._db),
                "refused": sync_apply.refused_count(self._db),
            }
        except StoreError:
            return {}

    def _tell(self, changed: set[str], rejections: list[Rejection]) -> None:
        if changed:
            for on_tickets in self.listeners.tickets:
                on_tickets(changed)
        if rejections:
            for on_rejections in self.listeners.rejections:
                on_rejections(rejections)

    async def run(self) -> None:
        """Sync until cancelled: at once, then on each poke or every ``interval_s``."""
        backoff = Backoff(*self._backoff)
        while True:
            self._wake.clear()
            ok = await self.sync_once()
            if ok:
                backoff.reset()
                wait = self.interval_s
            else:
                wait = backoff.next_wait()
            await self._pause(wait)

    async def _pause(self, seconds: float) -> None:
        """Wait ``seconds``, or less when poked (tests replace it to record the waits)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    # --- push ------------------------------------------------------------------------

    async def _push_all(
        self, waiting: set[str], troubles: list[str], rejections: list[Rejection]
    ) -> None:
        """Push every queue it can; a queue whose push fails waits for the next round.

        ``rejections`` gathers what the server refused, even when a later push
        of the round finds the server gone: those ops are already marked.
        """
        blocked: set[str] = set()
        rekeyed: set[str] = set()  # client ids made this round: a second re-key is a bug
        while True:
            queues = [
                q
                for q in sync_apply.pending_queues(self._db, self._batch)
                if q.client_id not in blocked
            ]
            if not queues:
                return
            for queue in queues:
                token = self._token_for(queue.username)
                if token is None:
                    waiting.add(queue.username)
                    blocked.add(queue.client_id)
                    continue
                try:
                    done = await self._push(queue, token, rejections, rekeyed)
                except (_ServerTrouble, StoreError) as exc:
                    troubles.append(str(exc))
                    blocked.add(queue.client_id)
                    continue
                if not done:
                    waiting.add(queue.username)
                    blocked.add(queue.client_id)

    async def _push(
        self, queue: ClientQueue, token: str, rejections: list[Rejection], rekeyed: set[str]
    ) -> bool:
        """Push one batch; False when this user's token was refused (they must log in)."""
        limits = await self._server_limits()
        max_body = min(limits.max_body_bytes, self._body_cap or limits.max_body_bytes)
        max_ops = 1 if self._one_at_a_time else min(self._batch, limits.max_ops_per_push)
        body, count = push_body(queue, max_body, max_ops)
        response = await self._request(
            "POST",
            "/api/v1/sync/push",
            token,
            content=body,
            headers={"Content-Type": "application/json"},
        )
        if response.status_code == 401:
            return False
        if response.status_code == 413:
            if count == 1:
                raise _ServerTrouble(
                    f"a change of {len(body)} bytes is larger than the server "
                    f"(or a proxy before it) accepts: {_detail(response)}"
                )
            self._body_cap = len(body) // 2
            log.warning("push of %d bytes refused as too large; batches now halve", len(body))
            return True
        if response.status_code == 409:
            return self._conflict(queue, response, rekeyed)
        if response.status_code == 422:
            return self._invalid(queue, response, count, rejections, rekeyed)
        if response.status_code != 200:
            raise _ServerTrouble(f"push refused: {_detail(response)}")
        try:
            answer = PushResponse.model_validate_json(response.content)
        except ValidationError:
            raise _ServerTrouble("the server's answer to a push was not understood") from None
        answers = [OpAnswer(r.op_id, r.status, r.reason) for r in answer.results]
        rejections += sync_apply.record_results(self._db, queue.client_id, answers)
        self._one_at_a_time = False
        return True

    def _invalid(
        self,
        queue: ClientQueue,
        response: httpx.Response,
        count: int,
        rejections: list[Rejection],
        rekeyed: set[str],
    ) -> bool:
        """A 422: the op it names is refused for good; the rest go out again, re-keyed."""
        index, reason = _invalid_op(response, count)
        if index is None:
            if self._one_at_a_time:
                raise _ServerTrouble(f"push refused: {_detail(response)}")
            self._one_at_a_time = True
            log.warning("a push of %d ops was refused (422) naming none; one at a time", count)
            return True
        if queue.client_id in rekeyed:
            raise _ServerTrouble(f"push refused again after a new client id: {reason}")
        op = queue.ops[index]
        log.warning("the server refused op %s (%s) for good: %s", op.op_id, op.kind, reason)
        answer = OpAnswer(op.op_id, "rejected", f"not within the server's rule: {reason}")
        rejections += sync_apply.record_results(self._db, queue.client_id, [answer])
        new_id, moved = sync_apply.rekey(self._db, queue.client_id, self._clock())
        rekeyed.add(new_id)
        log.warning("%d ops of %s go out again as %s", moved, queue.client_id, new_id)
        self._one_at_a_time = False
        return True

    def _conflict(self, queue: ClientQueue, response: httpx.Response, rekeyed: set[str]) -> bool:
        try:
            gap = GapError.model_validate_json(response.content)
        except ValidationError:
            raise _ServerTrouble(f"push refused: {_detail(response)}") from None
        if gap.conflict == "seq_reused":
            if queue.client_id in rekeyed:
                raise _ServerTrouble(f"push refused again after a new client id: {gap.detail}")
            new_id, moved = sync_apply.rekey(self._db, queue.client_id, self._clock())
            rekeyed.add(new_id)
            log.warning(
                "the server processed seqs of %s with other ops (a restored database, or "
                "another workstation with this client id): %d ops go out again as %s",
                queue.client_id,
                moved,
                new_id,
            )
            return True
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

    async def _server_limits(self) -> Limits:
        """The server's limits from ``/health``, asked once; its defaults if it does not say."""
        if self._limits is not None:
            return self._limits
        try:
            response = await self._http.get(f"{self._base}/api/v1/health")
            self._limits = Limits.model_validate(response.json()["limits"])
            return self._limits
        except (httpx.HTTPError, ValueError, KeyError, TypeError, ValidationError):
            # Unreachable (the push says so next), or a server too old to advertise.
            return Limits(
                max_body_bytes=DEFAULT_MAX_BODY_BYTES,
                max_ops_per_push=MAX_OPS,
                max_pull=DEFAULT_PULL,
            )

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
        self,
        method: str,
        path: str,
        token: str,
        headers: dict[str, str] | None = None,
        **kwargs: object,
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", **(headers or {})}
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
        """A change was made here (or a refusal acknowledged): count it now, and push soon."""
        counts = self._counts()
        state: State = self._status.state
        if state in ("synced", "pending", "idle"):
            state = "pending" if counts.get("pending") else "synced"
        self._set(state=state, **counts)
        self.poke()
