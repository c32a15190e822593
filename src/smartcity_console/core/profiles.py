"""Device profiles: what the firmwares a city buys send, so an installer need not spell it out.

A ``[[feeds]]`` table with ``profile = "tasmota"`` (or ``decode --profile
tasmota``) reads every numeric field of the payload, as ``fields = "*"``
does, but knows for that firmware:

- where the readings are (``root``: TTN's ``uplink_message.decoded_payload``,
  a Shelly notification's ``params``), so series are named by the device's
  own field names;
- which keys are ids or metadata and never series (``id``, ``Time``,
  ``TempUnit``, ``linkquality`` stays a series because zigbee2mqtt exposes it);
- where the time is (``timestamp``: the first of these paths present);
- the unit of each standard field, by its full path or by its last key
  (``ENERGY.Voltage``, or ``Temperature`` under any sensor name), and unit
  paths (Tasmota's ``TempUnit`` says C or F);
- which strings are states (``ON``/``OFF``): stored as 1/0 and marked as states.

The field lists and units come from each firmware's own documentation; the
source is in ``source`` and in docs/feeds.md. A mapping's own ``units``,
``unit_paths``, ``unit`` and ``timestamp`` override the profile's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, Literal

ProfileName = Literal["tasmota", "zigbee2mqtt", "shelly-gen2", "ttn-v3", "homeassistant"]

# Ids, times and bookkeeping: never series under "*", with or without a profile
# (Shelly's "em:0.id", TTN's "f_cnt" is kept; a reading named "created_at" is not).
GENERIC_METADATA: Final = re.compile(
    r"(?i)(^|_)(id|ids|ts|time|timestamp|at|seq|sequence|last_seen)$"
)


@dataclass(frozen=True, slots=True)
class Profile:
    """What one firmware family sends (see the module docstring)."""

    name: ProfileName
    source: str
    """Where its field list and units come from (documentation URLs)."""
    timestamp: tuple[str, ...] = ()
    """Dotted paths to the payload's time, from the top of the payload; first present wins."""
    root: tuple[str, ...] = ()
    """Dotted paths to the object holding the readings; the first that is an object wins."""
    metadata: frozenset[str] = frozenset()
    """Keys (last path part) or dotted paths that are never series."""
    units: dict[str, str] = field(default_factory=dict)
    """Dotted path or last key -> unit."""
    unit_paths: dict[str, str] = field(default_factory=dict)
    """Dotted path or last key -> dotted path (from the top) of a unit string in the payload."""
    unit_words: dict[str, str] = field(default_factory=dict)
    """How the firmware spells a unit at a unit path -> the unit shown (``C`` -> ``°C``)."""
    states: dict[str, float] = field(default_factory=dict)
    """State words (exact) -> 1.0 or 0.0."""

    def unit_for(self, last: str, name: str) -> tuple[str | None, str | None]:
        """(unit path, fixed unit) of the field ``name`` (dotted) whose last key is ``last``.

        The longest match wins: the whole path, then the path without its first
        parts (``switch:0.aenergy.total`` finds ``aenergy.total``), then the last key.
        """
        parts = name.split(".")
        candidates = [".".join(parts[i:]) for i in range(len(parts))] + [last]
        path = next((self.unit_paths[c] for c in candidates if c in self.unit_paths), None)
        fixed = next((self.units[c] for c in candidates if c in self.units), None)
        return path, fixed

    def is_metadata(self, last: str, name: str) -> bool:
        return name in self.metadata or last in self.metadata


_ON_OFF: Final = {"ON": 1.0, "OFF": 0.0}

_TASMOTA_TEMPERATURE = ("Temperature", "DewPoint", "Temperature1", "Temperature2")

TASMOTA = Profile(
    name="tasmota",
    source=(
        "https://tasmota.github.io/docs/MQTT/ (tele/<topic>/SENSOR, STATE); "
        "https://tasmota.github.io/docs/Supported-Peripherals/ (sensor names); units as "
        "Tasmota's own Home Assistant discovery announces them (unit_of_meas: ENERGY "
        "Total/Yesterday/Today kWh, Power W, ApparentPower VA, ReactivePower var, Voltage V, "
        "Current A, Frequency Hz)"
    ),
    timestamp=("Time",),
    metadata=frozenset(
        {
            "Time",
            "TempUnit",
            "PressureUnit",
            "SpeedUnit",
            "TotalStartTime",
            "Id",
            "UptimeSec",
            "Heap",
            "Sleep",
            "SleepMode",
            "LoadAvg",
            "MqttCount",
            "AP",
            "SSId",
            "BSSId",
            "Channel",
            "Mode",
            "LinkCount",
            "Downtime",
        }
    ),
    units={
        "ENERGY.Total": "kWh",
        "ENERGY.Yesterday": "kWh",
        "ENERGY.Today": "kWh",
        "ENERGY.Period": "Wh",
        "ENERGY.Power": "W",
        "ENERGY.ApparentPower": "VA",
        "ENERGY.ReactivePower": "var",
        "ENERGY.Voltage": "V",
        "ENERGY.Current": "A",
        "ENERGY.Frequency": "Hz",
        "Humidity": "%",
        "Illuminance": "lx",
        "CarbonDioxide": "ppm",
        "eCO2": "ppm",
        "TVOC": "ppb",
        "Distance": "cm",
        "PM1": "µg/m³",
        "PM2.5": "µg/m³",
        "PM10": "µg/m³",
        "CF1": "µg/m³",
        "CF2.5": "µg/m³",
        "CF10": "µg/m³",
        "RSSI": "%",
        "Signal": "dBm",
        **dict.fromkeys(_TASMOTA_TEMPERATURE, "°C"),  # when TempUnit is absent
        "Pressure": "hPa",
        "SeaPressure": "hPa",
    },
    unit_paths={
        **dict.fromkeys(_TASMOTA_TEMPERATURE, "TempUnit"),
        "Pressure": "PressureUnit",
        "SeaPressure": "PressureUnit",
    },
    unit_words={"C": "°C", "F": "°F"},
    states=_ON_OFF,
)

