"""Waiting for a condition inside a running asyncio loop (no timing thresholds)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def until(condition: Callable[[], bool], within_s: float = 20.0) -> None:
    """Let the loop (Qt and asyncio under qasync) run until ``condition`` holds."""
    deadline = asyncio.get_running_loop().time() + within_s
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)
