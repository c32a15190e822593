"""``smartcity-console serve``: the sync server under uvicorn, with JSON logs and pokes.

Structured logs go to stderr, one JSON object per line (``{"ts", "level",
"logger", "msg", ...fields}``), which journald, Docker and any log shipper
read without a parser of ours; ``log_format = "text"`` is for a person
watching a terminal. uvicorn's access log is replaced by the push/pull
lines the sync router writes itself, which say what happened (ops applied,
rejected, duplicates) and not just that a request came.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from smartcity_console.config import ConfigError
from smartcity_console.paths import bundled_config_file

if TYPE_CHECKING:
    from smartcity_console.history.recorder import Recorder
    from smartcity_console.server.database import ServerDatabase
    from smartcity_console.server.settings import ServerSettings

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per record; ``extra={"fields": {...}}`` adds keys."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser(
        "serve",
        help="run the sync server",
        description="Run the sync server. Settings come from --settings FILE (TOML), then "
        "SMARTCITY_SERVER_* environment variables, then these flags.",
    )
    serve.add_argument("--settings", type=Path, help="TOML file with the server's settings")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8765)")
    serve.add_argument("--database", help="SQLAlchemy URL (default: a SQLite file)")
    serve.add_argument("--poke-broker", help="mqtt://host:port to poke consoles after each push")
    serve.add_argument("--poke-topic", help="MQTT topic of the poke (default rembang/console/sync)")
    serve.add_argument("--log-format", choices=("json", "text"), help="stderr log format")
    serve.add_argument(
        "--record-broker", help="mqtt://host:port: also record the feeds into the database"
    )
    serve.add_argument(
        "--certfile", type=Path, help="serve HTTPS with this certificate chain (PEM)"
    )
    serve.add_argument("--keyfile", type=Path, help="the private key of --certfile (PEM)")


def _log_to_stderr(log_format: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger("smartcity_console").addHandler(handler)
    logging.getLogger("smartcity_console").setLevel(logging.INFO)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers = [handler]
        logging.getLogger(name).propagate = False


def _unreadable_tls_files(certfile: Path | None, keyfile: Path | None) -> str | None:
    """One sentence when the certificate or key cannot be used, before uvicorn's traceback."""
    if certfile is None:
        return None
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(certfile, keyfile)
    except FileNotFoundError as exc:
        return f"TLS: cannot read {exc.filename}: no such file"
    except PermissionError as exc:
        return f"TLS: cannot read {exc.filename}: permission denied"
    except ssl.SSLError as exc:
        return (
            f"TLS: {certfile} and {keyfile or certfile} are not a usable PEM certificate chain "
            f"and matching private key ({exc.reason or exc})"
        )
    return None


def _recorder(settings: ServerSettings, database: ServerDatabase) -> Recorder | None:
    """The historian's recorder inside this server, when ``record_broker`` is set (started)."""
    if settings.record_broker is None:
        return None
    from smartcity_console.history.partitions import Retention
    from smartcity_console.history.recorder import Recorder
    from smartcity_console.history.recorder_config import feeds_config, recorder_broker
    from smartcity_console.history.writer import HistoryWriter

    config = feeds_config(settings.record_config or bundled_config_file())
    broker = recorder_broker(config, settings.record_broker, settings.record_client_id)
    retention = Retention(
        settings.history_raw_days,
        settings.history_minute_days,
        settings.history_five_minute_days,
        settings.history_hour_days,
    )
    recorder = Recorder(
        broker,
        config.feeds,
        HistoryWriter(database.engine, retention),
        time_rule=config.timestamps.rule(),
    )
    recorder.start()
    logging.getLogger("smartcity_console.server").info(
        "recording %d feeds from %s",
        len(config.feeds),
        broker.url,
        extra={"fields": {"record_broker": broker.url, "client_id": broker.client_id}},
    )
    return recorder


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from smartcity_console.server import auth
    from smartcity_console.server.allowed_hosts import default_allowed_hosts
    from smartcity_console.server.app import create_app
    from smartcity_console.server.database import ServerDatabaseError
    from smartcity_console.server.poke import PokePublisher
    from smartcity_console.server.read_timeouts import protocol_with_timeouts
    from smartcity_console.server.settings import ServerSettingsError, load_settings

    try:
        settings = load_settings(
            args.settings,
            overrides={
                "host": args.host,
                "port": args.port,
                "database": args.database,
                "poke_broker": args.poke_broker,
                "poke_topic": args.poke_topic,
                "log_format": args.log_format,
                "record_broker": args.record_broker,
                "certfile": args.certfile,
                "keyfile": args.keyfile,
            },
        )
    except ServerSettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _log_to_stderr(settings.log_format)
    tls_problem = _unreadable_tls_files(settings.certfile, settings.keyfile)
    if tls_problem is not None:
        print(f"error: {tls_problem}", file=sys.stderr)
        return 2
    allowed_hosts = settings.allowed_hosts or default_allowed_hosts(settings.host)
    poke = None
    if settings.poke_broker:
        try:
            poke = PokePublisher(settings.poke_broker, settings.poke_topic)
        except ValueError as exc:
            print(f"error: poke broker: {exc}", file=sys.stderr)
            return 2
    try:
        app = create_app(
            settings.database,
            auth_settings=auth.AuthSettings(token_ttl=timedelta(hours=settings.token_ttl_hours)),
            poke=poke,
            max_body_bytes=settings.max_body_bytes,
            allowed_hosts=allowed_hosts,
        )
    except ServerDatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        recorder = _recorder(settings, app.state.server_db)
    except ConfigError as exc:
        print(f"error: record_config: {exc}", file=sys.stderr)
        app.state.server_db.close()
        return 2
    scheme = "https" if settings.certfile is not None else "http"
    logging.getLogger("smartcity_console.server").info(
        "sync server listening on %s://%s:%d",
        scheme,
        settings.host,
        settings.port,
        extra={
            "fields": {
                "host": settings.host,
                "port": settings.port,
                "scheme": scheme,
                "database": app.state.server_db.url,
                "allowed_hosts": allowed_hosts,
                "header_timeout_s": settings.header_timeout_s,
                "body_timeout_s": settings.body_timeout_s,
            }
        },
    )
    try:
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            access_log=False,
            log_config=None,
            http=protocol_with_timeouts(settings.header_timeout_s, settings.body_timeout_s),
            timeout_keep_alive=settings.keep_alive_s,
            forwarded_allow_ips=settings.forwarded_allow_ips,
            ssl_certfile=settings.certfile,
            ssl_keyfile=settings.keyfile,
        )
    finally:
        if recorder is not None:
            recorder.stop()
        if poke is not None:
            poke.close()
        app.state.server_db.close()
    return 0
