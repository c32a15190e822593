"""Ingest benchmark: the console's MQTT path against references on the same broker.

Publishes N JSON messages over T topics (QoS 1) to a Mosquitto of its own,
while three consumers that registered persistent sessions are offline; the
broker queues the burst for each. Then each consumer in turn connects and
drains its queue, so every rate measures the consumer alone:

(a) ``mosquitto_sub`` (C, counts and discards),
(b) a bare aiomqtt loop counting messages,
(c) the console's ingest path as it runs by default: the MQTT client in a
    process of its own (MqttProcess) handing raw batches to FeedIngest in
    this one, decoding into the series store (``console``);
(d) the same with the client on a thread of this process (MqttThread,
    ``[broker] separate_process = false``; ``console_thread``).

Each console is timed from its "connected" status, so the process's start
(spawn, imports) is not counted as ingest.

Repeated ``--repeat`` times; the JSON reports medians and ratios, never a
single absolute time (machines here are shared and noisy). It also measures
the resident memory of 1,000 series whose history tiers are full.

    python bench/ingest.py [--messages 200000] [--topics 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import aiomqtt
import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.publisher import payload, topic
from smartcity_console.config import BrokerConfig
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.mqtt.process import MqttProcess
from smartcity_console.mqtt.thread import MqttThread
from tests.support.mosquitto import Mosquitto

FILTER = "bench/#"
FEED = FeedMapping(topic=FILTER, format="json", value="value", timestamp="ts", unit_path="unit")


def publish_burst(port: int, messages: int, topics: int) -> None:
    """Publish QoS 1 as the broker acknowledges, every message accounted for.

    paho numbers messages in flight with 16-bit ids, so at most 65,535 may be
    unacknowledged; publishing in chunks of 10,000 keeps well under that.
    """
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-publisher")
    client.max_inflight_messages_set(1000)
    client.connect("127.0.0.1", port)
    client.loop_start()
    now = time.time()
    try:
        for chunk in range(0, messages, 10_000):
            infos = []
            for i in range(chunk, min(chunk + 10_000, messages)):
                message = payload(now + i * 1e-3, round(i % 997 / 10, 1))
                infos.append(client.publish(topic(i % topics), message, qos=1))
            for info in infos:
                info.wait_for_publish(timeout=300)
    finally:
        client.disconnect()
        client.loop_stop()


def mosquitto_sub(port: int, client_id: str, count: int | None, wait_s: int = 2) -> list[str]:
    args = ["-h", "127.0.0.1", "-p", str(port), "-i", client_id, "-c", "-q", "1", "-t", FILTER]
    return [shutil.which("mosquitto_sub") or "mosquitto_sub", *args] + (
        ["-C", str(count), "-W", "600"] if count else ["-W", str(wait_s)]
    )


def register_mosquitto_sub(port: int) -> None:
    # -W ends it after a moment; the persistent session and subscription stay.
    subprocess.run(mosquitto_sub(port, "bench-a", None, 1), capture_output=True, check=False)


def drain_mosquitto_sub(port: int, messages: int) -> tuple[float, int]:
    started = time.perf_counter()
    proc = subprocess.run(
        mosquitto_sub(port, "bench-a", messages), capture_output=True, check=False
    )
    elapsed = time.perf_counter() - started
    return elapsed, proc.stdout.count(b"\n")


async def _aiomqtt(port: int, messages: int | None) -> tuple[float, int]:
    received = 0
    async with aiomqtt.Client(
        "127.0.0.1", port, identifier="bench-b", clean_session=False
    ) as client:
        started = time.perf_counter()
        if messages is None:
            await client.subscribe(FILTER, qos=1)
            return 0.0, 0
        # No SUBSCRIBE when draining: the persistent session has it, and its SUBACK
        # queued behind the burst timed out (10 s) while aiomqtt read the backlog.
        async for _message in client.messages:
            received += 1
            if received == messages:
                break
        return time.perf_counter() - started, received


Console = MqttThread[FeedIngest] | MqttProcess[FeedIngest]


def console_client(port: int, kind: str) -> tuple[Console, FeedIngest]:
    ingest = FeedIngest([FEED], SeriesStore())
    broker = BrokerConfig(url=f"mqtt://127.0.0.1:{port}", client_id=f"bench-{kind}")
    client: Console = (
        MqttProcess(broker, ingest) if kind == "process" else MqttThread(broker, ingest)
    )
    return client, ingest


def wait_for(predicate: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.005)


def register_console(port: int, kind: str) -> None:
    client, _ = console_client(port, kind)
    client.start()
    wait_for(lambda: client.status.state == "connected", 30)
    client.stop()


def drain_console(port: int, messages: int, kind: str) -> tuple[float, int]:
    client, ingest = console_client(port, kind)
    client.start()
    wait_for(lambda: client.status.state == "connected", 30)
    started = time.perf_counter()
    wait_for(lambda: ingest.stats.readings >= messages, 600)
    elapsed = time.perf_counter() - started
    client.stop()
    return elapsed, ingest.stats.readings


def one_round(workdir: Path, messages: int, topics: int) -> dict[str, tuple[float, int]]:
    broker = Mosquitto(
        workdir=workdir,
        # The production settings (tests/support/mosquitto.py): the recommended
        # max_queued_messages holds the burst (Mosquitto's default 1000 per
        # offline client cut 200,000 to 78,000 here). No in-flight limit: this
        # measures how fast each client reads, not Mosquitto's flow control.
        extra_config="max_inflight_messages 0\n",
    )
    broker.start()
    try:
        register_mosquitto_sub(broker.port)
        asyncio.run(_aiomqtt(broker.port, None))
        register_console(broker.port, "process")
        register_console(broker.port, "thread")
        publish_burst(broker.port, messages, topics)
        return {
            "mosquitto_sub": drain_mosquitto_sub(broker.port, messages),
            "aiomqtt": asyncio.run(_aiomqtt(broker.port, messages)),
            "console": drain_console(broker.port, messages, "process"),
            "console_thread": drain_console(broker.port, messages, "thread"),
        }
    finally:
        broker.stop()
        broker.check_no_drops()  # a dropped message would make every rate a lie


def _rss_mb() -> float:
    with Path("/proc/self/status").open() as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


HISTORY_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
from bench.ingest import _rss_mb
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
store = SeriesStore()
now = time.time()
before = _rss_mb()
for s in range({series}):
    name = f"bench/program/m{{s}}/station"
    batch = [Reading(name, now - 7 * 86400 + i * 600, float(i % 50), None) for i in range(1008)]
    batch += [Reading(name, now - 86400 + i * 60, float(i % 50), None) for i in range(1440)]
    batch += [Reading(name, now - 3600 + i, float(i % 50), None) for i in range(3600)]
    store.append_batch(batch, now)
print(_rss_mb() - before)
"""


