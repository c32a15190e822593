"""Every reach into aiomqtt's and paho's private parts, in one place.

aiomqtt 2.x (2.5 here, over paho-mqtt 2.1/2.2) does not expose what the
console needs to keep its promises: how the socket is read, the CONNACK's
session-present flag, a connection closed before CONNACK, a way to stop
reading before a graceful disconnect, and a cancel-safe, non-blocking read of
its message queue. Each function here is a WORKAROUND that names the
version it was written against; an aiomqtt upgrade is checked in this module
and its tests (tests/integration/test_mqtt_connection.py,
tests/unit/test_mqtt_cancel.py).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import aiomqtt
import paho.mqtt.client as paho
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

from smartcity_console.mqtt.transport import BufferedSocket

# aiomqtt's words for "the connection dropped while we were receiving".
ITERATION_ENDED = "Disconnected during message iteration"


def buffer_reads(client: aiomqtt.Client) -> None:
    """Read the client's socket through a :class:`BufferedSocket`."""
    # WORKAROUND (paho-mqtt 2.1, aiomqtt 2.x): neither lets a caller choose how the
    # socket is read; paho's _create_socket is where the socket (TLS already
    # wrapped) is made, so its result is wrapped on the way out.
    paho_client = client._client
    create = paho_client._create_socket

    def create_buffered() -> BufferedSocket:
        return BufferedSocket(create())

    paho_client._create_socket = create_buffered  # type: ignore[method-assign]


def watch_connection(
    client: aiomqtt.Client,
    on_session_present: Callable[[bool], None],
    transport_error: Callable[[], str | None],
) -> None:
    """Wrap aiomqtt's paho callbacks for what aiomqtt 2.x does not pass on.

    WORKAROUND (aiomqtt 2.5): it reads CONNACK's session-present flag and
    drops it (here handed to ``on_session_present``); and it ignores a
    connection closed before CONNACK (a broker refusing this console's TLS
    certificate after the handshake), so the connect waits its whole timeout
    and reports "Operation timed out". ``transport_error`` gives paho's last
    logged error, the only place that says why.
    """
    inner_connect = client._on_connect
    inner_disconnect = client._on_disconnect
    loop_thread = threading.get_ident()

    def on_connect(
        mqttc: paho.Client,
        userdata: Any,  # paho's callback signature
        flags: paho.ConnectFlags,
        reason_code: ReasonCode,
        properties: Properties | None = None,
    ) -> None:
        on_session_present(bool(flags.session_present))
        inner_connect(mqttc, userdata, flags, reason_code, properties)

    def on_disconnect(
        mqttc: paho.Client,
        userdata: Any,  # paho's callback signature
        flags: paho.DisconnectFlags,
        reason_code: ReasonCode,
        properties: Properties | None = None,
    ) -> None:
        connected = client._connected
        # Futures belong to the loop's thread; paho may call from the connect executor.
        if threading.get_ident() == loop_thread and not connected.done():
            detail = transport_error() or str(reason_code)
            connected.set_exception(
                aiomqtt.MqttError(f"the broker closed the connection during login: {detail}")
            )
        inner_disconnect(mqttc, userdata, flags, reason_code, properties)

    client._client.on_connect = on_connect
    client._client.on_disconnect = on_disconnect


def stop_reading(client: aiomqtt.Client, loop: asyncio.AbstractEventLoop | None) -> None:
    """Read no more from the client's socket (before a graceful disconnect).

    WORKAROUND (aiomqtt 2.5, paho 2.2): aiomqtt registers paho's socket with
    add_reader and offers no way to pause it; its own close removes it again.
    """
    sock = client._client.socket()
    if sock is not None and loop is not None:
        loop.remove_reader(sock.fileno())


def take_queued(client: aiomqtt.Client) -> aiomqtt.Message | None:
    """The next message already queued, or None: never waits.

    WORKAROUND: aiomqtt 2.x has no public non-blocking read of its queue.
    """
    queue: asyncio.Queue[aiomqtt.Message] = client._queue
    try:
        return queue.get_nowait()
    except asyncio.QueueEmpty:
        return None


def queue_empty(client: aiomqtt.Client) -> bool:
    """Whether aiomqtt's incoming queue is empty (see :func:`take_queued`)."""
    return bool(client._queue.empty())


async def next_message(
    client: aiomqtt.Client, on_taken: Callable[[aiomqtt.Message], None]
) -> aiomqtt.Message:
    """The next message, waiting for one; raises MqttError once the connection is lost.

    What aiomqtt's ``client.messages`` iterator does, but safe to cancel: the
    iterator takes the message from the queue in a task of its own, so a stop
    that cancelled it just then lost that message (one reading missing in the
    middle of a stream, already acknowledged). Here a message taken when the
    wait is cancelled goes to ``on_taken`` before the cancellation goes on.
    """
    # WORKAROUND (aiomqtt 2.5): MessagesIterator.__anext__ drops a message its
    # get task took when it is cancelled; its queue and disconnect future are private.
    queue: asyncio.Queue[aiomqtt.Message] = client._queue
    disconnected: asyncio.Future[Any] = client._disconnected
    get: asyncio.Future[Any] = asyncio.ensure_future(queue.get())
    try:
        await asyncio.wait({get, disconnected}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        if get.done() and not get.cancelled():
            on_taken(get.result())
        else:
            get.cancel()
        raise
    if get.done():
        message: aiomqtt.Message = get.result()
        return message
    get.cancel()  # safe: Queue.get removes an item only when it returns it
    cause = None if disconnected.cancelled() else disconnected.exception()
    raise aiomqtt.MqttError(ITERATION_ENDED) from cause
