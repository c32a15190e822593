"""The Sparkplug B decoder never raises anything but DecodeError, and keeps working after.

Like tests/unit/test_decoders_fuzz.py: the ingest path catches DecodeError
only. Here the decoder also keeps state between messages, so each example
runs a sequence of messages through one decoder, mixing Eclipse Tahu's
example payloads (tests/support/sparkplug.py) with arbitrary bytes and with
metrics of arbitrary datatype, alias and value, and checks that Tahu's node
still decodes afterwards.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from smartcity_console.core.decoders import DecodeError, make_decoder
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.sparkplug.sparkplug_b_pb2 import Payload
from smartcity_console.core.time_sanity import TimeRule
from tests.support import sparkplug as tahu

NOW = 1_764_300_000.0
T_MS = int(NOW * 1000)
FUZZ = settings(max_examples=200, deadline=None)
KINDS = ["NBIRTH", "NDATA", "NDEATH", "DBIRTH", "DDATA", "DDEATH", "NCMD", "STATE", "X"]


def topic_for(kind: str) -> str:
    if kind.startswith("D"):
        return tahu.device_topic(kind)
    return tahu.node_topic(kind) if kind != "STATE" else "spBv1.0/STATE/host"


@st.composite
def metric_payloads(draw: st.DrawFn) -> bytes:
    payload = Payload()
    if draw(st.booleans()):
        payload.seq = draw(st.integers(0, 2**64 - 1))
    if draw(st.booleans()):
        payload.timestamp = draw(st.integers(0, 2**64 - 1))
    for _ in range(draw(st.integers(0, 4))):
        metric = payload.metrics.add()
        if draw(st.booleans()):
            metric.name = draw(
                st.sampled_from(["bdSeq", "Node Metric2", "x/y", "", "My_Custom_Motor"])
            )
        if draw(st.booleans()):
            metric.alias = draw(st.integers(0, 15))
        if draw(st.booleans()):
            metric.datatype = draw(st.integers(0, 40))
        metric.is_null = draw(st.booleans())
        field = draw(
            st.sampled_from(["int", "long", "float", "double", "bool", "str", "template", "none"])
        )
        if field == "int":
            metric.int_value = draw(st.integers(0, 2**32 - 1))
        elif field == "long":
            metric.long_value = draw(st.integers(0, 2**64 - 1))
        elif field == "float":
            metric.float_value = draw(st.floats(width=32))
        elif field == "double":
            metric.double_value = draw(st.floats())
        elif field == "bool":
            metric.boolean_value = draw(st.booleans())
        elif field == "str":
            metric.string_value = draw(st.text(max_size=5))
        elif field == "template":
            member = metric.template_value.metrics.add()
            member.name, member.datatype, member.int_value = (
                "RPMs",
                3,
                draw(st.integers(0, 2**32 - 1)),
            )
    return payload.SerializeToString()


messages = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.one_of(
            st.binary(max_size=64),
            metric_payloads(),
            st.sampled_from(
                [
                    tahu.node_birth(T_MS),
                    tahu.device_birth(T_MS),
                    tahu.device_data(T_MS, 2, True, -5),
                    tahu.motor_data(T_MS, 3, 9),
                    tahu.node_death(),
                ]
            ),
        ),
    ),
    max_size=8,
)


@FUZZ
@given(messages)
def test_any_sequence_of_messages_raises_only_decode_errors(
    sequence: list[tuple[str, bytes]],
) -> None:
    decoder = make_decoder(FeedMapping(topic="spBv1.0/#", format="sparkplug"), TimeRule())
    for kind, payload in sequence:
        try:
            decoded = decoder.decode(topic_for(kind), payload, NOW)
        except DecodeError:
            continue
        for reading in decoded.readings:
            assert reading.value == reading.value  # never NaN
    # Whatever came before, a fresh BIRTH is read as the first time.
    decoded = decoder.decode(tahu.node_topic("NBIRTH"), tahu.node_birth(T_MS), NOW)
    assert [r.value for r in decoded.readings] == [1.0, 13.0]
