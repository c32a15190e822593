"""Waits between attempts: exponential, capped, with jitter.

Every client of something that can be down backs off the same way: the MQTT
client between sessions (and between ingest processes), the sync engine
between failed rounds, the simulator's publisher between reconnects. The
first wait is about ``initial_s``; each failure doubles it up to ``max_s``; a
success starts again from ``initial_s``. Each wait is drawn from the upper
half of the current delay, so a room of consoles that lost the same server
at the same moment does not come back in lockstep.
"""

from __future__ import annotations

import random


class Backoff:
    """The next wait after a failure; :meth:`reset` after a success.

    ``max_s`` below ``initial_s`` is taken as ``initial_s``: a wait never
    shrinks as failures go on.
    """

    def __init__(self, initial_s: float, max_s: float) -> None:
        self.initial_s = initial_s
        self.max_s = max(initial_s, max_s)
        self._delay = initial_s

    def next_wait(self) -> float:
        """The wait after one more failure, in seconds (jittered; not a secret)."""
        wait = random.uniform(self._delay / 2, self._delay)
        self._delay = min(self._delay * 2, self.max_s)
        return wait

    def reset(self) -> None:
        """A success: the next failure waits about ``initial_s`` again."""
        self._delay = self.initial_s
