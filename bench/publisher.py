"""A paced MQTT publisher for the benchmarks, run as a process of its own.

It stands in for the city's sensors: ``rate`` JSON readings a second over
``topics`` topics, each stamped with the wall time at which it is handed to
the broker (``ts``), so a subscriber can tell how long a reading took to reach
the screen. A separate process keeps its work off the measured process's GIL,
as the sensors are off the workstation's. Prints one JSON line at the end:
how many it sent and how far behind its schedule it fell at most.

    python bench/publisher.py PORT RATE SECONDS [--topics 1000] [--qos 1]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion


def topic(i: int) -> str:
    """The i-th of the benchmarks' series (bench/render.py, bench/ingest.py)."""
    return f"bench/program/m{i}/station"


def payload(ts: float, value: float) -> str:
    """A reading as the benchmarks' feed mapping reads it (``ts``, ``value``, ``unit``)."""
    return f'{{"ts":{ts:.6f},"value":{value},"unit":"ug/m3"}}'


def command(port: int, rate: float, seconds: float) -> list[str]:
    """How to start this publisher as a process of its own."""
    return [sys.executable, str(Path(__file__)), str(port), str(rate), str(seconds)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("rate", type=float)
    parser.add_argument("seconds", type=float)
    parser.add_argument("--topics", type=int, default=1000)
    parser.add_argument("--qos", type=int, default=0, choices=(0, 1))
    args = parser.parse_args()

    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-pub-{time.time_ns()}")
    client.max_inflight_messages_set(10_000)
    client.max_queued_messages_set(0)
    client.connect("127.0.0.1", args.port)
    client.loop_start()
    sent = 0
    max_behind = 0
    i = 0
    last: mqtt.MQTTMessageInfo | None = None
    start = time.perf_counter()
    try:
        while True:
            elapsed = time.perf_counter() - start
            if elapsed >= args.seconds:
                break
            due = int(elapsed * args.rate)
            max_behind = max(max_behind, due - sent)
            # At most 5 ms of messages per slice, each stamped when it is published.
            for _ in range(min(due - sent, max(1, int(args.rate * 0.005)))):
                wall = time.time()
                message = payload(wall, round((i % 997) / 10, 1))
                last = client.publish(topic(i % args.topics), message, qos=args.qos)
                i += 1
                sent += 1
            if due <= sent:
                time.sleep(0.001)
        if last is not None:  # the tail acknowledged before the connection closes
            last.wait_for_publish(timeout=30)
    finally:
        client.disconnect()
        client.loop_stop()
    print(json.dumps({"sent": sent, "max_behind": max_behind}), flush=True)


if __name__ == "__main__":
    main()
