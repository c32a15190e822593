"""``smartcity-console decode``: check a feed mapping against a real payload.

An installer pastes one payload captured from a device (``mosquitto_sub -C 1
-t T > payload``) into stdin and sees the readings the console would plot, as
JSON lines, before the mapping goes into the config file. Errors are one line
on stderr, exit status 1, in the same words the diagnostics view shows.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from smartcity_console.config import config_source, load_config
from smartcity_console.core.decoders import DecodeError, make_decoder
from smartcity_console.core.mapping import FeedMapping, Format
from smartcity_console.core.time_sanity import TimeRule
from smartcity_console.core.topics import TopicRouter, validate_topic

# FeedMapping field -> the option that sets it, for error messages.
_OPTIONS = {
    "topic": "--topic",
    "format": "--format",
    "value": "--value",
    "fields": "--fields",
    "timestamp": "--timestamp",
    "timezone": "--timezone",
    "unit": "--unit",
    "unit_path": "--unit-path",
}
_MAPPING_OPTIONS = tuple(name for name in _OPTIONS if name != "topic")


class _UsageError(Exception):
    """Something the user can fix in the command line or the config; one line."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``decode`` subcommand."""
    parser = subparsers.add_parser(
        "decode",
        help="decode one payload from stdin and print its readings as JSON lines",
        description=(
            "Read one MQTT payload from stdin and print the readings it gives, one JSON "
            'object a line: {"series", "t", "value", "unit"} (t is null when the payload '
            "has no time). Without --format or any mapping option, the first [[feeds]] "
            "table of the config whose filter matches --topic is used."
        ),
    )
    parser.add_argument("--topic", required=True, metavar="T", help="the topic it arrived on")
    parser.add_argument(
        "--format", choices=get_args(Format), help="payload format (default: auto, or the config)"
    )
    parser.add_argument("--value", metavar="PATH", help="dotted path to the one number")
    parser.add_argument(
        "--fields",
        nargs="+",
        metavar="PATH",
        help="dotted paths, one series each; a single '*' takes every numeric field",
    )
    parser.add_argument("--timestamp", metavar="PATH", help="dotted path to the time")
    parser.add_argument(
        "--timezone", metavar="ZONE", help="IANA zone for times without an offset (default UTC)"
    )
    parser.add_argument("--unit", metavar="U", help="fixed unit when the payload names none")
    parser.add_argument(
        "--unit-path", dest="unit_path", metavar="P", help="dotted path to a unit string"
    )


def run(args: argparse.Namespace) -> int:
    """Decode stdin with the mapping the arguments (or the config) give; 0 or 1.

    A broken config file raises ConfigError, which ``cli.main`` reports the
    same way for every command.
    """
    try:
        validate_topic(args.topic)
    except ValueError as exc:
        return _fail(f"--topic: {exc}")
    try:
        mapping, time_rule = _mapping(args)
    except _UsageError as exc:
        return _fail(str(exc))
    # The console's own time rule, against this machine's clock (docs/feeds.md).
    decoder = make_decoder(mapping, time_rule)
    if sys.stdin.isatty():
        print("reading the payload from stdin (end it with Ctrl-D)", file=sys.stderr)
    payload = sys.stdin.buffer.read()
    try:
        decoded = decoder.decode(args.topic, payload, time.time())
    except DecodeError as exc:
        return _fail(str(exc))
    out = sys.stdout
    for reading in decoded.readings:
        line = {
            "series": reading.series,
            "t": reading.t,
            "value": reading.value,
            "unit": reading.unit,
        }
        out.write(json.dumps(line) + "\n")
    out.flush()
    if decoded.ignored:
        print(
            f"note: {decoded.ignored} SenML record(s) with a string, boolean or data value "
            "ignored (nothing to plot)",
            file=sys.stderr,
        )
    return 0


def _fail(message: str) -> int:
    print("error: " + " ".join(message.split()), file=sys.stderr)
    return 1


def _mapping(args: argparse.Namespace) -> tuple[FeedMapping, TimeRule]:
    """The mapping to decode with, and the time rule: the config's when it was read."""
    given = {name: getattr(args, name) for name in _MAPPING_OPTIONS}
    given = {name: value for name, value in given.items() if value is not None}
    config_path: Path | None = getattr(args, "config", None)
    if given:
        if given.get("fields") == ["*"]:
            given["fields"] = "*"
        rule = load_config(config_path).timestamps.rule() if config_path else TimeRule()
        return _validated({"topic": args.topic, **given}), rule
    if config_path is None and not config_source(None).exists():
        return _validated({"topic": args.topic}), TimeRule()  # no config anywhere: format auto
    config = load_config(config_path)
    feeds = config.feeds
    index = TopicRouter([feed.topic for feed in feeds]).route(args.topic)
    if index is None:
        raise _UsageError(
            f"no [[feeds]] table in {config_source(config_path)} matches topic "
            f"{args.topic!r}; pass --format (and paths) to decode without the config"
        )
    return feeds[index], config.timestamps.rule()


def _validated(options: dict[str, Any]) -> FeedMapping:
    try:
        return FeedMapping.model_validate(options)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = err["loc"]
            option = _OPTIONS.get(str(loc[0]), str(loc[0])) if loc else "mapping"
            got = f" (got {err['input']!r})" if loc and err["type"] != "missing" else ""
            problems.append(f"{option}: {err['msg']}{got}")
        raise _UsageError("invalid mapping: " + "; ".join(problems)) from None
