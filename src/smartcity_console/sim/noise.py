"""Deterministic noise: a pure function of (seed, name, channel, index), never a stateful generator.

This is what makes the simulator stateless: two publishers with the same
seed publish the same value for the same timestamp, however they step.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

import numpy as np

from smartcity_console.sim.daytime import FloatArray, IntArray


@functools.lru_cache(maxsize=4096)
def noise_key(seed: int, name: str, channel: str) -> int:
    digest = hashlib.blake2b(f"{seed}/{name}/{channel}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def uniform(key: int, idx: IntArray) -> FloatArray:
    """SplitMix64 of ``key + idx * golden``: uniform in [0, 1), one number per index."""
    with np.errstate(over="ignore"):
        x = idx.astype(np.uint64) * _GOLDEN + np.uint64(key)
        x = (x ^ (x >> np.uint64(30))) * _MIX1
        x = (x ^ (x >> np.uint64(27))) * _MIX2
        x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(11)).astype(np.float64) * (1.0 / 2.0**53)


@dataclass(frozen=True, slots=True)
class Noise:
    """Noise for one name (a topic, or a shared name such as a commodity).

    Every method is a pure function of (seed, name, channel, time), which is
    what makes the simulator stateless and its output independent of how it
    is stepped.
    """

    seed: int
    name: str

    def uniform(self, channel: str, idx: IntArray) -> FloatArray:
        return uniform(noise_key(self.seed, self.name, channel), idx)

    def smooth(self, channel: str, t: FloatArray, period: float) -> FloatArray:
        """Value noise in [-1, 1]: random knots every ``period`` s, smoothstep between."""
        x = t / period
        j = np.floor(x)
        f = x - j
        ji = j.astype(np.int64)
        a = self.uniform(channel, ji) * 2.0 - 1.0
        b = self.uniform(channel, ji + 1) * 2.0 - 1.0
        s = f * f * (3.0 - 2.0 * f)
        return a + (b - a) * s

    def jitter(self, channel: str, t: FloatArray) -> FloatArray:
        """Triangular white noise in [-1, 1], keyed on the millisecond of ``t``."""
        idx = np.round(t * 1000.0).astype(np.int64)
        return self.uniform(channel, idx) + self.uniform(channel + "'", idx) - 1.0
