"""``smartcity-console doctor``: say in plain words what stops the console working.

Each check returns a :class:`Check` with what was found and, on failure, what
to do. The exit code is 0 only when every check passed, so scripts and the
bundle's smoke test can rely on it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import aiomqtt
import httpx

from smartcity_console import __version__, paths
from smartcity_console.config import (
    AppConfig,
    BrokerConfig,
    ConfigError,
    config_source,
    load_config,
)

TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("doctor", help="check config, broker, server and local data")
    p.add_argument("--json", action="store_true", help="print the report as JSON")


def check_config(path: Path | None) -> tuple[Check, AppConfig | None]:
    source = config_source(path)
    try:
        config = load_config(path)
    except ConfigError as exc:
        return Check(
            "config", False, str(exc), "Fix the key named above and run doctor again."
        ), None
    return Check("config", True, f"{source} is valid ({len(config.feeds)} feeds)"), config


async def _mqtt_login(broker: BrokerConfig) -> None:
    from smartcity_console.feeds.mqtt_thread import make_client

    # Never the console's own client id: the broker would disconnect a running
    # console in favour of doctor and discard its persistent session.
    probe = broker.model_copy(update={"client_id": None, "session_expiry_s": None})
    async with make_client(probe, timeout=TIMEOUT_S):
        pass


def check_broker(broker: BrokerConfig) -> Check:
    where = f"{broker.host}:{broker.port}"
    try:
        socket.getaddrinfo(broker.host, broker.port)
    except socket.gaierror as exc:
        return Check("broker", False, f"cannot resolve {broker.host}: {exc}", "Check broker.url.")
    try:
        with socket.create_connection((broker.host, broker.port), timeout=TIMEOUT_S):
            pass
    except OSError as exc:
        return Check(
            "broker",
            False,
            f"nothing answers at {where}: {exc.strerror or exc}",
            "Start the broker, or correct broker.url; check firewalls between here and the broker.",
        )
    try:
        asyncio.run(asyncio.wait_for(_mqtt_login(broker), TIMEOUT_S * 2))
    except (aiomqtt.MqttError, TimeoutError, OSError) as exc:
        return Check(
            "broker",
            False,
            f"{where} accepts TCP but the MQTT login failed: {exc}",
            "Check broker.username/password and, for TLS, the certificate files.",
        )
    return Check("broker", True, f"MQTT login to {where} succeeded")


def check_server(url: str) -> Check:
    health = url.rstrip("/") + "/api/v1/health"
    try:
        response = httpx.get(health, timeout=TIMEOUT_S)
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        return Check(
            "server",
            False,
            f"no answer from {health}: {exc}",
            "Start the sync server (smartcity-console serve) or correct server.url. "
            "The console keeps working offline meanwhile.",
        )
    if response.status_code != 200 or body.get("status") != "ok":
        return Check(
            "server",
            False,
            f"{health} answered {response.status_code}: {body}",
            "Ask the administrator to check the server's database.",
        )
    return Check("server", True, f"{url} is up (version {body.get('version')})")


def check_data_dir(directory: Path) -> Check:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory):
            pass
    except OSError as exc:
        return Check(
            "data",
            False,
            f"cannot write to {directory}: {exc.strerror or exc}",
            "Give this user write access to the folder, or free disk space.",
        )
    free_mb = shutil.disk_usage(directory).free // 2**20
    return Check("data", True, f"{directory} is writable ({free_mb} MB free)")


def run_checks(config_path: Path | None) -> list[Check]:
    checks = []
    config_check, config = check_config(config_path)
    checks.append(config_check)
    if config is not None:
        checks.append(check_broker(config.broker))
        checks.append(check_server(config.server.url))
    checks.append(check_data_dir(paths.user_data_dir()))
    return checks


def run(args: argparse.Namespace) -> int:
    checks = run_checks(args.config)
    ok = all(c.ok for c in checks)
    if args.json:
        print(json.dumps({"version": __version__, "ok": ok, "checks": [asdict(c) for c in checks]}))
    else:
        for c in checks:
            print(f"[{'OK' if c.ok else 'FAIL'}] {c.name}: {c.detail}")
            if not c.ok and c.fix:
                print(f"       what to do: {c.fix}")
        print("all checks passed" if ok else "some checks failed", file=sys.stdout)
    return 0 if ok else 1
