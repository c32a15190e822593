"""Where to publish: an ``mqtt://`` or ``mqtts://`` URL, parsed once for every publisher.

The simulator's publisher (sim/publish.py) and the sync server's poke
(server/poke.py) both take a broker URL on their command line; the console
itself reads its broker from ``[broker]`` in the config (config.py). A
password in the URL never reaches a message: errors show the URL masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from smartcity_console.redaction import mask_url_passwords


@dataclass(frozen=True, slots=True)
class BrokerAddress:
    """Where to publish, parsed from ``mqtt://[user[:password]@]host[:port]``."""

    host: str
    port: int
    tls: bool = False
    username: str | None = None
    password: str | None = None

    @property
    def display(self) -> str:
        return f"{self.host}:{self.port}"


def parse_broker_url(url: str) -> BrokerAddress:
    """Parse an ``mqtt://`` or ``mqtts://`` URL; ValueError names what is wrong."""
    parts = urlsplit(url)
    shown = mask_url_passwords(url)  # the message may be logged or shown
    if parts.scheme not in ("mqtt", "mqtts"):
        raise ValueError(f"broker URL must start with mqtt:// or mqtts://, not {shown!r}")
    if not parts.hostname:
        raise ValueError(f"broker URL has no host: {shown!r}")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"invalid port in broker URL {shown!r}") from None
    tls = parts.scheme == "mqtts"
    return BrokerAddress(
        host=parts.hostname,
        port=port if port is not None else (8883 if tls else 1883),
        tls=tls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
    )
