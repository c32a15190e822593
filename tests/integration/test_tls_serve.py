"""``serve --certfile/--keyfile`` with a real certificate, and the console and doctor over https.

The certificates are made at test time by openssl (tests/support/tls.py): a
CA of the "command center", and a server certificate it signed for
127.0.0.1. The console trusts that CA through ``[server] ca_file`` and
nothing else; without it, the same server is refused as untrusted.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smartcity_console.config import ConfigError, parse_config
from smartcity_console.core.incidents import Role
from smartcity_console.doctor.runner import run_checks
from smartcity_console.doctor.server import Credentials, check_transport
from smartcity_console.store import Database, open_database
from smartcity_console.sync.auth_client import login
from smartcity_console.sync.engine import SyncEngine
from smartcity_console.sync.server_tls import server_verify
from smartcity_console.sync.token_store import TokenStore
from tests.support.serve_process import ServeProcess
from tests.support.tls import TlsFiles, make_tls_files

PASSWORD = "pantai-kartini-8"  # noqa: S105 (a test account's password)


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def https_server(tmp_path_factory: pytest.TempPathFactory, tls: TlsFiles) -> Iterator[ServeProcess]:
    folder = tmp_path_factory.mktemp("serve-tls")
    server = ServeProcess.with_users(
        f"sqlite:///{folder / 'server.sqlite3'}",
        folder / "serve.log",
        PASSWORD,
        extra_args=["--certfile", str(tls.server_cert), "--keyfile", str(tls.server_key)],
        ca_file=tls.ca.cert,
        sari=Role.SUPERVISOR,
    )
    yield server
    server.stop()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "console" / "incidents.sqlite3")
    yield database
    database.close()


def write_config(folder: Path, url: str, ca_file: Path | None) -> Path:
    path = folder / "config.toml"
    ca = f"ca_file = '{ca_file}'\n" if ca_file is not None else ""
    path.write_text(f'language = "en"\n[server]\nurl = "{url}"\n{ca}', encoding="utf-8")
    return path


def test_serve_speaks_https_with_its_certificate(https_server: ServeProcess, tls: TlsFiles) -> None:
    assert https_server.url.startswith("https://")
    answer = httpx.get(f"{https_server.url}/api/v1/health", verify=server_verify(tls.ca.cert))
    assert answer.json()["status"] == "ok"
    with pytest.raises(httpx.HTTPError):  # plain HTTP to the TLS port is not answered
        httpx.get(f"http://127.0.0.1:{https_server.port}/api/v1/health", timeout=5)


def test_the_console_signs_in_and_syncs_over_https(
    https_server: ServeProcess, tls: TlsFiles, db: Database
) -> None:
    verify = server_verify(tls.ca.cert)
    tokens = TokenStore(use_keyring=False)
    session = login(
        https_server.url, "sari", PASSWORD, db=db, workstation="ws-1", tokens=tokens, verify=verify
    )
    assert not session.offline
    assert session.token is not None
    token = session.token

    async def one_round() -> bool:
        engine = SyncEngine(db, https_server.url, lambda _u: token, lambda: "sari", verify=verify)
        try:
            return await engine.sync_once()
        finally:
            await engine.aclose()

    assert asyncio.run(one_round())


def test_a_server_signed_by_an_unknown_ca_is_not_trusted(
    https_server: ServeProcess, db: Database
) -> None:
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(f"{https_server.url}/api/v1/health")  # the public CAs only
    tokens = TokenStore(use_keyring=False)
    # A TLS failure is "no answer": the console falls back to offline, never sends the password.
    with pytest.raises(Exception, match="first login needs the server"):
        login(https_server.url, "sari", PASSWORD, db=db, workstation="ws-1", tokens=tokens)


def test_doctor_checks_the_server_over_https_with_the_configured_ca(
    https_server: ServeProcess, tls: TlsFiles, tmp_path: Path
) -> None:
    config = write_config(tmp_path, https_server.url, tls.ca.cert)
    report = run_checks(config, credentials=Credentials("sari", PASSWORD), use_kept_token=False)
    checks = {c.name: c for c in report.checks}
    assert checks["server.health"].status == "ok"
    assert checks["server.login"].status == "ok"
    assert "server.transport" not in checks  # https: nothing to warn about


def test_doctor_names_an_untrusted_server_certificate(
    https_server: ServeProcess, tmp_path: Path
) -> None:
    config = write_config(tmp_path, https_server.url, None)
    report = run_checks(config, use_kept_token=False)
    health = {c.name: c for c in report.checks}["server.health"]
    assert health.code == "server-tls-untrusted"
    assert health.fix is not None
    assert "ca_file" in health.fix.en


def test_plain_http_to_another_machine_is_refused_unless_allowed_and_then_warned() -> None:
    with pytest.raises(ConfigError, match="unencrypted") as refused:
        parse_config('[server]\nurl = "http://sync.rembang.example:8765"\n', "c.toml")
    assert "allow_plain_http" in str(refused.value)
    for loopback in ("http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765"):
        parse_config(f'[server]\nurl = "{loopback}"\n', "c.toml")
        assert check_transport(loopback) is None
    allowed = parse_config(
        '[server]\nallow_plain_http = true\nurl = "http://sync.rembang.example:8765"\n', "c.toml"
    )
    warning = check_transport(allowed.server.url)
    assert warning is not None
    assert (warning.status, warning.code) == ("warn", "server-plain-http")


def test_doctor_reports_plain_http_to_a_named_host(tmp_path: Path) -> None:
    # This machine's own name: not a loopback literal, and the traffic stays here.
    url = f"http://{socket.gethostname()}:9"
    path = tmp_path / "config.toml"
    path.write_text(f'[server]\nallow_plain_http = true\nurl = "{url}"\n', encoding="utf-8")
    checks = {c.name: c for c in run_checks(path, use_kept_token=False, timeout=2).checks}
    assert checks["server.transport"].code == "server-plain-http"


def test_serve_with_an_unusable_key_says_so_in_one_line(tls: TlsFiles, tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable, "-m", "smartcity_console", "serve",
            "--database", f"sqlite:///{tmp_path / 's.sqlite3'}",
            "--certfile", str(tls.server_cert), "--keyfile", str(tls.client_key),
        ],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "TLS:" in proc.stderr
    assert "Traceback" not in proc.stderr
