"""The history API's binary answer: the columnar window as little-endian arrays.

``GET /api/v1/history`` with ``Accept: application/x-smartcity-columns``
answers with this instead of JSON (content negotiation: any other client
still gets JSON). A week of 24 series at 2,000 points is about 48,000
buckets of five numbers: written as text that cost the server ~30 ms and the
console ~20 ms of parsing and converting, about a third of the request's
budget; as arrays both sides copy memory. Layout (docs/history.md):

- 8 bytes: ``SCCOLS1\\n`` (the format and its version);
- 4 bytes: the header's length H, unsigned little-endian;
- H bytes: the header, UTF-8 JSON: ``from_t``, ``to_t``, ``points`` and per
  series ``name``, ``unit``, ``known``, ``state``, ``resolution``,
  ``bucket_s`` and ``n`` (its number of buckets), as in the JSON answer;
- zero bytes up to a multiple of 8 from the start;
- per series, in the header's order, five arrays of ``n``: ``t``, ``min``,
  ``max``, ``mean`` (float64; NaN where the JSON has null) and ``count`` (int64).

Nothing after the last array; a body of any other length is malformed.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from smartcity_console.contract.history_api import Resolution

MEDIA_TYPE = "application/x-smartcity-columns"
MAGIC = b"SCCOLS1\n"
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_F8 = np.dtype("<f8")
_I8 = np.dtype("<i8")


class MalformedColumnsError(ValueError):
    """A body that is not this format; ``str()`` says where it breaks."""


@dataclass(frozen=True, slots=True)
class ColumnsWindow:
    """One series over a window as arrays; ``mean`` is NaN where there is none."""

    name: str
    unit: str | None
    known: bool
    state: bool
    resolution: Resolution
    bucket_s: float
    t: FloatArray
    min: FloatArray
    max: FloatArray
    mean: FloatArray
    count: IntArray

    def __len__(self) -> int:
        return len(self.t)


@dataclass(frozen=True, slots=True)
class ColumnsAnswer:
    from_t: float
    to_t: float
    points: int
    series: list[ColumnsWindow]


class _SeriesHeader(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    name: str
    unit: str | None
    known: bool
    state: bool = False
    resolution: Resolution
    bucket_s: float
    n: int = Field(ge=0)


class _Header(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    from_t: float
    to_t: float
    points: int
    series: list[_SeriesHeader]


def encode(answer: ColumnsAnswer) -> bytes:
    header = _Header(
        from_t=answer.from_t,
        to_t=answer.to_t,
        points=answer.points,
        series=[
            _SeriesHeader(
                name=w.name,
                unit=w.unit,
                known=w.known,
                state=w.state,
                resolution=w.resolution,
                bucket_s=w.bucket_s,
                n=len(w),
            )
            for w in answer.series
        ],
    ).model_dump_json()
    head = MAGIC + struct.pack("<I", len(header.encode())) + header.encode()
    parts = [head, b"\0" * (-len(head) % 8)]
    for w in answer.series:
        for array, dtype in ((w.t, _F8), (w.min, _F8), (w.max, _F8), (w.mean, _F8)):
            parts.append(np.ascontiguousarray(array, dtype=dtype).tobytes())
        parts.append(np.ascontiguousarray(w.count, dtype=_I8).tobytes())
    return b"".join(parts)


def decode(body: bytes) -> ColumnsAnswer:
    """The answer in ``body``; :class:`MalformedColumnsError` if it is not this format."""
    if len(body) < len(MAGIC) + 4 or not body.startswith(MAGIC):
        raise MalformedColumnsError("not a smartcity columns body (no SCCOLS1 mark)")
    (size,) = struct.unpack_from("<I", body, len(MAGIC))
    start = len(MAGIC) + 4
    if start + size > len(body):
        raise MalformedColumnsError("the header runs past the end of the body")
    try:
        header = _Header.model_validate_json(body[start : start + size])
    except ValidationError as exc:
        raise MalformedColumnsError(f"the header is malformed: {exc}") from None
    offset = start + size + (-(start + size) % 8)
    expected = offset + sum(40 * s.n for s in header.series)
    if expected != len(body):
        raise MalformedColumnsError(f"the body has {len(body)} bytes, its header says {expected}")
    series: list[ColumnsWindow] = []
    for s in header.series:
        t, low, high, mean = (
            np.frombuffer(body, dtype=_F8, count=s.n, offset=offset + 8 * s.n * i).astype(
                np.float64
            )
            for i in range(4)
        )
        offset += 32 * s.n
        count = np.frombuffer(body, dtype=_I8, count=s.n, offset=offset).astype(np.int64)
        offset += 8 * s.n
        series.append(
            ColumnsWindow(
                s.name,
                s.unit,
                s.known,
                s.state,
                s.resolution,
                s.bucket_s,
                t,
                low,
                high,
                mean,
                count,
            )
        )
    return ColumnsAnswer(header.from_t, header.to_t, header.points, series)


def empty(
    name: str,
    unit: str | None,
    known: bool,
    state: bool,
    resolution: Resolution,
    bucket_s: float = 0.0,
) -> ColumnsWindow:
    none = np.empty(0, dtype=np.float64)
    return ColumnsWindow(
        name,
        unit,
        known,
        state,
        resolution,
        bucket_s,
        none,
        none,
        none,
        none,
        np.empty(0, dtype=np.int64),
    )
