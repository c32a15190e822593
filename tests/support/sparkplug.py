"""Sparkplug B payloads as Eclipse Tahu's Python example publishes them, built with the real proto.

Source: Eclipse Tahu, ``python/examples/example.py`` and ``python/core/sparkplug_b.py``
(github.com/eclipse/tahu at 5736e404889d4b95910613040a99ba79589ffb13, EPL-2.0):
the group "Sparkplug B Devices", the node "Python Edge Node 1", the device
"Emulated Device", their metrics, datatypes, aliases (``AliasMap``) and the
``engUnit`` property, encoded the way Tahu's ``addMetric`` encodes them
(signed integers as two's complement in the unsigned fields, times in ms).
Only the values and times are chosen here, so tests can assert them.
"""

from __future__ import annotations

from smartcity_console.core.sparkplug.sparkplug_b_pb2 import DataType, Payload

GROUP = "Sparkplug B Devices"
NODE = "Python Edge Node 1"
DEVICE = "Emulated Device"
NODE_TOPIC = f"spBv1.0/{GROUP}/{{kind}}/{NODE}"
DEVICE_TOPIC = f"spBv1.0/{GROUP}/{{kind}}/{NODE}/{DEVICE}"
NODE_SERIES = f"{GROUP}/{NODE}/"
DEVICE_SERIES = f"{GROUP}/{NODE}/{DEVICE}/"


class AliasMap:
    """Tahu example.py's aliases."""

    Next_Server = 0
    Rebirth = 1
    Reboot = 2
    Dataset = 3
    Node_Metric0 = 4
    Node_Metric1 = 5
    Node_Metric2 = 6
    Node_Metric3 = 7
    Device_Metric0 = 8
    Device_Metric1 = 9
    Device_Metric2 = 10
    Device_Metric3 = 11
    My_Custom_Motor = 12


def node_topic(kind: str) -> str:
    return NODE_TOPIC.format(kind=kind)


def device_topic(kind: str) -> str:
    return DEVICE_TOPIC.format(kind=kind)


def add_metric(
    container: Payload | Payload.Template,
    name: str | None,
    alias: int | None,
    datatype: int,
    value: float | bool | str,
    timestamp_ms: int,
) -> Payload.Metric:
    """Tahu's ``addMetric`` for the types the tests use."""
    metric = container.metrics.add()
    if name is not None:
        metric.name = name
    if alias is not None:
        metric.alias = alias
    metric.timestamp = timestamp_ms
    metric.datatype = datatype
    if datatype in (DataType.Int8, DataType.Int16, DataType.Int32):
        width = {1: 8, 2: 16, 3: 32}[int(datatype)]  # Int8, Int16, Int32
        number = int(value)
        metric.int_value = number + 2**width if number < 0 else number
    elif datatype == DataType.Int64:
        number = int(value)
        metric.long_value = number + 2**64 if number < 0 else number
    elif datatype in (DataType.UInt8, DataType.UInt16, DataType.UInt32):
        metric.int_value = int(value)
    elif datatype in (DataType.UInt64, DataType.DateTime):
        metric.long_value = int(value)
    elif datatype == DataType.Float:
        metric.float_value = float(value)
    elif datatype == DataType.Double:
        metric.double_value = float(value)
    elif datatype == DataType.Boolean:
        metric.boolean_value = bool(value)
    elif datatype in (DataType.String, DataType.Text):
        metric.string_value = str(value)
    else:
        raise ValueError(f"add_metric does not build datatype {datatype}")
    return metric


def node_birth(t_ms: int, bd_seq: int = 0, seq: int = 0, node_metric2: int = 13) -> bytes:
    """example.py's publishNodeBirth (getNodeBirthPayload: seq 0, bdSeq)."""
    payload = Payload()
    payload.timestamp = t_ms
    payload.seq = seq
    add_metric(payload, "bdSeq", None, DataType.Int64, bd_seq, t_ms)
    add_metric(
        payload, "Node Control/Next Server", AliasMap.Next_Server, DataType.Boolean, False, t_ms
    )
    add_metric(payload, "Node Control/Rebirth", AliasMap.Rebirth, DataType.Boolean, False, t_ms)
    add_metric(payload, "Node Control/Reboot", AliasMap.Reboot, DataType.Boolean, False, t_ms)
    add_metric(payload, "Node Metric0", AliasMap.Node_Metric0, DataType.String, "hello node", t_ms)
    add_metric(payload, "Node Metric1", AliasMap.Node_Metric1, DataType.Boolean, True, t_ms)
    null = payload.metrics.add()  # addNullMetric
    null.name, null.alias, null.timestamp = "Node Metric3", AliasMap.Node_Metric3, t_ms
    null.datatype, null.is_null = DataType.Int32, True
    dataset = payload.metrics.add()  # initDatasetMetric, two rows of Int8/Int16/Int32
    dataset.name, dataset.alias, dataset.timestamp = "DataSet", AliasMap.Dataset, t_ms
    dataset.datatype = DataType.DataSet
    dataset.dataset_value.num_of_columns = 3
    dataset.dataset_value.columns.extend(["Int8s", "Int16s", "Int32s"])
    dataset.dataset_value.types.extend([DataType.Int8, DataType.Int16, DataType.Int32])
    for start in (0, 3):
        row = dataset.dataset_value.rows.add()
        for value in range(start, start + 3):
            row.elements.add().int_value = value
    metric = add_metric(
        payload, "Node Metric2", AliasMap.Node_Metric2, DataType.Int16, node_metric2, t_ms
    )
    metric.properties.keys.extend(["engUnit"])
    unit = metric.properties.values.add()
    unit.type = DataType.String
    unit.string_value = "MyCustomUnits"
    template = payload.metrics.add()  # initTemplateMetric: a UDT definition
    template.name, template.timestamp = "_types_/Custom_Motor", t_ms
    template.datatype = DataType.Template
    template.template_value.is_definition = True
    add_metric(template.template_value, "RPMs", None, DataType.Int32, 0, t_ms)
    add_metric(template.template_value, "AMPs", None, DataType.Int32, 0, t_ms)
    return payload.SerializeToString()


