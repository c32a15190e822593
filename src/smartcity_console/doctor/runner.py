"""``smartcity-console doctor``: run every check, print the report, exit 0 only when all pass.

The order follows what an installer fixes first: the config file (nothing
else can be checked without it), then the broker, the sync server, this
workstation's data, the keyring. Warnings (a certificate expiring soon, a
schema the next start upgrades) are shown but do not fail the run.
"""

from __future__ import annotations

import argparse
import getpass
import json
import ssl
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from smartcity_console import __version__, paths
from smartcity_console.config import (
    AppConfig,
    BrokerConfig,
    ConfigError,
    config_source,
    load_config,
    parse_config,
)
from smartcity_console.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, Language, Message
from smartcity_console.doctor.audio import check_audio
from smartcity_console.doctor.broker import check_broker
from smartcity_console.doctor.broker_queue import DEFAULT_PROBE_MESSAGES, check_broker_queue
from smartcity_console.doctor.local import check_data_dir, check_database, check_disk, check_keyring
from smartcity_console.doctor.model import Check, fail, not_reached, ok, warn
from smartcity_console.doctor.server import Credentials, check_server, check_transport
from smartcity_console.installation import inspect_client_id
from smartcity_console.sync.server_tls import server_verify


@dataclass
class Report:
    language: Language
    config_file: str
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def as_json(self) -> dict[str, Any]:
        return {
            "version": __version__,
            "ok": self.ok,
            "language": self.language,
            "config_file": self.config_file,
            "checks": [c.as_json(self.language) for c in self.checks],
        }


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "doctor",
        help="check config, broker, TLS, server, login, local data and keyring",
        description="Say in plain words what stops the console working here, and what to do. "
        "Exit code 0 only when every check passes (warnings are allowed).",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON (for scripts)")
    p.add_argument("--user", help="also try this sync-server login (the password is asked for)")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the --user password from the first line of standard input",
    )
    p.add_argument("--language", choices=LANGUAGES, help="report language (default: the config's)")
    p.add_argument(
        "--queue-probe",
        type=int,
        default=DEFAULT_PROBE_MESSAGES,
        metavar="N",
        help="publish N QoS 1 messages to a session of doctor's own to measure how many the "
        f"broker keeps for an absent console (default {DEFAULT_PROBE_MESSAGES}; 0 skips it)",
    )


def check_config(path: Path | None) -> tuple[Check, AppConfig | None, Path]:
    source = config_source(path)
    try:
        config = load_config(path)
    except ConfigError as exc:
        return (
            fail(
                "config",
                "config-invalid",
                Message.verbatim(str(exc)),
                Message.translate(
                    "Doctor",
                    "Fix the key named above (docs/configuration.md lists every key) and run "
                    "doctor again.",
                ),
            ),
            None,
            source,
        )
    feeds = len(config.feeds)
    if config.retired_plots:
        return (
            warn(
                "config",
                "config-plots-retired",
                Message.translate(
                    "Doctor",
                    "{source} still has {count} [[plots]] tables: they are retired, the "
                    "overview is a layout file now (the console copies them into this "
                    "workstation's overview layout once, and does not change the config)",
                ).format(source=source, count=len(config.retired_plots)),
                Message.translate(
                    "Doctor",
                    "Remove the [[plots]] tables from the config; change the overview in the "
                    "console (or its layout file, docs/dashboards.md).",
                ),
            ),
            config,
            source,
        )
    if path is None and source == paths.bundled_config_file():
        own = paths.default_config_file()
        return (
            warn(
                "config",
                "config-default",
                Message.translate(
                    "Doctor",
                    "this workstation has no config file ({own}); using the bundled default "
                    "{source} (broker and server on this machine)",
                ).format(own=own, source=source),
                Message.translate(
                    "Doctor",
                    "Start smartcity-console once to fill in the setup dialog, or copy the "
                    "default file to {own} and edit it.",
                ).format(own=own),
            ),
            config,
            source,
        )
    return (
        ok(
            "config",
            Message.translate("Doctor", "{source} is valid ({feeds} feeds)").format(
                source=source, feeds=feeds
            ),
        ),
        config,
        source,
    )


