"""The history API's answers (docs/history.md), shared by the server and the console's client.

A window comes back **columnar**: per series one array per column (``t``,
``min``, ``max``, ``mean``, ``count``), not one object per reading. The
keys are written once per series instead of once per point, so 24 series at
2,000 points are about 2 MB of plain JSON instead of about 4; it stays JSON
so any HTTP client, a browser and the OpenAPI schema read it, and numpy
turns each array into a vector in one call. A client that sends
``Accept: application/x-smartcity-columns`` gets the same answer as little-endian
binary arrays instead (contract/history_columns.py): no text to write or
parse on either side, which is what kept a week of 24 series over its 150 ms
budget (docs/history.md).

Times are epoch seconds (UTC), the unit of the stored readings.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_SERIES = 64
MAX_POINTS = 10_000
DEFAULT_POINTS = 1_000
# A series name as the console makes it: a topic, perhaps "#" and a path; no control characters.
SERIES_PATTERN = r"^[^\x00-\x1f\x7f]+$"
SERIES_MAX = 400
UNIT_MAX = 40  # the longest unit stored; a longer one is cut

Resolution = Literal["raw", "1m", "5m", "1h"]


class SeriesWindow(BaseModel):
    """One series over the asked window, oldest first; the five arrays have one length."""

    model_config = ConfigDict(frozen=True)

    name: str
    unit: str | None = Field(description="null when the series has none, or is not recorded")
    known: bool = Field(description="false: no such series is recorded (the arrays are empty)")
    state: bool = Field(
        default=False,
        description="a two-valued series (on/off, open/closed) stored as 1/0: draw it as steps",
    )
    resolution: Resolution = Field(
        description="raw: the readings as stored (count 1, min = max = mean = the value); "
        "1m, 5m, 1h: from that rollup"
    )
    bucket_s: float = Field(
        description="width of each bucket in seconds, buckets aligned on multiples of it "
        "since the epoch; 0 for raw"
    )
    t: list[float] = Field(description="reading time, or the bucket's start (epoch s)")
    min: list[float]
    max: list[float]
    mean: list[float | None] = Field(description="null where the sum overflowed")
    count: list[int]


class HistoryResponse(BaseModel):
    model_config = ConfigDict(frozen=True)

    from_t: float = Field(description="the window's start, epoch seconds (inclusive)")
    to_t: float = Field(description="the window's end, epoch seconds (exclusive)")
    points: int
    series: list[SeriesWindow]


class SeriesInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    unit: str | None
    state: bool = Field(default=False, description="a two-valued series: draw it as steps")
    first_t: float | None = Field(description="the oldest recorded reading, epoch s")
    last_t: float | None = Field(description="the newest recorded reading, epoch s")


class CatalogueResponse(BaseModel):
    model_config = ConfigDict(frozen=True)

    series: list[SeriesInfo]
