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
import zlib

from smartcity_console import __version__, doctor
from smartcity_console.commands import alarms as alarms_cli
from smartcity_console.commands import decode as decode_cli
from smartcity_console.commands import record as record_cli
from smartcity_console.commands import report as report_cli
from smartcity_console.commands import simulate as simulate_cli
from smartcity_console.commands import users as users_cli
from smartcity_console.commands.common import add_common_options, add_top_level_options
from smartcity_console.config import AppConfig, BrokerConfig, ConfigError, ServerConfig, load_config
from smartcity_console.core.alarm_rules import at_speed
from smartcity_console.logs import setup_logging
from smartcity_console.paths import bundled_config_file, default_config_file
from smartcity_console.redaction import mask_argv, secret_value_options
from smartcity_console.server import serve_cli


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smartcity-console",
        description="Operations console for the Rembang smart-city command center.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_top_level_options(parser)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window offscreen against an embedded broker and simulator, "
        "exit 0 once every plot shows readings",
    )
    _add_wall_arguments(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="run broker, simulator, sync server and console here")
    demo.add_argument("--seed", type=int, default=1, help="simulator seed (default 1)")
    demo.add_argument("--speed", type=float, default=1.0, help="simulated seconds per second")
    demo.add_argument(
        "--rate", type=float, default=6.0, help="publish each series this many times as often"
    )
    _add_wall_arguments(demo, argparse.SUPPRESS)

    serve_cli.add_parser(sub)
    record_cli.add_parser(sub)

    simulate_cli.add_parser(sub)
    doctor.add_parser(sub)
    decode_cli.add_parser(sub)
    alarms_cli.add_parser(sub)
    users_cli.add_parser(sub)
    report_cli.add_parser(sub)
    add_common_options(parser)  # --config and -v after any subcommand's name too
    return parser


def _add_wall_arguments(parser: argparse.ArgumentParser, default: object) -> None:
    """``--wall [--screen N]`` (docs/wall.md); the demo's copy must not reset the top level's."""
    parser.add_argument(
        "--wall",
        action="store_true",
        default=False if default is None else default,
        help="start in wall mode: full screen, one wall per monitor, Esc leaves",
    )
    parser.add_argument(
        "--screen",
        type=int,
        metavar="N",
        default=None if default is None else default,
        help="with --wall: only on monitor N (1 = the first, as the display settings count)",
    )


def _demo_config(
    config: AppConfig, broker_url: str, server_url: str, speed: float = 1.0
) -> AppConfig:
    """The config with the embedded broker and server, and the rules at the simulator's speed.

    At ``--speed N`` the simulator's day runs N times faster on the wall clock
    (docs/simulator.md): the rules' durations are compressed alike, or a
    20-minute anomaly (4 s at speed 300) would never outlast a 2-minute on-delay.
    """
    return config.model_copy(
        update={
            # The devices the demo publishes unmapped stay visible in the topic browser.
            "broker": BrokerConfig(url=broker_url, browse=config.broker.browse),
            "server": ServerConfig(url=server_url),
            "alarms": at_speed(config.alarms, speed),
        }
    )


# How long `demo` waits for its historian's past day before the console starts anyway.
DEMO_HISTORY_WAIT_S = 120.0


