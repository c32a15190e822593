"""The sync server's settings: defaults, then a TOML file, then the environment, then flags.

A server is deployed by people who set environment variables in a systemd
unit or a container, or keep a file beside it; both work, and a flag given on
the command line wins. Every variable is ``SMARTCITY_SERVER_<FIELD>`` in
capitals (``SMARTCITY_SERVER_DATABASE``, ``SMARTCITY_SERVER_POKE_BROKER``,
``SMARTCITY_SERVER_RECORD_BROKER``).
A wrong value stops the server with one sentence naming where it came from.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from smartcity_console.contract.sync_api import DEFAULT_MAX_BODY_BYTES, MIN_MAX_BODY_BYTES
from smartcity_console.history.partitions import Retention
from smartcity_console.server.poke import DEFAULT_POKE_TOPIC
from smartcity_console.server.read_timeouts import DEFAULT_BODY_TIMEOUT_S, DEFAULT_HEADER_TIMEOUT_S

ENV_PREFIX = "SMARTCITY_SERVER_"


class ServerSettingsError(Exception):
    """Settings that cannot be used; ``str()`` says which and where."""


class ServerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8765
    database: str | None = Field(
        default=None, description="SQLAlchemy URL; default a SQLite file in the user data folder"
    )
    token_ttl_hours: Annotated[float, Field(gt=0, le=24 * 31)] = 12.0
    poke_broker: str | None = Field(
        default=None, description="mqtt://host:port to publish pokes on; none: consoles poll"
    )
    poke_topic: Annotated[str, Field(min_length=1, max_length=200)] = DEFAULT_POKE_TOPIC
    log_format: Literal["json", "text"] = "json"
    max_body_bytes: Annotated[int, Field(ge=MIN_MAX_BODY_BYTES, le=256 * 1024 * 1024)] = (
        DEFAULT_MAX_BODY_BYTES
    )
    allowed_hosts: list[Annotated[str, Field(min_length=1, max_length=253)]] | None = Field(
        default=None,
        description="Host header values answered; default loopback, the listening address "
        "and this machine's names and addresses; ['*'] answers any",
    )
    header_timeout_s: Annotated[float, Field(gt=0, le=600)] = DEFAULT_HEADER_TIMEOUT_S
    body_timeout_s: Annotated[float, Field(gt=0, le=3600)] = DEFAULT_BODY_TIMEOUT_S
    keep_alive_s: Annotated[int, Field(ge=1, le=3600)] = 5
    forwarded_allow_ips: str = Field(
        default="127.0.0.1,::1",
        description="proxies whose X-Forwarded-For/-Proto are believed (the client address "
        "used by the login backoff and logs); '*' believes anyone",
    )
    record_broker: str | None = Field(
        default=None,
        description="mqtt://host:port to record the feeds from into this database "
        "(the historian, docs/history.md); none: no recorder in this server",
    )
    record_config: Path | None = Field(
        default=None,
        description="console config file whose [[feeds]] are recorded; default the bundled one",
    )
    record_client_id: str | None = Field(
        default=None, description="the recorder's MQTT client id; default per machine"
    )
    history_raw_days: Annotated[int, Field(ge=1)] | None = Retention().raw_days
    history_minute_days: Annotated[int, Field(ge=1)] | None = Retention().minute_days
    history_five_minute_days: Annotated[int, Field(ge=1)] | None = Retention().five_minute_days
    history_hour_days: Annotated[int, Field(ge=1)] | None = Retention().hour_days
    certfile: Path | None = Field(default=None, description="TLS certificate chain (PEM)")
    keyfile: Path | None = Field(default=None, description="TLS private key (PEM)")

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        # From the environment a list is one string: SMARTCITY_SERVER_ALLOWED_HOSTS=a,b
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("keyfile")
    @classmethod
    def _key_with_cert(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        if value is not None and info.data.get("certfile") is None:
            raise ValueError("needs certfile (the certificate that goes with this key)")
        return value


def _from_env(environ: Mapping[str, str]) -> dict[str, str]:
    fields = ServerSettings.model_fields
    return {
        key[len(ENV_PREFIX) :].lower(): value
        for key, value in environ.items()
        if key.startswith(ENV_PREFIX) and key[len(ENV_PREFIX) :].lower() in fields
    }


def _from_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ServerSettingsError(f"cannot read the settings file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ServerSettingsError(f"the settings file {path} is not valid TOML: {exc}") from None
    return data


def _check(values: Mapping[str, Any], source: str) -> None:
    try:
        ServerSettings.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
        raise ServerSettingsError(f"{source}: {problems}") from None


def load_settings(
    file: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> ServerSettings:
    """Merge the sources in order; each is checked alone so an error names its source."""
    merged: dict[str, Any] = {}
    if file is not None:
        from_file = _from_file(file)
        _check(from_file, f"settings file {file}")
        merged.update(from_file)
    from_env = _from_env(os.environ if environ is None else environ)
    _check(
        {**merged, **from_env},
        "environment (" + ", ".join(f"{ENV_PREFIX}{k.upper()}" for k in sorted(from_env)) + ")",
    )
    merged.update(from_env)
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    merged.update(given)
    _check(merged, "command line")
    return ServerSettings.model_validate(merged)
