"""The console's background sync task (``SyncEngine.run``) against a real server.

It backs off while the server is down (doubling, with jitter, up to its
maximum), syncs what waited as the server is back, then waits its
pull interval; a poke ends that wait at once, and without one the interval
alone brings other consoles' changes. The waits are recorded by replacing
``SyncEngine._pause``, so no assertion depends on how fast this machine is.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from smartcity_console.core.incidents import Role
from smartcity_console.store import sync_apply
from smartcity_console.sync.engine import SyncEngine
from tests.support.serve_process import ServeProcess
from tests.support.sync_consoles import PASSWORD, HeadlessConsole
from tests.support.waits import until


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServeProcess]:
    server = ServeProcess.with_users(
        f"sqlite:///{tmp_path / 'server.sqlite3'}",
        tmp_path / "serve.log",
        PASSWORD,
        sari=Role.SUPERVISOR,
        budi=Role.OPERATOR,
    )
    yield server
    server.stop()


def test_backs_off_while_the_server_is_down_then_syncs_and_waits_its_interval(
    served: ServeProcess, tmp_path: Path
) -> None:
    a = HeadlessConsole(tmp_path / "ws-a.sqlite3", served.url, "ws-a")
    a.login("sari")
    served.kill()
    ticket = a.r.create("Pompa banjir mati", "environment", "high")
    waits: list[tuple[str, int, float]] = []

    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=5) as http:
            engine = a.engine(http, interval_s=3600.0, backoff_initial_s=0.2, backoff_max_s=0.8)
            real_pause = engine._pause

            async def pause(seconds: float) -> None:
                status = engine.status
                waits.append((status.state, status.pending, seconds))
                if len(waits) == 5:
                    await asyncio.to_thread(served.start)
                if status.state == "synced":
                    await real_pause(seconds)

            engine._pause = pause  # type: ignore[method-assign]
            task = asyncio.create_task(engine.run())
            try:
                await until(lambda: engine.status.state == "synced")
                assert engine.status.offline_since is None
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)

    asyncio.run(scenario())
    offline = waits[:5]
    assert [w[:2] for w in offline] == [("offline", 1)] * 5  # the change waits, counted
    for (_, _, seconds), ceiling in zip(offline, (0.2, 0.4, 0.8, 0.8, 0.8), strict=True):
        assert ceiling / 2 <= seconds <= ceiling  # doubling, jittered, capped
    assert waits[-1] == ("synced", 0, 3600.0)  # then the pull interval, nothing pending
    assert sync_apply.pending_count(a.db) == 0
    b = HeadlessConsole(tmp_path / "ws-b.sqlite3", served.url, "ws-b")
    b.login("budi")
    assert b.sync()
    assert b.r.get(ticket.id) is not None


def test_a_poke_or_the_interval_brings_another_consoles_change(
    served: ServeProcess, tmp_path: Path
) -> None:
    a = HeadlessConsole(tmp_path / "ws-a.sqlite3", served.url, "ws-a")
    a.login("sari")
    b = HeadlessConsole(tmp_path / "ws-b.sqlite3", served.url, "ws-b")
    b.login("budi")

    async def watch(engine: SyncEngine, change: Callable[[], str], poke: bool) -> None:
        task = asyncio.create_task(engine.run())
        try:
            await until(lambda: engine.status.state == "synced")
            made = await asyncio.to_thread(change)
            if poke:
                engine.poke()  # what the server's MQTT poke does
            await until(lambda: a.r.get(made) is not None)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    def change_at_b(title: str) -> Callable[[], str]:
        def make() -> str:
            made = b.r.create(title, "living", "medium").id
            assert b.sync()
            return made

        return make

    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=5) as http:
            # An hour between pulls: only the poke can bring it in time.
            await watch(a.engine(http, interval_s=3600.0), change_at_b("Lampu padam"), poke=True)
            # No poke (the broker is down, say): the interval brings it.
            await watch(a.engine(http, interval_s=0.3), change_at_b("Jalan rusak"), poke=False)

    asyncio.run(scenario())
