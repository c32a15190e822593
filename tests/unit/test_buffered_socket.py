"""The MQTT thread's socket reads: many packets per wake and per system call, none lost."""

from __future__ import annotations

import selectors
import socket

import pytest

from smartcity_console.mqtt.transport import BufferedSocket, CoalescingSelector
from tests.support.sockets import CountingSocket


def frames(count: int) -> list[bytes]:
    # MQTT PUBLISH frames as paho reads them: command byte, length byte, body.
    out = []
    for i in range(count):
        body = b"\x00\x05bench" + f'{{"value":{i}}}'.encode()
        out.append(bytes([0x30, len(body)]) + body)
    return out


def read_like_paho(sock: BufferedSocket) -> bytes:
    command = sock.recv(1)
    length = sock.recv(1)
    body = b""
    while len(body) < length[0]:
        body += sock.recv(length[0] - len(body))
    return command + length + body


def test_a_burst_is_read_with_one_recv_whole_and_in_order() -> None:
    left, right = socket.socketpair()
    with left, right:
        right.setblocking(False)
        sent = frames(500)
        left.sendall(b"".join(sent))
        inner = CountingSocket(right)
        buffered = BufferedSocket(inner)
        got = [read_like_paho(buffered)]
        assert buffered.pending() == sum(map(len, sent)) - len(sent[0])
        while buffered.pending():
            got.append(read_like_paho(buffered))
        assert got == sent
        # paho alone makes three recv calls per packet: 1,500 GIL releases here.
        assert inner.recvs == 1
        with pytest.raises(BlockingIOError):  # drained: paho sees "would block"
            buffered.recv(1)


def test_a_packet_split_across_reads_and_a_closed_connection() -> None:
    left, right = socket.socketpair()
    with right:
        buffered = BufferedSocket(right)
        frame = frames(1)[0]
        left.sendall(frame[:5])
        assert buffered.recv(1) == frame[:1]
        assert buffered.recv(100) == frame[1:5]  # what has come, no more
        left.sendall(frame[5:])
        assert buffered.recv(100) == frame[5:]
        left.close()
        assert buffered.recv(1) == b""  # the broker closed: paho reports the loss
        assert buffered.fileno() == right.fileno()  # everything else is the socket's


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_the_mqtt_loop_wakes_at_most_once_per_interval_and_keeps_its_timers() -> None:
    clock = FakeClock()
    left, right = socket.socketpair()
    selector = CoalescingSelector(0.01, clock=clock, sleep=clock.sleep)
    with left, right, selector:
        selector.register(right, selectors.EVENT_READ)
        left.send(b"x")  # readable all the time, as under a stream of messages
        assert len(selector.select(None)) == 1  # the first wait: at once
        clock.now += 0.002  # decoding took 2 ms
        assert len(selector.select(None)) == 1
        assert clock.slept == [0.008]  # the rest of the interval, then the socket
        clock.now += 0.001
        selector.select(0.003)  # a timer due in 3 ms is not overslept
        assert clock.slept[-1] == 0.003
        clock.now += 0.05
        selector.select(0)  # callbacks ready: never waits
        selector.select(None)  # quiet for longer than the interval: no sleep
        assert len(clock.slept) == 2
        assert right in selector.get_map()
