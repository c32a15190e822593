"""The simulator published to a real Mosquitto, and the ``simulate`` command's edges."""

from __future__ import annotations

import argparse
import asyncio
import json
import threading
import time
from typing import Any

import aiomqtt
import pytest

from smartcity_console.commands import simulate as simulate_cli
from smartcity_console.core.clock import wib_midnight
from smartcity_console.mqtt.broker_url import BrokerAddress, parse_broker_url
from smartcity_console.sim.daytime import HOUR
from smartcity_console.sim.publish import BrokerUnreachableError, publish_simulation
from smartcity_console.sim.simulator import Simulator
from tests.support.mosquitto import Mosquitto, free_port

START = wib_midnight(1764300000.0) + 6 * HOUR  # 06:00 WIB: traffic, market and fish all busy


async def collect(url: str, expected: int, ready: asyncio.Event) -> list[Any]:
    """Subscribe to ``rembang/#`` and return (topic, payload) pairs until ``expected`` arrive."""
    address = parse_broker_url(url)
    received: list[Any] = []
    async with aiomqtt.Client(address.host, address.port) as client:
        await client.subscribe("rembang/#", qos=1)
        ready.set()
        async with asyncio.timeout(10.0):
            async for message in client.messages:
                assert isinstance(message.payload, bytes)
                received.append((message.topic.value, json.loads(message.payload)))
                if len(received) == expected:
                    break
    return received


@pytest.mark.broker
def test_published_messages_arrive_as_simulated(mosquitto: Mosquitto) -> None:
    speed, duration = 3600.0, 1.0  # one simulated hour in one second
    expected = Simulator(seed=5, start=START).step(START + duration * speed)

    async def scenario() -> tuple[int, list[Any], list[int]]:
        ready = asyncio.Event()
        subscriber = asyncio.create_task(collect(mosquitto.url, len(expected), ready))
        await ready.wait()
        totals: list[int] = []
        count = await publish_simulation(
            mosquitto.url,
            seed=5,
            speed=speed,
            duration=duration,
            start=START,
            client_id="sim-test",
            on_published=totals.append,
            timestamps="simulated",
        )
        return count, await subscriber, totals

    began = time.monotonic()
    count, received, totals = asyncio.run(scenario())
    assert time.monotonic() - began < 5.0
    assert count == len(expected) > 900
    assert totals[-1] == count
    assert totals == sorted(totals)
    assert received == expected  # same topics, same JSON payloads, same order
    topics = {topic for topic, _ in received}
    assert "rembang/environment/river_level/kali_babagan" in topics
    assert "rembang/economy/fish_landed/tpi_tasik_agung" in topics


@pytest.mark.broker
def test_readings_carry_the_wall_clock_whatever_the_speed(mosquitto: Mosquitto) -> None:
    # A simulated hour in a second: the day's pattern is compressed, the clock is not.
    speed, duration = 3600.0, 1.0
    simulated = Simulator(seed=5, start=START).step(START + duration * speed)

    async def scenario() -> list[Any]:
        ready = asyncio.Event()
        subscriber = asyncio.create_task(collect(mosquitto.url, len(simulated), ready))
        await ready.wait()
        await publish_simulation(mosquitto.url, seed=5, speed=speed, duration=duration, start=START)
        return await subscriber

    before = time.time()
    received = asyncio.run(scenario())
    after = time.time()
    # The same values in the same order, each stamped when it was published.
    assert [(t, p["value"]) for t, p in received] == [(t, p["value"]) for t, p in simulated]
    stamps = [p["ts"] for _, p in received]
    assert stamps == sorted(stamps)
    assert before - 0.001 <= stamps[0] <= stamps[-1] <= after
    # Pattern time maps linearly onto the wall clock, speed times slower.
    first = float(simulated[0][1]["ts"])
    for (_, sim), (_, wall) in zip(simulated, received, strict=True):
        pattern = float(sim["ts"]) - first
        assert wall["ts"] - stamps[0] == pytest.approx(pattern / speed, abs=0.002)


@pytest.mark.broker
def test_stop_event_ends_publishing(mosquitto: Mosquitto) -> None:
    async def scenario() -> int:
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(0.5, stop.set)
        return await publish_simulation(mosquitto.url, seed=1, speed=600.0, stop=stop)

    began = time.monotonic()
    count = asyncio.run(scenario())
    assert time.monotonic() - began < 2.0
    assert count > 0


@pytest.mark.broker
def test_publisher_reconnects_after_the_broker_restarts(own_mosquitto: Mosquitto) -> None:
    own_mosquitto.start()
    restarted = threading.Event()

    def restart() -> None:
        time.sleep(0.4)
        own_mosquitto.stop()
        time.sleep(0.3)
        own_mosquitto.start()
        restarted.set()

    async def scenario() -> tuple[int, int]:
        restarter = threading.Thread(target=restart)
        restarter.start()
        stop = asyncio.Event()
        publishing = asyncio.create_task(
            publish_simulation(own_mosquitto.url, seed=9, speed=900.0, start=START, stop=stop)
        )
        assert await asyncio.to_thread(restarted.wait, 10.0)
        restarter.join()
        # A subscriber of the new broker process hears only a reconnected publisher.
        heard = await collect(own_mosquitto.url, 20, asyncio.Event())
        stop.set()
        return await publishing, len(heard)

    count, heard = asyncio.run(scenario())
    assert heard == 20
    assert count > 20


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="smartcity-console")
    simulate_cli.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["simulate", *argv])


def test_unreachable_broker_is_one_clear_line_and_exit_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    port = free_port()  # nothing listens there
    assert simulate_cli.run(parse("--broker", f"mqtt://127.0.0.1:{port}")) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"error: cannot reach broker at 127.0.0.1:{port}: ")
    assert "Traceback" not in err


def test_publish_raises_a_clear_error_for_an_unreachable_broker() -> None:
    port = free_port()
    with pytest.raises(BrokerUnreachableError, match=f"127.0.0.1:{port}"):
        asyncio.run(publish_simulation(f"mqtt://127.0.0.1:{port}", seed=1, duration=1.0))


@pytest.mark.broker
def test_simulate_command_publishes_and_summarises(
    mosquitto: Mosquitto, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parse("--broker", mosquitto.url, "--speed", "600", "--duration", "0.5", "--seed", "3")
    assert simulate_cli.run(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("published ")
    assert int(out[-1].split()[1]) > 0


def test_list_prints_catalogue_and_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    start = wib_midnight(1764300000.0)
    assert simulate_cli.run(parse("--list", "--seed", "4", "--start", str(start))) == 0
    out = capsys.readouterr().out
    sim = Simulator(seed=4, start=start)
    for s in sim.series:
        assert s.topic in out
    for a in sim.anomalies_between(start, start + 86400):
        assert a.topic in out
        assert a.description in out


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("mqtt://127.0.0.1:1883", BrokerAddress("127.0.0.1", 1883)),
        ("mqtt://broker.rembangkab.go.id", BrokerAddress("broker.rembangkab.go.id", 1883)),
        ("mqtts://ops:s%40cret@10.0.0.5", BrokerAddress("10.0.0.5", 8883, True, "ops", "s@cret")),
    ],
)
def test_broker_urls(url: str, address: BrokerAddress) -> None:
    assert parse_broker_url(url) == address


@pytest.mark.parametrize("url", ["http://x:1883", "mqtt://:1883", "mqtt://host:port"])
def test_bad_broker_urls(url: str) -> None:
    with pytest.raises(ValueError, match="broker URL"):
        parse_broker_url(url)
