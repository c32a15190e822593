"""doctor's broker checks against real Mosquitto brokers misconfigured on purpose.

Each test starts a private broker (password file, ACL, TLS with a wrong
certificate) and checks that doctor names the failing layer and says what
to do, with the code scripts match on.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from smartcity_console.config import BrokerConfig
from smartcity_console.doctor.broker import check_broker
from smartcity_console.doctor.model import Check
from tests.support.certs import future_server_cert, server_cert
from tests.support.mosquitto import Mosquitto, free_port
from tests.support.tls import TlsFiles, issue, make_ca, make_tls_files

pytestmark = pytest.mark.broker

FEEDS = ["rembang/#", "secret/#"]
SECRET = "rahasia"  # noqa: S105 (the test broker user's password)
WRONG = "salah"


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


DYNSEC_PLUGIN = Path("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so")


def _dynsec_config(path: Path, username: str, password: str, readable: str) -> None:
    """Mosquitto's dynamic-security file: one user who may subscribe to ``readable`` only.

    Not an acl_file: Mosquitto 2.0.11 answers every SUBSCRIBE with a grant
    whatever its acl_file says and filters only the delivery, so a refused
    topic is invisible to a client. The dynamic-security plugin refuses in
    the SUBACK (0x80 for MQTT 3.1.1, 0x87 for MQTT 5), as larger brokers' ACLs do.
    """
    salt = os.urandom(12)
    iterations = 101
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, iterations, 64)
    config = {
        "defaultACLAccess": {
            "publishClientSend": False,
            "publishClientReceive": True,
            "subscribe": False,
            "unsubscribe": True,
        },
        "clients": [
            {
                "username": username,
                "password": base64.b64encode(digest).decode(),
                "salt": base64.b64encode(salt).decode(),
                "iterations": iterations,
                "roles": [{"rolename": "reader"}],
            }
        ],
        "groups": [],
        "roles": [
            {
                "rolename": "reader",
                "acls": [
                    {"acltype": "subscribePattern", "topic": readable, "priority": 0, "allow": True}
                ],
            }
        ],
    }
    path.write_text(json.dumps(config), encoding="utf-8")


@pytest.fixture
def secured(tmp_path: Path) -> Iterator[Mosquitto]:
    """A broker with one user (console/rahasia) allowed to subscribe to rembang/# only."""
    if not DYNSEC_PLUGIN.exists():
        pytest.skip(f"Mosquitto's dynamic-security plugin is not installed ({DYNSEC_PLUGIN})")
    work = tmp_path / "secured"
    work.mkdir()
    dynsec = work / "dynsec.json"
    _dynsec_config(dynsec, "console", SECRET, "rembang/#")
    broker = Mosquitto(
        workdir=work,
        extra_config=(
            f"allow_anonymous false\nplugin {DYNSEC_PLUGIN}\nplugin_opt_config_file {dynsec}\n"
        ),
    )
    broker.start()
    yield broker
    broker.stop()


def test_everything_passes_on_an_open_broker(mosquitto: Mosquitto) -> None:
    checks = by_name(check_broker(BrokerConfig(url=mosquitto.url), ["rembang/#"]))
    assert [c.status for c in checks.values()] == ["ok"] * 4, checks
    assert "rembang/#" in checks["broker.subscribe"].detail.en


def test_unknown_host_is_a_dns_failure() -> None:
    checks = by_name(check_broker(BrokerConfig(url="mqtt://broker.invalid:1883"), FEEDS))
    assert checks["broker.dns"].code == "dns"
    assert "broker.invalid" in checks["broker.dns"].detail.en
    assert checks["broker.tcp"].status == "skip"
    assert checks["broker.login"].status == "skip"


