"""A broker connection's failure in words an operator reads, not ``[Errno 111]``.

The status bar showed what the socket or the MQTT library said ("[Errno 111]
Connect call failed ('127.0.0.1', 1883)"), in English in the Indonesian
console (issue 17). :func:`broker_error_in_words` names the failure in the
catalog's words ("broker menolak koneksi"); the raw error stays in the log
(mqtt/thread.py logs every failure) and in the status bar's details (its
tool tip), where an installer looks for it. Qt-free, so anything that shows
the link's state can use it.
"""

from __future__ import annotations

from smartcity_console.core.i18n import Message

# First match wins: the more specific words first (a TLS failure may also time out).
_KINDS: tuple[tuple[tuple[str, ...], Message], ...] = (
    (
        ("not authori", "bad user name or password", "code:134", "code:135", "code:4]", "code:5]"),
        Message.translate("BrokerError", "the broker refused the user name or password"),
    ),
    (
        ("certificate", "tls", "ssl"),
        Message.translate("BrokerError", "the secure connection (TLS) to the broker failed"),
    ),
    (
        ("errno 111", "connection refused", "connect call failed"),
        Message.translate("BrokerError", "the broker refused the connection"),
    ),
    (
        ("name or service not known", "errno -2", "errno -3", "errno -5", "name resolution"),
        Message.translate("BrokerError", "the broker's address was not found"),
    ),
    (
        ("errno 113", "no route to host", "errno 101", "network is unreachable"),
        Message.translate("BrokerError", "the network to the broker cannot be reached"),
    ),
    (
        ("timed out", "errno 110", "did not answer in time"),
        Message.translate("BrokerError", "the broker did not answer in time"),
    ),
    (
        ("connection to the broker lost", "errno 104", "connection reset", "broken pipe"),
        Message.translate("BrokerError", "the connection to the broker was lost"),
    ),
    (
        ("mqtt process ended",),
        Message.translate("BrokerError", "the console's MQTT process stopped unexpectedly"),
    ),
)
_OTHER = Message.translate("BrokerError", "the connection to the broker failed")


def broker_error_in_words(reason: str) -> Message:
    """What went wrong, in words; see the raw ``reason`` for the details."""
    lowered = reason.casefold()
    for words, message in _KINDS:
        if any(word in lowered for word in words):
            return message
    return _OTHER
