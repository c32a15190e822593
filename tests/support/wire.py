"""The sync wire by hand: a client id of one user numbering its ops, as a console does.

For tests that speak the protocol the way another program (or a modified
console) would, so they check the contract and not our client. Bodies can be
sent as raw bytes too, for what ``json.dumps`` cannot say (a lone surrogate
escape, ``NaN``, nesting deeper than Python's recursion limit).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

PASSWORD = "kartini-2025"  # noqa: S105 (the test accounts' password)
T0 = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


class WireConsole:
    """One client id of one user: ``op`` numbers ops, ``push`` and ``pull`` speak HTTP."""

    def __init__(self, http: httpx.Client, username: str, password: str = PASSWORD) -> None:
        response = http.post(
            "/api/v1/auth/login", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.text
        self.http = http
        self.token: str = response.json()["token"]
        self.headers = {"Authorization": f"Bearer {self.token}"}
        self.client_id = str(uuid.uuid4())
        self.seq = 0

    def op(self, ticket_id: str, kind: str, data: Any, **extra: Any) -> dict[str, Any]:
        self.seq += 1
        return {
            "seq": self.seq,
            "op_id": str(uuid.uuid4()),
            "ticket_id": ticket_id,
            "kind": kind,
            "data": data,
            "client_ts": (T0 + timedelta(seconds=self.seq)).isoformat(),
            **extra,
        }

    def create(self, ticket_id: str | None = None, **fields: Any) -> dict[str, Any]:
        data = {"title": "Antrian panjang", "program": "governance", "severity": "high", **fields}
        return self.op(ticket_id or str(uuid.uuid4()), "create", data)

    def body(self, *ops: dict[str, Any]) -> dict[str, Any]:
        return {"client_id": self.client_id, "workstation": "ws-1", "ops": list(ops)}

    def push(self, *ops: dict[str, Any]) -> httpx.Response:
        return self.http.post("/api/v1/sync/push", json=self.body(*ops), headers=self.headers)

    def push_raw(self, content: bytes) -> httpx.Response:
        headers = {**self.headers, "Content-Type": "application/json"}
        return self.http.post("/api/v1/sync/push", content=content, headers=headers)

    def pushed(self, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.push(*ops)
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    def pull_response(self, cursor: int = 0, limit: int = 500) -> httpx.Response:
        return self.http.get(
            "/api/v1/sync/pull", params={"cursor": cursor, "limit": limit}, headers=self.headers
        )

    def pull(self, cursor: int = 0, limit: int = 500) -> dict[str, Any]:
        response = self.pull_response(cursor, limit)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def raw_json(value: Any) -> bytes:
    """``value`` as JSON bytes, lone surrogates escaped and NaN/Infinity written as such."""
    return json.dumps(value, ensure_ascii=True, allow_nan=True).encode("ascii")