def history_rss_mb(series: int = 1000) -> float:
    """RSS growth of a fresh process filling every tier of ``series`` series."""
    root = str(Path(__file__).resolve().parents[1])
    code = HISTORY_SCRIPT.format(root=root, series=series)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return round(float(out.strip()), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--topics", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    rates: dict[str, list[float]] = {
        "mosquitto_sub": [],
        "aiomqtt": [],
        "console": [],
        "console_thread": [],
    }
    lost: dict[str, int] = dict.fromkeys(rates, 0)
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            results = one_round(Path(tmp), args.messages, args.topics)
        for name, (elapsed, received) in results.items():
            rates[name].append(received / elapsed)
            lost[name] = max(lost[name], args.messages - received)

    med = {name: statistics.median(values) for name, values in rates.items()}
    report = {
        "published": args.messages,
        "topics": args.topics,
        "repeat": args.repeat,
        "lost": lost["console"],
        "lost_by_consumer": lost,
        "rate_mosquitto_sub": round(med["mosquitto_sub"]),
        "rate_aiomqtt": round(med["aiomqtt"]),
        "rate_console": round(med["console"]),
        "rate_console_thread": round(med["console_thread"]),
        "ratio_console_vs_aiomqtt": round(med["console"] / med["aiomqtt"], 3),
        "ratio_console_vs_mosquitto_sub": round(med["console"] / med["mosquitto_sub"], 3),
        "ratio_console_thread_vs_aiomqtt": round(med["console_thread"] / med["aiomqtt"], 3),
        "rates_all_runs": {k: [round(x) for x in v] for k, v in rates.items()},
        "history_rss_mb": history_rss_mb(),
        "cpu_count": os.cpu_count(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
