"""How a second demo on this machine finds the first one's broker and sync server.

The first demo writes where they are to a file in the temp folder
(``EmbeddedServices`` with ``announce``); a second ``demo`` (another data
folder, another "workstation") reads it and joins instead of starting its
own, so both consoles share incidents.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx


def rendezvous_file() -> Path:
    """Where a running demo says where its broker and server are (one per OS user).

    In the temp folder, not the data folder: a second demo started with another
    data folder (another "workstation") must find it.
    """
    uid = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    return Path(tempfile.gettempdir()) / f"smartcity-console-demo-{uid}.json"


@dataclass(frozen=True)
class RunningDemo:
    broker_url: str
    server_url: str
    pid: int
    # Its simulator's --speed: a console that joins compresses its alarm rules alike.
    speed: float = 1.0


def find_running_demo() -> RunningDemo | None:
    """The demo already running on this machine whose sync server answers, if any."""
    try:
        data = json.loads(rendezvous_file().read_text(encoding="utf-8"))
        demo = RunningDemo(
            str(data["broker_url"]),
            str(data["server_url"]),
            int(data["pid"]),
            float(data.get("speed", 1.0)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        answer = httpx.get(f"{demo.server_url}/api/v1/health", timeout=1.0)
    except httpx.HTTPError:
        return None
    return demo if answer.status_code == 200 else None
