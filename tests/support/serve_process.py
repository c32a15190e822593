"""``smartcity-console serve`` as a real child process: started, killed, started again.

For what a thread cannot show: a server killed (SIGKILL) in the middle of a
push, and started again on the same port and database.
"""

from __future__ import annotations

import os
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx

from smartcity_console.core.incidents import Role
from smartcity_console.server.database import open_server_database
from smartcity_console.server.users import add_user
from smartcity_console.sim.embedded_broker import free_loopback_port


class ServeProcess:
    """``extra_args`` go to ``serve`` as given, ``env`` is added to the environment;
    ``ca_file``: the server runs HTTPS (``--certfile``) with a certificate this CA signed.
    """

    def __init__(
        self,
        database_url: str,
        log: Path,
        *,
        extra_args: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
        ca_file: Path | None = None,
        probe_host: str | None = None,
    ) -> None:
        self.database_url = database_url
        self.port = free_loopback_port()
        self.log = log
        self.extra_args = list(extra_args)
        self.env = dict(env or {})
        self.ca_file = ca_file
        self.probe_host = probe_host  # the Host the readiness probe asks for (allowed_hosts)
        self._process: subprocess.Popen[bytes] | None = None

    @classmethod
    def with_users(
        cls,
        database_url: str,
        log: Path,
        password: str,
        *,
        extra_args: Sequence[str] = (),
        ca_file: Path | None = None,
        **roles: Role,
    ) -> ServeProcess:
        """Started on a database holding these users, each with ``password``."""
        db = open_server_database(database_url)
        for name, role in roles.items():
            add_user(db, name, role, password)
        db.close()
        return cls(database_url, log, extra_args=extra_args, ca_file=ca_file).start()

    @property
    def url(self) -> str:
        scheme = "https" if self.ca_file is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def start(self, timeout: float = 60.0) -> ServeProcess:
        argv = [sys.executable, "-m", "smartcity_console", "serve", "--database", self.database_url]
        argv += ["--port", str(self.port), "--log-format", "json", *self.extra_args]
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                argv, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **self.env}
            )
        verify: ssl.SSLContext | bool = (
            ssl.create_default_context(cafile=self.ca_file) if self.ca_file is not None else True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"serve exited with {self._process.returncode}: {self.log.read_text()}"
                )
            try:
                headers = {"Host": self.probe_host} if self.probe_host else None
                health = httpx.get(
                    f"{self.url}/api/v1/health", timeout=1, verify=verify, headers=headers
                )
                if health.status_code == 200:
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