def _run_with_services(
    args: argparse.Namespace,
    *,
    self_test: bool,
    seed: int = 1,
    speed: float = 1.0,
    rate: float = 6.0,
) -> int:
    from smartcity_console.demo.rendezvous import find_running_demo
    from smartcity_console.demo.services import EmbeddedServices, ServiceOptions

    config = load_config(args.config or bundled_config_file())
    running = None if self_test else find_running_demo()
    if running is not None:
        # A second "workstation" on this machine (another data folder): share the
        # first demo's broker and sync server, so both see the same incidents.
        print(
            f"joining the demo already running (process {running.pid}): broker "
            f"{running.broker_url}, sync server {running.server_url}",
            file=sys.stderr,
        )
        from smartcity_console.gui.shell.app import run_console
        from smartcity_console.paths import user_data_dir

        # Both demos run on one host: name this workstation apart from the first
        # (stable per data folder), so each history says which console did what.
        folder = zlib.crc32(str(user_data_dir()).encode()) % 10_000
        joined = _demo_config(config, running.broker_url, running.server_url, running.speed)
        joined = joined.model_copy(update={"workstation": f"{config.workstation}-{folder:04d}"})
        return run_console(
            joined,
            demo=True,
            wall=getattr(args, "wall", False),
            screen=getattr(args, "screen", None),
            config_path=args.config or default_config_file(),
        )
    # The self-test needs readings quickly, not a realistic pace.
    speed = speed if not self_test else 60.0
    options = ServiceOptions(
        seed=seed,
        speed=speed,
        rate=rate if not self_test else 5.0,
        sync_server=not self_test,
        backfill_s=0.0 if self_test else 1800.0,
        announce=not self_test,
        # The historian: a day of the simulator's past, then every live reading.
        history_feeds=() if self_test else tuple(config.feeds),
    )
    services = EmbeddedServices(options)
    services.start_and_wait()
    try:
        demo_config = _demo_config(config, services.broker_url, services.server_url, speed)
        if self_test:
            from smartcity_console.gui.shell.self_test import run_self_test

            return run_self_test(demo_config, on_subscribed=services.console_ready.set)
        from smartcity_console.gui.shell.app import run_console

        if options.history_feeds and not services.history_ready.is_set():
            # The console's backfill asks the historian once it starts: let the demo's
            # past day be in it first, so the plots show the night (docs/history.md).
            print("writing the simulator's past day into the demo's historian…", file=sys.stderr)
            services.history_ready.wait(DEMO_HISTORY_WAIT_S)
        return run_console(
            demo_config,
            demo=True,
            on_subscribed=services.console_ready.set,
            wall=getattr(args, "wall", False),
            screen=getattr(args, "screen", None),
            config_path=args.config or default_config_file(),
        )
    finally:
        services.stop()


def _serve(args: argparse.Namespace) -> int:
    return serve_cli.run(args)


def _report(args: argparse.Namespace) -> int:
    """``report shift``: the PDF needs Qt's text document (gui/), ``--json`` does not."""
    if args.json:
        return report_cli.run(args)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window: a file is written
    from smartcity_console.gui.reports.shift_pdf import pdf_writer_for_cli

    return report_cli.run(args, pdf_writer_for_cli(load_config(args.config).language))


def _first_run() -> bool:
    """Show the setup dialog (gui/shell/first_run.py); whether a config file was saved."""
    from smartcity_console.gui.shell.app import application
    from smartcity_console.gui.shell.first_run import run_first_run

    application()
    saved = run_first_run()
    if saved is None:
        print(
            "smartcity-console: setup cancelled, no config file was written; start again to "
            "open the setup dialog, or pass --config FILE",
            file=sys.stderr,
        )
        return False
    logging.getLogger(__name__).info("first-run setup wrote %s", saved)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    # One rotating log file per command in the platform's log folder (logs.py).
    command = "self-test" if args.self_test else (args.command or "console")
    log_path = setup_logging(command, verbose=args.verbose)
    # Never as given: a database or broker URL may carry a password (redaction.py).
    given = mask_argv(sys.argv[1:] if argv is None else argv, secret_value_options(parser))
    logging.getLogger(__name__).info(
        "smartcity-console %s: %s (log %s)", __version__, " ".join(given), log_path
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
            case "record":
                return record_cli.run(args)
            case "simulate":
                return simulate_cli.run(args)
            case "doctor":
                return doctor.run(args)
            case "decode":
                return decode_cli.run(args)
            case "alarms":
                return alarms_cli.run(args)
            case "users":
                return users_cli.run(args)
            case "report":
                return _report(args)
            case _:
                from smartcity_console.gui.shell.app import run_console

                # A fresh workstation: the setup dialog writes the config first.
                fresh = args.config is None and not default_config_file().exists()
                if fresh and not _first_run():
                    return 1
                return run_console(
                    load_config(args.config),
                    wall=args.wall,
                    screen=args.screen,
                    config_path=args.config or default_config_file(),
                )
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
