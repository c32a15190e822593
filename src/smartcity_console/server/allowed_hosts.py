"""Answer only requests whose ``Host`` header names this server (``allowed_hosts``).

A server that answers any Host can be reached through a name an attacker
controls (DNS rebinding: a web page in an operator's browser talking to the
sync server on the operator's network) and lets a forged Host reach
anything that builds links from it. The default list is what a console can
legitimately use: the loopback names, the address the server listens on,
this machine's host name and fully qualified name, and the addresses the
resolver gives for them. A deployment adds the names and addresses its
consoles use (``allowed_hosts = ["sync.rembang.go.id", "10.20.0.5"]``), or
``["*"]`` to turn the check off behind a proxy that does it already.

Starlette's ``TrustedHostMiddleware`` does the same matching but answers in
plain text; the sync contract promises JSON ``{"detail": ...}`` for every
error, and the refusal is logged here with the name that was asked for so
an administrator can add it.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import logging
import socket
from collections.abc import Iterable, Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_ANY_ADDRESS = {"", "0.0.0.0", "::"}  # the wildcard addresses: "every interface"


def _resolved(name: str) -> set[str]:
    try:
        return {str(info[4][0]) for info in socket.getaddrinfo(name, None)}
    except (OSError, UnicodeError):
        return set()


def default_allowed_hosts(listen_host: str = "127.0.0.1") -> list[str]:
    """Loopback, the listening address, this machine's names and their addresses."""
    return list(_default_allowed_hosts(listen_host))


@functools.lru_cache(maxsize=8)
def _default_allowed_hosts(listen_host: str) -> tuple[str, ...]:
    # Cached: the names come from the resolver (getfqdn may ask DNS), and tests and
    # the demo make many apps in one process.
    names: set[str] = set(LOOPBACK_NAMES)
    if listen_host not in _ANY_ADDRESS:
        names.add(listen_host)
    for own in {socket.gethostname(), socket.getfqdn()}:
        if own:
            names.add(own)
            names |= _resolved(own)
    return tuple(sorted(names, key=str.lower))


def host_of(header: str) -> str:
    """The Host header without its port, lower-case; IPv6 without its brackets."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value


def _normal(pattern: str) -> str:
    pattern = pattern.strip().lower()
    try:
        return str(ipaddress.ip_address(pattern.strip("[]")))
    except ValueError:
        return pattern


def is_allowed(host: str, patterns: Iterable[str]) -> bool:
    """``host`` matches a name, an address, ``*.domain`` or ``*``."""
    host = _normal(host)
    for pattern in patterns:
        if pattern == "*" or pattern == host:
            return True
        if pattern.startswith("*.") and host.endswith(pattern[1:]):
            return True
    return False


class AllowedHosts:
    """Pure ASGI: a request whose Host is not allowed gets 400 and never reaches the app."""

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.patterns = [_normal(p) for p in allowed_hosts]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "*" in self.patterns:
            await self.app(scope, receive, send)
            return
        header = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        host = host_of(header)
        if host and is_allowed(host, self.patterns):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        log.warning(
            "refused a request for host %r from %s: not in allowed_hosts",
            host,
            client[0] if client else "unknown",
            extra={"fields": {"event": "host-refused", "host": host[:200]}},
        )
        body = json.dumps(
            {
                "detail": f"this server does not answer to the host name {host[:200]!r}; "
                "its administrator can add it to allowed_hosts in the server settings"
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 400,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})
