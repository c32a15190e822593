"""A second demo finds the first one's broker and sync server, and ignores a stale note."""

from __future__ import annotations

import asyncio
import json
import socket
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import aiomqtt
import httpx
import pytest

from smartcity_console.demo.rendezvous import find_running_demo, previous_ports, rendezvous_file
from smartcity_console.demo.services import EmbeddedServices, ServiceOptions
from smartcity_console.server.app import create_app
from tests.support.auth_server import live_server


@pytest.fixture(autouse=True)
def _private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or clobber the note of a demo someone is running on this machine."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def test_a_running_demo_is_found_by_its_note_and_its_answering_server(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    with live_server(app) as server:
        note = {"broker_url": "mqtt://127.0.0.1:1", "server_url": server.url, "pid": 4242}
        rendezvous_file().write_text(json.dumps(note))
        found = find_running_demo()
        assert found is not None
        assert (found.server_url, found.broker_url, found.pid) == (
            server.url,
            "mqtt://127.0.0.1:1",
            4242,
        )
    app.state.server_db.close()
    assert find_running_demo() is None  # the note outlived its demo: start a new one


@pytest.mark.parametrize("text", ["", "{", '{"server_url": 3}', "[]"])
def test_a_damaged_note_means_no_demo_is_running(text: str) -> None:
    rendezvous_file().write_text(text)
    assert find_running_demo() is None


def test_no_note_means_no_demo() -> None:
    assert find_running_demo() is None


def _broker_answers(url: str) -> bool:
    async def connect() -> None:
        parts = urlsplit(url)
        async with aiomqtt.Client(parts.hostname or "127.0.0.1", parts.port or 1883, timeout=5):
            pass

    try:
        asyncio.run(connect())
    except aiomqtt.MqttError:
        return False
    return True


def test_a_restarted_demo_is_back_where_a_joined_workstation_keeps_retrying() -> None:
    """Issue 17: a second workstation never reconnected after the host demo restarted.

    The joined console knows the URLs it read at its start and retries only
    those; the host now comes back on the same ports, so they answer again.
    """
    options = ServiceOptions(simulate=False, announce=True)
    host = EmbeddedServices(options)
    host.start_and_wait()
    try:
        joined = find_running_demo()  # what the second workstation read when it started
        assert joined is not None
        assert _broker_answers(joined.broker_url)
    finally:
        host.stop()
    assert find_running_demo() is None  # the host is down: its note does not count
    assert not _broker_answers(joined.broker_url)

    restarted = EmbeddedServices(options)
    restarted.start_and_wait()
    try:
        again = find_running_demo()
        assert again is not None
        assert again.pid == joined.pid  # the same process here; another one in real life
        assert (again.broker_url, again.server_url) == (joined.broker_url, joined.server_url)
        assert _broker_answers(joined.broker_url)
        assert httpx.get(f"{joined.server_url}/api/v1/health", timeout=5).status_code == 200
    finally:
        restarted.stop()


def test_a_port_taken_meanwhile_is_left_to_its_owner() -> None:
    with socket.socket() as owner, socket.socket() as probe:
        owner.bind(("127.0.0.1", 0))
        owner.listen()
        probe.bind(("127.0.0.1", 0))
        busy, free = owner.getsockname()[1], probe.getsockname()[1]
        probe.close()  # free again; `owner` keeps listening on `busy`
        note = {"broker_url": f"mqtt://127.0.0.1:{busy}", "server_url": f"http://127.0.0.1:{free}"}
        rendezvous_file().write_text(json.dumps({**note, "pid": 1}))
        assert previous_ports() == (None, free)  # a new port for the broker, the old one else
