"""Sparkplug B: Eclipse Tahu's example node and device, decoded as a host application must.

Payloads: tests/support/sparkplug.py, Tahu's python/examples/example.py built
with the vendored proto (the same bytes Tahu's example publishes, at chosen
times and values). The rules are Sparkplug 3.0's (eclipse-sparkplug
specification): aliases from the BIRTH, seq 0-255 per node, bdSeq matching
NBIRTH and NDEATH, a DEATH ending the node's (device's) metrics.
"""

from __future__ import annotations

import time

import pytest

from smartcity_console.core.decoders import Decoded, DecodeError, make_decoder
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.sparkplug.errors import BirthMissingError
from smartcity_console.core.sparkplug.sparkplug_b_pb2 import DataType, Payload
from smartcity_console.core.sparkplug.topic import parse_topic, series_prefix
from smartcity_console.core.time_sanity import TimeRule, TimestampError
from smartcity_console.ingest.feed_ingest import FeedIngest
from tests.support import sparkplug as tahu
from tests.support.sparkplug import DEVICE_SERIES, NODE_SERIES, device_topic, node_topic

NOW = 1_764_300_000.0
T_MS = int(NOW * 1000) - 1500  # the node's clock: 1.5 s before arrival
T = T_MS / 1000
FEED = FeedMapping(topic="spBv1.0/#", format="sparkplug")
# The device's series in the store after its DBIRTH.
DEVICE_NUMBERS = (
    "input/Device Metric1",
    "output/Device Metric2",
    "output/Device Metric3",
    "My_Custom_Motor/RPMs",
    "My_Custom_Motor/AMPs",
)


class Host:
    """One decoder, fed messages in order, as the ingest thread does."""

    def __init__(self) -> None:
        self.decoder = make_decoder(FEED, TimeRule())

    def __call__(self, topic: str, payload: bytes) -> Decoded:
        return self.decoder.decode(topic, payload, NOW)

    def born(self) -> None:
        self(node_topic("NBIRTH"), tahu.node_birth(T_MS))
        self(device_topic("DBIRTH"), tahu.device_birth(T_MS, seq=1))


def test_nbirth_gives_numbers_and_booleans_with_their_names_units_and_times() -> None:
    decoded = Host()(node_topic("NBIRTH"), tahu.node_birth(T_MS))
    assert decoded.readings == [
        # Node Metric1 is a Boolean: a state (steps on a plot, on/off on a tile).
        Reading(NODE_SERIES + "Node Metric1", T, 1.0, None, True),
        Reading(NODE_SERIES + "Node Metric2", T, 13.0, "MyCustomUnits"),
    ]
    # The string, the data set and the template hold nothing to plot; the null
    # metric has no value now; Node Control/* and bdSeq are not measurements.
    assert decoded.ignored == 3


def test_ddata_by_alias_is_read_with_the_dbirth_names_and_datatypes() -> None:
    host = Host()
    host(node_topic("NBIRTH"), tahu.node_birth(T_MS))
    birth = host(device_topic("DBIRTH"), tahu.device_birth(T_MS, seq=1, metric2=16))
    assert [(r.series, r.value) for r in birth.readings] == [
        (DEVICE_SERIES + "input/Device Metric1", 1.0),
        (DEVICE_SERIES + "output/Device Metric2", 16.0),
        (DEVICE_SERIES + "output/Device Metric3", 1.0),
        # The UDT instance My_Custom_Motor: a series per member.
        (DEVICE_SERIES + "My_Custom_Motor/RPMs", 123.0),
        (DEVICE_SERIES + "My_Custom_Motor/AMPs", 456.0),
    ]
    # Tahu's DDATA sends aliases only; Int16 -5 arrives as 65531 (two's complement).
    data = host(device_topic("DDATA"), tahu.device_data(T_MS + 1000, 2, False, metric2=-5))
    assert data.readings == [
        Reading(DEVICE_SERIES + "input/Device Metric1", T + 1, 0.0, None, True),
        Reading(DEVICE_SERIES + "output/Device Metric2", T + 1, -5.0, None),
    ]
    assert data.ignored == 1  # the random string of Device Metric0
    assert data.missed == 0


