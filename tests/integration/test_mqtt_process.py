"""The MQTT client in its own process: what the console's process sees of it.

Against a real Mosquitto. The shared behaviour (readings reach the store, bad
payloads are counted, reconnects after a broker restart) is tested for both
the thread and the process in test_mqtt_ingest.py; these are the process's own
promises: a child that dies is replaced, stop leaves no child behind, nor does
a console that is killed, the child's log reaches the console's log, and
control topics (the sync poke) run in the console's process.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smartcity_console.config import BrokerConfig
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.mqtt.process import MqttProcess
from smartcity_console.sim.embedded_broker import free_loopback_port
from tests.integration.test_mqtt_ingest import SIM_FEED, wait_until
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish


def ended(pid: int) -> bool:
    """Gone, or a zombie nobody has reaped yet (a container's init may not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


@pytest.fixture
def started() -> Iterator[Callable[..., MqttProcess[FeedIngest]]]:
    clients: list[MqttProcess[FeedIngest]] = []

    def start(url: str, ingest: FeedIngest | None = None) -> MqttProcess[FeedIngest]:
        client = MqttProcess(
            BrokerConfig(url=url),
            ingest or FeedIngest([SIM_FEED], SeriesStore()),
            backoff_initial_s=0.1,
            backoff_max_s=0.5,
        )
        client.start()
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.stop()


def reading(value: float) -> str:
    return json.dumps({"value": value})


def test_a_killed_mqtt_process_is_replaced_and_readings_flow_again(
    mosquitto: Mosquitto,
    started: Callable[..., MqttProcess[FeedIngest]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = started(mosquitto.url)
    wait_until(lambda: client.status.state == "connected" and client.pid is not None)
    first = client.pid
    assert first is not None
    assert first != os.getpid()
    os.kill(first, signal.SIGKILL)
    wait_until(lambda: client.pid not in (None, first) and client.status.state == "connected")
    assert client.status.reconnects >= 1
    assert any("MQTT process ended unexpectedly" in r.getMessage() for r in caplog.records)
    publish(mosquitto.port, [("rembang/living/traffic/lasem", reading(12))])
    wait_until(lambda: len(client.ingest.store) == 1)


def test_stop_ends_the_mqtt_process_after_its_last_batch(own_mosquitto: Mosquitto) -> None:
    """What the MQTT process took is decoded before it ends; the rest stays at the broker.

    Stopped in the middle of a burst: how much of it the console had read by
    then depends on the machine (this test once expected all of it, and
    failed when the machine was busy). What must hold: the readings decoded
    are the first k, in order, with no hole (the last batch got through), and
    the console's persistent session gets the others at its next start, once.
    """
    own_mosquitto.start()
    broker = BrokerConfig(
        url=own_mosquitto.url, client_id="console-stop", backoff_initial_s=0.1, backoff_max_s=0.5
    )
    ingest = FeedIngest([SIM_FEED], SeriesStore())
    client = MqttProcess(broker, ingest)
    client.start()
    wait_until(lambda: client.status.state == "connected" and client.pid is not None)
    pid = client.pid
    assert pid is not None
    topic = "rembang/environment/pm25/lasem"
    publish(own_mosquitto.port, [(topic, reading(i)) for i in range(2000)])
    client.stop()
    assert not client.is_alive()
    assert client.status.state == "stopped"
    assert ended(pid)
    snapshot = ingest.store.snapshot(topic)
    taken = [] if snapshot is None else snapshot.v.tolist()
    # Every message it took was decoded, in the order it was published.
    assert taken == [float(i) for i in range(len(taken))]
    assert ingest.stats.messages == len(taken)

    again = MqttProcess(broker, ingest)
    again.start()
    try:
        wait_until(lambda: ingest.stats.messages >= 2000, 30)
    finally:
        again.stop()
    snapshot = ingest.store.snapshot(topic)
    assert snapshot is not None
    assert snapshot.v.tolist() == [float(i) for i in range(2000)]  # each once
    assert ingest.stats.messages == 2000


def test_the_mqtt_process_logs_into_the_consoles_log(
    started: Callable[..., MqttProcess[FeedIngest]], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    nobody = f"mqtt://127.0.0.1:{free_loopback_port()}"
    client = started(nobody)
    wait_until(lambda: client.status.state == "disconnected")
    assert client.status.reason
    assert "refused" in client.status.reason.lower()
    wait_until(
        lambda: any(
            r.name == "smartcity_console.mqtt.thread" and "retrying" in r.getMessage()
            for r in caplog.records
        )
    )


def test_a_control_topic_runs_its_callback_in_the_consoles_process(
    mosquitto: Mosquitto, started: Callable[..., MqttProcess[FeedIngest]]
) -> None:
    pokes: list[tuple[int, bytes]] = []
    ingest = FeedIngest([SIM_FEED], SeriesStore())
    ingest.add_control_topic("test/poke", lambda payload: pokes.append((os.getpid(), payload)))
    client = started(mosquitto.url, ingest)
    wait_until(lambda: client.status.state == "connected")
    publish(mosquitto.port, [("test/poke", b'{"cursor": 7}')])
    wait_until(lambda: bool(pokes))
    assert pokes == [(os.getpid(), b'{"cursor": 7}')]
    assert len(ingest.store) == 0  # a poke is never a series


class SlowIngest(FeedIngest):
    """A decoder slower than the broker (a busy GUI, a slow disk): the pipe fills."""

    def handle(self, topic: str, payload: bytes, now: float, retained: bool = False) -> None:
        time.sleep(0.001)
        super().handle(topic, payload, now, retained)


def test_a_decoder_that_falls_behind_shows_a_backlog_then_catches_up(
    mosquitto: Mosquitto, started: Callable[..., MqttProcess[FeedIngest]]
) -> None:
    client = started(mosquitto.url, SlowIngest([SIM_FEED], SeriesStore()))
    wait_until(lambda: client.status.state == "connected")
    assert client.backlog == 0
    topic = "rembang/environment/pm25/lasem"
    publish(mosquitto.port, [(topic, reading(i)) for i in range(3000)])
    seen: list[int] = []

    def decoded_all() -> bool:
        seen.append(client.backlog)
        snapshot = client.ingest.store.snapshot(topic)
        return snapshot is not None and len(snapshot.t) == 3000

    wait_until(decoded_all, timeout=60)
    # Published in a fraction of the 3 s it takes to decode: most of it waited, counted.
    assert max(seen) >= 1000
    assert client.backlog == 0


class BuggyIngest(FeedIngest):
    """A decoding bug that raises on one payload (FeedIngest itself catches bad input)."""

    def handle(self, topic: str, payload: bytes, now: float, retained: bool = False) -> None:
        if payload == b"boom":
            raise RuntimeError("a bug")
        super().handle(topic, payload, now, retained)


def test_a_bug_in_decoding_is_logged_and_ingestion_goes_on(
    mosquitto: Mosquitto,
    started: Callable[..., MqttProcess[FeedIngest]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = started(mosquitto.url, BuggyIngest([SIM_FEED], SeriesStore()))
    wait_until(lambda: client.status.state == "connected")
    topic = "rembang/environment/pm25/lasem"
    publish(mosquitto.port, [(topic, b"boom")])
    wait_until(lambda: any(r.exc_info for r in caplog.records))
    publish(mosquitto.port, [(topic, reading(7))])
    wait_until(lambda: len(client.ingest.store) == 1)
    assert client.backlog == 0  # the failed batch does not count as waiting


CONSOLE = """
import sys, time
from smartcity_console.config import BrokerConfig
from smartcity_console.core.series import SeriesStore
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.mqtt.process import MqttProcess
from tests.integration.test_mqtt_ingest import SIM_FEED

if __name__ == "__main__":
    client = MqttProcess(BrokerConfig(url=sys.argv[1]), FeedIngest([SIM_FEED], SeriesStore()))
    client.start()
    while client.status.state != "connected" or client.pid is None:
        time.sleep(0.05)
    print(client.pid, flush=True)
    time.sleep(60)
"""


def test_the_mqtt_process_ends_when_the_console_is_killed(
    mosquitto: Mosquitto, tmp_path: Path, repo_root: Path
) -> None:
    script = tmp_path / "console.py"
    script.write_text(CONSOLE)
    with subprocess.Popen(
        [sys.executable, str(script), mosquitto.url],
        stdout=subprocess.PIPE,
        text=True,
        cwd=repo_root,
        env={**os.environ, "PYTHONPATH": str(repo_root)},
    ) as console:
        try:
            assert console.stdout is not None
            child = int(console.stdout.readline())
            assert not ended(child)
            console.kill()
            console.wait(10)
            wait_until(lambda: ended(child))
        finally:
            console.kill()
