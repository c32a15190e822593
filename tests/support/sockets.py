"""A real socket that counts its ``recv`` calls (each one releases the GIL)."""

from __future__ import annotations

from typing import Any


class CountingSocket:
    def __init__(self, sock: Any) -> None:
        self.sock = sock
        self.recvs = 0

    def recv(self, bufsize: int) -> bytes:
        self.recvs += 1
        data: bytes = self.sock.recv(bufsize)
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sock, name)