def device_birth(t_ms: int, seq: int = 1, metric2: int = 16) -> bytes:
    """example.py's publishDeviceBirth."""
    payload = Payload()
    payload.timestamp = t_ms
    payload.seq = seq
    add_metric(
        payload,
        "input/Device Metric0",
        AliasMap.Device_Metric0,
        DataType.String,
        "hello device",
        t_ms,
    )
    add_metric(
        payload, "input/Device Metric1", AliasMap.Device_Metric1, DataType.Boolean, True, t_ms
    )
    add_metric(
        payload, "output/Device Metric2", AliasMap.Device_Metric2, DataType.Int16, metric2, t_ms
    )
    add_metric(
        payload, "output/Device Metric3", AliasMap.Device_Metric3, DataType.Boolean, True, t_ms
    )
    add_metric(payload, "DateTime Metric", None, DataType.DateTime, t_ms, t_ms)
    # initTemplateMetric(payload, "My_Custom_Motor", AliasMap.My_Custom_Motor, "Custom_Motor")
    motor = payload.metrics.add()
    motor.name, motor.alias, motor.timestamp = "My_Custom_Motor", AliasMap.My_Custom_Motor, t_ms
    motor.datatype = DataType.Template
    motor.template_value.template_ref = "Custom_Motor"
    motor.template_value.is_definition = False
    parameter = motor.template_value.parameters.add()
    parameter.name, parameter.type, parameter.string_value = "Index", DataType.String, "1"
    add_metric(motor.template_value, "RPMs", None, DataType.Int32, 123, t_ms)
    add_metric(motor.template_value, "AMPs", None, DataType.Int32, 456, t_ms)
    return payload.SerializeToString()


def motor_data(t_ms: int, seq: int, rpms: int) -> bytes:
    """A DDATA of the template instance My_Custom_Motor by its alias, one member changed."""
    payload = Payload()
    payload.timestamp = t_ms
    payload.seq = seq
    motor = payload.metrics.add()
    motor.alias, motor.datatype = AliasMap.My_Custom_Motor, DataType.Template
    motor.template_value.template_ref = "Custom_Motor"
    add_metric(motor.template_value, "RPMs", None, DataType.Int32, rpms, t_ms)
    return payload.SerializeToString()


def device_data(t_ms: int, seq: int, metric1: bool, metric2: int | None = None) -> bytes:
    """example.py's DDATA loop (aliases only), plus its NCMD answer for Device Metric2."""
    payload = Payload()
    payload.timestamp = t_ms
    payload.seq = seq
    add_metric(payload, None, AliasMap.Device_Metric0, DataType.String, "qwertyuiopas", t_ms)
    metric = add_metric(payload, None, AliasMap.Device_Metric1, DataType.Boolean, metric1, t_ms)
    metric.properties.keys.extend(["Quality"])
    quality = metric.properties.values.add()
    quality.type = DataType.Int32
    quality.int_value = 500
    if metric2 is not None:
        add_metric(payload, None, AliasMap.Device_Metric2, DataType.Int16, metric2, t_ms)
    return payload.SerializeToString()


def node_data(t_ms: int, seq: int, node_metric2: int) -> bytes:
    """An NDATA of Node Metric2 by its alias."""
    payload = Payload()
    payload.timestamp = t_ms
    payload.seq = seq
    add_metric(payload, None, AliasMap.Node_Metric2, DataType.Int16, node_metric2, t_ms)
    return payload.SerializeToString()


def device_death(t_ms: int, seq: int) -> bytes:
    payload = Payload()
    payload.timestamp = t_ms
    payload.seq = seq
    return payload.SerializeToString()


def node_death(bd_seq: int = 0) -> bytes:
    """getNodeDeathPayload: only the bdSeq metric (the MQTT will of the node's session)."""
    payload = Payload()
    add_metric(payload, "bdSeq", None, DataType.Int64, bd_seq, 0).ClearField("timestamp")
    return payload.SerializeToString()
