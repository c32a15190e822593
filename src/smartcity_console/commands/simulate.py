"""``smartcity-console simulate``: publish the Rembang simulator to a broker.

Installers use it to check a broker and a console end to end before real
devices exist, and demos use ``--speed`` to show a day in minutes. ``--list``
prints the catalogue and the next day's anomaly schedule, so whoever watches
the console knows what should raise an alarm and when.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import time
from typing import TextIO

from smartcity_console.core.clock import parse_time, wib
from smartcity_console.mqtt.broker_url import parse_broker_url
from smartcity_console.sim.publish import BrokerUnreachableError, publish_simulation
from smartcity_console.sim.simulator import Simulator

DEFAULT_BROKER = "mqtt://127.0.0.1:1883"


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, not {text}")
    return value


def _non_negative(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must not be negative, not {text}")
    return value


def _timestamp(text: str) -> float:
    """Epoch seconds, or ISO 8601 (a time without zone is taken as WIB)."""
    try:
        return parse_time(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Register ``simulate``; the caller dispatches to :func:`run`."""
    parser = subparsers.add_parser(
        "simulate",
        help="publish simulated Rembang feeds to an MQTT broker",
        description=(
            "Publish plausible feeds for all six programs to an MQTT broker, with "
            "planted anomalies (river rise, PM2.5 spike, chili price jump, silent "
            "station) that alarm rules should catch. Same --seed, same data."
        ),
    )
    parser.add_argument(
        "--broker",
        default=DEFAULT_BROKER,
        metavar="URL",
        help=f"mqtt://[user:password@]host[:port] or mqtts://... (default {DEFAULT_BROKER})",
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="fixes values and anomalies (default 1)"
    )
    parser.add_argument(
        "--rate",
        type=_positive,
        default=1.0,
        metavar="X",
        help="publish each series X times as often (default 1)",
    )
    parser.add_argument(
        "--speed",
        type=_positive,
        default=1.0,
        metavar="X",
        help="simulated seconds per real second (default 1; 720 = a day in two minutes)",
    )
    parser.add_argument(
        "--duration",
        type=_non_negative,
        default=None,
        metavar="SECONDS",
        help="stop after this many real seconds (default: until Ctrl-C)",
    )
    parser.add_argument(
        "--start",
        type=_timestamp,
        default=None,
        metavar="TIME",
        help="simulated start, epoch seconds or ISO 8601 (default now)",
    )
    parser.add_argument(
        "--anomalies-per-day",
        type=_non_negative,
        default=4.0,
        metavar="N",
        help="anomalies per day; 4 = each kind once (default 4)",
    )
    parser.add_argument(
        "--timestamps",
        choices=("wall", "simulated"),
        default="wall",
        help="stamp readings with the wall clock (default: --speed compresses the day, not "
        "the clock) or with the simulated time (a replay whose exact times matter; consoles "
        "refuse readings more than 5 minutes ahead of their clock)",
    )
    parser.add_argument("--client-id", default=None, help="MQTT client id (default random)")
    parser.add_argument(
        "--list",
        action="store_true",
        help="print the series and the next 24 h of anomalies, then exit",
    )
    return parser


def _wib(t: float, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return wib(t).strftime(fmt)


def print_catalogue(sim: Simulator, out: TextIO) -> None:
    """The catalogue as a table, then the anomalies of the next 24 simulated hours."""
    width = max(len(s.topic) for s in sim.series)
    print(f"{'TOPIC':<{width}}  {'UNIT':<13}  {'EVERY':>7}  NORMAL RANGE", file=out)
    for s in sim.series:
        every = f"{s.interval_s:g} s"
        print(f"{s.topic:<{width}}  {s.unit:<13}  {every:>7}  {s.low:g} .. {s.high:g}", file=out)
    print(f"{len(sim.series)} series", file=out)
    anomalies = sim.anomalies_between(sim.start, sim.start + 86400.0)
    print(f"\nAnomalies from {_wib(sim.start)} WIB for 24 h (seed {sim.seed}):", file=out)
    for a in anomalies:
        span = f"{_wib(a.start)}-{_wib(a.end, '%H:%M')}"
        print(f"  {span}  {a.kind:<14}  {a.topic}\n    {a.description}", file=out)
    if not anomalies:
        print("  none", file=out)


def run(args: argparse.Namespace) -> int:
    """Run ``simulate``: 0 when done or stopped, 1 if the broker is unreachable, 2 on bad input."""
    if args.list:
        sim = Simulator(
            seed=args.seed,
            start=args.start,
            rate=args.rate,
            anomaly_rate_per_day=args.anomalies_per_day,
        )
        print_catalogue(sim, sys.stdout)
        return 0
    try:
        address = parse_broker_url(args.broker)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    published = [0]  # updated by the callback, so Ctrl-C still reports a count

    def count(n: int) -> None:
        published[0] = n

    async def main() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            # Not on Windows' loops: there Ctrl-C arrives as KeyboardInterrupt.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, stop.set)
        return await publish_simulation(
            args.broker,
            seed=args.seed,
            rate=args.rate,
            speed=args.speed,
            duration=args.duration,
            client_id=args.client_id,
            stop=stop,
            on_published=count,
            start=args.start,
            anomaly_rate_per_day=args.anomalies_per_day,
            timestamps=args.timestamps,
        )

    print(
        f"simulating Rembang to {address.display} (seed {args.seed}, speed {args.speed:g}x, "
        f"rate {args.rate:g}x); Ctrl-C stops",
        flush=True,
    )
    began = time.monotonic()
    try:
        published[0] = asyncio.run(main())
    except BrokerUnreachableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    elapsed = time.monotonic() - began
    print(
        f"published {published[0]} messages to {address.display} in {elapsed:.1f} s "
        f"({elapsed * args.speed / 3600:.2f} simulated hours)"
    )
    return 0
