"""``smartcity-console record``: the historian's recorder, on its own.

It subscribes to the config's ``[[feeds]]`` (the same file and mappings a
console uses; ``--config``, else the user's config, else the bundled one)
with a persistent session, and writes every reading into the server's
database (``--database``, the same URL ``serve`` takes). Run two on two
machines for redundancy: each (series, time) is stored once. ``serve`` runs
one inside itself when ``record_broker`` is set (docs/history.md).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from smartcity_console.config import ConfigError
from smartcity_console.history.partitions import Retention
from smartcity_console.history.recorder import Recorder
from smartcity_console.history.recorder_config import (
    default_client_id,
    feeds_config,
    recorder_broker,
)
from smartcity_console.history.writer import HistoryWriter

log = logging.getLogger(__name__)


def _days(text: str) -> int | None:
    if text in ("none", "forever"):
        return None
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 day (or 'forever'), not {text}")
    return value


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    record = sub.add_parser(
        "record",
        help="record every reading of the feeds into the history database",
        description="Subscribe to the config's [[feeds]] with a persistent session and write "
        "every reading into the history database (docs/history.md).",
    )
    record.add_argument("--broker", help="mqtt://host:port (default: the config's broker)")
    record.add_argument(
        "--database", help="SQLAlchemy URL of the server's database (default: serve's SQLite file)"
    )
    record.add_argument(
        "--client-id", help=f"MQTT client id of the session (default {default_client_id()})"
    )
    defaults = Retention()
    record.add_argument(
        "--raw-days", type=_days, default=defaults.raw_days, help="days of raw readings kept"
    )
    record.add_argument(
        "--minute-days", type=_days, default=defaults.minute_days, help="days of minutes kept"
    )
    record.add_argument(
        "--five-minute-days",
        type=_days,
        default=defaults.five_minute_days,
        help="days of 5-minute buckets kept",
    )
    record.add_argument(
        "--hour-days", type=_days, default=defaults.hour_days, help="days of hours kept"
    )


def run(args: argparse.Namespace) -> int:
    from smartcity_console.server.database import (
        ServerDatabaseError,
        default_database_url,
        open_server_database,
    )

    try:
        config = feeds_config(args.config)
        broker = recorder_broker(config, args.broker, args.client_id)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not config.feeds:
        print("error: the config has no [[feeds]]: nothing to record", file=sys.stderr)
        return 2
    try:
        database = open_server_database(args.database or default_database_url())
    except ServerDatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    retention = Retention(args.raw_days, args.minute_days, args.five_minute_days, args.hour_days)
    recorder = Recorder(
        broker,
        config.feeds,
        HistoryWriter(database.engine, retention),
        time_rule=config.timestamps.rule(),
    )
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    print(
        f"recording {len(config.feeds)} feeds from {broker.url} (session {broker.client_id}) "
        f"into {database.url}",
        file=sys.stderr,
    )
    recorder.start()
    try:
        while not stop.wait(60.0):
            counts = recorder.sink.counts
            log.info(
                "recorded %d readings (%d duplicates, %d expired) in %d batches; link %s",
                counts.inserted,
                counts.duplicates,
                counts.expired,
                counts.batches,
                recorder.status.state,
            )
    finally:
        recorder.stop()
        database.close()
    counts = recorder.sink.counts
    print(
        f"stopped: {counts.inserted} readings recorded, {counts.duplicates} duplicates skipped",
        file=sys.stderr,
    )
    return 0
