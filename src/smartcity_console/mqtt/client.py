"""The aiomqtt client the console connects with, and the words it fails in.

Sessions
    The console connects with its installation's client id (installation.py)
    and a persistent session, unless the config asks for a clean one: MQTT
    3.1.1 ``clean_session=False``; MQTT 5 ``clean_start=False`` on *every*
    connect (aiomqtt's default, "clean on the first connect", would wipe the
    session each time, since each connection here is a new client object) and
    a ``SessionExpiryInterval``. A ``BrokerConfig`` without a client id (doctor,
    tests) connects with a random id and a clean session.

Errors
    paho reports why a socket failed (a TLS alert, a reset) only in its log;
    its callbacks carry "Unspecified error". paho and aiomqtt log to
    ``smartcity_console.mqtt.client.paho``, where the last error of each
    thread is kept (:func:`take_transport_error`) for :func:`describe_error`,
    which turns it into the reason the status shows.
"""

from __future__ import annotations

import logging
import threading

import aiomqtt
import paho.mqtt.client as paho
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from smartcity_console.config import BrokerConfig
from smartcity_console.mqtt.aiomqtt_internals import ITERATION_ENDED, buffer_reads


class _LastTransportError(logging.Handler):
    """Keeps, per thread, the last error paho logged."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self._local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        self._local.message = record.getMessage()

    def take(self) -> str | None:
        message: str | None = getattr(self._local, "message", None)
        self._local.message = None
        return message


# paho and aiomqtt log here (not to aiomqtt's "mqtt" logger), so the console
# can keep their last error and an administrator can filter them by name.
_PAHO_LOG = logging.getLogger(f"{__name__}.paho")
_TRANSPORT_ERRORS = _LastTransportError()
_PAHO_LOG.addHandler(_TRANSPORT_ERRORS)


def take_transport_error() -> str | None:
    """paho's last logged error on this thread, once (then None until the next)."""
    return _TRANSPORT_ERRORS.take()


def _tls_params(broker: BrokerConfig) -> aiomqtt.TLSParameters | None:
    if not broker.tls:
        return None
    return aiomqtt.TLSParameters(
        ca_certs=str(broker.ca_file) if broker.ca_file else None,
        certfile=str(broker.cert_file) if broker.cert_file else None,
        keyfile=str(broker.key_file) if broker.key_file else None,
    )


def make_client(broker: BrokerConfig, *, timeout: float | None = None) -> aiomqtt.Client:
    """An aiomqtt client with the session, login and TLS the config asks for.

    Call it inside the running loop (aiomqtt binds to it). The incoming queue
    keeps aiomqtt's unbounded default on purpose (mqtt/thread.py: nothing
    acknowledged is discarded silently).
    """
    persistent = broker.persistent_session
    properties: Properties | None = None
    clean_session: bool | None
    clean_start: paho.CleanStartOption
    if broker.protocol == "5":
        protocol = aiomqtt.ProtocolVersion.V5
        clean_session = None  # paho refuses it for MQTT 5; clean_start says it
        clean_start = not persistent
        if persistent:
            properties = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
            properties.SessionExpiryInterval = broker.effective_session_expiry_s
    else:
        protocol = aiomqtt.ProtocolVersion.V311
        clean_session = not persistent
        clean_start = paho.MQTT_CLEAN_START_FIRST_ONLY  # paho refuses anything else for 3.1.1
    client = aiomqtt.Client(
        broker.host,
        broker.port,
        username=broker.username,
        password=broker.password,
        identifier=broker.client_id,
        protocol=protocol,
        clean_session=clean_session,
        clean_start=clean_start,
        properties=properties,
        keepalive=broker.keepalive_s,
        timeout=timeout,
        logger=_PAHO_LOG,
        tls_params=_tls_params(broker),
        # Passed only when asked for: paho refuses tls_insecure_set without TLS.
        tls_insecure=True if broker.tls_insecure else None,
    )
    buffer_reads(client)
    return client


# What an operator or installer should check, by the words OpenSSL or aiomqtt use.
_HINTS = (
    (
        "CERTIFICATE_VERIFY_FAILED",
        "TLS: the broker's certificate was not accepted (check broker.ca_file)",
    ),
    (
        "CERTIFICATE_REQUIRED",
        "TLS: the broker wants a client certificate (broker.cert_file, key_file)",
    ),
    ("ALERT_UNKNOWN_CA", "TLS: the broker did not accept this console's certificate"),
    ("ALERT_BAD_CERTIFICATE", "TLS: the broker did not accept this console's certificate"),
    ("Operation timed out", "the broker did not answer in time"),
)


def describe_error(exc: BaseException, detail: str | None = None) -> str:
    """The reason shown to the operator.

    aiomqtt's message, the cause it wraps, and ``detail`` (paho's last logged
    error, the only place that says *why* a socket failed), led by a hint
    that names the config key to check when the words are recognised.
    """
    text = str(exc) or type(exc).__name__
    if text == ITERATION_ENDED:
        # aiomqtt's words for "the connection dropped while we were receiving".
        text = "connection to the broker lost"
    cause = str(exc.__cause__ or "")
    # paho's "[code:128] Unspecified error" (a socket closed, MQTT 3.1.1) adds nothing.
    if cause and cause not in text and not cause.endswith("Unspecified error"):
        text = f"{text}: {cause}"
    if detail and detail not in text:
        text = f"{text}; {detail}"
    for words, hint in _HINTS:
        if words in text:
            return f"{hint}: {text}"
    return text
