"""Fixed-size aggregate history: min, max, sum and count per time bucket.

A tier is a ring of ``slots`` buckets of ``bucket_s`` seconds; a reading goes
to slot ``bucket % slots``, resetting the slot when it still holds an older
bucket. So memory is fixed, late readings within the horizon land in their
own bucket, and a reading older than what a slot now holds is refused (the
caller counts it). Min and max survive aggregation, which is what keeps a
one-minute PM2.5 spike visible on a 7-day plot.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class TierView:
    """Buckets in time order; ``t`` is each bucket's start."""

    t: FloatArray
    mean: FloatArray
    min: FloatArray
    max: FloatArray
    count: npt.NDArray[np.int64]


class Tier:
    __slots__ = ("_bucket", "_count", "_max", "_min", "_newest", "_sum", "bucket_s", "slots")

    def __init__(self, bucket_s: float, slots: int) -> None:
        self.bucket_s = bucket_s
        self.slots = slots
        # 4-byte bucket numbers, counts and extremes keep 1,000 series' 7 days of
        # history near 60 MB; the sum stays double so means of large values are exact.
        # (Minute numbers fit int32 until the year 6053.)
        self._bucket = array("i", [-1]) * slots  # bucket number held by each slot
        self._min = array("f", [0.0]) * slots
        self._max = array("f", [0.0]) * slots
        self._sum = array("d", [0.0]) * slots
        self._count = array("i", [0]) * slots
        self._newest = -1

    def add(self, t: float, value: float) -> bool:
        """Fold one reading in; False when its bucket is older than the slot's (refused)."""
        bucket = int(t // self.bucket_s)
        if bucket > self._newest:
            self._newest = bucket
        elif bucket <= self._newest - self.slots:
            return False  # beyond the horizon: its slot belongs to a newer bucket
        slot = bucket % self.slots
        held = self._bucket[slot]
        if held != bucket:
            if held > bucket:
                return False
            self._bucket[slot] = bucket
            self._min[slot] = self._max[slot] = self._sum[slot] = value
            self._count[slot] = 1
            return True
        if value < self._min[slot]:
            self._min[slot] = value
        elif value > self._max[slot]:
            self._max[slot] = value
        self._sum[slot] += value
        self._count[slot] += 1
        return True

    def merge(
        self,
        t: FloatArray,
        low: FloatArray,
        high: FloatArray,
        total: FloatArray,
        count: npt.NDArray[np.int64],
    ) -> int:
        """Fold buckets from elsewhere (the historian) under what this tier holds; how many.

        ``t`` is each bucket's start; buckets finer than this tier's are folded
        together first. A slot holding an older bucket (or none) takes the
        incoming one; a slot holding the same bucket keeps the wider min/max
        and the sum and count of whichever side saw more readings (the
        historian saw the whole bucket, a console that started in its middle
        saw part of it; adding both would count the shared readings twice).
        A slot holding a newer bucket, and anything beyond the horizon, is
        left alone. So live readings go on on top without a seam.
        """
        if len(t) == 0:
            return 0
        buckets = np.floor(np.asarray(t, dtype=np.float64) / self.bucket_s).astype(np.int64)
        order = np.argsort(buckets, kind="stable")
        buckets = buckets[order]
        starts = np.flatnonzero(np.r_[True, buckets[1:] != buckets[:-1]])
        buckets = buckets[starts]
        low = np.minimum.reduceat(np.asarray(low, dtype=np.float64)[order], starts)
        high = np.maximum.reduceat(np.asarray(high, dtype=np.float64)[order], starts)
        total = np.add.reduceat(np.asarray(total, dtype=np.float64)[order], starts)
        count = np.add.reduceat(np.asarray(count, dtype=np.int64)[order], starts)
        newest = max(self._newest, int(buckets[-1]))
        keep = (buckets > newest - self.slots) & (count > 0)
        buckets, low, high = buckets[keep], low[keep], high[keep]
        total, count = total[keep], count[keep]
        if len(buckets) == 0:
            return 0
        self._newest = newest
        slot = buckets % self.slots
        held_all = np.frombuffer(self._bucket, dtype=np.int32)
        min_all = np.frombuffer(self._min, dtype=np.float32)
        max_all = np.frombuffer(self._max, dtype=np.float32)
        sum_all = np.frombuffer(self._sum, dtype=np.float64)
        count_all = np.frombuffer(self._count, dtype=np.int32)
        held = held_all[slot].astype(np.int64)
        fresh = held < buckets
        same = held == buckets
        s = slot[fresh]
        held_all[s] = buckets[fresh]
        min_all[s] = low[fresh]
        max_all[s] = high[fresh]
        sum_all[s] = total[fresh]
        count_all[s] = count[fresh]
        s = slot[same]
        min_all[s] = np.minimum(min_all[s], low[same])
        max_all[s] = np.maximum(max_all[s], high[same])
        more = count[same] > count_all[s]
        sum_all[s[more]] = total[same][more]
        count_all[s[more]] = count[same][more]
        return int(fresh.sum() + same.sum())

    def horizon(self, now: float) -> float:
        """The oldest time this tier can still hold, seen from ``now``."""
        return (int(now // self.bucket_s) - self.slots + 1) * self.bucket_s

    def covers(self, since: float, until: float) -> bool:
        return since >= self.horizon(until)

    def view(self, since: float, until: float) -> TierView:
        """Buckets overlapping [since, until], oldest first, as numpy copies.

        ``since`` may be ``-inf`` (everything the tier holds): it is clamped to
        the horizon before it becomes a bucket number, which infinity cannot be.
        """
        buckets = np.frombuffer(self._bucket, dtype=np.int32).astype(np.int64)
        first = int(max(since, self.horizon(until)) // self.bucket_s)
        last = int(until // self.bucket_s)
        mask = (buckets >= max(first, last - self.slots + 1)) & (buckets <= last)
        idx = np.flatnonzero(mask)
        idx = idx[np.argsort(buckets[idx], kind="stable")]
        count = np.frombuffer(self._count, dtype=np.int32)[idx].astype(np.int64)
        total = np.frombuffer(self._sum, dtype=np.float64)[idx]
        return TierView(
            t=buckets[idx].astype(np.float64) * self.bucket_s,
            mean=total / np.maximum(count, 1),
            min=np.frombuffer(self._min, dtype=np.float32)[idx].astype(np.float64),
            max=np.frombuffer(self._max, dtype=np.float32)[idx].astype(np.float64),
            count=count,
        )

    @property
    def nbytes(self) -> int:
        return sum(
            a.itemsize * len(a)
            for a in (self._bucket, self._min, self._max, self._sum, self._count)
        )
