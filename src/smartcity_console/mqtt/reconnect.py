"""The waits between connection attempts, and what counts as a connection that held.

Exponential backoff from ``[broker] backoff_initial_s`` doubling to
``backoff_max_s``, each wait drawn from its upper half (core/backoff.py), so
a room of consoles does not return in lockstep. The backoff resets only after
a connection stayed up for :data:`STABLE_AFTER_S`: two consoles that share a
client id (and keep kicking each other off) back off instead of flapping.
"""

from __future__ import annotations

from smartcity_console.config import BrokerConfig
from smartcity_console.core.backoff import Backoff

# A connection that lasted this long counts as good: the next failure starts
# the backoff from backoff_initial_s again.
STABLE_AFTER_S = 10.0


class ReconnectBackoff(Backoff):
    """The broker config's backoff; keyword overrides win over it (tests use short waits).

    Shared by the MQTT thread (between sessions) and the ingest process's
    parent (between children), so both back off alike.
    """

    def __init__(
        self, broker: BrokerConfig, initial_s: float | None = None, max_s: float | None = None
    ) -> None:
        initial = broker.backoff_initial_s if initial_s is None else initial_s
        super().__init__(initial, broker.backoff_max_s if max_s is None else max_s)

    def wait_after(self, stayed_up_s: float) -> float:
        """The wait after an attempt that lasted ``stayed_up_s`` (0: it never connected)."""
        if stayed_up_s >= STABLE_AFTER_S:
            self.reset()
        return self.next_wait()
