"""The broker, one layer at a time: DNS, TCP, TLS, MQTT login, subscribe permission.

Each layer is checked on its own so the report names the one that fails
(a firewall is not a password problem). paho is used directly, not aiomqtt:
its callbacks hand over the CONNACK and SUBACK reason codes, which is what
tells "wrong password" from "not allowed to read this topic" (Mosquitto
answers a subscription its ACL refuses with SUBACK 0x80, MQTT 5 0x87).

Doctor connects with a client id of its own, never the console's: the broker
would otherwise disconnect a running console and end its persistent session.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
import uuid
from dataclasses import dataclass, field

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.reasoncodes import ReasonCode

from smartcity_console.config import BrokerConfig
from smartcity_console.core.i18n import Message
from smartcity_console.doctor.model import Check, fail, not_reached, ok, skip, warn

TIMEOUT_S = 5.0
# A certificate that expires within this many days is reported as a warning.
EXPIRY_WARNING_DAYS = 14
# How long the TLS check listens after the handshake for the broker refusing the
# client certificate (TLS 1.3 sends that alert only after the client finished).
_ALERT_WAIT_S = 0.3
_SUBACK_FAILURE = 0x80

# OpenSSL's X509_V_ERR_* codes that have a plain explanation of their own.
_EXPIRED = 10
_NOT_YET_VALID = 9
# 62: a host name, 64: an IP address not named in the certificate.
_HOSTNAME_MISMATCH = (62, 64)
_UNKNOWN_ISSUER = (2, 18, 19, 20, 21)


def check_broker(
    broker: BrokerConfig, topics: list[str], *, timeout: float = TIMEOUT_S
) -> list[Check]:
    """Every broker check, in order; a failed layer skips the ones above it."""
    checks = [check_dns(broker)]
    if checks[-1].ok:
        checks.append(check_tcp(broker, timeout))
    else:
        checks.append(not_reached("broker.tcp", "broker.dns"))
    if broker.tls:
        checks.append(
            check_tls(broker, timeout)
            if checks[-1].ok and checks[-1].status != "skip"
            else not_reached("broker.tls", checks[-1].name)
        )
    reachable = all(c.ok and c.status != "skip" for c in checks)
    if not reachable:
        failed = next(c.name for c in checks if not c.ok or c.status == "skip")
        checks += [not_reached("broker.login", failed), not_reached("broker.subscribe", failed)]
        return checks
    login, subscribe = check_login_and_subscribe(broker, topics, timeout)
    return [*checks, login, subscribe]


def check_dns(broker: BrokerConfig) -> Check:
    try:
        infos = socket.getaddrinfo(broker.host, broker.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        return fail(
            "broker.dns",
            "dns",
            Message.translate("Doctor", "the name {host!r} does not resolve: {exc}").format(
                host=broker.host, exc=exc
            ),
            Message.translate(
                "Doctor", "Check the host name in [broker] url, or this workstation's DNS settings."
            ),
        )
    addresses = sorted({str(info[4][0]) for info in infos})
    return ok(
        "broker.dns",
        Message.translate("Doctor", "{host} resolves to {addresses}").format(
            host=broker.host, addresses=", ".join(addresses)
        ),
    )


def check_tcp(broker: BrokerConfig, timeout: float) -> Check:
    where = f"{broker.host}:{broker.port}"
    try:
        with socket.create_connection((broker.host, broker.port), timeout=timeout):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        return fail(
            "broker.tcp",
            "tcp",
            Message.translate("Doctor", "nothing answers at {where}: {reason}").format(
                where=where, reason=reason
            ),
            Message.translate(
                "Doctor",
                "Start the broker, or correct the port in [broker] url; check firewalls "
                "between this workstation and the broker.",
            ),
        )
    return ok(
        "broker.tcp", Message.translate("Doctor", "{where} accepts connections").format(where=where)
    )


def tls_context(broker: BrokerConfig) -> ssl.SSLContext:
    """The TLS settings the console uses: the config's CA (else the system's), its client cert."""
    context = ssl.create_default_context(cafile=str(broker.ca_file) if broker.ca_file else None)
    if broker.cert_file is not None:
        context.load_cert_chain(
            str(broker.cert_file), str(broker.key_file) if broker.key_file else None
        )
    if broker.tls_insecure:
        context.check_hostname = False
    return context


def _tls_files_problem(broker: BrokerConfig, exc: Exception) -> Check:
    files = ", ".join(
        f"{key} = {value}"
        for key, value in (
            ("ca_file", broker.ca_file),
            ("cert_file", broker.cert_file),
            ("key_file", broker.key_file),
        )
        if value is not None
    )
    return fail(
        "broker.tls",
        "tls-files",
        Message.translate("Doctor", "cannot use the TLS files ({files}): {exc}").format(
            files=files, exc=exc
        ),
        Message.translate(
            "Doctor",
            "Check that each file exists, is readable by this user and is a PEM "
            "certificate (or key) — the CA from the broker's administrator, this "
            "console's certificate and its matching key.",
        ),
    )


def _verify_problem(broker: BrokerConfig, exc: ssl.SSLCertVerificationError) -> Check:
    code = exc.verify_code
    message = exc.verify_message or str(exc)
    if code == _EXPIRED:
        return fail(
            "broker.tls",
            "tls-expired",
            Message.translate("Doctor", "the broker's certificate has expired ({message})").format(
                message=message
            ),
            Message.translate(
                "Doctor",
                "Ask the broker's administrator to renew its certificate; check this "
                "workstation's date and time too.",
            ),
        )
    if code == _NOT_YET_VALID:
        return fail(
            "broker.tls",
            "tls-not-yet-valid",
            Message.translate(
                "Doctor", "the broker's certificate is not valid yet ({message})"
            ).format(message=message),
            Message.translate(
                "Doctor", "Check this workstation's date and time (and its time zone)."
            ),
        )
    if code in _HOSTNAME_MISMATCH:
        return fail(
            "broker.tls",
            "tls-hostname",
            Message.translate(
                "Doctor", "the broker's certificate is not made out to {host!r} ({message})"
            ).format(host=broker.host, message=message),
            Message.translate(
                "Doctor",
                "Use in [broker] url the host name written in the broker's certificate, or "
                "ask its administrator for a certificate that names this address.",
            ),
        )
    unknown = code in _UNKNOWN_ISSUER
    return fail(
        "broker.tls",
        "tls-untrusted" if unknown else "tls-verify",
        Message.translate("Doctor", "the broker's certificate is not trusted ({message})").format(
            message=message
        ),
        Message.translate(
            "Doctor",
            "Set [broker] ca_file to the CA certificate that signed the broker's "
            "certificate (ask the broker's administrator for it).",
        ),
    )


def _alert_problem(broker: BrokerConfig, exc: ssl.SSLError) -> Check:
    text = str(exc)
    if "CERTIFICATE_REQUIRED" in text.upper():
        return fail(
            "broker.tls",
            "tls-client-cert-required",
            Message.translate(
                "Doctor", "the broker wants a client certificate and got none ({text})"
            ).format(text=text),
            Message.translate(
                "Doctor",
                "Set [broker] cert_file and key_file to this console's certificate and key.",
            ),
        )
    if broker.cert_file is not None and "ALERT" in text.upper():
        return fail(
            "broker.tls",
            "tls-client-cert-refused",
            Message.translate(
                "Doctor", "the broker refused this console's certificate ({text})"
            ).format(text=text),
            Message.translate(
                "Doctor",
                "Ask the broker's administrator for a client certificate signed by the CA "
                "the broker trusts, and set [broker] cert_file and key_file to it.",
            ),
        )
    return fail(
        "broker.tls",
        "tls-handshake",
        Message.translate("Doctor", "no TLS conversation with {host}:{port}: {text}").format(
            host=broker.host, port=broker.port, text=text
        ),
        Message.translate(
            "Doctor",
            "Check the port in [broker] url is the broker's TLS port (often 8883); for a "
            "broker without TLS use mqtt:// and no ca_file.",
        ),
    )


def check_tls(broker: BrokerConfig, timeout: float) -> Check:
    """Handshake as the console would; report expiry, host name, trust and client certificate."""
    try:
        context = tls_context(broker)
    except (OSError, ssl.SSLError, ValueError) as exc:
        return _tls_files_problem(broker, exc)
    where = f"{broker.host}:{broker.port}"
    try:
        with (
            socket.create_connection((broker.host, broker.port), timeout=timeout) as raw,
            context.wrap_socket(raw, server_hostname=broker.host) as tls,
        ):
            cert = tls.getpeercert() or {}
            version = tls.version() or "TLS"
            # TLS 1.3 sends "certificate required"/"unknown CA" after our side finished.
            tls.settimeout(_ALERT_WAIT_S)
            with contextlib.suppress(TimeoutError, socket.timeout):
                tls.recv(1)
    except ssl.SSLCertVerificationError as exc:
        return _verify_problem(broker, exc)
    except ssl.SSLError as exc:
        return _alert_problem(broker, exc)
    except OSError as exc:
        return _alert_problem(broker, ssl.SSLError(str(exc) or type(exc).__name__))
    not_after = cert.get("notAfter")
    if not isinstance(not_after, str):
        # No verified certificate to read (tls_insecure still verifies the chain).
        return ok(
            "broker.tls",
            Message.translate("Doctor", "{version} with {where}").format(
                version=version, where=where
            ),
        )
    expires = ssl.cert_time_to_seconds(not_after)
    days = (expires - time.time()) / 86_400
    subject = _common_name(cert.get("subject"))
    when = time.strftime("%Y-%m-%d", time.gmtime(expires))
    if days < EXPIRY_WARNING_DAYS:
        return warn(
            "broker.tls",
            "tls-expires-soon",
            Message.translate(
                "Doctor",
                "{version} with {where} works, but the certificate ({subject}) expires on "
                "{when}, in {days:.1f} days",
            ).format(version=version, where=where, subject=subject, when=when, days=days),
            Message.translate(
                "Doctor",
                "Ask the broker's administrator to renew the certificate before it expires.",
            ),
        )
    return ok(
        "broker.tls",
        Message.translate(
            "Doctor", "{version} with {where}; certificate {subject} valid until {when}"
        ).format(version=version, where=where, subject=subject, when=when),
    )


def _common_name(subject: object) -> str:
    if isinstance(subject, tuple):
        for rdn in subject:
            for key, value in rdn:
                if key == "commonName":
                    return str(value)
    return "?"


@dataclass
class _Probe:
    """What paho's callbacks reported, handed from its network thread."""

    connected: threading.Event = field(default_factory=threading.Event)
    subscribed: threading.Event = field(default_factory=threading.Event)
    connect_code: ReasonCode | None = None
    granted: list[ReasonCode] = field(default_factory=list)
    closed_reason: str | None = None


