"""The sync server's FastAPI application.

It keeps no state outside its database (blueprint, Components), so several
instances can run behind a load balancer; the app holds only an engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from smartcity_console import __version__, paths


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    database: Literal["ok", "unreachable"]
    version: str


def default_database_url() -> str:
    db = paths.user_data_dir() / "server.sqlite3"
    return f"sqlite:///{db}"


def make_engine(database_url: str) -> Engine:
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(database_url, pool_pre_ping=True)


def create_app(database_url: str | None = None) -> FastAPI:
    engine = make_engine(database_url or default_database_url())
    app = FastAPI(
        title="Rembang command-center sync server",
        version=__version__,
        openapi_url="/openapi.json",
    )

    @app.get("/api/v1/health")
    def health() -> Health:
        """Liveness and database reachability; needs no token (load balancers call it)."""
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            database: Literal["ok", "unreachable"] = "ok"
        except SQLAlchemyError:
            database = "unreachable"
        return Health(
            status="ok" if database == "ok" else "degraded",
            database=database,
            version=__version__,
        )

    return app