def test_a_template_instance_in_ddata_is_read_by_its_member_names() -> None:
    host = Host()
    host.born()
    data = host(device_topic("DDATA"), tahu.motor_data(T_MS + 1000, 2, rpms=1450))
    assert data.readings == [Reading(DEVICE_SERIES + "My_Custom_Motor/RPMs", T + 1, 1450.0, None)]


def test_ndata_carries_the_nbirth_unit() -> None:
    host = Host()
    host.born()
    data = host(node_topic("NDATA"), tahu.node_data(T_MS, seq=2, node_metric2=-300))
    assert data.readings == [Reading(NODE_SERIES + "Node Metric2", T, -300.0, "MyCustomUnits")]


def test_data_before_its_birth_is_refused_and_no_alias_is_guessed() -> None:
    host = Host()
    with pytest.raises(BirthMissingError, match="DDATA from device Emulated Device of node"):
        host(device_topic("DDATA"), tahu.device_data(T_MS, 2, True))
    host(node_topic("NBIRTH"), tahu.node_birth(T_MS))
    # The node is born, its device is not: still nothing is guessed for the device.
    with pytest.raises(BirthMissingError, match="no DBIRTH before it"):
        host(device_topic("DDATA"), tahu.device_data(T_MS, 2, True))
    host(device_topic("DBIRTH"), tahu.device_birth(T_MS, seq=3))
    assert host(device_topic("DDATA"), tahu.device_data(T_MS, 4, True)).readings


def test_an_alias_the_birth_never_gave_is_refused() -> None:
    host = Host()
    host.born()
    payload = Payload()
    payload.seq = 2
    tahu.add_metric(payload, None, 99, DataType.Double, 1.5, T_MS)
    with pytest.raises(DecodeError, match="alias 99 is not in the DBIRTH"):
        host(device_topic("DDATA"), payload.SerializeToString())


def test_a_new_nbirth_replaces_the_aliases_and_drops_the_devices() -> None:
    host = Host()
    host.born()
    # The node restarts (bdSeq 1) and now gives alias 6 to another metric.
    payload = Payload()
    payload.seq = 0
    tahu.add_metric(payload, "bdSeq", None, DataType.Int64, 1, T_MS)
    tahu.add_metric(payload, "Tank Level", tahu.AliasMap.Node_Metric2, DataType.Float, 2.5, T_MS)
    host(node_topic("NBIRTH"), payload.SerializeToString())
    data = host(node_topic("NDATA"), tahu.node_data(T_MS, seq=1, node_metric2=7))
    assert [r.series for r in data.readings] == [NODE_SERIES + "Tank Level"]
    with pytest.raises(BirthMissingError):  # its device has to be born again too
        host(device_topic("DDATA"), tahu.device_data(T_MS, 2, True))


def test_seq_gaps_are_counted_across_the_wrap() -> None:
    host = Host()
    host(node_topic("NBIRTH"), tahu.node_birth(T_MS, seq=0))
    assert host(node_topic("NDATA"), tahu.node_data(T_MS, 1, 1)).missed == 0
    assert host(node_topic("NDATA"), tahu.node_data(T_MS, 4, 1)).missed == 2  # 2, 3 lost
    assert host(node_topic("NDATA"), tahu.node_data(T_MS, 4, 1)).missed == 0  # redelivery
    assert host(node_topic("NDATA"), tahu.node_data(T_MS, 3, 1)).missed == 0  # late
    # Device messages share the node's counter.
    assert host(device_topic("DBIRTH"), tahu.device_birth(T_MS, seq=5)).missed == 0
    for seq in range(6, 256):
        host(node_topic("NDATA"), tahu.node_data(T_MS, seq, 1))
    assert host(node_topic("NDATA"), tahu.node_data(T_MS, 0, 1)).missed == 0  # 255 -> 0
    assert host(device_topic("DDATA"), tahu.device_data(T_MS, 3, True)).missed == 2


