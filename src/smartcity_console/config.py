"""The console's TOML configuration, validated with pydantic.

A broken file must never show an installer a traceback: :func:`load_config`
turns every problem into one :class:`ConfigError` whose message names the
file, the key and what was expected.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import tomllib
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from smartcity_console import paths
from smartcity_console.core.alarm_rules import AlarmRules
from smartcity_console.core.geo import LAYER_KINDS, LayerKind, LayerSource
from smartcity_console.core.i18n import DEFAULT_LANGUAGE, Language
from smartcity_console.core.incidents import Severity, deadlines_from_minutes
from smartcity_console.core.incidents.journal_rules import Workstation
from smartcity_console.core.link_outage import (
    DEFAULT_GRACE_S,
    DEFAULT_RAISE_AFTER_S,
    LinkOutageSettings,
)
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.places import StationPlace
from smartcity_console.core.programs import PROGRAM_KEYS
from smartcity_console.core.series import HistoryLimits
from smartcity_console.core.time_sanity import DEFAULT_EARLIEST, DEFAULT_MAX_FUTURE_S, TimeRule
from smartcity_console.core.topics import validate_filter
from smartcity_console.redaction import is_secret_name, mask_url_passwords


class ConfigError(Exception):
    """A config file that cannot be used; ``str()`` is the message for the user."""


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# MQTT 5 lets a session live at most 0xFFFFFFFF seconds; that value means "never expires".
SESSION_EXPIRY_NEVER = 0xFFFF_FFFF
# One shift (8 h): a console restarted, or cut off for a shift, finds what was
# published meanwhile, while a workstation taken out of service stops costing
# the broker memory within the day. EMQX keeps an MQTT 3.1.1 session 2 h by
# default (mqtt.session_expiry_interval); Mosquitto keeps it until its
# persistent_client_expiration, never by default, and for MQTT 5 lets the
# client choose. The broker's queue is sized for the same 8 h
# (mqtt/broker_settings.py, docs/configuration.md).
SESSION_LIFETIME_H = 8
DEFAULT_SESSION_EXPIRY_S = SESSION_LIFETIME_H * 3600
# Messages the console takes from the broker ahead of its decoder, at most
# (mqtt/child.py): about 60 MB of simulator readings, 40 s of a
# 5,000 msg/s burst. Beyond it the console reads at its decoder's pace and
# the broker queues the rest.
DEFAULT_MAX_BUFFERED = 200_000
# A console cycles through at most this many brokers ([broker] urls).
MAX_BROKERS = 16


class BrokerConfig(_Section):
    """How the console reaches the MQTT broker.

    Sessions are persistent by default: the console connects with a client id
    of its own, made at its first start and kept in its data folder
    (installation.py), or ``client_id`` when the file fixes one; MQTT 3.1.1
    ``clean_session=False``, MQTT 5 ``clean_start=False`` with
    ``session_expiry_s``. QoS 1 messages published while the console was away
    are then delivered when it returns, as far as the broker's own limits
    kept them (docs/configuration.md). ``session = "clean"`` opts out.
    A ``BrokerConfig`` whose ``client_id`` is still None (doctor, tests, a
    config before the console resolved its id) connects with a random id and a
    clean session.

    ``urls`` lists brokers to fail over between (two bridged Mosquittos, the
    nodes of an EMQX cluster); ``url`` is then the first of them, so code that
    needs one broker reads ``url`` as before.

    A combination that would silently ignore a key (a key file without TLS, a
    password without a user name) is refused, so a config never looks secured
    when it is not. Those checks are field validators on the dependent key,
    not one model validator: an error then names that key and echoes only its
    value, never the whole section with its password.
    """

    url: str = "mqtt://127.0.0.1:1883"
    # Brokers to fail over between, in order of preference; url is then urls[0].
    urls: list[str] | None = None
    # "3.1.1" works with every broker; "5" adds reason codes on disconnect and a
    # session expiry the console chooses (a number 5 in the file is accepted too).
    protocol: Literal["3.1.1", "5"] = "3.1.1"
    # Two consoles must never share one: the broker would disconnect one for the
    # other. None: the id made at this installation's first start (installation.py).
    client_id: Annotated[str, Field(min_length=1, max_length=65_535)] | None = None
    # "persistent": the broker keeps this console's subscriptions and queue while
    # it is away; "clean": nothing is kept (a viewer that need not catch up).
    session: Literal["persistent", "clean"] = "persistent"
    # MQTT 5 only, persistent sessions only: how long the broker keeps the
    # session after the console disconnects. None means DEFAULT_SESSION_EXPIRY_S.
    session_expiry_s: Annotated[int, Field(ge=0, le=SESSION_EXPIRY_NEVER)] | None = None
    # password comes before username so that username's check (validated even
    # when absent) can see it; the order of keys in the file does not matter.
    # Kept out of repr() so a logged config never shows it.
    password: Annotated[str | None, Field(repr=False)] = None
    username: Annotated[str | None, Field(validate_default=True)] = None
    ca_file: Path | None = None
    cert_file: Path | None = None
    key_file: Path | None = None
    # Skips only the check that the broker's certificate names the host in `url`;
    # the chain is still verified against ca_file. For a lab, never a default.
    tls_insecure: bool = False
    keepalive_s: Annotated[int, Field(ge=5, le=3600)] = 30
    # Reconnect backoff: the first wait, doubled after each failed attempt up to
    # the maximum; each wait is drawn at random from its upper half (jitter) so
    # a room of consoles does not reconnect in lockstep after a broker restart.
    backoff_initial_s: Annotated[float, Field(gt=0, le=60)] = 0.5
    backoff_max_s: Annotated[float, Field(gt=0, le=3600)] = 30.0
    # The MQTT client runs in a process of its own, so that its protocol work
    # never takes Python's GIL from drawing (mqtt/process.py); false
    # runs it on a thread of the console's process: one process fewer, slower
    # plots under thousands of messages a second.
    separate_process: bool = True
    # The MQTT thread's loop wakes at most every this many milliseconds, so that
    # packets gather and are decoded in one go (docs/architecture.md); 0 wakes for
    # every packet. Also SMARTCITY_MQTT_WAKE_INTERVAL_MS (ENV_OVERRIDES), for benchmarks.
    wake_interval_ms: Annotated[float, Field(ge=0, le=1000)] = 10.0
    # Messages taken from the broker ahead of the decoder, at most (DEFAULT_MAX_BUFFERED).
    max_buffered_messages: Annotated[int, Field(ge=1000, le=10_000_000)] = DEFAULT_MAX_BUFFERED
    # Topic filters subscribed to only so that the topic browser shows them: devices
    # not mapped yet, which an installer maps with "Map this topic..." (docs/feeds.md).
    browse: list[str] = []

    @field_validator("browse")
    @classmethod
    def _check_browse(cls, filters: list[str]) -> list[str]:
        for topic_filter in filters:
            validate_filter(topic_filter)
        return filters

    @model_validator(mode="before")
    @classmethod
    def _url_or_urls(cls, data: object) -> object:
        # Before the fields, so that url (what the rest of the console reads) is urls[0].
        if isinstance(data, dict) and data.get("urls") is not None:
            if "url" in data:
                raise ValueError("give either url (one broker) or urls (a list), not both")
            urls = data["urls"]
            if isinstance(urls, list) and urls and isinstance(urls[0], str):
                with contextlib.suppress(ValueError):  # reported once, by urls' own check
                    return {**data, "url": _broker_url(urls[0])}
        return data

    @field_validator("url")
    @classmethod
    def _check_url(cls, url: str) -> str:
        return _broker_url(url)

    @field_validator("urls")
    @classmethod
    def _check_urls(cls, urls: list[str] | None) -> list[str] | None:
        if urls is None:
            return None
        if not urls:
            raise ValueError("the list is empty; give at least one broker URL")
        if len(urls) > MAX_BROKERS:
            raise ValueError(f"at most {MAX_BROKERS} brokers")
        for url in urls:
            _broker_url(url)
        if len(set(urls)) != len(urls):
            raise ValueError("a broker is listed twice")
        if len({urlsplit(url).scheme for url in urls}) > 1:
            raise ValueError(
                "mixes mqtt:// and mqtts://; every broker of one console uses the same TLS settings"
            )
        return urls

    @field_validator("protocol", mode="before")
    @classmethod
    def _protocol_as_text(cls, value: object) -> object:
        # TOML users write `protocol = 5` as often as `protocol = "5"`.
        if isinstance(value, int | float) and not isinstance(value, bool) and value == 5:
            return "5"
        return value

    @field_validator("session_expiry_s")
    @classmethod
    def _expiry_needs_mqtt5_session(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None:
            return value
        if info.data.get("protocol") != "5":
            raise ValueError(
                'needs protocol = "5" (an MQTT 3.1.1 session lasts until the'
                " broker's persistent_client_expiration)"
            )
        if info.data.get("session") == "clean":
            raise ValueError(
                'needs session = "persistent" (a clean session ends with the connection)'
            )
        return value

    @field_validator("username")
    @classmethod
    def _password_needs_username(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("password") is not None:
            raise ValueError("password is set but username is not")
        return value

    @field_validator("key_file")
    @classmethod
    def _key_needs_cert(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        if value is not None and info.data.get("cert_file") is None:
            raise ValueError("needs cert_file (the client certificate)")
        return value

    @field_validator("cert_file", "tls_insecure")
    @classmethod
    def _needs_tls(cls, value: Path | bool | None, info: ValidationInfo) -> Path | bool | None:
        url = info.data.get("url")
        tls = info.data.get("ca_file") is not None or (
            isinstance(url, str) and urlsplit(url).scheme == "mqtts"
        )
        if value and not tls:
            raise ValueError("needs TLS: use an mqtts:// url (or set ca_file)")
        return value

    @field_validator("backoff_max_s")
    @classmethod
    def _max_not_below_initial(cls, value: float, info: ValidationInfo) -> float:
        initial = info.data.get("backoff_initial_s")
        if initial is not None and value < initial:
            raise ValueError(f"must be at least backoff_initial_s ({initial})")
        return value

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

    @property
    def brokers(self) -> tuple[str, ...]:
        """The brokers to connect to, in order of preference (``urls``, else ``url``)."""
        return tuple(self.urls) if self.urls else (self.url,)

    def at(self, url: str) -> BrokerConfig:
        """This config for one of its brokers (host, port and TLS follow ``url``)."""
        if url == self.url:
            return self
        return self.model_copy(update={"url": url})

    @property
    def persistent_session(self) -> bool:
        """Whether the broker keeps this console's subscriptions and queue while it is away.

        Only once a client id is known: the console's own (installation.py) or the config's.
        """
        return self.session == "persistent" and self.client_id is not None

    @property
    def effective_session_expiry_s(self) -> int:
        """The MQTT 5 session expiry sent on connect (0 ends the session with the connection)."""
        if not self.persistent_session:
            return 0
        if self.session_expiry_s is None:
            return DEFAULT_SESSION_EXPIRY_S
        return self.session_expiry_s


def _broker_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("mqtt", "mqtts") or not parts.hostname:
        raise ValueError("expected a broker URL like mqtt://host:1883 or mqtts://host:8883")
    if parts.username is not None or parts.password is not None:
        raise ValueError(
            "must not hold a user name or password: use [broker] username (the password "
            "goes in the keyring); in the URL they would be ignored and written to logs"
        )
    try:
        _ = parts.port
    except ValueError as exc:
        raise ValueError(f"invalid port in {url!r}") from exc
    return url


def is_loopback_host(host: str) -> bool:
    """``localhost`` (and ``*.localhost``), 127.0.0.0/8 or ``::1``: traffic that never leaves."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ServerConfig(_Section):
    """The sync server the console pushes incidents to (docs/sync.md).

    Passwords and bearer tokens travel to it, so ``http://`` is accepted only
    to this machine (the demo, a server on the workstation) unless
    ``allow_plain_http`` says the deployment knowingly accepts plain HTTP on
    its network. ``ca_file`` is the CA that signed an ``https://`` server's
    certificate when it is not a public one (the command center's own CA).
    """

    # Before url, so that url's check can see it.
    allow_plain_http: bool = False
    url: str = "http://127.0.0.1:8765"
    ca_file: Path | None = None
    # The MQTT topic the server pokes after each push (its --poke-topic); "" turns it off.
    poke_topic: Annotated[str, Field(max_length=200)] = "rembang/console/sync"
    # Pull this often even without a poke (a poke can be lost; QoS 0).
    pull_interval_s: Annotated[float, Field(ge=1, le=3600)] = 15.0
    backoff_max_s: Annotated[float, Field(ge=1, le=3600)] = 60.0

    @field_validator("url")
    @classmethod
    def _check_url(cls, url: str, info: ValidationInfo) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                "expected a server URL like https://host:8765 or http://127.0.0.1:8765"
            )
        if parts.username is not None or parts.password is not None:
            raise ValueError(
                "must not hold a user name or password (the console asks at sign-in; "
                "in the URL they would be written to logs)"
            )
        try:
            _ = parts.port
        except ValueError:
            raise ValueError("has an invalid port") from None
        if (
            parts.scheme == "http"
            and not is_loopback_host(parts.hostname)
            and not info.data.get("allow_plain_http")
        ):
            raise ValueError(
                f"plain http:// to {parts.hostname}, which is not this machine, would send "
                "passwords and sign-in tokens unencrypted over the network; use https:// "
                "(docs/sync.md, TLS), or set allow_plain_http = true in [server] to accept "
                "that knowingly"
            )
        return url

    @property
    def plain_http_over_network(self) -> bool:
        """Plain HTTP to another machine (only with ``allow_plain_http``): doctor warns."""
        parts = urlsplit(self.url)
        return parts.scheme == "http" and not is_loopback_host(parts.hostname or "")


