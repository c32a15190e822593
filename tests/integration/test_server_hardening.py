"""``serve`` as a real process against clients that misbehave on purpose.

Raw sockets, because an HTTP client library cannot be slow or lie about the
Host on purpose: a client that sends its headers one byte at a time
(slowloris), one that connects and says nothing, one that stops half-way
through its body, and requests for a host name the server is not.

The read deadlines are set to 1 s here through the environment
(``SMARTCITY_SERVER_HEADER_TIMEOUT_S``), so the trickling client, which
would need about 30 s to finish its headers, is cut off long before; the
assertion is that the server closed the connection before the client had
sent everything, not how fast it did.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smartcity_console.doctor.server import check_server
from tests.support.serve_process import ServeProcess

HEADERS = (
    b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    + b"".join(b"X-Padding-%d: %s\r\n" % (i, b"a" * 40) for i in range(60))
    + b"\r\n"
)


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    folder = tmp_path_factory.mktemp("serve")
    server = ServeProcess(
        f"sqlite:///{folder / 'server.sqlite3'}",
        folder / "serve.log",
        env={
            "SMARTCITY_SERVER_HEADER_TIMEOUT_S": "1",
            "SMARTCITY_SERVER_BODY_TIMEOUT_S": "1",
        },
    ).start()
    yield server
    server.stop()


def connect(server: ServeProcess) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=30)


def closed_by_server(conn: socket.socket) -> bytes | None:
    """What the server sent before it closed; None while it keeps the connection open."""
    conn.setblocking(False)
    try:
        data = conn.recv(65536)
    except BlockingIOError:
        return None
    finally:
        conn.setblocking(True)
    if data == b"":
        return b""
    conn.settimeout(30)
    rest = data
    while chunk := conn.recv(65536):
        rest += chunk
    return rest


def test_a_client_trickling_its_headers_is_cut_off(serve: ServeProcess) -> None:
    with connect(serve) as conn:
        sent = 0
        answer = None
        for byte in HEADERS:
            try:
                conn.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                answer = b""
                break
            sent += 1
            answer = closed_by_server(conn)
            if answer is not None:
                break
            time.sleep(0.01)  # the attack itself: one byte every 10 ms (30 s for all)
        assert answer is not None, "the server waited for every byte of a trickled header"
        assert sent < len(HEADERS)
        assert answer == b"" or answer.startswith(b"HTTP/1.1 408")
    assert "closed a connection from 127.0.0.1" in serve.log.read_text()


def test_a_client_that_connects_and_says_nothing_is_closed(serve: ServeProcess) -> None:
    with connect(serve) as conn:
        conn.settimeout(30)
        answer = conn.recv(65536)
        assert answer.startswith(b"HTTP/1.1 408 Request Timeout")
        assert b"took too long" in answer


def test_a_body_that_stops_half_way_is_given_up(serve: ServeProcess) -> None:
    with connect(serve) as conn:
        conn.sendall(
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            b'{"username": "sa'
        )
        conn.settimeout(30)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
        # Closed; a 408 if no response had started (the app was still waiting for the body).
        assert answer == b"" or answer.startswith(b"HTTP/1.1 408")


def test_an_honest_client_on_a_kept_alive_connection_is_served(serve: ServeProcess) -> None:
    with httpx.Client(base_url=serve.url) as http:
        for _ in range(3):
            assert http.get("/api/v1/health").json()["status"] == "ok"
        answer = http.post(
            "/api/v1/auth/login", json={"username": "nobody", "password": "not-this"}
        )
        assert answer.status_code == 401


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", ""])
def test_a_request_for_another_host_name_is_refused_in_json(serve: ServeProcess, host: str) -> None:
    answer = httpx.get(f"{serve.url}/api/v1/health", headers={"Host": host})
    assert answer.status_code == 400
    assert "allowed_hosts" in answer.json()["detail"]


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "LOCALHOST", "[::1]", socket.gethostname()]
)
def test_loopback_and_this_machines_own_name_are_answered_by_default(
    serve: ServeProcess, host: str
) -> None:
    answer = httpx.get(f"{serve.url}/api/v1/health", headers={"Host": f"{host}:{serve.port}"})
    assert answer.status_code == 200


def test_allowed_hosts_from_the_settings_replace_the_default(tmp_path: Path) -> None:
    settings = tmp_path / "server.toml"
    settings.write_text('allowed_hosts = ["sync.rembang.example", "*.dinas.example"]\n')
    server = ServeProcess(
        f"sqlite:///{tmp_path / 'server.sqlite3'}",
        tmp_path / "serve.log",
        extra_args=["--settings", str(settings)],
        probe_host="sync.rembang.example",
    ).start()
    try:
        url = f"{server.url}/api/v1/health"
        assert httpx.get(url, headers={"Host": "sync.rembang.example"}).status_code == 200
        assert httpx.get(url, headers={"Host": "kominfo.dinas.example:8765"}).status_code == 200
        assert httpx.get(url).status_code == 400
        # doctor names the problem instead of calling it "not a sync server"
        health = check_server(server.url, None)[0]
        assert (health.status, health.code) == ("fail", "server-host-not-allowed")
        assert health.fix is not None
        assert "allowed_hosts" in health.fix.en
    finally:
        server.stop()