def test_ndeath_names_every_series_of_the_node_and_its_devices() -> None:
    host = Host()
    host.born()
    death = host(node_topic("NDEATH"), tahu.node_death(bd_seq=0))
    # The numeric metrics, the null one too; strings, data sets and templates are no series.
    assert set(death.stale) == {
        NODE_SERIES + "Node Metric1",
        NODE_SERIES + "Node Metric2",
        NODE_SERIES + "Node Metric3",
        DEVICE_SERIES + "input/Device Metric1",
        DEVICE_SERIES + "output/Device Metric2",
        DEVICE_SERIES + "output/Device Metric3",
        DEVICE_SERIES + "My_Custom_Motor/RPMs",
        DEVICE_SERIES + "My_Custom_Motor/AMPs",
    }
    with pytest.raises(BirthMissingError, match="since its DEATH"):
        host(node_topic("NDATA"), tahu.node_data(T_MS, 3, 1))


def test_an_ndeath_of_an_earlier_session_is_ignored() -> None:
    """Sparkplug 3.0: the NDEATH's bdSeq must match the NBIRTH's; an old will comes late."""
    host = Host()
    host(node_topic("NBIRTH"), tahu.node_birth(T_MS, bd_seq=5))
    assert host(node_topic("NDEATH"), tahu.node_death(bd_seq=4)).stale == ()
    assert host(node_topic("NDATA"), tahu.node_data(T_MS, 1, 1)).readings
    assert host(node_topic("NDEATH"), tahu.node_death(bd_seq=5)).stale


def test_ddeath_ends_only_that_device() -> None:
    host = Host()
    host.born()
    death = host(device_topic("DDEATH"), tahu.device_death(T_MS, seq=2))
    assert DEVICE_SERIES + "output/Device Metric2" in death.stale
    assert not any(name.startswith(NODE_SERIES + "Node") for name in death.stale)
    assert host(node_topic("NDATA"), tahu.node_data(T_MS, 3, 1)).readings


def test_metric_times_pass_the_console_time_rule() -> None:
    host = Host()
    five_years_ms = int(5 * 365.25 * 86_400 * 1000)
    with pytest.raises(TimestampError, match="years in the future"):
        host(node_topic("NBIRTH"), tahu.node_birth(T_MS + five_years_ms))


def test_commands_and_host_state_are_not_readings() -> None:
    host = Host()
    assert host(node_topic("NCMD"), tahu.node_data(T_MS, 0, 1)) == Decoded([], 0)
    assert host("spBv1.0/STATE/scada-host", b'{"online": true, "timestamp": 1}') == Decoded([], 0)


