"""The protocol's limits leave no legal op unsendable, and batches are cut to fit.

A push body over the server's ``max_body_bytes`` is refused with 413 before
it is read; if one op could be larger than the smallest limit a server may be
given, that op could never be delivered and its user's queue would stop.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from smartcity_console.contract.sync_api import MIN_MAX_BODY_BYTES
from smartcity_console.core.incidents import (
    DESCRIPTION_MAX,
    SHORT_MAX,
    TITLE_MAX,
)
from smartcity_console.server.settings import ServerSettings
from smartcity_console.store.records import PendingOp
from smartcity_console.store.sync_apply import ClientQueue
from smartcity_console.sync.engine import push_body

T0 = datetime(2026, 12, 1, tzinfo=UTC)
# The costliest character in the console's JSON: a control character, escaped as \u001f.
COSTLY = "\x1f"


def op(seq: int, data: dict[str, object]) -> PendingOp:
    return PendingOp(
        str(uuid.uuid4()), seq, str(uuid.uuid4()), str(uuid.uuid4()), "create", data, T0,
        "sari", "pending", None,
    )  # fmt: skip


def queue(*ops: PendingOp, workstation: str = "ws-1") -> ClientQueue:
    return ClientQueue(str(uuid.uuid4()), "sari", workstation, tuple(ops))


def test_the_largest_op_a_console_can_make_fits_the_smallest_body_limit() -> None:
    largest = op(
        2**53,
        {
            "title": COSTLY * TITLE_MAX,
            "program": "environment",
            "severity": "critical",
            "description": COSTLY * DESCRIPTION_MAX,
            "station": COSTLY * SHORT_MAX,
            "series": COSTLY * SHORT_MAX,
            "alarm": {
                "rule": COSTLY * SHORT_MAX,
                "active": True,
                "episode_start": T0.isoformat(),
                "cleared_at": None,
            },
        },
    )
    body, count = push_body(queue(largest, workstation=COSTLY * SHORT_MAX), 10**9, 500)
    assert count == 1
    assert len(body) <= MIN_MAX_BODY_BYTES
    assert ServerSettings.model_fields["max_body_bytes"].metadata[0].ge == MIN_MAX_BODY_BYTES


def test_a_batch_is_cut_by_bytes_and_by_ops_and_is_valid_json() -> None:
    ops = [op(n, {"title": "Banjir", "description": "ꦧꦚ꧀ꦗꦶꦂ" * 500}) for n in range(1, 41)]
    body, count = push_body(queue(*ops), 50_000, 500)
    assert len(body) <= 50_000
    assert 1 < count < 40
    parsed = json.loads(body)
    assert [o["seq"] for o in parsed["ops"]] == list(range(1, count + 1))
    assert parsed["workstation"] == "ws-1"
    assert push_body(queue(*ops), 10**9, 7)[1] == 7
    # One op larger than the limit still goes alone: the server's 413 then says so.
    assert push_body(queue(*ops), 100, 500)[1] == 1


def test_text_that_is_not_unicode_is_sent_escaped_for_the_server_to_refuse() -> None:
    body, count = push_body(queue(op(1, {"title": "\ud800"})), 10**9, 500)
    assert count == 1
    assert json.loads(body)["ops"][0]["data"]["title"] == "\ud800"