def test_closed_port_is_a_tcp_failure() -> None:
    port = free_port()
    checks = by_name(check_broker(BrokerConfig(url=f"mqtt://127.0.0.1:{port}"), FEEDS))
    assert checks["broker.dns"].ok
    tcp = checks["broker.tcp"]
    assert tcp.code == "tcp"
    assert f"127.0.0.1:{port}" in tcp.detail.en
    assert tcp.fix is not None
    assert "Start the broker" in tcp.fix.en
    assert "Jalankan broker" in tcp.fix("id")


def test_anonymous_login_refused(secured: Mosquitto) -> None:
    login = by_name(check_broker(BrokerConfig(url=secured.url), FEEDS))["broker.login"]
    assert login.code == "login-refused"
    assert "without a user name" in login.detail.en


def test_wrong_password_refused(secured: Mosquitto) -> None:
    broker = BrokerConfig(url=secured.url, username="console", password=WRONG)
    checks = by_name(check_broker(broker, FEEDS))
    assert checks["broker.login"].code == "login-refused"
    assert "'console'" in checks["broker.login"].detail.en
    assert checks["broker.subscribe"].status == "skip"


def test_acl_refusing_a_feed_is_a_suback_failure(secured: Mosquitto) -> None:
    broker = BrokerConfig(url=secured.url, username="console", password=SECRET)
    checks = by_name(check_broker(broker, FEEDS))
    assert checks["broker.login"].status == "ok"
    subscribe = checks["broker.subscribe"]
    assert subscribe.code == "subscribe-refused"
    assert "secret/#" in subscribe.detail.en
    assert "rembang/#" not in subscribe.detail.en
    assert subscribe.fix is not None
    assert "acl_file" in subscribe.fix.en


def test_acl_refusal_over_mqtt5(secured: Mosquitto) -> None:
    broker = BrokerConfig(url=secured.url, username="console", password=SECRET, protocol="5")
    subscribe = by_name(check_broker(broker, FEEDS))["broker.subscribe"]
    assert subscribe.code == "subscribe-refused"


def test_acl_allowing_every_feed_passes(secured: Mosquitto) -> None:
    broker = BrokerConfig(url=secured.url, username="console", password=SECRET)
    checks = by_name(check_broker(broker, ["rembang/#"]))
    assert checks["broker.subscribe"].status == "ok"


# --- TLS -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@contextmanager
def _tls_broker(workdir: Path, files: TlsFiles) -> Iterator[Mosquitto]:
    broker = Mosquitto(workdir=workdir, tls=files)
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


def _client(url: str, files: TlsFiles, **extra: object) -> BrokerConfig:
    return BrokerConfig.model_validate(
        {
            "url": url,
            "ca_file": files.ca.cert,
            "cert_file": files.client_cert,
            "key_file": files.client_key,
            **extra,
        }
    )


def test_tls_ok_reports_expiry_soon(tmp_path: Path, tls_files: TlsFiles) -> None:
    with _tls_broker(tmp_path / "b", tls_files) as broker:
        checks = by_name(check_broker(_client(broker.tls_url, tls_files), ["rembang/#"]))
    tls = checks["broker.tls"]
    # The test certificates live two days: within the 14-day warning.
    assert tls.status == "warn", tls
    assert tls.code == "tls-expires-soon"
    assert "expires on" in tls.detail.en
    assert checks["broker.login"].status == "ok"
    assert checks["broker.subscribe"].status == "ok"


def test_expired_certificate(tmp_path: Path, tls_files: TlsFiles) -> None:
    files = server_cert(tls_files, tmp_path, "expired", san="IP:127.0.0.1", days=-1)
    with _tls_broker(tmp_path / "b", files) as broker:
        checks = by_name(check_broker(_client(broker.tls_url, files), FEEDS))
    assert checks["broker.tls"].code == "tls-expired"
    assert "expired" in checks["broker.tls"].detail.en
    assert checks["broker.login"].status == "skip"