@pytest.mark.parametrize(
    ("topic", "message"),
    [
        ("rembang/environment/pm25/lasem", "is not a Sparkplug B topic"),
        ("spBv1.0/g/NDATA", "is too short"),
        ("spBv1.0/g/DDATA/node", "needs exactly one device id"),
        ("spBv1.0/g/NBIRTH/node/extra", "has levels after the node id"),
        ("spBv1.0/g/XDATA/node", "unknown message type 'XDATA'"),
    ],
)
def test_topics_that_are_not_sparkplug_are_refused(topic: str, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        parse_topic(topic)


def test_a_payload_that_is_not_protobuf_is_refused_with_its_first_bytes() -> None:
    with pytest.raises(DecodeError) as caught:
        Host()(node_topic("NBIRTH"), b"\xff\xff\xff\xff\xff")
    assert str(caught.value) == (
        "binary payload is not a Sparkplug B protobuf payload (first bytes: ff ff ff ff ff)"
    )


def test_a_sparkplug_payload_on_a_json_feed_is_named_binary_with_a_hint() -> None:
    decoder = make_decoder(FeedMapping(topic="#", format="auto"))
    with pytest.raises(DecodeError) as caught:
        decoder.decode(node_topic("NBIRTH"), tahu.node_birth(T_MS), NOW)
    message = str(caught.value)
    assert message.startswith("binary payload (not UTF-8 text: byte 0x")
    assert "first bytes: 08 " in message
    assert message.endswith("(Sparkplug B? use format 'sparkplug' on its spBv1.0/# topics)")


def test_sparkplug_mappings_take_no_paths() -> None:
    with pytest.raises(ValueError, match="Sparkplug B carries its own names"):
        FeedMapping.model_validate({"topic": "spBv1.0/#", "format": "sparkplug", "value": "v"})


# -- through the ingest: stale marking, diagnostics counters --------------------------


def test_ingest_marks_a_dead_node_stale_at_once_and_a_rebirth_clears_it() -> None:
    store = SeriesStore()
    ingest = FeedIngest([FEED], store)
    arrival = time.time()
    t_ms = int(arrival * 1000)
    ingest.handle(node_topic("NBIRTH"), tahu.node_birth(t_ms), arrival)
    ingest.handle(device_topic("DBIRTH"), tahu.device_birth(t_ms, seq=1), arrival)
    ingest.flush(arrival)
    assert store.stale(arrival) == set()
    ingest.handle(node_topic("NDEATH"), tahu.node_death(), arrival)
    assert store.stale(arrival) == {
        NODE_SERIES + "Node Metric1",
        NODE_SERIES + "Node Metric2",
        *(DEVICE_SERIES + n for n in DEVICE_NUMBERS),
    }
    ingest.handle(node_topic("NBIRTH"), tahu.node_birth(t_ms + 1, bd_seq=1), arrival)
    ingest.flush(arrival)
    # The node is born again; its device is not yet.
    assert store.stale(arrival) == {DEVICE_SERIES + n for n in DEVICE_NUMBERS}


def test_readings_before_a_death_in_the_same_batch_do_not_undo_it() -> None:
    store = SeriesStore()
    ingest = FeedIngest([FEED], store)
    arrival = time.time()
    t_ms = int(arrival * 1000)
    ingest.handle(node_topic("NBIRTH"), tahu.node_birth(t_ms), arrival)
    ingest.handle(node_topic("NDEATH"), tahu.node_death(), arrival)
    ingest.flush(arrival)
    assert NODE_SERIES + "Node Metric2" in store.stale(arrival)


def test_ingest_counts_data_before_birth_and_seq_gaps_for_the_diagnostics() -> None:
    ingest = FeedIngest([FEED], SeriesStore())
    arrival = time.time()
    t_ms = int(arrival * 1000)
    ingest.handle(device_topic("DDATA"), tahu.device_data(t_ms, 7, True), arrival)
    counters = ingest.stats.feeds[0]
    assert (counters.errors, counters.before_birth) == (1, 1)
    assert counters.last_error is not None
    assert counters.last_error.startswith("DDATA from device Emulated Device of node")
    ingest.handle(node_topic("NBIRTH"), tahu.node_birth(t_ms, seq=0), arrival)
    ingest.handle(node_topic("NDATA"), tahu.node_data(t_ms, 5, 1), arrival)
    assert counters.gaps == 4


def test_a_sparkplug_feed_on_another_tree_is_refused_at_load() -> None:
    with pytest.raises(ValueError, match=r"Sparkplug B topics start with 'spBv1\.0/'"):
        FeedMapping.model_validate({"topic": "plant/#", "format": "sparkplug"})
    assert FeedMapping(topic="+/plant/#", format="sparkplug").format == "sparkplug"


def test_the_fixed_unit_serves_metrics_without_an_engunit() -> None:
    decoder = make_decoder(FeedMapping(topic="spBv1.0/#", format="sparkplug", unit="raw"))
    readings = decoder.decode(node_topic("NBIRTH"), tahu.node_birth(T_MS), NOW).readings
    assert [(r.series, r.unit) for r in readings] == [
        (NODE_SERIES + "Node Metric1", "raw"),
        (NODE_SERIES + "Node Metric2", "MyCustomUnits"),
    ]


def test_a_refused_rebirth_leaves_no_old_aliases_to_misread_by() -> None:
    host = Host()
    host.born()
    payload = Payload()
    payload.seq = 0
    tahu.add_metric(payload, "Tank Level", 6, DataType.Float, 2.5, T_MS)
    payload.metrics[0].ClearField("datatype")  # a BIRTH metric must carry its datatype
    with pytest.raises(DecodeError, match="'Tank Level' has no datatype"):
        host(node_topic("NBIRTH"), payload.SerializeToString())
    with pytest.raises(BirthMissingError):
        host(node_topic("NDATA"), tahu.node_data(T_MS, seq=1, node_metric2=7))


@pytest.mark.parametrize(
    ("topic", "prefix"),
    [
        (device_topic("DDATA"), DEVICE_SERIES),
        (node_topic("NBIRTH"), NODE_SERIES),
        (node_topic("NCMD"), None),
        ("rembang/environment/pm25/lasem", None),
    ],
)
def test_a_topic_names_where_its_series_begin(topic: str, prefix: str | None) -> None:
    assert series_prefix(topic) == prefix