class DisplayConfig(_Section):
    frame_rate: Annotated[float, Field(gt=0, le=120)] = 30.0
    plot_window_s: Annotated[float, Field(gt=0)] = 600.0


class HistoryConfig(_Section):
    """How much history each series keeps; memory per series is fixed by these."""

    raw_window_s: Annotated[float, Field(gt=0, le=86_400)] = 3600.0
    max_raw_points: Annotated[int, Field(ge=16, le=1_000_000)] = 3600
    minute_tier_h: Annotated[float, Field(ge=1, le=24 * 31)] = 24.0
    coarse_tier_days: Annotated[float, Field(ge=1, le=366)] = 7.0

    def limits(self) -> HistoryLimits:
        return HistoryLimits(
            raw_window_s=self.raw_window_s,
            max_raw_points=self.max_raw_points,
            minute_tier_s=self.minute_tier_h * 3600,
            coarse_tier_s=self.coarse_tier_days * 86_400,
        )


class RetiredPlot(_Section):
    """One ``[[plots]]`` table of an old config: read only to move it into a layout file.

    The overview used to be defined twice, by ``[[plots]]`` and by
    ``resources/layouts/overview.json``; the layout files are the one source
    now (docs/dashboards.md). A config that still has ``[[plots]]`` loads, and
    the console copies them once into this workstation's overview layout
    (layout_files.migrate_retired_plots) and says so.
    """

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


