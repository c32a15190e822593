"""Deadlines for reading a request: its headers, then its body (slowloris).

uvicorn has none: ``timeout_keep_alive`` only covers the idle time between
two requests on one connection, and any byte received cancels it. A client
that sends its headers one byte every few seconds (or connects and sends
nothing) holds a connection, a file descriptor and some memory for ever;
a few thousand such clients take the server off the air without ever
authenticating. uvicorn's ``h11_max_incomplete_event_size`` (16 KiB) caps the
size of a header block, not the time it takes.

:func:`protocol_with_timeouts` makes a subclass of uvicorn's h11 protocol
that closes the connection when a request's headers have not all arrived
``header_timeout_s`` after it connected (or after the first byte of the next
request on a kept-alive connection), and when its body has not all arrived
``body_timeout_s`` after its headers. A connection closed before any
response gets a 408 first, so a proxy or a slow but honest client sees why.

It reads h11's own state (``their_state``, public h11 API) through
uvicorn's ``conn`` attribute; ``tests/integration/test_server_hardening.py``
runs a real ``serve`` against a raw socket and fails if a uvicorn upgrade
breaks this.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger(__name__)
DEFAULT_HEADER_TIMEOUT_S = 10.0
DEFAULT_BODY_TIMEOUT_S = 60.0
_TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
    b"connection: close\r\ncontent-length: 50\r\n\r\n"
    b'{"detail": "the request took too long to arrive"}'
)


class _TimedH11Protocol(H11Protocol):
    header_timeout_s = DEFAULT_HEADER_TIMEOUT_S
    body_timeout_s = DEFAULT_BODY_TIMEOUT_S

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_deadline: asyncio.TimerHandle | None = None
        self._waiting_for: str | None = None  # "headers" or "body"

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm("headers", self.header_timeout_s)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow_state()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._disarm()  # idle until the next request: uvicorn's keep-alive timer

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _follow_state(self) -> None:
        state = self.conn.their_state
        if state is h11.IDLE:
            # The first bytes of a new request on a kept-alive connection.
            if self._waiting_for != "headers":
                self._arm("headers", self.header_timeout_s)
        elif state is h11.SEND_BODY:
            if self._waiting_for != "body":
                self._arm("body", self.body_timeout_s)
        else:
            self._disarm()

    def _arm(self, what: str, seconds: float) -> None:
        self._disarm()
        self._waiting_for = what
        self._read_deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._read_deadline is not None:
            self._read_deadline.cancel()
        self._read_deadline = None
        self._waiting_for = None

    def _expired(self) -> None:
        what = self._waiting_for
        self._read_deadline = None
        self._waiting_for = None
        if self.transport.is_closing():
            return
        peer = self.client[0] if self.client else "unknown"
        log.warning(
            "closed a connection from %s: its request %s did not arrive in time",
            peer,
            what,
            extra={"fields": {"event": "read-timeout", "address": peer, "waiting_for": what}},
        )
        if self.cycle is None or not self.cycle.response_started:
            self.transport.write(_TIMEOUT_RESPONSE)
        self.transport.close()


def protocol_with_timeouts(
    header_timeout_s: float = DEFAULT_HEADER_TIMEOUT_S,
    body_timeout_s: float = DEFAULT_BODY_TIMEOUT_S,
) -> type[H11Protocol]:
    """uvicorn's h11 protocol with these deadlines (for ``uvicorn.Config(http=...)``)."""
    return type(
        "TimedH11Protocol",
        (_TimedH11Protocol,),
        {"header_timeout_s": header_timeout_s, "body_timeout_s": body_timeout_s},
    )
