"""The MQTT thread's socket reads: many packets per system call, nothing lost or reordered."""

from __future__ import annotations

import socket

import pytest

from smartcity_console.feeds.mqtt_thread import BufferedSocket


class CountingSocket:
    """A real socket that counts its ``recv`` calls (each one releases the GIL)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.recvs = 0

    def recv(self, bufsize: int) -> bytes:
        self.recvs += 1
        return self.sock.recv(bufsize)

    def fileno(self) -> int:
        return self.sock.fileno()


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
