"""A second demo finds the first one's broker and sync server, and ignores a stale note."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from smartcity_console.demo.rendezvous import find_running_demo, rendezvous_file
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
