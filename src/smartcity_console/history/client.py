"""The console's side of the history API: windows and the catalogue, as numpy arrays.

Qt-free and blocking, like the sync client: the console calls it off the GUI
thread (on start, sign-in, reconnect, and when the operator scrolls back) with
an ``httpx.Client`` that already carries the server's URL, TLS settings and
the bearer token. Every failure is one :class:`HistoryUnavailable` whose
text says what happened, so the console can say "history unavailable" and
plot what it has.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import httpx
import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from smartcity_console.contract.history_api import (
    MAX_SERIES,
    CatalogueResponse,
    HistoryResponse,
    Resolution,
    SeriesInfo,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
TIMEOUT_S = 10.0


class HistoryUnavailable(Exception):  # noqa: N818 (a state the console shows, not a bug)
    """The historian could not be asked or did not answer; ``str()`` says why."""


@dataclass(frozen=True, slots=True)
class HistoryWindow:
    """One series over a window; ``mean`` is NaN where the server had none."""

    name: str
    unit: str | None
    known: bool
    resolution: Resolution
    bucket_s: float
    t: FloatArray
    min: FloatArray
    max: FloatArray
    mean: FloatArray
    count: IntArray

    def __len__(self) -> int:
        return len(self.t)


def fetch_window(
    client: httpx.Client,
    series: Sequence[str],
    start: float,
    end: float,
    points: int = 1000,
) -> dict[str, HistoryWindow]:
    """``series`` over ``[start, end)`` (epoch s), at most about ``points`` buckets each.

    More than :data:`MAX_SERIES` names are asked in several requests.
    """
    out: dict[str, HistoryWindow] = {}
    names = list(dict.fromkeys(series))
    for first in range(0, len(names), MAX_SERIES):
        params: list[tuple[str, str | int | float | bool | None]] = [
            ("series", name) for name in names[first : first + MAX_SERIES]
        ]
        # The server reads times as datetimes (whole microseconds): a start rounded up
        # would drop a reading stamped at the start itself, so round outwards.
        params += [
            ("from", math.floor(start * 1e6) / 1e6),
            ("to", math.ceil(end * 1e6) / 1e6),
            ("points", points),
        ]
        answer = _get(client, "/api/v1/history", params)
        try:
            parsed = HistoryResponse.model_validate_json(answer.content)
        except ValidationError as exc:
            raise HistoryUnavailable(f"the server's history answer is malformed: {exc}") from None
        for window in parsed.series:
            out[window.name] = HistoryWindow(
                name=window.name,
                unit=window.unit,
                known=window.known,
                resolution=window.resolution,
                bucket_s=window.bucket_s,
                t=np.asarray(window.t, dtype=np.float64),
                min=np.asarray(window.min, dtype=np.float64),
                max=np.asarray(window.max, dtype=np.float64),
                mean=np.asarray(
                    [np.nan if m is None else m for m in window.mean], dtype=np.float64
                ),
                count=np.asarray(window.count, dtype=np.int64),
            )
    return out


def fetch_catalogue(client: httpx.Client) -> list[SeriesInfo]:
    """Every recorded series with unit and first/last times."""
    answer = _get(client, "/api/v1/history/series", [])
    try:
        return CatalogueResponse.model_validate_json(answer.content).series
    except ValidationError as exc:
        raise HistoryUnavailable(f"the server's catalogue is malformed: {exc}") from None


def _get(
    client: httpx.Client, path: str, params: list[tuple[str, str | int | float | bool | None]]
) -> httpx.Response:
    try:
        answer = client.get(path, params=params, timeout=TIMEOUT_S)
    except httpx.HTTPError as exc:
        raise HistoryUnavailable(f"the history server did not answer: {exc}") from None
    if answer.status_code != httpx.codes.OK:
        try:
            detail = answer.json().get("detail")
        except ValueError:
            detail = None
        raise HistoryUnavailable(
            f"the history server answered {answer.status_code}"
            + (f": {detail}" if isinstance(detail, str) else "")
        )
    return answer