class IncidentsConfig(_Section):
    """Incident handling on this console."""

    # Minutes to acknowledge per severity before a ticket is escalated.
    ack_deadline_min: dict[Literal["critical", "high", "medium", "low"], float] = {
        "critical": 5,
        "high": 15,
        "medium": 60,
        "low": 240,
    }
    # The local incident database; default: incidents.sqlite3 in the user's data folder.
    database: Path | None = None

    @field_validator("ack_deadline_min")
    @classmethod
    def _positive(cls, value: dict[str, float]) -> dict[str, float]:
        for key, minutes in value.items():
            if not minutes > 0:
                raise ValueError(f"the deadline for {key} must be more than 0 minutes")
        return value

    def deadlines(self) -> dict[Severity, timedelta]:
        return deadlines_from_minutes(dict(self.ack_deadline_min.items()))


class WallConfig(_Section):
    """Wall mode (``--wall``): how the wall cycles its dashboards (docs/wall.md)."""

    # Seconds each dashboard stays on the wall before the next one.
    cycle_s: Annotated[float, Field(ge=3, le=3600)] = 20.0
    # Seconds the wall stays on a dashboard after an operator's key press or mouse move.
    pin_s: Annotated[float, Field(ge=1, le=3600)] = 60.0
    # Beep when a new critical incident awaits acknowledgement.
    sound: bool = False


