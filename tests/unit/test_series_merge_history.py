"""The historian's past merged below live readings (SeriesStore.merge_history, Tier.merge).

What a plot shows after a backfill: the night before the console started,
then the live readings on top, with no seam (no bucket counted twice, no
reading twice, no live reading overwritten).
"""

from __future__ import annotations

import numpy as np

from smartcity_console.core.readings import Reading
from smartcity_console.core.series import HistoryLimits, SeriesStore
from smartcity_console.core.tiers import Tier, TierView

LEVEL = "rembang/environment/river_level/lasem"
NOW = 1_764_288_000.0  # 2025-11-28 00:00 UTC, on a 10-minute boundary


def buckets(t: list[float], low: list[float], high: list[float], count: list[int]) -> TierView:
    mean = [(a + b) / 2 for a, b in zip(low, high, strict=True)]
    return TierView(
        t=np.array(t), mean=np.array(mean), min=np.array(low), max=np.array(high),
        count=np.array(count, dtype=np.int64),
    )  # fmt: skip


def test_a_night_of_minutes_appears_before_the_live_readings() -> None:
    store = SeriesStore()
    store.append_batch([Reading(LEVEL, NOW + 5.0, 1.2, "m")], NOW + 5.0)
    night = [NOW - 8 * 3600 + 60.0 * i for i in range(8 * 60)]
    view = buckets(night, [1.0] * len(night), [1.1] * len(night), [6] * len(night))

    assert store.merge_history(LEVEL, "m", buckets=[(60.0, view)]) == len(night)

    shown = store.snapshot(LEVEL, since=NOW - 8 * 3600)
    assert shown is not None
    assert shown.resolution == "1min"
    assert shown.t[0] == NOW - 8 * 3600
    assert shown.t[-1] == NOW  # the live minute is still there, on top
    assert shown.v_max is not None
    assert shown.v_max[-1] == np.float32(1.2)


def test_a_minute_both_saw_is_counted_once_with_the_wider_extremes() -> None:
    tier = Tier(60.0, 10)
    tier.add(NOW + 30.0, 5.0)  # the console started half-way through the minute
    tier.add(NOW + 40.0, 6.0)
    # The historian saw the whole minute: 6 readings from 1 to 6 (sum 21).
    tier.merge(np.array([NOW]), np.array([1.0]), np.array([6.0]), np.array([21.0]), np.array([6]))
    shown = tier.view(NOW, NOW + 59)
    assert (shown.min[0], shown.max[0], shown.count[0]) == (1.0, 6.0, 6)
    assert shown.mean[0] == 3.5
    # Asked again (a second sign-in): nothing changes.
    tier.merge(np.array([NOW]), np.array([1.0]), np.array([6.0]), np.array([21.0]), np.array([6]))
    assert tier.view(NOW, NOW + 59).count[0] == 6


def test_a_newer_live_bucket_in_the_same_slot_is_not_overwritten() -> None:
    tier = Tier(60.0, 10)
    tier.add(NOW + 600.0, 7.0)  # slot of bucket NOW/60 + 10, the same slot as NOW/60
    tier.merge(np.array([NOW]), np.array([1.0]), np.array([2.0]), np.array([3.0]), np.array([2]))
    shown = tier.view(NOW - 600, NOW + 600)
    assert list(shown.t) == [NOW + 600.0]
    assert list(shown.max) == [7.0]


def test_raw_readings_go_under_the_live_ones_without_duplicates() -> None:
    store = SeriesStore(HistoryLimits(raw_window_s=3600.0, max_raw_points=3600))
    live = [Reading(LEVEL, NOW + i, 2.0, "m") for i in range(3)]
    store.append_batch(live, NOW + 3)
    past_t = np.arange(NOW - 600, NOW + 2, 1.0)  # overlaps two live readings
    past_v = np.full(len(past_t), 1.0)

    added = store.merge_history(LEVEL, "m", raw=(past_t, past_v, NOW - 600))

    assert added == 600
    shown = store.snapshot(LEVEL, since=NOW - 600)
    assert shown is not None
    assert shown.resolution == "raw"
    assert len(shown.t) == 603
    assert np.all(np.diff(shown.t) > 0)
    assert list(shown.v[-3:]) == [2.0, 2.0, 2.0]  # the live readings kept their values
    buf = store.buffer(LEVEL)
    assert buf is not None
    assert buf.raw_complete_since == NOW - 600
    # Before the backfilled window the raw readings do not pretend to know: the tiers answer.
    older = store.snapshot(LEVEL, since=NOW - 1800)
    assert older is not None
    assert older.resolution == "1min"


def test_a_series_seen_only_in_the_historian_is_created_and_plots_redraw() -> None:
    store = SeriesStore()
    before = store.series_version(LEVEL)
    view = buckets([NOW - 600.0], [1.0], [3.0], [10])
    store.merge_history(LEVEL, "m", buckets=[(600.0, view)])
    assert LEVEL in store.names()
    assert store.series_version(LEVEL) > before
    buf = store.buffer(LEVEL)
    assert buf is not None
    assert buf.unit == "m"
    # Live readings continue on top of a store that has only history.
    store.append_batch([Reading(LEVEL, NOW + 1.0, 2.0, "m")], NOW + 1.0)
    shown = store.snapshot(LEVEL, since=NOW - 3600)
    assert shown is not None
    assert shown.t[-1] == NOW
