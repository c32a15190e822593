"""The topic catalog records every message cheaply and hands the GUI only what changed."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartcity_console.core.topic_catalog import PAYLOAD_KEEP_BYTES, TopicCatalog


def test_first_read_has_every_topic_with_its_last_message() -> None:
    catalog = TopicCatalog()
    catalog.observe("a/b", b"1", False, 10.0, 1.0)
    catalog.observe("a/c", b"x", True, 10.5, None)
    catalog.observe("a/b", b"2", False, 11.0, 2.0)

    changes = catalog.take_changes(12.0)

    by_topic = {snap.topic: snap for snap in changes.changed}
    assert set(by_topic) == {"a/b", "a/c"}
    assert by_topic["a/b"].payload == b"2"
    assert by_topic["a/b"].value == 2.0
    assert by_topic["a/b"].messages == 2
    assert by_topic["a/b"].first_seen == 10.0
    assert by_topic["a/b"].last_seen == 11.0
    assert by_topic["a/c"].value is None
    assert changes.topic_count == 2
    assert len(catalog) == 2


def test_next_read_has_only_the_topics_that_got_messages_since() -> None:
    catalog = TopicCatalog()
    for i in range(100):
        catalog.observe(f"t/{i}", b"0", False, 1.0, 0.0)
    catalog.take_changes(1.5)

    catalog.observe("t/7", b"8", False, 2.0, 8.0)
    changes = catalog.take_changes(2.25)

    assert [snap.topic for snap in changes.changed] == ["t/7"]
    assert changes.changed[0].messages == 2
    # The other 99 are quiet: only their decaying rates are reported.
    assert "t/7" not in changes.rates
    assert len(changes.rates) == 99


def test_a_message_without_a_value_keeps_the_last_value() -> None:
    catalog = TopicCatalog()
    catalog.observe("t", b"21.5", False, 1.0, 21.5)
    catalog.observe("t", b"garbage", False, 2.0, None)
    (snap,) = catalog.take_changes(3.0).changed
    assert snap.value == 21.5
    assert snap.payload == b"garbage"


def test_retained_flag_is_that_of_the_last_message() -> None:
    catalog = TopicCatalog()
    catalog.observe("t", b"1", True, 1.0, 1.0)
    assert catalog.take_changes(1.1).changed[0].retained is True
    catalog.observe("t", b"2", False, 2.0, 2.0)
    assert catalog.take_changes(2.1).changed[0].retained is False


def test_only_the_first_kib_of_a_payload_is_kept() -> None:
    catalog = TopicCatalog()
    payload = b"x" * 5000
    catalog.observe("big", payload, False, 1.0, None)
    catalog.observe("small", b"abc", False, 1.0, None)
    by_topic = {snap.topic: snap for snap in catalog.take_changes(2.0).changed}

    big = by_topic["big"]
    assert big.payload == payload[:PAYLOAD_KEEP_BYTES]
    assert big.payload_size == 5000
    assert big.truncated
    assert not by_topic["small"].truncated


def test_topics_beyond_the_cap_are_counted_not_kept() -> None:
    catalog = TopicCatalog(max_topics=3)
    for i in range(5):
        catalog.observe(f"t/{i}", b"1", False, 1.0, 1.0)
    catalog.observe("t/0", b"2", False, 1.5, 2.0)  # a known topic still updates
    catalog.observe("t/4", b"2", False, 1.5, 2.0)

    changes = catalog.take_changes(2.0)

    assert len(catalog) == 3
    assert {snap.topic for snap in changes.changed} == {"t/0", "t/1", "t/2"}
    assert changes.dropped_messages == 3
    assert catalog.dropped_messages == 3


def test_rate_converges_to_the_message_rate() -> None:
    catalog = TopicCatalog(rate_window_s=10.0)
    now = 0.0
    rate = 0.0
    for _tick in range(4 * 60):  # one minute of 4 Hz reads, 20 msg/s
        for k in range(5):
            catalog.observe("busy", b"1", False, now + k * 0.05, 1.0)
        now += 0.25
        changes = catalog.take_changes(now)
        rate = changes.changed[0].rate
    assert rate == pytest.approx(20.0, rel=0.05)


def test_a_new_topic_does_not_start_at_zero_rate() -> None:
    catalog = TopicCatalog(rate_window_s=10.0)
    for k in range(10):  # 10 msg/s for a second
        catalog.observe("new", b"1", False, k * 0.1, 1.0)
    (snap,) = catalog.take_changes(1.0).changed
    assert snap.rate == pytest.approx(10.0, rel=0.1)


def test_a_quiet_topic_decays_to_zero_and_is_then_left_alone() -> None:
    catalog = TopicCatalog(rate_window_s=10.0)
    catalog.observe("once", b"1", False, 0.0, 1.0)
    first = catalog.take_changes(0.25).changed[0].rate
    assert first > 0

    seen: list[float] = []
    now = 0.25
    for _tick in range(4 * 300):  # five minutes
        now += 0.25
        rates = catalog.take_changes(now).rates
        if "once" in rates:
            seen.append(rates["once"])
    assert seen == sorted(seen, reverse=True)  # only ever falls
    assert seen[-1] == 0.0  # reported once at zero...
    assert "once" not in catalog.take_changes(now + 1).rates  # ...then no more


def test_snapshot_of_one_topic() -> None:
    catalog = TopicCatalog()
    assert catalog.snapshot("t") is None
    catalog.observe("t", b"5", False, 1.0, 5.0)
    snap = catalog.snapshot("t")
    assert snap is not None
    assert snap.value == 5.0


def test_invalid_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="max_topics"):
        TopicCatalog(max_topics=0)
    with pytest.raises(ValueError, match="rate_window_s"):
        TopicCatalog(rate_window_s=0)


def test_no_message_is_lost_between_a_writer_thread_and_reads() -> None:
    """Every message is counted in exactly one read, however the two threads interleave."""
    catalog = TopicCatalog()
    topics = [f"t/{i}" for i in range(50)]
    total = 20_000

    def write() -> None:
        for i in range(total):
            catalog.observe(topics[i % 50], b"1", False, float(i), 1.0)

    writer = threading.Thread(target=write)
    writer.start()
    last: dict[str, int] = {}
    while writer.is_alive():
        for snap in catalog.take_changes(0.0).changed:
            last[snap.topic] = snap.messages
    writer.join()
    for snap in catalog.take_changes(0.0).changed:
        last[snap.topic] = snap.messages
    assert sum(last.values()) == total


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "a/b", "c/d/e", "/x", "y/"]), st.binary(max_size=2000)),
        max_size=50,
    )
)
def test_each_read_reflects_the_last_message_per_topic(messages: list[tuple[str, bytes]]) -> None:
    catalog = TopicCatalog()
    expected: dict[str, tuple[bytes, int]] = {}
    for topic, payload in messages:
        catalog.observe(topic, payload, False, 1.0, None)
        count = expected.get(topic, (b"", 0))[1] + 1
        expected[topic] = (payload[:PAYLOAD_KEEP_BYTES], count)
    got = {s.topic: (s.payload, s.messages) for s in catalog.take_changes(2.0).changed}
    assert got == expected
