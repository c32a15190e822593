"""The MQTT thread's event loop and socket, shaped so that it does not fight the GUI for the GIL.

Why a selector loop
    paho (under aiomqtt 2.x) drives its socket with ``loop.add_reader`` and
    ``add_writer``. qasync's loop on Windows is a Proactor loop, which has
    neither, and qasync routes every callback through Qt (about half the
    throughput measured here). So the console runs aiomqtt on a plain
    ``asyncio.SelectorEventLoop`` made explicitly by :func:`new_selector_loop`
    (Windows' default loop is a Proactor loop too), on a thread of its own;
    the GUI only reads the series store and the status snapshot at frame time
    (docs/windows.md).

Why wake less and read more
    At thousands of messages a second every wake of the MQTT thread and every
    ``recv`` releases and retakes the GIL, and the GUI thread then waits up to
    a switch interval (5 ms) to get it back. :class:`CoalescingSelector` wakes
    the loop at most every :data:`WAKE_INTERVAL_S`; :class:`BufferedSocket`
    serves paho's small reads from one large one.
"""

from __future__ import annotations

import asyncio
import contextlib
import selectors
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import FileDescriptorLike

# The MQTT thread's loop wakes at most this often (CoalescingSelector).
WAKE_INTERVAL_S = 0.01
# How long a graceful close waits for the broker to close its side (BufferedSocket.close).
CLOSE_WAIT_S = 1.0


def new_selector_loop(wake_interval_s: float = WAKE_INTERVAL_S) -> asyncio.SelectorEventLoop:
    """A loop that has ``add_reader`` on every platform, waking at most every ``wake_interval_s``.

    Made explicitly rather than through the event loop policy: on Windows the
    default policy gives a ``ProactorEventLoop``, whose ``add_reader`` raises
    ``NotImplementedError``, and paho cannot run without it. The interval is
    ``[broker] wake_interval_ms`` (or its environment override, read by the
    config loader); 0 turns the coalescing off.
    """
    if wake_interval_s <= 0:
        return asyncio.SelectorEventLoop()
    return asyncio.SelectorEventLoop(CoalescingSelector(wake_interval_s))


class CoalescingSelector(selectors.BaseSelector):
    """A selector that wakes its loop at most once per ``interval`` seconds.

    At thousands of messages a second the socket is readable all the time, so
    the MQTT thread woke for every few packets and each wake took the GIL
    from the GUI thread, which then waited up to a switch interval (5 ms) to
    get it back, several times per plot it painted. Sleeping out the rest of
    the interval before waiting on the socket lets packets gather (in the
    kernel's buffer) and be decoded in one go: the GUI loses the GIL about
    100 times a second instead of thousands. Costs at most ``interval`` of
    latency per message; nothing is dropped (the socket buffers).
    """

    def __init__(
        self,
        interval: float,
        inner: selectors.BaseSelector | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._inner = inner or selectors.DefaultSelector()
        self._clock = clock
        self._sleep = sleep
        self._last = -interval

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        if timeout is not None and timeout <= 0:
            return self._inner.select(timeout)  # a poll between ready callbacks
        wait = self.interval - (self._clock() - self._last)
        if wait > 0:
            if timeout is not None:
                wait = min(wait, timeout)
                timeout -= wait
            self._sleep(wait)
        events = self._inner.select(timeout)
        self._last = self._clock()  # a wake: the next one no sooner than interval
        return events

    def register(
        self, fileobj: FileDescriptorLike, events: int, data: Any = None
    ) -> selectors.SelectorKey:
        return self._inner.register(fileobj, events, data)

    def unregister(self, fileobj: FileDescriptorLike) -> selectors.SelectorKey:
        return self._inner.unregister(fileobj)

    def modify(
        self, fileobj: FileDescriptorLike, events: int, data: Any = None
    ) -> selectors.SelectorKey:
        return self._inner.modify(fileobj, events, data)

    def get_map(self) -> Mapping[FileDescriptorLike, selectors.SelectorKey]:
        return self._inner.get_map()

    def close(self) -> None:
        self._inner.close()


class BufferedSocket:
    """A socket whose small reads are served from one large read.

    paho reads each packet with three ``recv`` calls (command byte, length,
    body), and every ``recv`` releases the GIL. With the GUI thread busy
    drawing, each release can cost the MQTT thread a whole switch interval
    (5 ms) before it runs again, so it read a few hundred messages a second
    and the broker's backlog grew to seconds (bench/render.py, 5,000 msg/s
    through Mosquitto: publish-to-frame p50 0.9 s). One ``recv`` of
    :data:`READ_CHUNK` bytes takes in hundreds of messages per release.
    ``pending()`` counts what is buffered, so aiomqtt's reader (which loops
    while ``pending()`` is positive, for TLS's own buffer) handles all of it
    before it waits on the socket again.
    """

    READ_CHUNK = 256 * 1024

    def __init__(self, sock: Any) -> None:
        self._sock = sock
        self._buffer = b""
        self._pos = 0

    def recv(self, bufsize: int) -> bytes:
        if self._pos >= len(self._buffer):
            data: bytes = self._sock.recv(self.READ_CHUNK)  # BlockingIOError passes to paho
            if not data:
                return data  # closed by the broker
            self._buffer, self._pos = data, 0
        chunk = self._buffer[self._pos : self._pos + bufsize]
        self._pos += len(chunk)
        return chunk

    def pending(self) -> int:
        inner = self._sock.pending() if hasattr(self._sock, "pending") else 0
        return len(self._buffer) - self._pos + int(inner)

    def close(self) -> None:
        """Close after the broker did, so that it reads the last PUBACKs.

        paho closes right after writing DISCONNECT. Bytes the broker sent
        meanwhile were still unread here, and closing a socket with unread
        data sends a TCP reset, which makes the broker's kernel drop what it
        had not read yet: the last PUBACKs. The broker then delivered those
        messages again at the next start, although they had been decoded
        (tens of readings twice after a stop in mid-burst). So the rest is
        read and discarded (never parsed: not acknowledged, the broker keeps
        them) until the broker closes its side, at most :data:`CLOSE_WAIT_S`.
        """
        sock = self._sock
        with contextlib.suppress(OSError, ValueError):
            sock.settimeout(CLOSE_WAIT_S)
            deadline = time.monotonic() + CLOSE_WAIT_S
            while time.monotonic() < deadline and sock.recv(self.READ_CHUNK):
                pass
        sock.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)
