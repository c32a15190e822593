"""The console's TOML configuration, validated with pydantic.

A broken file must never show an installer a traceback: :func:`load_config`
turns every problem into one :class:`ConfigError` whose message names the
file, the key and what was expected.
"""

from __future__ import annotations

import socket
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from smartcity_console import paths
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.topics import validate_filter


class ConfigError(Exception):
    """A config file that cannot be used; ``str()`` is the message for the user."""


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BrokerConfig(_Section):
    """How the console reaches the MQTT broker."""

    url: str = "mqtt://127.0.0.1:1883"
    client_id: str | None = None
    username: str | None = None
    password: str | None = None
    ca_file: Path | None = None
    cert_file: Path | None = None
    key_file: Path | None = None
    keepalive_s: Annotated[int, Field(ge=5, le=3600)] = 30

    @field_validator("url")
    @classmethod
    def _check_url(cls, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("mqtt", "mqtts") or not parts.hostname:
            raise ValueError("expected a broker URL like mqtt://host:1883 or mqtts://host:8883")
        try:
            _ = parts.port
        except ValueError as exc:
            raise ValueError(f"invalid port in {url!r}") from exc
        return url

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        parts = urlsplit(self.url)
        return parts.port or (8883 if parts.scheme == "mqtts" else 1883)

    @property
    def tls(self) -> bool:
        return urlsplit(self.url).scheme == "mqtts" or self.ca_file is not None


class ServerConfig(_Section):
    """The sync server the console pushes incidents to."""

    url: str = "http://127.0.0.1:8765"


class DisplayConfig(_Section):
    frame_rate: Annotated[float, Field(gt=0, le=120)] = 30.0
    plot_window_s: Annotated[float, Field(gt=0)] = 600.0


class HistoryConfig(_Section):
    raw_window_s: Annotated[float, Field(gt=0, le=86_400)] = 3600.0
    max_raw_points: Annotated[int, Field(ge=16, le=1_000_000)] = 7200


class PlotConfig(_Section):
    """One plot on the overview: the series whose names match ``series``."""

    program: str
    series: str
    title_id: str | None = None
    title_en: str | None = None
    max_series: Annotated[int, Field(ge=1, le=32)] = 8

    @field_validator("series")
    @classmethod
    def _check_filter(cls, value: str) -> str:
        validate_filter(value)
        return value


class AppConfig(_Section):
    language: Literal["id", "en"] = "id"
    workstation: str = Field(default_factory=socket.gethostname)
    broker: BrokerConfig = BrokerConfig()
    server: ServerConfig = ServerConfig()
    display: DisplayConfig = DisplayConfig()
    history: HistoryConfig = HistoryConfig()
    feeds: list[FeedMapping] = []
    plots: list[PlotConfig] = []


def _key_of(loc: tuple[int | str, ...], data: dict[str, Any]) -> str:
    """Render a pydantic error location as the key a user sees in the TOML file."""
    out: list[str] = []
    node: Any = data
    for part in loc:
        if isinstance(part, int):
            # [[feeds]] tables are numbered from 1 and named by topic when possible.
            label = f"{out.pop() if out else ''}[{part + 1}]"
            if isinstance(node, list) and part < len(node) and isinstance(node[part], dict):
                topic = node[part].get("topic") or node[part].get("series")
                if isinstance(topic, str):
                    label += f" ({topic})"
            out.append(label)
        else:
            out.append(part)
        if isinstance(node, dict | list):
            try:
                node = node[part]  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                node = None
    return ".".join(out)


def parse_config(text: str, source: str) -> AppConfig:
    """Validate TOML text; ``source`` names the file in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {source}: not valid TOML: {exc}") from None
    try:
        return AppConfig.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            key = _key_of(tuple(err["loc"]), data)
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "unknown key (check its spelling and section)"
            elif "input" in err and err["type"] not in ("missing",):
                msg += f" (got {err['input']!r})"
            problems.append(f"key '{key}': {msg}")
        raise ConfigError(f"config file {source}: " + "; ".join(problems)) from None


def load_config(path: Path | None = None) -> AppConfig:
    """Read the config file; with no path, the user's file or else the bundled default.

    Falling back to the bundled default (a local broker and server on this
    machine) lets a fresh workstation start and show what is missing, instead
    of refusing to open; ``doctor`` reports which file was used.
    """
    resolved = config_source(path)
    try:
        text = resolved.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file {resolved}: not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {resolved}: cannot be read: {exc}") from None
    return parse_config(text, str(resolved))


def config_source(path: Path | None) -> Path:
    """Which file :func:`load_config` reads for this ``--config`` value."""
    if path is not None:
        return path
    user = paths.default_config_file()
    return user if user.exists() else paths.bundled_config_file()
