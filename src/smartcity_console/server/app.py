"""The sync server's FastAPI application.

It keeps no state outside its database (docs/contracts.md, Components), so several
instances can run behind a load balancer; the app holds only the database's
engine and its settings. The schema is migrated when the app is made, before
it answers anything.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

from fastapi import FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import InterfaceError, OperationalError

from smartcity_console import __version__
from smartcity_console.contract.sync_api import MAX_OPS, MAX_PULL, Limits
from smartcity_console.core.incidents.journal_text import repair_text
from smartcity_console.server import auth, history_api, sync_api, users_api
from smartcity_console.server.allowed_hosts import AllowedHosts, default_allowed_hosts
from smartcity_console.server.body_limit import DEFAULT_MAX_BODY, BodySizeLimit
from smartcity_console.server.database import (
    default_database_url,
    make_engine,
    open_server_database,
)

__all__ = ["Health", "create_app", "default_database_url", "make_engine"]


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    database: Literal["ok", "unreachable", "refuses_writes"] = Field(
        description="ok: it answers and commits a write; refuses_writes: it answers but a "
        "write fails (disk full, read-only); unreachable: no answer"
    )
    version: str
    detail: str | None = Field(default=None, description="The database's own words when not ok.")
    limits: Limits = Field(description="Addition: what one request may carry.")


async def _invalid_request(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422, without echoing what was sent.

    The default puts each failing value (or, for a missing field, the whole
    body) in ``input``: a login with a too-long password would come back, and
    into any proxy's log, with the password in it.
    """
    assert isinstance(exc, RequestValidationError)
    errors = [{k: v for k, v in e.items() if k != "input"} for e in exc.errors()]
    return JSONResponse({"detail": _printable(jsonable_encoder(errors))}, status_code=422)


def _printable(value: Any) -> Any:
    """An error list that can be sent: the key a client sent appears in ``loc``, and a key
    holding a lone surrogate has no UTF-8 form, which made the 422 itself a 500."""
    if isinstance(value, str):
        return repair_text(value, multiline=True)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list):
        return [_printable(item) for item in value]
    if isinstance(value, dict):
        return {_printable(k): _printable(v) for k, v in value.items()}
    return value


def create_app(
    database_url: str | None = None,
    *,
    auth_settings: auth.AuthSettings | None = None,
    poke: sync_api.Poke | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The app on a migrated database; raises ``ServerDatabaseError`` when it cannot be used.

    ``poke(cursor)`` is called after each push that recorded events (the MQTT
    poke, :mod:`smartcity_console.server.poke`); it must not block.
    ``allowed_hosts``: the Host header values answered (default: loopback and
    this machine's names, :mod:`~smartcity_console.server.allowed_hosts`).
    """
    database = open_server_database(database_url or default_database_url())
    app = FastAPI(
        title="Rembang command-center sync server",
        version=__version__,
        openapi_url="/openapi.json",
    )
    app.state.server_db = database
    app.state.auth_settings = auth_settings or auth.AuthSettings()
    app.state.poke = poke
    app.include_router(auth.router)
    app.include_router(sync_api.router)
    app.include_router(users_api.router)
    app.include_router(history_api.router)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    # Added last, so it runs first: a request for a foreign host is not even read.
    hosts = list(allowed_hosts) if allowed_hosts is not None else default_allowed_hosts()
    app.add_middleware(AllowedHosts, allowed_hosts=hosts)
    app.state.allowed_hosts = hosts
    app.add_exception_handler(sync_api.GapConflictError, sync_api.gap_handler)

    async def _database_unavailable(_request: Request, _exc: Exception) -> JSONResponse:
        """The database went away mid-request: 503 with a sentence, never a 500."""
        return JSONResponse(
            {"detail": "the server's database is unavailable; try again shortly"},
            status_code=503,
        )

    for lost in (OperationalError, InterfaceError):
        app.add_exception_handler(lost, _database_unavailable)
    app.add_exception_handler(RequestValidationError, _invalid_request)

    limits = Limits(max_body_bytes=max_body_bytes, max_ops_per_push=MAX_OPS, max_pull=MAX_PULL)

    @app.get("/api/v1/health", responses={503: {"model": Health}})
    def health(response: Response) -> Health:
        """The database answers and takes a write; the limits. No token (load balancers call it).

        503 when degraded, so a load balancer takes this instance out of turn.
        """
        detail: str | None = None
        state: Literal["ok", "unreachable", "refuses_writes"] = "ok"
        if not database.ping():
            state = "unreachable"
        else:
            detail = database.write_error(app.state.auth_settings.clock())
            state = "ok" if detail is None else "refuses_writes"
        if state != "ok":
            response.status_code = 503
        return Health(
            status="ok" if state == "ok" else "degraded",
            database=state,
            version=__version__,
            detail=detail,
            limits=limits,
        )

    return app
