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

import httpx
import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from smartcity_console.contract.history_api import (
    MAX_SERIES,
    CatalogueResponse,
    HistoryResponse,
    SeriesInfo,
)
from smartcity_console.contract.history_columns import (
    MEDIA_TYPE,
    ColumnsWindow,
    MalformedColumnsError,
    decode,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
TIMEOUT_S = 10.0


class HistoryUnavailable(Exception):  # noqa: N818 (a state the console shows, not a bug)
    """The historian could not be asked or did not answer; ``str()`` says why."""


# One series over a window as numpy arrays (``mean`` NaN where the server had none).
HistoryWindow = ColumnsWindow


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
        # The binary form (contract/history_columns.py): no JSON to parse or convert.
        answer = _get(
            client, "/api/v1/history", params, {"Accept": f"{MEDIA_TYPE}, application/json;q=0.5"}
        )
        if answer.headers.get("content-type", "").split(";")[0].strip() != MEDIA_TYPE:
            out.update(_from_json(answer.content))  # a server from before the binary form
            continue
        try:
            parsed = decode(answer.content)
        except MalformedColumnsError as exc:
            raise HistoryUnavailable(f"the server's history answer is malformed: {exc}") from None
        for window in parsed.series:
            out[window.name] = window
    return out


def _from_json(body: bytes) -> dict[str, HistoryWindow]:
    try:
        parsed = HistoryResponse.model_validate_json(body)
    except ValidationError as exc:
        raise HistoryUnavailable(f"the server's history answer is malformed: {exc}") from None
    return {
        w.name: HistoryWindow(
            w.name,
            w.unit,
            w.known,
            w.state,
            w.resolution,
            w.bucket_s,
            np.asarray(w.t, dtype=np.float64),
            np.asarray(w.min, dtype=np.float64),
            np.asarray(w.max, dtype=np.float64),
            np.asarray([np.nan if m is None else m for m in w.mean], dtype=np.float64),
            np.asarray(w.count, dtype=np.int64),
        )
        for w in parsed.series
    }


def fetch_catalogue(client: httpx.Client) -> list[SeriesInfo]:
    """Every recorded series with unit and first/last times."""
    answer = _get(client, "/api/v1/history/series", [])
    try:
        return CatalogueResponse.model_validate_json(answer.content).series
    except ValidationError as exc:
        raise HistoryUnavailable(f"the server's catalogue is malformed: {exc}") from None


def _get(
    client: httpx.Client,
    path: str,
    params: list[tuple[str, str | int | float | bool | None]],
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    try:
        answer = client.get(path, params=params, headers=headers, timeout=TIMEOUT_S)
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
