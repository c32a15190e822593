"""The ``smartcity-console`` command line.

Qt is imported only by the commands that open a window, so ``serve``,
``simulate``, ``decode`` and ``doctor`` start fast and run on a server without
Qt's system libraries.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from smartcity_console import __version__, decode_cli, doctor, simulate_cli, users_cli
from smartcity_console.config import AppConfig, BrokerConfig, ConfigError, ServerConfig, load_config
from smartcity_console.paths import bundled_config_file


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smartcity-console",
        description="Operations console for the Rembang smart-city command center.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config", type=Path, help="config file (default: the user's, see docs)")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window offscreen against an embedded broker and simulator, "
        "exit 0 once every plot shows readings",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="run broker, simulator, sync server and console here")
    demo.add_argument("--seed", type=int, default=1, help="simulator seed (default 1)")
    demo.add_argument("--speed", type=float, default=1.0, help="simulated seconds per second")
    demo.add_argument(
        "--rate", type=float, default=6.0, help="publish each series this many times as often"
    )

    serve = sub.add_parser("serve", help="run the sync server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--database", help="SQLAlchemy URL (default: a SQLite file)")

    simulate_cli.add_parser(sub)
    doctor.add_parser(sub)
    decode_cli.add_parser(sub)
    users_cli.add_parser(sub)
    return parser


def _demo_config(config: AppConfig, broker_url: str, server_url: str) -> AppConfig:
    return config.model_copy(
        update={"broker": BrokerConfig(url=broker_url), "server": ServerConfig(url=server_url)}
    )


def _run_with_services(
    args: argparse.Namespace,
    *,
    self_test: bool,
    seed: int = 1,
    speed: float = 1.0,
    rate: float = 6.0,
) -> int:
    from smartcity_console.embedded import EmbeddedServices, ServiceOptions

    config = load_config(args.config or bundled_config_file())
    options = ServiceOptions(
        seed=seed,
        # The self-test needs readings quickly, not a realistic pace.
        speed=speed if not self_test else 60.0,
        rate=rate if not self_test else 5.0,
        sync_server=not self_test,
        backfill_s=0.0 if self_test else 1800.0,
    )
    services = EmbeddedServices(options)
    services.start_and_wait()
    try:
        from smartcity_console.gui.app import run_console

        return run_console(
            _demo_config(config, services.broker_url, services.server_url),
            self_test_timeout=60.0 if self_test else None,
            demo=not self_test,
            on_subscribed=services.console_ready.set,
        )
    finally:
        services.stop()


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from smartcity_console.server.app import create_app
    from smartcity_console.server.database import ServerDatabaseError

    try:
        app = create_app(args.database)
    except ServerDatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        if args.self_test:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            return _run_with_services(args, self_test=True)
        match args.command:
            case "demo":
                return _run_with_services(
                    args, self_test=False, seed=args.seed, speed=args.speed, rate=args.rate
                )
            case "serve":
                return _serve(args)
            case "simulate":
                return simulate_cli.run(args)
            case "doctor":
                return doctor.run(args)
            case "decode":
                return decode_cli.run(args)
            case "users":
                return users_cli.run(args)
            case _:
                from smartcity_console.gui.app import run_console

                return run_console(load_config(args.config))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
