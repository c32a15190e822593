"""The one backoff every reconnecting client uses (core/backoff.py)."""

from __future__ import annotations

from smartcity_console.config import BrokerConfig
from smartcity_console.core.backoff import Backoff
from smartcity_console.mqtt.reconnect import STABLE_AFTER_S, ReconnectBackoff


def test_waits_double_up_to_the_cap_each_from_the_upper_half() -> None:
    backoff = Backoff(0.5, 4.0)
    ceilings = [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    for ceiling in ceilings:
        wait = backoff.next_wait()
        assert ceiling / 2 <= wait <= ceiling


def test_a_success_starts_again_from_the_first_wait() -> None:
    backoff = Backoff(1.0, 60.0)
    for _ in range(5):
        backoff.next_wait()
    backoff.reset()
    assert 0.5 <= backoff.next_wait() <= 1.0


def test_a_cap_below_the_first_wait_never_shrinks_the_wait() -> None:
    backoff = Backoff(2.0, 0.5)
    assert [1.0 <= backoff.next_wait() <= 2.0 for _ in range(3)] == [True] * 3


def test_the_mqtt_backoff_resets_only_after_a_connection_that_held() -> None:
    backoff = ReconnectBackoff(BrokerConfig(backoff_initial_s=1.0, backoff_max_s=30.0))
    for _ in range(4):
        backoff.wait_after(0.0)  # never connected: 1, 2, 4, 8
    assert 8.0 <= backoff.wait_after(STABLE_AFTER_S - 1) <= 16.0  # a flap is no success
    assert 0.5 <= backoff.wait_after(STABLE_AFTER_S) <= 1.0
