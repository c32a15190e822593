"""``smartcity-console serve`` as a real child process: started, killed, started again.

For what a thread cannot show: a server killed (SIGKILL) in the middle of a
push, and started again on the same port and database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from smartcity_console.core.incidents import Role
from smartcity_console.feeds.embedded_broker import free_loopback_port
from smartcity_console.server.database import open_server_database
from smartcity_console.server.users import add_user


class ServeProcess:
    def __init__(self, database_url: str, log: Path) -> None:
        self.database_url = database_url
        self.port = free_loopback_port()
        self.log = log
        self._process: subprocess.Popen[bytes] | None = None

    @classmethod
    def with_users(cls, database_url: str, log: Path, password: str, **roles: Role) -> ServeProcess:
        """Started on a database holding these users, each with ``password``."""
        db = open_server_database(database_url)
        for name, role in roles.items():
            add_user(db, name, role, password)
        db.close()
        return cls(database_url, log).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> ServeProcess:
        argv = [sys.executable, "-m", "smartcity_console", "serve", "--database", self.database_url]
        argv += ["--port", str(self.port), "--log-format", "json"]
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                argv, stdout=log, stderr=subprocess.STDOUT, env={**os.environ}
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"serve exited with {self._process.returncode}: {self.log.read_text()}"
                )
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"serve did not answer within {timeout} s: {self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as when the machine loses power."""
        assert self._process is not None
        self._process.send_signal(signal.SIGKILL)
        self._process.wait(10)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