def _client(broker: BrokerConfig, probe: _Probe) -> paho.Client:
    v5 = broker.protocol == "5"
    client = paho.Client(
        CallbackAPIVersion.VERSION2,
        client_id=f"smartcity-doctor-{uuid.uuid4().hex[:12]}",
        protocol=paho.MQTTv5 if v5 else paho.MQTTv311,
        # paho refuses clean_session for MQTT 5 (clean start is its default there).
        clean_session=None if v5 else True,
    )
    if broker.username is not None:
        client.username_pw_set(broker.username, broker.password)
    if broker.tls:
        client.tls_set_context(tls_context(broker))
        if broker.tls_insecure:
            client.tls_insecure_set(True)

    def on_connect(_c: paho.Client, _u: object, _f: object, code: ReasonCode, _p: object) -> None:
        probe.connect_code = code
        probe.connected.set()

    def on_subscribe(
        _c: paho.Client, _u: object, _mid: int, codes: list[ReasonCode], _p: object
    ) -> None:
        probe.granted = list(codes)
        probe.subscribed.set()

    def on_disconnect(
        _c: paho.Client, _u: object, _f: object, code: ReasonCode, _p: object
    ) -> None:
        probe.closed_reason = str(code)
        probe.connected.set()
        probe.subscribed.set()

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_disconnect = on_disconnect
    return client


