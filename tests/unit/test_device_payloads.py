"""Issue 14: real device payloads decode as their sources say.

Every payload here names where it comes from. Per item of the issue:
addressing (keys with dots, JSON Pointer, what a missing key says), per-field
units and unit paths, states (booleans, ON/OFF of known profiles), the five
device profiles, ids and timestamps that are not series, SenML (base-only
records, one name in several units, sums), and a BOM before JSON.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from smartcity_console.core.decoders import Decoded, DecodeError, make_decoder
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.readings import Reading
from smartcity_console.core.time_sanity import TimeRule

NOW = 1_764_300_000.0  # 2025-11-28, after every payload's own time


def decode(payload: str | bytes, topic: str, **options: Any) -> Decoded:
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    mapping = FeedMapping(topic=options.pop("filter", "#"), **options)
    return make_decoder(mapping, TimeRule()).decode(topic, data, NOW)


def by_series(payload: str | bytes, topic: str, **options: Any) -> dict[str, Reading]:
    return {r.series.split("#", 1)[-1]: r for r in decode(payload, topic, **options).readings}


def error(payload: str, topic: str, **options: Any) -> str:
    with pytest.raises(DecodeError) as info:
        decode(payload, topic, **options)
    return str(info.value)


# Tasmota, Sonoff POW R2 telemetry: the ENERGY object as Tasmota's docs
# (https://tasmota.github.io/docs/Power-Monitoring-Calibration/) and its Home
# Assistant discovery (unit_of_meas per field) describe it.
TASMOTA_ENERGY = (
    '{"Time":"2019-12-21T12:07:27","ENERGY":{"TotalStartTime":"2019-12-14T14:23:33",'
    '"Total":0.039,"Yesterday":0.000,"Today":0.039,"Period":0,"Power":21,'
    '"ApparentPower":34,"ReactivePower":27,"Factor":0.62,"Voltage":229,"Current":0.148}}'
)
# Tasmota AM2301: tests/data/feeds/tasmota.jsonl (Tasmota's docs, MQTT page).
TASMOTA_AM2301 = (
    '{"Time":"2018-03-02T18:25:03","AM2301":{"Temperature":22.6,"Humidity":32.4},"TempUnit":"C"}'
)
# Tasmota PMS5003 (https://tasmota.github.io/docs/PMS5003/): keys with dots in them.
TASMOTA_PMS5003 = (
    '{"Time":"2019-01-13T19:54:27","PMS5003":{"CF1":7,"CF2.5":10,"CF10":11,"PM1":7,'
    '"PM2.5":10,"PM10":11,"PB0.3":1290,"PB0.5":372,"PB1":50,"PB2.5":6,"PB5":3,"PB10":3}}'
)
# Tasmota DS18B20 with its sensor id, Fahrenheit (SetOption8 1), Tasmota docs DS18x20 page.
TASMOTA_DS18B20_F = (
    '{"Time":"2021-01-01T12:00:00","DS18B20":{"Id":"01144A0CB2AA","Temperature":76.3},'
    '"TempUnit":"F"}'
)
# Tasmota stat/<topic>/RESULT after "Power ON" (Tasmota docs, MQTT page).
TASMOTA_POWER = '{"POWER":"ON"}'
# zigbee2mqtt, Aqara RTCGQ11LM motion sensor (https://www.zigbee2mqtt.io/devices/RTCGQ11LM.html
# exposes occupancy, illuminance_lux, battery, voltage, linkquality).
Z2M_MOTION = (
    '{"occupancy":true,"illuminance":381,"illuminance_lux":381,"battery":100,'
    '"voltage":3045,"linkquality":120,"last_seen":"2024-05-01T07:00:00+07:00"}'
)
# zigbee2mqtt log of a door contact (MCCGQ01LM), as a 2018 zigbee2mqtt log prints it.
Z2M_CONTACT = '{"contact":true,"linkquality":128}'
# zigbee2mqtt Aqara WSDCGQ11LM (temperature, humidity, pressure), zigbee2mqtt 1.6.0 log.
Z2M_WEATHER = (
    '{"temperature":22.75,"linkquality":97,"humidity":55.43,"pressure":1000.6,"battery":86}'
)
# Shelly Plus 1PM NotifyStatus on <prefix>/events/rpc
# (https://shelly-api-docs.shelly.cloud/gen2/General/Notifications).
SHELLY_NOTIFY = (
    '{"src":"shellyplus1pm-c4dd57877294","dst":"shellyplus1pm-c4dd57877294/events",'
    '"method":"NotifyStatus","params":{"ts":1631266595.43,"switch:0":{"id":0,"apower":8.9,'
    '"current":0.037,"output":true,"voltage":222.5,"aenergy":{"by_minute":[0,0,0],'
    '"minute_ts":1631266594,"total":0.1},"temperature":{"tC":45.7,"tF":114.3}}}}'
)
# Shelly Pro 3EM status of em:0 on <prefix>/status/em:0
# (https://shelly-api-docs.shelly.cloud/gen2/ComponentsAndServices/EM#status).
SHELLY_EM = (
    '{"id":0,"a_current":4.029,"a_voltage":236.1,"a_act_power":951.2,"a_aprt_power":951.9,'
    '"a_pf":1,"total_current":4.029,"total_act_power":951.2,"total_aprt_power":951.9}'
)
# The Things Stack v3 uplink (https://www.thethingsindustries.com/docs/integrations/
# data-formats/), with a payload formatter that decodes temperature and humidity.
TTN_UPLINK = json.dumps(
    {
        "end_device_ids": {
            "device_id": "dev1",
            "application_ids": {"application_id": "app1"},
            "dev_eui": "0004A30B001C0530",
            "join_eui": "800000000000000C",
            "dev_addr": "00BCB929",
        },
        "correlation_ids": ["as:up:01E0..."],
        "received_at": "2020-02-12T15:15:45.787171349Z",
        "uplink_message": {
            "session_key_id": "AXBSH1Pk6Z0G166...",
            "f_port": 15,
            "f_cnt": 7,
            "frm_payload": "CHM=",
            "decoded_payload": {"temperature": 21.5, "humidity": 48},
            "rx_metadata": [{"gateway_ids": {"gateway_id": "gtw1"}, "rssi": -63, "snr": 10.0}],
            "received_at": "2020-02-12T15:15:45.771Z",
        },
    }
)


# --- addressing ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["PMS5003.PM2.5", "/PMS5003/PM2.5"])
def test_keys_with_dots_are_addressable_dotted_and_by_json_pointer(path: str) -> None:
    got = decode(TASMOTA_PMS5003, "tele/udara/SENSOR", value=path).readings
    assert [r.value for r in got] == [10.0]
    fields = by_series(TASMOTA_PMS5003, "tele/udara/SENSOR", fields=[path, "PMS5003.PM10"])
    assert fields["PMS5003.PM2.5"].value == 10.0  # the series is named in the dotted form


def test_a_missing_key_names_the_keys_at_that_level() -> None:
    message = error(TASMOTA_PMS5003, "tele/udara/SENSOR", value="PMS5003.PM25")
    assert message.startswith("payload has no value at 'PMS5003.PM25': no key 'PM25' at ")
    assert "'PMS5003'" in message
    assert "'PM2.5'" in message


def test_json_pointer_escapes_follow_rfc_6901() -> None:
    payload = '{"a/b": {"m~n": 3}}'
    assert decode(payload, "x", value="/a~1b/m~0n").readings[0].value == 3.0
    with pytest.raises(ValueError, match="'~0'"):
        FeedMapping(topic="x", value="/a~2b")


# --- per-field units ----------------------------------------------------------------


def test_tasmota_energy_gets_a_unit_per_field_from_the_mapping() -> None:
    units = {
        "ENERGY.Total": "kWh",
        "ENERGY.Voltage": "V",
        "ENERGY.Current": "A",
        "ENERGY.ApparentPower": "VA",
        "ENERGY.ReactivePower": "var",
    }
    got = by_series(TASMOTA_ENERGY, "tele/pompa/SENSOR", fields="*", units=units, unit="W")
    assert got["ENERGY.Total"].unit == "kWh"
    assert got["ENERGY.Voltage"].unit == "V"
    assert got["ENERGY.Current"].unit == "A"
    assert got["ENERGY.ApparentPower"].unit == "VA"
    assert got["ENERGY.ReactivePower"].unit == "var"
    assert got["ENERGY.Power"].unit == "W"  # the bare unit still serves every other field


def test_a_unit_path_per_field_leaves_the_other_fields_alone() -> None:
    # The issue: --unit-path TempUnit gave humidity the unit C.
    got = by_series(
        TASMOTA_AM2301,
        "tele/pompa/SENSOR",
        fields="*",
        unit_paths={"AM2301.Temperature": "TempUnit"},
        units={"AM2301.Humidity": "%"},
    )
    assert got["AM2301.Temperature"].unit == "C"
    assert got["AM2301.Humidity"].unit == "%"
    assert "TempUnit" not in got


# --- states -------------------------------------------------------------------------


def test_a_zigbee2mqtt_occupancy_is_a_state_reading() -> None:
    got = decode(Z2M_MOTION, "zigbee2mqtt/pos_ronda", fields=["occupancy"]).readings
    assert got == [Reading("zigbee2mqtt/pos_ronda#occupancy", None, 1.0, None, True)]


def test_a_door_contact_with_star_keeps_its_main_reading() -> None:
    got = by_series(Z2M_CONTACT, "zigbee2mqtt/pintu_gudang", fields="*")
    assert got["contact"] == Reading("zigbee2mqtt/pintu_gudang#contact", None, 1.0, None, True)
    assert got["linkquality"].state is False


def test_on_off_is_a_state_only_for_a_profile_that_says_so() -> None:
    got = decode(TASMOTA_POWER, "stat/pompa/RESULT", profile="tasmota").readings
    assert got == [Reading("stat/pompa/RESULT#POWER", None, 1.0, None, True)]
    # Tasmota's stat/<topic>/POWER carries the bare word.
    bare = decode("OFF", "stat/pompa/POWER", profile="tasmota").readings
    assert bare == [Reading("stat/pompa/POWER", None, 0.0, None, True)]
    # Without a profile a string is still not a number.
    assert error(TASMOTA_POWER, "stat/pompa/RESULT", fields=["POWER"]) == (
        "value at 'POWER' is a string, expected a number"
    )


# --- profiles -----------------------------------------------------------------------


def test_tasmota_profile_knows_energy_units_and_the_time() -> None:
    got = by_series(TASMOTA_ENERGY, "tele/pompa/SENSOR", profile="tasmota", timezone="Asia/Jakarta")
    units = {name: r.unit for name, r in got.items()}
    assert units == {
        "ENERGY.Total": "kWh",
        "ENERGY.Yesterday": "kWh",
        "ENERGY.Today": "kWh",
        "ENERGY.Period": "Wh",
        "ENERGY.Power": "W",
        "ENERGY.ApparentPower": "VA",
        "ENERGY.ReactivePower": "var",
        "ENERGY.Factor": None,
        "ENERGY.Voltage": "V",
        "ENERGY.Current": "A",
    }
    assert {r.t for r in got.values()} == {1576904847.0}  # 12:07:27 WIB


def test_tasmota_profile_reads_temp_unit_per_sensor_and_skips_ids() -> None:
    am = by_series(TASMOTA_AM2301, "tele/pompa/SENSOR", profile="tasmota")
    assert {n: r.unit for n, r in am.items()} == {
        "AM2301.Temperature": "°C",
        "AM2301.Humidity": "%",
    }
    ds = by_series(TASMOTA_DS18B20_F, "tele/pompa/SENSOR", profile="tasmota")
    assert {n: (r.value, r.unit) for n, r in ds.items()} == {"DS18B20.Temperature": (76.3, "°F")}
    pms = by_series(TASMOTA_PMS5003, "tele/udara/SENSOR", profile="tasmota")
    assert pms["PMS5003.PM2.5"].unit == "µg/m³"


def test_zigbee2mqtt_profile_units_states_and_last_seen() -> None:
    got = by_series(Z2M_MOTION, "zigbee2mqtt/pos_ronda", profile="zigbee2mqtt")
    assert got["occupancy"].state is True
    assert got["illuminance_lux"].unit == "lx"
    assert got["battery"].unit == "%"
    assert got["linkquality"].unit == "lqi"
    assert got["voltage"].unit is None  # millivolts on battery devices, volts on plugs
    assert "last_seen" not in got
    assert {r.t for r in got.values()} == {1714521600.0}
    weather = by_series(Z2M_WEATHER, "zigbee2mqtt/balai", profile="zigbee2mqtt")
    assert {n: r.unit for n, r in weather.items()} == {
        "temperature": "°C",
        "linkquality": "lqi",
        "humidity": "%",
        "pressure": "hPa",
        "battery": "%",
    }


def test_shelly_gen2_notification_series_skip_ids_and_timestamps() -> None:
    got = by_series(SHELLY_NOTIFY, "shellies/pompa/events/rpc", profile="shelly-gen2")
    assert set(got) == {
        "switch:0.apower",
        "switch:0.current",
        "switch:0.output",
        "switch:0.voltage",
        "switch:0.aenergy.total",
        "switch:0.temperature.tC",
        "switch:0.temperature.tF",
    }
    assert got["switch:0.apower"].unit == "W"
    assert got["switch:0.aenergy.total"].unit == "Wh"
    assert got["switch:0.output"].state is True
    assert {r.t for r in got.values()} == {1631266595.43}
    em = by_series(SHELLY_EM, "shellies/meter/status/em:0", profile="shelly-gen2")
    assert "id" not in em
    assert (em["a_voltage"].unit, em["total_act_power"].unit) == ("V", "W")
    assert em["a_aprt_power"].unit == "VA"


def test_star_without_a_profile_no_longer_makes_ids_and_timestamps_series() -> None:
    got = by_series(SHELLY_NOTIFY, "shellies/pompa/events/rpc", fields="*")
    assert "params.switch:0.id" not in got
    assert "params.ts" not in got
    assert "params.switch:0.aenergy.minute_ts" not in got
    created = by_series('{"created_at": 1714521600, "level": 3}', "x", fields="*")
    assert set(created) == {"level"}


def test_ttn_v3_profile_reads_the_decoded_payload_at_received_at() -> None:
    got = decode(TTN_UPLINK, "v3/app1@ttn/devices/dev1/up", profile="ttn-v3").readings
    assert [(r.series, r.value, r.unit) for r in got] == [
        ("v3/app1@ttn/devices/dev1/up#temperature", 21.5, "°C"),
        ("v3/app1@ttn/devices/dev1/up#humidity", 48.0, "%"),
    ]
    assert {round(r.t or 0, 3) for r in got} == {1581520545.787}


def test_homeassistant_profile_states_numbers_and_discovery() -> None:
    # https://www.home-assistant.io/integrations/binary_sensor.mqtt/: payload_on "ON".
    state = decode("ON", "homeassistant/binary_sensor/gerbang/state", profile="homeassistant")
    assert state.readings == [
        Reading("homeassistant/binary_sensor/gerbang/state", None, 1.0, None, True)
    ]
    number = decode("23.4", "homeassistant/sensor/suhu/state", profile="homeassistant")
    assert number.readings[0].value == 23.4
    config = (
        '{"name":"Suhu","state_topic":"homeassistant/sensor/suhu/state",'
        '"unit_of_measurement":"°C","device_class":"temperature"}'
    )
    described = decode(config, "homeassistant/sensor/suhu/config", profile="homeassistant")
    assert described == Decoded([], 1)


def test_homeassistant_discovery_gives_its_state_topic_a_unit() -> None:
    # https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery: abbreviations and "~".
    mapping = FeedMapping(topic="homeassistant/#", profile="homeassistant")
    decoder = make_decoder(mapping, TimeRule())
    config = (
        b'{"~":"homeassistant/sensor/suhu_pasar","name":"Suhu","stat_t":"~/state",'
        b'"unit_of_meas":"\xc2\xb0C","dev_cla":"temperature"}'
    )
    topic = "homeassistant/sensor/suhu_pasar"
    assert decoder.decode(topic + "/config", config, NOW) == Decoded([], 1)
    got = decoder.decode(topic + "/state", b"23.4", NOW).readings
    assert got == [Reading(topic + "/state", None, 23.4, "°C")]


def test_a_profile_refuses_formats_that_are_not_json() -> None:
    with pytest.raises(ValueError, match="a profile reads JSON payloads"):
        FeedMapping(topic="x", format="senml", profile="tasmota")


# --- SenML --------------------------------------------------------------------------


def test_senml_base_only_first_record_is_accepted() -> None:
    # Base fields in a record of their own, as the RIOT SenML test vectors write them.
    pack = [
        {"bn": "urn:dev:ow:10e2073a01080063:", "bt": 1.276020076e9, "bu": "A", "bver": 5},
        {"n": "voltage", "u": "V", "v": 120.1},
        {"n": "current", "t": -5, "v": 1.2},
    ]
    got = decode(json.dumps(pack), "devices/ow", format="senml").readings
    assert got == [
        Reading("urn:dev:ow:10e2073a01080063:voltage", 1.276020076e9, 120.1, "V"),
        Reading("urn:dev:ow:10e2073a01080063:current", 1.276020071e9, 1.2, "A"),
    ]


def test_senml_one_name_in_several_units_is_one_series_per_unit() -> None:
    # RFC 8428 section 5.1.3: humidity and a position, all under one base name.
    pack = [
        {"bn": "urn:dev:ow:10e2073a01080063", "bt": 1.320067464e9, "bu": "%RH", "v": 20},
        {"u": "lon", "v": 24.30621},
        {"u": "lat", "v": 60.07965},
        {"t": 60, "v": 20.3},
        {"u": "lon", "t": 60, "v": 24.30622},
        {"u": "lat", "t": 60, "v": 60.07965},
    ]
    got = decode(json.dumps(pack), "devices/ow", format="senml").readings
    name = "urn:dev:ow:10e2073a01080063"
    assert [(r.series, r.unit) for r in got] == [
        (name, "%RH"),
        (name + "#lon", "lon"),
        (name + "#lat", "lat"),
        (name, "%RH"),
        (name + "#lon", "lon"),
        (name + "#lat", "lat"),
    ]


def test_senml_tiny_times_are_relative_and_pass_the_time_rule() -> None:
    # RFC 8428 section 4.5.3: a time below 2**28 is relative to now.
    pack = [{"n": "urn:dev:ow:1:temp", "u": "Cel", "t": 3, "v": 22.5}]
    got = decode(json.dumps(pack), "devices/ow", format="senml").readings
    assert got == [Reading("urn:dev:ow:1:temp", NOW + 3, 22.5, "Cel")]


# --- BOM ----------------------------------------------------------------------------


def test_a_utf8_bom_before_json_is_skipped() -> None:
    payload = b"\xef\xbb\xbf" + Z2M_WEATHER.encode()
    got = by_series(payload, "zigbee2mqtt/balai", fields=["temperature"])
    assert got["temperature"].value == 22.75