ZIGBEE2MQTT = Profile(
    name="zigbee2mqtt",
    source=(
        "https://www.zigbee2mqtt.io/guide/usage/exposes.html and the device pages' "
        "exposes (https://www.zigbee2mqtt.io/devices/): temperature °C, humidity %, "
        "pressure hPa, illuminance_lux lx, power W, energy kWh, voltage V (mV on "
        "battery devices: not given a unit), current A, battery %, linkquality lqi, "
        "co2 ppm, pm25 µg/m³; occupancy, contact, water_leak, tamper, battery_low booleans"
    ),
    timestamp=("last_seen",),
    metadata=frozenset({"last_seen", "update", "update_available", "device", "elapsed"}),
    units={
        "temperature": "°C",
        "local_temperature": "°C",
        "device_temperature": "°C",
        "humidity": "%",
        "soil_moisture": "%",
        "pressure": "hPa",
        "illuminance_lux": "lx",
        "power": "W",
        "energy": "kWh",
        "current": "A",
        "battery": "%",
        "linkquality": "lqi",
        "co2": "ppm",
        "voc": "ppb",
        "formaldehyd": "mg/m³",
        "pm25": "µg/m³",
        "pm10": "µg/m³",
        "noise": "dB",
    },
    states=_ON_OFF,
)

SHELLY_GEN2 = Profile(
    name="shelly-gen2",
    source=(
        "https://shelly-api-docs.shelly.cloud/gen2/ComponentsAndServices/Switch#status "
        "(apower W, voltage V, current A, freq Hz, aenergy.total Wh, temperature.tC °C), "
        ".../EM#status (a_/b_/c_/total_ current A, voltage V, act_power W, aprt_power VA), "
        ".../Temperature#status (tC), .../Humidity#status (rh %), "
        ".../DevicePower#status (battery.V, battery.percent); "
        "https://shelly-api-docs.shelly.cloud/gen2/General/Notifications (NotifyStatus: params.ts)"
    ),
    timestamp=("params.ts", "ts"),
    root=("params",),
    metadata=frozenset(
        {"id", "src", "dst", "method", "ts", "source", "minute_ts", "by_minute", "errors"}
    ),
    units={
        "apower": "W",
        "act_power": "W",
        "a_act_power": "W",
        "b_act_power": "W",
        "c_act_power": "W",
        "total_act_power": "W",
        "aprt_power": "VA",
        "a_aprt_power": "VA",
        "b_aprt_power": "VA",
        "c_aprt_power": "VA",
        "total_aprt_power": "VA",
        "voltage": "V",
        "a_voltage": "V",
        "b_voltage": "V",
        "c_voltage": "V",
        "current": "A",
        "a_current": "A",
        "b_current": "A",
        "c_current": "A",
        "n_current": "A",
        "total_current": "A",
        "freq": "Hz",
        "a_freq": "Hz",
        "aenergy.total": "Wh",
        "ret_aenergy.total": "Wh",
        "tC": "°C",
        "tF": "°F",
        "rh": "%",
        "battery.V": "V",
        "battery.percent": "%",
    },
)

TTN_V3 = Profile(
    name="ttn-v3",
    source=(
        "https://www.thethingsindustries.com/docs/integrations/data-formats/ (uplink "
        "messages: uplink_message.decoded_payload, received_at); the decoded fields are "
        "the device's payload formatter's, so no units are assumed beyond the "
        "Device Repository's normalized names (temperature °C, humidity %, pressure hPa)"
    ),
    timestamp=("received_at", "uplink_message.received_at"),
    root=("uplink_message.decoded_payload",),
    units={"temperature": "°C", "humidity": "%", "relativeHumidity": "%", "pressure": "hPa"},
)

HOMEASSISTANT = Profile(
    name="homeassistant",
    source=(
        "https://www.home-assistant.io/integrations/sensor.mqtt/ and "
        "https://www.home-assistant.io/integrations/binary_sensor.mqtt/ (state topics carry "
        "the bare value, binary sensors ON/OFF by default); "
        "https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery (config topics "
        "carry unit_of_measurement: no reading, but the unit of their state_topic)"
    ),
    metadata=frozenset(
        {
            "unit_of_measurement",
            "device_class",
            "state_class",
            "unique_id",
            "object_id",
            "expire_after",
            "force_update",
            "qos",
        }
    ),
    states={"ON": 1.0, "OFF": 0.0, "on": 1.0, "off": 0.0},
)

PROFILES: Final[dict[str, Profile]] = {
    p.name: p for p in (TASMOTA, ZIGBEE2MQTT, SHELLY_GEN2, TTN_V3, HOMEASSISTANT)
}