def test_certificate_not_valid_yet(tmp_path: Path, tls_files: TlsFiles) -> None:
    files = future_server_cert(tls_files, tmp_path, "tomorrow")
    with _tls_broker(tmp_path / "b", files) as broker:
        checks = by_name(check_broker(_client(broker.tls_url, files), FEEDS))
    assert checks["broker.tls"].code == "tls-not-yet-valid"
    assert "not valid yet" in checks["broker.tls"].detail.en
    assert "belum berlaku" in checks["broker.tls"].detail("id")
    assert checks["broker.login"].status == "skip"


def test_certificate_for_another_host(tmp_path: Path, tls_files: TlsFiles) -> None:
    files = server_cert(tls_files, tmp_path, "other", san="DNS:broker.example", days=2)
    with _tls_broker(tmp_path / "b", files) as broker:
        tls = by_name(check_broker(_client(broker.tls_url, files), FEEDS))["broker.tls"]
        lenient = by_name(
            check_broker(_client(broker.tls_url, files, tls_insecure=True), ["rembang/#"])
        )
    assert tls.code == "tls-hostname"
    assert "'127.0.0.1'" in tls.detail.en
    # tls_insecure skips only the host name: the rest then works.
    assert lenient["broker.tls"].ok
    assert lenient["broker.subscribe"].status == "ok"


def test_unknown_ca(tmp_path: Path, tls_files: TlsFiles) -> None:
    other = make_tls_files(tmp_path / "other")
    with _tls_broker(tmp_path / "b", tls_files) as broker:
        config = _client(broker.tls_url, tls_files, ca_file=other.ca.cert)
        tls = by_name(check_broker(config, FEEDS))["broker.tls"]
    assert tls.code == "tls-untrusted"
    assert tls.fix is not None
    assert "ca_file" in tls.fix.en


def test_missing_client_certificate(tmp_path: Path, tls_files: TlsFiles) -> None:
    with _tls_broker(tmp_path / "b", tls_files) as broker:
        config = BrokerConfig(url=broker.tls_url, ca_file=tls_files.ca.cert)
        tls = by_name(check_broker(config, FEEDS))["broker.tls"]
    assert tls.code == "tls-client-cert-required", tls
    assert tls.fix is not None
    assert "cert_file" in tls.fix.en


def test_client_certificate_from_a_ca_the_broker_does_not_trust(
    tmp_path: Path, tls_files: TlsFiles
) -> None:
    stranger = make_ca(tmp_path / "other-ca", "other-ca")
    cert, key = issue(stranger, tmp_path / "other-ca", "console", server=False)
    with _tls_broker(tmp_path / "b", tls_files) as broker:
        config = BrokerConfig(
            url=broker.tls_url, ca_file=tls_files.ca.cert, cert_file=cert, key_file=key
        )
        checks = by_name(check_broker(config, FEEDS))
    tls = checks["broker.tls"]
    assert tls.code == "tls-client-cert-refused", tls
    assert tls.fix is not None
    assert "signed by the CA the broker trusts" in tls.fix.en
    assert checks["broker.login"].status == "skip"


def test_tls_against_a_plain_port(mosquitto: Mosquitto, tls_files: TlsFiles) -> None:
    config = BrokerConfig(url=f"mqtts://127.0.0.1:{mosquitto.port}", ca_file=tls_files.ca.cert)
    tls = by_name(check_broker(config, FEEDS))["broker.tls"]
    assert tls.code == "tls-handshake", tls
    assert tls.fix is not None
    assert "TLS port" in tls.fix.en


def test_unreadable_tls_file(tmp_path: Path) -> None:
    port = free_port()
    import socket

    with socket.create_server(("127.0.0.1", port)):
        config = BrokerConfig(url=f"mqtts://127.0.0.1:{port}", ca_file=tmp_path / "nope.crt")
        tls = by_name(check_broker(config, FEEDS))["broker.tls"]
    assert tls.code == "tls-files"
    assert "nope.crt" in tls.detail.en
