"""How a second demo on this machine finds the first one's broker and sync server.

The first demo writes where they are to a file in the temp folder
(``EmbeddedServices`` with ``announce``); a second ``demo`` (another data
folder, another "workstation") reads it and joins instead of starting its
own, so both consoles share incidents.

The note outlives its demo on purpose: a demo that starts again takes the
ports its note names when they are free (:func:`previous_ports`). A joined
console knows the broker and server only by the URLs it read when it started
and keeps retrying them; a host that came back on new ports was never found
again (issue 17), one on the same ports is, by the retries the console
already makes. A note whose server does not answer is not a running demo.
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

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


def previous_ports() -> tuple[int | None, int | None]:
    """The broker and server ports of the last demo's note, each only if it is free now."""
    try:
        data = json.loads(rendezvous_file().read_text(encoding="utf-8"))
        urls = (str(data["broker_url"]), str(data["server_url"]))
        ports = [urlsplit(url).port for url in urls]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None, None
    broker, server = (port if port and _free(port) else None for port in ports)
    return broker, server


def _free(port: int) -> bool:
    """Whether a listener could bind 127.0.0.1:``port`` now (as asyncio and uvicorn bind it,
    with SO_REUSEADDR, so the last run's connections in TIME_WAIT do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
