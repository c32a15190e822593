"""``smartcity-console --self-test``: does a reading reach every plot of a real window?

Its own small runner over the same console and window the product opens
(gui/shell/app.py ``open_console``): no login (an operator of its own), no
single-instance lock, no installation id (a random one: it must never take
a running console's MQTT session), and its incidents in a throw-away
database, so running it on an installed workstation changes nothing. The
one parameter, how long to wait for readings, is ``timeout_s``.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import qasync

from smartcity_console.config import AppConfig
from smartcity_console.console.session import Operator
from smartcity_console.gui.i18n import set_language
from smartcity_console.gui.shell.app import (
    Console,
    application,
    open_console,
    open_store,
    when_connected,
)
from smartcity_console.gui.shell.crash_dialog import CrashReporter


@dataclass
class SelfTestResult:
    ok: bool
    message: str


async def check_plots(console: Console, timeout_s: float) -> SelfTestResult:
    """Wait until every plot shows readings that came through the broker."""
    deadline = time.monotonic() + timeout_s
    empty: list[str] = []
    while time.monotonic() < deadline:
        empty = [p.title.text() for p in console.window.plots if p.point_count() == 0]
        if not empty and console.window.plots:
            total = sum(p.point_count() for p in console.window.plots)
            plots = len(console.window.plots)
            return SelfTestResult(True, f"self-test ok: {total} points in {plots} plots")
        await asyncio.sleep(0.1)
    return SelfTestResult(False, f"self-test failed: no readings in {', '.join(empty)}")


def run_self_test(
    config: AppConfig,
    *,
    timeout_s: float = 60.0,
    on_subscribed: Callable[[], None] | None = None,
) -> int:
    """Open the console, wait for readings in every plot, close; 0 when they came.

    ``on_subscribed`` is called once the MQTT session is up (the demo's
    simulator waits for it). Prints one line: what the plots showed.
    """
    app = application()
    set_language(config.language)
    console: Console | None = None
    crash = CrashReporter(lambda: console.window if console else None)
    result = SelfTestResult(False, "self-test failed: the console did not start")
    with tempfile.TemporaryDirectory() as scratch:
        db = open_store(config, Path(scratch) / "incidents.sqlite3")
        if db is None:
            crash.close()
            return 3

        async def main() -> None:
            nonlocal console, result
            asyncio.get_running_loop().set_exception_handler(crash.asyncio_handler)
            console = open_console(config, db, Operator.self_test(db, config.workstation))
            closed = asyncio.Event()
            console.window.closed.connect(closed.set)
            console.start()
            if on_subscribed is not None:
                when_connected(console, on_subscribed)
            result = await check_plots(console, timeout_s)
            console.window.close()
            await closed.wait()

        try:
            qasync.run(main())
        finally:
            if console is not None:
                console.shutdown()
            app.processEvents()
            db.close()
            crash.close()
    print(result.message)
    return 0 if result.ok else 1