def _password_in_file(source: Path) -> bool:
    try:
        return (
            parse_config(source.read_text(encoding="utf-8"), str(source)).broker.password
            is not None
        )
    except (OSError, ConfigError):
        return False


def kept_credentials(server_url: str, user: str | None = None) -> Credentials | None:
    """The token the console kept in the keyring for ``user`` (default: the last user)."""
    from smartcity_console.sync.token_store import TokenStore

    store = TokenStore()
    user = user or store.last_user(server_url)
    if user is None:
        return None
    kept = store.load(server_url, user)
    return Credentials(user, token=kept.token) if kept is not None else None


def _server_checks(
    config: AppConfig, credentials: Credentials | None, timeout: float, now: Callable[[], float]
) -> list[Check]:
    """The server's checks over the connection the console makes (its CA, its URL)."""
    url = config.server.url
    try:
        verify = server_verify(config.server.ca_file)
    except (OSError, ssl.SSLError) as exc:
        return [
            fail(
                "server.health",
                "server-ca-file",
                Message.translate(
                    "Doctor", "[server] ca_file {ca_file} cannot be used: {exc}"
                ).format(ca_file=config.server.ca_file, exc=exc),
                Message.translate(
                    "Doctor",
                    "Point [server] ca_file at the CA certificate (PEM) of the sync server.",
                ),
            )
        ]
    transport = check_transport(url)
    checks = [transport] if transport is not None else []
    return checks + check_server(url, credentials, timeout=timeout, now=now, verify=verify)


def run_checks(
    config_path: Path | None,
    *,
    credentials: Credentials | None = None,
    language: Language | None = None,
    now: Callable[[], float] = time.time,
    timeout: float = 5.0,
    use_kept_token: bool = True,
    queue_probe: int = DEFAULT_PROBE_MESSAGES,
) -> Report:
    config_check, config, source = check_config(config_path)
    lang: Language = language or (config.language if config is not None else DEFAULT_LANGUAGE)
    report = Report(lang, str(source), [config_check])
    if config is not None:
        topics = [feed.topic for feed in config.feeds]
        report.checks += check_brokers(config.broker, topics, timeout, queue_probe)
        if use_kept_token and credentials is None:
            credentials = kept_credentials(config.server.url)
        elif use_kept_token and credentials is not None and credentials.password is None:
            # --user without a password (no terminal): that user's kept token, if any.
            credentials = kept_credentials(config.server.url, credentials.username) or credentials
        report.checks += _server_checks(config, credentials, timeout, now)
    database = (
        config.incidents.database if config is not None and config.incidents.database else None
    )
    if database is None:
        from smartcity_console.store.database import default_database_path

        database = default_database_path()
    report.checks.append(check_data_dir(database.parent))
    if config is not None:
        report.checks.append(check_client_id(config.broker, database.parent))
    report.checks += check_database(database)
    report.checks.append(check_disk(database.parent))
    needs_secret = (
        config is not None and config.broker.username is not None and not _password_in_file(source)
    )
    report.checks.append(check_keyring(needs_secret=needs_secret))
    if config is not None:
        report.checks.append(check_audio(config.annunciation))
    return report


def check_brokers(
    broker: BrokerConfig, topics: list[str], timeout: float, queue_probe: int
) -> list[Check]:
    """Each broker of ``[broker] urls`` in turn, and how many messages it keeps for a console.

    The first broker's checks keep their names (``broker.tcp``, ``broker_queue``);
    the next ones are numbered (``broker[2].tcp``, ``broker_queue[2]``).
    """
    checks: list[Check] = []
    for position, url in enumerate(broker.brokers, 1):
        one = broker.at(url)
        found = check_broker(one, topics, timeout=timeout)
        queue_name = "broker_queue" if position == 1 else f"broker_queue[{position}]"
        logged_in = next(c for c in found if c.name == "broker.login")
        if logged_in.status == "ok":
            found.append(check_broker_queue(one, queue_probe, timeout=timeout, name=queue_name))
        else:
            found.append(not_reached(queue_name, "broker.login"))
        if position > 1:
            found = [
                replace(c, name=c.name.replace("broker.", f"broker[{position}].", 1)) for c in found
            ]
        checks += found
    return checks


