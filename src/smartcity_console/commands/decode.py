"""``smartcity-console decode``: check a feed mapping against a real payload.

An installer pastes one payload captured from a device (``mosquitto_sub -C 1
-t T > payload``) into stdin and sees the readings the console would plot, as
JSON lines, before the mapping goes into the config file. Errors are one line
on stderr, exit status 1, in the same words the diagnostics view shows.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path
from typing import Any, NoReturn, get_args

from pydantic import ValidationError

from smartcity_console.config import ConfigError, config_source, load_config
from smartcity_console.core.decode_output import decode_payload, error_line
from smartcity_console.core.decoders import DecodeError, Decoder, make_decoder
from smartcity_console.core.mapping import FeedMapping, Format
from smartcity_console.core.places import PlaceBook, StationPlace
from smartcity_console.core.profiles import ProfileName
from smartcity_console.core.time_sanity import TimeRule
from smartcity_console.core.topics import TopicRouter, validate_topic
from smartcity_console.sim.places import SIM_PLACES

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
    "units": "--unit",
    "unit_paths": "--unit-path",
    "profile": "--profile",
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
    # A usage mistake is a refusal like any other: one line starting "error:".
    parser.error = _usage_error  # type: ignore[method-assign]
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
    parser.add_argument(
        "--profile",
        choices=get_args(ProfileName),
        help="device profile: its fields, ids, time and units (docs/feeds.md)",
    )
    parser.add_argument(
        "--unit",
        action="append",
        metavar="[FIELD=]U",
        help="unit of FIELD (repeatable: --unit ENERGY.Voltage=V --unit ENERGY.Total=kWh); "
        "a bare U is the unit of every field the payload names none for",
    )
    parser.add_argument(
        "--unit-path",
        dest="unit_path",
        action="append",
        metavar="[FIELD=]P",
        help="path to the unit string of FIELD (repeatable); a bare P serves every field",
    )
    parser.add_argument(
        "--birth",
        metavar="FILE",
        type=Path,
        help=(
            "Sparkplug B: the NBIRTH (for NDATA) or DBIRTH (for DDATA) payload of the same "
            "node or device, read first so that the aliases of the payload are known"
        ),
    )


def run(args: argparse.Namespace) -> int:
    """Decode stdin with the mapping the arguments (or the config) give; 0 or 1.

    A broken config file is exit 2, as for every command, but in one line.
    """
    try:
        validate_topic(args.topic)
    except ValueError as exc:
        return _fail(f"--topic: {exc}")
    try:
        mapping, time_rule = _mapping(args)
    except _UsageError as exc:
        return _fail(str(exc))
    except ConfigError as exc:
        # 2, as every command answers a broken config file (cli.main), in one line.
        return _fail(str(exc), 2)
    # The console's own time rule, against this machine's clock (docs/feeds.md).
    decoder = make_decoder(mapping, time_rule)
    if sys.stdin.isatty():
        print("reading the payload from stdin (end it with Ctrl-D)", file=sys.stderr)
    birth: Path | None = getattr(args, "birth", None)
    if birth is not None:
        try:
            _learn_birth(decoder, mapping, args.topic, birth)
        except _UsageError as exc:
            return _fail(str(exc))
    payload = sys.stdin.buffer.read()
    outcome = decode_payload(
        decoder, args.topic, payload, time.time(), _ignored_words(mapping), _places(args)
    )
    if outcome.error is not None:
        print(outcome.error, file=sys.stderr)
        return 1
    try:
        sys.stdout.write("".join(line + "\n" for line in outcome.lines))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader left (``decode ... | head -1``): what it read is all it wanted.
        # Python would report the pipe again when it flushes stdout at exit, so
        # stdout is pointed at the null device first (the recipe of the signal docs).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    if outcome.note:
        print(outcome.note, file=sys.stderr)
    for line in outcome.places:
        print(line, file=sys.stderr)
    return 0


def _places(args: argparse.Namespace) -> PlaceBook:
    """The simulator's places under the config's ``[[stations]]`` (none when it cannot load)."""
    config_path: Path | None = getattr(args, "config", None)
    stations: list[StationPlace] = []
    if config_path is not None or config_source(None).exists():
        # The mapping's own loading already said what is wrong with the file, if it read it.
        with contextlib.suppress(ConfigError):
            stations = [s.place() for s in load_config(config_path).stations]
    return PlaceBook(SIM_PLACES, stations)


def _usage_error(message: str) -> NoReturn:
    print(error_line(message), file=sys.stderr)
    sys.exit(2)


def _fail(message: str, status: int = 1) -> int:
    print(error_line(message), file=sys.stderr)
    return status


def _ignored_words(mapping: FeedMapping) -> str | None:
    """What the note says was left out, in the words of the payload's own format."""
    if mapping.format == "sparkplug":
        return "Sparkplug B metric(s) with a string, date, bytes, data set or template value"
    return None


def _learn_birth(decoder: Decoder, mapping: FeedMapping, topic: str, birth: Path) -> None:
    """Decode ``--birth`` on the BIRTH topic of ``topic``'s node or device (Sparkplug B)."""
    if mapping.format != "sparkplug":
        raise _UsageError("--birth is for Sparkplug B payloads (--format sparkplug)")
    parts = topic.split("/")
    births = {"NDATA": "NBIRTH", "DDATA": "DBIRTH", "NBIRTH": "NBIRTH", "DBIRTH": "DBIRTH"}
    if len(parts) < 4 or parts[2] not in births:
        raise _UsageError(
            "--birth needs an NDATA or DDATA --topic (spBv1.0/<group>/NDATA/<node> or "
            "spBv1.0/<group>/DDATA/<node>/<device>)"
        )
    parts[2] = births[parts[2]]
    try:
        payload = birth.read_bytes()
    except OSError as exc:
        raise _UsageError(f"--birth: cannot read {birth}: {exc.strerror or exc}") from None
    try:
        decoder.decode("/".join(parts), payload, time.time())
    except DecodeError as exc:
        raise _UsageError(f"--birth {birth}: {exc}") from None


def _mapping(args: argparse.Namespace) -> tuple[FeedMapping, TimeRule]:
    """The mapping to decode with, and the time rule: the config's when it was read."""
    given: dict[str, Any] = {name: getattr(args, name, None) for name in _MAPPING_OPTIONS}
    given = {name: value for name, value in given.items() if value is not None}
    for bare, per_field in (("unit", "units"), ("unit_path", "unit_paths")):
        if bare in given:
            given.update(_split_per_field(given.pop(bare), bare, per_field))
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


def _split_per_field(values: list[str], bare: str, per_field: str) -> dict[str, Any]:
    """``--unit V`` (every field) and ``--unit FIELD=V`` (one field), as mapping keys."""
    out: dict[str, Any] = {}
    table: dict[str, str] = {}
    for value in values:
        field, sep, target = value.partition("=")
        if not sep:
            if bare in out:
                option = _OPTIONS[bare]
                raise _UsageError(f"{option} without FIELD= given twice ({out[bare]!r}, {value!r})")
            out[bare] = value
        else:
            table[field] = target
    if table:
        out[per_field] = table
    return out


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