class AnnunciationConfig(_Section):
    """How a new high or critical incident sounds on this console (docs/incidents.md)."""

    # false: no sound (title, flash, notification and status bar still tell).
    sound: bool = True
    # The audio output's name as the system lists it (doctor prints them); "": the default.
    audio_device: str = ""
    # 0 (silent) to 1 (full).
    volume: Annotated[float, Field(ge=0, le=1)] = 0.8
    # Seconds between repeats of the sound while an incident waits and is not silenced.
    repeat_s: Annotated[float, Field(ge=1, le=600)] = 5.0


class OutageConfig(_Section):
    """What the alarms do while this console's own broker link is down (docs/alarms.md)."""

    # Stale-feed alarms stay suppressed this long after the link returns (devices
    # reconnect to a restarted broker on their own backoff; link_outage.py says why 120).
    grace_s: Annotated[float, Field(ge=0, le=3600)] = DEFAULT_GRACE_S
    # The one "link to the broker lost" incident comes after the link has been down
    # this long (twice the default backoff_max_s: a reconnect in progress is no incident).
    link_alarm_after_s: Annotated[float, Field(ge=0, le=86_400)] = DEFAULT_RAISE_AFTER_S
    link_alarm_severity: Literal["critical", "high", "medium", "low"] = "high"
    link_alarm_program: str = "governance"

    @field_validator("link_alarm_program")
    @classmethod
    def _known_program(cls, value: str) -> str:
        if value not in PROGRAM_KEYS:
            raise ValueError(f"unknown program; expected one of {', '.join(PROGRAM_KEYS)}")
        return value

    def settings(self, workstation: str) -> LinkOutageSettings:
        return LinkOutageSettings(
            workstation=workstation,
            grace_s=self.grace_s,
            raise_after_s=self.link_alarm_after_s,
            severity=self.link_alarm_severity,
            program=self.link_alarm_program,
        )