def _login_problem(broker: BrokerConfig, reason: str, code: int | None) -> Check:
    # 3.1.1 CONNACK 4/5 arrive from paho as MQTT 5 codes 134/135.
    if code in (134, 135) or (code is not None and code in (4, 5)):
        if broker.username is None:
            detail = Message.translate(
                "Doctor", "the broker refused a login without a user name ({reason})"
            ).format(reason=reason)
            fix = Message.translate(
                "Doctor",
                "Set [broker] username, and the password with the setup dialog (it goes to "
                "the keyring), or ask the administrator for an account.",
            )
        else:
            detail = Message.translate(
                "Doctor", "the broker refused user {username!r} ({reason})"
            ).format(username=broker.username, reason=reason)
            fix = Message.translate(
                "Doctor",
                "Check [broker] username and its password (kept in the keyring; run the "
                "setup dialog again to change it) with the broker's administrator.",
            )
        return fail("broker.login", "login-refused", detail, fix)
    return fail(
        "broker.login",
        "login-failed",
        Message.translate("Doctor", "MQTT login failed: {reason}").format(reason=reason),
        Message.translate(
            "Doctor", "Check [broker] url, protocol and the TLS files; the broker's log says more."
        ),
    )


def check_login_and_subscribe(
    broker: BrokerConfig, topics: list[str], timeout: float = TIMEOUT_S
) -> tuple[Check, Check]:
    """Log in and subscribe to each feed's filter, as the console will."""
    probe = _Probe()
    try:
        client = _client(broker, probe)
    except (OSError, ssl.SSLError, ValueError) as exc:
        return (
            _tls_files_problem(broker, exc),
            not_reached("broker.subscribe", "broker.login"),
        )
    where = f"{broker.host}:{broker.port}"
    try:
        client.connect(broker.host, broker.port, keepalive=broker.keepalive_s)
    except (OSError, ssl.SSLError) as exc:
        return (
            _login_problem(broker, str(exc) or type(exc).__name__, None),
            not_reached("broker.subscribe", "broker.login"),
        )
    client.loop_start()
    try:
        if not probe.connected.wait(timeout) or probe.connect_code is None:
            reason = probe.closed_reason or "no answer (CONNACK) in time"
            return (
                _login_problem(broker, reason, None),
                not_reached("broker.subscribe", "broker.login"),
            )
        if probe.connect_code.is_failure:
            return (
                _login_problem(broker, str(probe.connect_code), int(probe.connect_code.value)),
                not_reached("broker.subscribe", "broker.login"),
            )
        who = broker.username or ("anonymous" if broker.cert_file is None else "certificate")
        login = ok(
            "broker.login",
            Message.translate("Doctor", "logged in to {where} as {who}").format(
                where=where, who=who
            ),
        )
        return login, _subscribe(client, probe, topics, timeout)
    finally:
        client.disconnect()
        client.loop_stop()


