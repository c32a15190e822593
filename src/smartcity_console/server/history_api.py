"""``GET /api/v1/history`` and ``GET /api/v1/history/series``: the historian, for signed-in users.

A window of up to :data:`~smartcity_console.contract.history_api.MAX_SERIES`
series at screen resolution (history/query.py picks the table), columnar
(contract/history_api.py says why), and the catalogue of recorded series
with units and first/last times. Same rules as sync: a bearer token, every
parameter checked (422 when malformed, 400 for a time without a zone),
a 503 when the database is away, never a 500.

Content negotiation: ``Accept: application/x-smartcity-columns`` gets the
window as little-endian arrays (contract/history_columns.py; what the
console asks for), anything else JSON, serialised by pydantic's core
straight to bytes (FastAPI's own path, ``jsonable_encoder`` over every
float of a 7-day window, cost more than the query).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Response, status

from smartcity_console.contract.history_api import (
    DEFAULT_POINTS,
    MAX_POINTS,
    MAX_SERIES,
    SERIES_MAX,
    SERIES_PATTERN,
    CatalogueResponse,
    HistoryResponse,
)
from smartcity_console.contract.history_columns import MEDIA_TYPE, encode
from smartcity_console.history import query
from smartcity_console.server.auth import CurrentUser, Database, ErrorOut

router = APIRouter(prefix="/api/v1/history", tags=["history"])

# Years a datetime can have and still be epoch seconds every database stores exactly.
_EARLIEST = datetime.fromisoformat("1970-01-01T00:00:00+00:00")
_LATEST = datetime.fromisoformat("2200-01-01T00:00:00+00:00")

_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorOut},
    401: {"model": ErrorOut},
    503: {"model": ErrorOut},
}


def _epoch(moment: datetime, name: str) -> float:
    """Epoch seconds; a time outside 1970..2200 is clamped (nothing is recorded there)."""
    if moment.tzinfo is None:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            f"'{name}' has no time zone: give an offset (2026-12-02T08:00+07:00) or epoch seconds",
        )
    return min(max(moment, _EARLIEST), _LATEST).timestamp()


@router.get(
    "",
    response_model=None,
    responses={
        200: {
            "model": HistoryResponse,
            "content": {MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        },
        **_ERRORS,
    },
)
def history(
    user: CurrentUser,
    db: Database,
    series: Annotated[
        list[Annotated[str, Query(min_length=1, max_length=SERIES_MAX, pattern=SERIES_PATTERN)]],
        Query(min_length=1, max_length=MAX_SERIES, description="series names, repeated"),
    ],
    from_: Annotated[
        datetime, Query(alias="from", description="window start: ISO 8601 with offset, or epoch s")
    ],
    to: Annotated[datetime, Query(description="window end (exclusive), like 'from'")],
    points: Annotated[
        int, Query(ge=10, le=MAX_POINTS, description="buckets the caller can draw")
    ] = DEFAULT_POINTS,
    accept: Annotated[str | None, Header(max_length=1000)] = None,
) -> Response:
    """Each series over ``[from, to)`` in at most about ``points`` buckets (min/max/mean/count).

    A short window comes back as the readings themselves (``resolution`` raw,
    ``bucket_s`` 0); a longer one from the minute or hour rollup. A name not
    recorded comes back with ``known`` false and empty arrays; so does every series
    of a window that is empty (``to`` not after ``from``). With
    ``Accept: application/x-smartcity-columns`` the same answer comes as binary arrays.
    """
    del user  # every signed-in user sees the whole city (blueprint: one command center)
    start, end = _epoch(from_, "from"), _epoch(to, "to")
    with db.engine.connect() as connection:
        answer = query.window(connection, series, start, end, points)
    if accept is not None and MEDIA_TYPE in accept.lower():
        return Response(encode(answer), media_type=MEDIA_TYPE, headers={"Vary": "Accept"})
    return Response(
        query.as_json(answer).model_dump_json(),
        media_type="application/json",
        headers={"Vary": "Accept"},
    )


@router.get("/series", responses={401: {"model": ErrorOut}, 503: {"model": ErrorOut}})
def catalogue(user: CurrentUser, db: Database) -> CatalogueResponse:
    """Every recorded series with its unit and the times of its oldest and newest reading."""
    del user
    with db.engine.connect() as connection:
        return query.catalogue(connection)