class TimestampsConfig(_Section):
    """The one time rule every reading passes at decode time (core/time_sanity.py)."""

    # How far ahead of this console's clock a reading may be stamped.
    max_future_s: Annotated[float, Field(ge=0, le=366 * 86_400)] = DEFAULT_MAX_FUTURE_S
    # Readings stamped before this date (UTC) are refused as a clock that was never set.
    earliest: date = DEFAULT_EARLIEST

    @field_validator("earliest", mode="before")
    @classmethod
    def _date_only(cls, value: object) -> object:
        # TOML has date literals (earliest = 2020-01-01); a quoted ISO date works too.
        if isinstance(value, datetime):
            raise ValueError("expected a date such as 2020-01-01, without a time")
        return value

    def rule(self) -> TimeRule:
        floor = datetime(self.earliest.year, self.earliest.month, self.earliest.day, tzinfo=UTC)
        return TimeRule(max_future_s=self.max_future_s, earliest=floor.timestamp())


class StationConfig(_Section):
    """One ``[[stations]]`` table: where a station stands (docs/map.md)."""

    # The station's slug: the last topic level of its series (``alun_alun_rembang``).
    station: Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[^/#+]+$")]
    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]
    # The kecamatan it serves, as the kecamatan layer names it ("Lasem").
    kecamatan: str = ""

    def place(self) -> StationPlace:
        return StationPlace(self.station, self.latitude, self.longitude, self.kecamatan)


class MapLayerConfig(_Section):
    """One ``[[map.layers]]`` table: a GeoJSON file from the installer's own GIS office."""

    path: Path
    kind: LayerKind = "other"
    # True: it replaces the shipped layer of the same kind; False: drawn on top of it.
    replace: bool = True

    @field_validator("kind", mode="before")
    @classmethod
    def _known_kind(cls, value: object) -> object:
        if isinstance(value, str) and value not in LAYER_KINDS:
            raise ValueError(f"kind must be one of {', '.join(LAYER_KINDS)}")
        return value


