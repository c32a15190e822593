"""A real Mosquitto broker on a free loopback port, owned by one test run.

Tests that restart the broker, turn persistence on or use TLS need a broker of
their own; the machine's shared broker on 1883 is never touched.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

# The product's own helper: tests pick ports the same way the demo does.
from smartcity_console.sim.embedded_broker import free_loopback_port as free_port

__all__ = ["Mosquitto", "free_port", "wait_for_port"]
from tests.support.tls import TlsFiles


def wait_for_port(host: str, port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on {host}:{port} after {timeout}s") from None
            time.sleep(0.05)


@dataclass
class Mosquitto:
    """One mosquitto process; ``start``/``stop`` may be called repeatedly (same port).

    With ``tls`` it also listens on ``tls_port`` with those certificates and
    requires a client certificate signed by their CA; the plain listener
    stays, so a test can publish without TLS and check what the console got.
    """

    workdir: Path
    port: int = field(default_factory=free_port)
    host: str = "127.0.0.1"
    persistence: bool = False
    max_queued_messages: int = 1000
    extra_config: str = ""
    tls: TlsFiles | None = None
    tls_port: int = 0  # a free port is chosen when the config is first written with tls
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mqtt://{self.host}:{self.port}"

    @property
    def tls_url(self) -> str:
        """The TLS listener's URL; its port is chosen by ``start()``."""
        return f"mqtts://{self.host}:{self.tls_port}"

    def _write_config(self) -> Path:
        self.workdir.mkdir(parents=True, exist_ok=True)
        conf = self.workdir / "mosquitto.conf"
        lines = [
            # Mosquitto started as root drops to the 'mosquitto' user unless told otherwise;
            # staying root keeps the test's own files (persistence, certificates) readable.
            "user root",
            f"listener {self.port} {self.host}",
            "allow_anonymous true",
            f"max_queued_messages {self.max_queued_messages}",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
        ]
        if self.persistence:
            lines += ["persistence true", f"persistence_location {self.workdir}/"]
        if self.tls is not None:
            self.tls_port = self.tls_port or free_port()
            lines += [
                f"listener {self.tls_port} {self.host}",
                f"cafile {self.tls.ca.cert}",
                f"certfile {self.tls.server_cert}",
                f"keyfile {self.tls.server_key}",
                "require_certificate true",
            ]
        conf.write_text("\n".join(lines) + "\n" + self.extra_config, encoding="utf-8")
        return conf

    def start(self) -> None:
        binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        conf = self._write_config()
        log = (self.workdir / "mosquitto.log").open("ab")
        self.process = subprocess.Popen([binary, "-c", str(conf)], stdout=log, stderr=log)
        log.close()
        try:
            wait_for_port(self.host, self.port)
            if self.tls is not None:
                wait_for_port(self.host, self.tls_port)
        except TimeoutError:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
