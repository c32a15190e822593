"""A real Mosquitto broker on a free loopback port, owned by one test run.

Tests that restart the broker, change its limits or use TLS need a broker of
their own; the machine's shared broker on 1883 is never touched.

Every test broker runs with the settings docs/configuration.md recommends for
production (``mqtt/broker_settings.py``: persistence, the queue limit, the
session expiry) and logs NOTICEs, so a message Mosquitto drops ("Outgoing
messages are being dropped for client ...") is in its log; the fixtures fail
a test whose broker dropped one unless the test set ``drops_expected``.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

# The product's own helper: tests pick ports the same way the demo does.
from smartcity_console.mqtt.broker_settings import (
    MOSQUITTO_SETTINGS,
    RECOMMENDED_MAX_QUEUED_MESSAGES,
)
from smartcity_console.sim.embedded_broker import free_loopback_port as free_port

__all__ = ["DROP_NOTICE", "Mosquitto", "free_port", "wait_for_port"]
from tests.support.tls import TlsFiles

# Mosquitto's NOTICE when a client's queue is full (src/database.c, 2.0).
DROP_NOTICE = "Outgoing messages are being dropped"


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

    ``persistence`` and ``max_queued_messages`` default to the production
    recommendation; a test that needs Mosquitto's defaults or a small queue
    says so (and sets ``drops_expected`` when it wants the broker to drop).
    """

    workdir: Path
    port: int = field(default_factory=free_port)
    host: str = "127.0.0.1"
    persistence: bool = True
    max_queued_messages: int = RECOMMENDED_MAX_QUEUED_MESSAGES
    extra_config: str = ""
    drops_expected: bool = False
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
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            # Where Mosquitto says it dropped messages; "information" would log every connect.
            "log_type notice",
        ]
        for setting in MOSQUITTO_SETTINGS:
            if setting.option == "persistence":
                if self.persistence:
                    lines += [setting.line, f"persistence_location {self.workdir}/"]
            elif setting.option == "max_queued_messages":
                lines.append(f"max_queued_messages {self.max_queued_messages}")
            else:
                lines.append(setting.line)
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

    @property
    def log_path(self) -> Path:
        return self.workdir / "mosquitto.log"

    def log_size(self) -> int:
        """Where the log ends now (a later :meth:`dropped` reads only what follows)."""
        try:
            return self.log_path.stat().st_size
        except FileNotFoundError:
            return 0

    def dropped(self, since: int = 0) -> list[str]:
        """The log's "messages are being dropped" NOTICEs written after offset ``since``."""
        try:
            with self.log_path.open("rb") as log:
                log.seek(since)
                text = log.read().decode(errors="replace")
        except FileNotFoundError:
            return []
        return [line for line in text.splitlines() if DROP_NOTICE in line]

    def check_no_drops(self, since: int = 0) -> None:
        """Fail loudly when the broker dropped messages a test did not expect it to."""
        if self.drops_expected:
            return
        lines = self.dropped(since)
        if lines:
            shown = "\n".join(lines[:5])
            raise AssertionError(
                f"Mosquitto dropped messages ({len(lines)} notices in {self.log_path}):\n{shown}"
            )

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