class MapConfig(_Section):
    """The map panel's base map (docs/map.md): the shipped layers and the installer's."""

    layers: list[MapLayerConfig] = []
    # A kecamatan is shaded when more than this share of its stations is silent.
    silent_share: Annotated[float, Field(ge=0, lt=1)] = 0.5

    def layer_sources(self, relative_to: Path | None = None) -> list[LayerSource]:
        out = []
        for layer in self.layers:
            path = layer.path
            if relative_to is not None and not path.is_absolute():
                path = relative_to / path
            out.append(LayerSource(path, layer.kind, layer.replace))
        return out


class AppConfig(_Section):
    language: Language = DEFAULT_LANGUAGE
    # Recorded with every change this console makes: the journal's rule for one-line text.
    workstation: Workstation = Field(default_factory=socket.gethostname)
    broker: BrokerConfig = BrokerConfig()
    server: ServerConfig = ServerConfig()
    display: DisplayConfig = DisplayConfig()
    incidents: IncidentsConfig = IncidentsConfig()
    history: HistoryConfig = HistoryConfig()
    feeds: list[FeedMapping] = []
    # Retired [[plots]] (RetiredPlot): kept only to migrate them and to say so.
    retired_plots: list[RetiredPlot] = Field(default=[], alias="plots")
    alarms: AlarmRules = []
    outage: OutageConfig = OutageConfig()
    timestamps: TimestampsConfig = TimestampsConfig()
    wall: WallConfig = WallConfig()
    annunciation: AnnunciationConfig = AnnunciationConfig()
    stations: list[StationConfig] = []
    map: MapConfig = MapConfig()


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


# Environment variables that override a key of the file: read here and only
# here, so every setting has one way in (the loader) and one place to look.
ENV_OVERRIDES: dict[str, tuple[str, str]] = {
    "SMARTCITY_MQTT_WAKE_INTERVAL_MS": ("broker", "wake_interval_ms"),
}


def _environment_overrides(data: dict[str, Any], environ: Mapping[str, str]) -> None:
    """Put each set :data:`ENV_OVERRIDES` variable into ``data`` (over the file's value)."""
    for name, (section, key) in ENV_OVERRIDES.items():
        value = environ.get(name)
        if value is None or value == "":
            continue
        table = data.setdefault(section, {})
        if not isinstance(table, dict):
            raise ConfigError(f"config: [{section}] must be a table (set by {name})")
        table[key] = value


def parse_config(text: str, source: str, environ: Mapping[str, str] | None = None) -> AppConfig:
    """Validate TOML text, then the environment's overrides; ``source`` names the file.

    ``environ`` defaults to the process's environment (:data:`ENV_OVERRIDES`).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {source}: not valid TOML: {exc}") from None
    _environment_overrides(data, os.environ if environ is None else environ)
    try:
        return AppConfig.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            key = _key_of(tuple(err["loc"]), data)
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "unknown key (check its spelling and section)"
            elif (
                "input" in err
                and err["type"] not in ("missing",)
                and not is_secret_name(key)
                and not isinstance(err["input"], dict)  # a whole section may hold a password
            ):
                msg += f" (got {mask_url_passwords(repr(err['input']))})"
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
    return with_keyring_password(parse_config(text, str(resolved)))


def with_keyring_password(config: AppConfig) -> AppConfig:
    """The broker password from the keyring when the file names a user but no password.

    The first-run dialog puts it there (credentials.py): a secret never sits
    in the config file. Without a keyring entry the config stays as it is and
    the broker's refusal says what is missing.
    """
    broker = config.broker
    if broker.username is None or broker.password is not None:
        return config
    from smartcity_console.credentials import get_broker_password

    password = get_broker_password(broker.url, broker.username)
    if password is None:
        return config
    return config.model_copy(update={"broker": broker.model_copy(update={"password": password})})


def config_source(path: Path | None) -> Path:
    """Which file :func:`load_config` reads for this ``--config`` value."""
    if path is not None:
        return path
    user = paths.default_config_file()
    return user if user.exists() else paths.bundled_config_file()