def _subscribe(client: paho.Client, probe: _Probe, topics: list[str], timeout: float) -> Check:
    if not topics:
        return skip(
            "broker.subscribe",
            Message.translate("Doctor", "no [[feeds]] in the config: nothing to subscribe to"),
        )
    client.subscribe([(topic, 1) for topic in topics])
    if not probe.subscribed.wait(timeout) or len(probe.granted) != len(topics):
        reason = probe.closed_reason or "no answer (SUBACK) in time"
        return fail(
            "broker.subscribe",
            "subscribe-failed",
            Message.translate("Doctor", "subscribing failed: {reason}").format(reason=reason),
            Message.translate(
                "Doctor",
                "The broker closed the connection on subscribe; its log says why (often an "
                "ACL that refuses the topic).",
            ),
        )
    refused = [
        topic
        for topic, code in zip(topics, probe.granted, strict=True)
        if int(code.value) >= _SUBACK_FAILURE
    ]
    if refused:
        names = ", ".join(refused)
        return fail(
            "broker.subscribe",
            "subscribe-refused",
            Message.translate(
                "Doctor", "the broker does not let this login read {names} (SUBACK failure)"
            ).format(names=names),
            Message.translate(
                "Doctor",
                "Ask the broker's administrator to allow this user to read those topics "
                "(Mosquitto: a 'topic read ...' line in its acl_file), or correct the "
                "[[feeds]] topic.",
            ),
        )
    return ok(
        "broker.subscribe",
        Message.translate(
            "Doctor", "allowed to subscribe to {topics} feed filter(s): {filters}"
        ).format(topics=len(topics), filters=", ".join(topics)),
    )