def check_client_id(broker: BrokerConfig, data_dir: Path) -> Check:
    """The id the console's persistent session goes by (installation.py); read, never written."""
    name = "mqtt_client_id"
    if broker.session == "clean":
        return warn(
            name,
            "clean-session",
            Message.translate(
                "Doctor",
                'session = "clean": the broker keeps nothing for this console while it is away',
            ),
            Message.translate(
                "Doctor",
                'Remove session = "clean" from [broker] unless this console need not catch '
                "up after a restart (docs/configuration.md).",
            ),
        )
    if broker.client_id is not None:
        return ok(
            name,
            Message.translate(
                "Doctor", "{client_id} (set in the config file), persistent session"
            ).format(client_id=broker.client_id),
        )
    kept = inspect_client_id(data_dir)
    if kept.client_id is None:
        return ok(
            name,
            Message.translate(
                "Doctor",
                "none yet: the console makes one at its first start and keeps it in {path}",
            ).format(path=kept.path),
        )
    if not kept.belongs_here:
        return warn(
            name,
            "client-id-copied",
            Message.translate(
                "Doctor",
                "{path} holds {client_id}, made in {made_where}: this data folder is a copy; "
                "the console takes a new id at its next start",
            ).format(path=kept.path, client_id=kept.client_id, made_where=kept.made_where),
            Message.translate(
                "Doctor",
                "Nothing to do if this is meant to be a new workstation; the original keeps "
                "its own id and session.",
            ),
        )
    return ok(
        name,
        Message.translate("Doctor", "{client_id}, persistent session (kept in {path})").format(
            client_id=kept.client_id, path=kept.path
        ),
    )


# Report tags: short, upper case, lined up; translated like every other word.
_TAGS: dict[str, Message] = {
    "ok": Message.translate("Doctor", "OK"),
    "warn": Message.translate("Doctor", "WARN"),
    "fail": Message.translate("Doctor", "FAIL"),
    "skip": Message.translate("Doctor", "SKIP"),
}


def format_text(report: Report) -> str:
    lang = report.language
    config_word = Message.translate("Doctor", "config").text(lang)
    lines = [f"smartcity-console {__version__} doctor — {config_word}: {report.config_file}"]
    tags = {status: tag.text(lang) for status, tag in _TAGS.items()}
    width = max(len(tag) for tag in tags.values()) + 2
    todo = Message.translate("Doctor", "what to do").text(lang)
    for check in report.checks:
        tag = f"[{tags[check.status]}]".ljust(width)
        lines.append(f"{tag} {check.name}: {check.detail(lang)}")
        if check.fix is not None and check.status in ("fail", "warn"):
            lines.append(f"{' ' * width} {todo}: {check.fix(lang)}")
    failed = sum(1 for c in report.checks if c.status == "fail")
    warned = sum(1 for c in report.checks if c.status == "warn")
    if failed:
        summary = Message.translate("Doctor", "{failed} check(s) failed").format(failed=failed)
    else:
        summary = Message.translate("Doctor", "all checks passed")
    if warned:
        summary = Message.translate("Doctor", "{summary} ({warned} warning(s))").format(
            summary=summary, warned=warned
        )
    lines.append(summary.text(lang))
    return "\n".join(lines)


def _credentials(args: argparse.Namespace) -> Credentials | None:
    user: str | None = getattr(args, "user", None)
    if not user:
        return None
    if getattr(args, "password_stdin", False):
        return Credentials(user, password=sys.stdin.readline().rstrip("\r\n"))
    if sys.stdin.isatty():
        return Credentials(user, password=getpass.getpass(f"password for {user}: "))
    return Credentials(user, password=None)


def run(args: argparse.Namespace) -> int:
    report = run_checks(
        args.config,
        credentials=_credentials(args),
        language=getattr(args, "language", None),
        queue_probe=getattr(args, "queue_probe", DEFAULT_PROBE_MESSAGES),
    )
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(format_text(report))
    return 0 if report.ok else 1
