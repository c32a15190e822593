""" "Map this topic..." (issue 14): seen in the browser, mapped in the dialog, saved, decoded.

The payloads are Tasmota's (a Sonoff POW R2 ``tele/<topic>/SENSOR``, the
ENERGY object as Tasmota's docs and its Home Assistant discovery describe
it). The preview is compared with what the real ``decode`` command prints,
and the written config file is read back with the console's own loader.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from smartcity_console.config import load_config
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.time_sanity import TimeRule
from smartcity_console.core.topic_catalog import TopicCatalog
from smartcity_console.gui.topics.browser import TopicBrowser
from smartcity_console.gui.topics.map_dialog import MapTopicDialog
from smartcity_console.gui.topics.tree import TopicTreeModel
from smartcity_console.ingest.feed_ingest import FeedIngest

TOPIC = "tele/pompa_air_lasem/SENSOR"
NOW = 1_764_300_000.0


def pow_r2(power: float, time: str) -> bytes:
    """A Sonoff POW R2 telemetry message (Tasmota), local time without an offset."""
    return json.dumps(
        {
            "Time": time,
            "ENERGY": {
                "TotalStartTime": "2025-11-01T08:00:00",
                "Total": 12.5,
                "Today": 0.8,
                "Power": power,
                "ApparentPower": power + 10,
                "Voltage": 228,
                "Current": 0.25,
            },
        }
    ).encode()


CONFIG = """\
# The console's config, written by the installer: these comments must survive.
language = "en"

[broker]
url = "mqtt://127.0.0.1:1883"  # the city's broker

# Everything from the city's devices, read by a catch-all mapping.
[[feeds]]
topic = "tele/#"
format = "number"

# Plots of the overview.
[[plots]]
program = "living"
series = "rembang/living/+/+"
"""


@pytest.fixture
def browser(qtbot: QtBot) -> tuple[TopicBrowser, TopicCatalog]:
    catalog = TopicCatalog()
    browser = TopicBrowser(TopicTreeModel(catalog))
    qtbot.addWidget(browser)
    browser.show()
    return browser, catalog


def decode_command(payload: bytes, *options: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "smartcity_console", "decode", "--topic", TOPIC, *options],
        input=payload,
        capture_output=True,
        timeout=120,
        check=False,
    )
    return (done.stdout.decode() + done.stderr.decode()).splitlines()


def test_map_a_topic_from_the_browser_preview_save_and_decode(
    qtbot: QtBot, browser: tuple[TopicBrowser, TopicCatalog], tmp_path: Path
) -> None:
    view, catalog = browser
    config_path = tmp_path / "config.toml"
    config_path.write_text(CONFIG, encoding="utf-8")
    first = pow_r2(21.0, "2025-11-28T10:00:00")
    catalog.observe(TOPIC, first, False, NOW, None)
    view.refresh()
    assert view.select_topic(TOPIC)
    second = pow_r2(35.5, "2025-11-28T10:00:10")
    catalog.observe(TOPIC, second, False, NOW + 10, None)
    view.refresh()

    with qtbot.waitSignal(view.map_requested) as requested:
        view.map_button.click()
    assert requested.args == [TOPIC]
    dialog = view.map_dialog(config_path, TimeRule())
    assert isinstance(dialog, MapTopicDialog)
    assert dialog.payloads == [first, second]  # everything seen since the topic was selected
    assert '"Power": 35.5' in dialog.last_payload.toPlainText()

    dialog.profile.setCurrentIndex(dialog.profile.findData("tasmota"))
    dialog.timezone.setText("Asia/Jakarta")
    dialog.units.setText("ENERGY.Power=kW")  # the installer's own unit beats the profile's
    preview = dialog.preview.toPlainText().splitlines()
    # Exactly what the decode command prints for each payload, in order.
    options = ("--profile", "tasmota", "--timezone", "Asia/Jakarta", "--unit", "ENERGY.Power=kW")
    assert preview == decode_command(first, *options) + decode_command(second, *options)
    lines = [json.loads(line) for line in preview]
    units = {line["series"].split("#")[1]: line["unit"] for line in lines[:6]}
    assert units == {
        "ENERGY.Total": "kWh",
        "ENERGY.Today": "kWh",
        "ENERGY.Power": "kW",
        "ENERGY.ApparentPower": "VA",
        "ENERGY.Voltage": "V",
        "ENERGY.Current": "A",
    }

    # A payload arriving while the dialog is open joins the preview.
    dialog.show()
    catalog.observe(TOPIC, pow_r2(40.0, "2025-11-28T10:00:20"), False, NOW + 20, None)
    view.refresh()
    qtbot.waitUntil(lambda: len(dialog.payloads) == 3)
    assert len(dialog.preview.toPlainText().splitlines()) == 18

    with qtbot.waitSignal(dialog.mapped) as mapped:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    mapping, topic = mapped.args
    assert topic == TOPIC

    # Read back: the console loads it, the new table comes before the catch-all
    # that would otherwise take the topic, and every comment is still there.
    written = config_path.read_text(encoding="utf-8")
    config = load_config(config_path)
    assert [f.topic for f in config.feeds] == [TOPIC, "tele/#"]
    assert config.feeds[0] == mapping
    assert config.feeds[0].profile == "tasmota"
    assert config.feeds[0].units == {"ENERGY.Power": "kW"}
    for line in CONFIG.splitlines():
        assert line in written
    assert f"# {TOPIC}, mapped in the topic browser" in written

    # The running console decodes the topic with it from the next message on.
    ingest = FeedIngest(list(load_config(config_path).feeds[1:]), SeriesStore())
    assert ingest.add_feed(mapping, TOPIC) == 0
    ingest.handle(TOPIC, second, NOW + 30)
    ingest.flush(NOW + 30)
    power = ingest.store.buffer(TOPIC + "#ENERGY.Power")
    assert power is not None
    assert power.unit == "kW"


def test_a_bad_form_says_why_and_cannot_be_saved(
    qtbot: QtBot, browser: tuple[TopicBrowser, TopicCatalog], tmp_path: Path
) -> None:
    view, catalog = browser
    catalog.observe(TOPIC, pow_r2(21.0, "2025-11-28T10:00:00"), False, NOW, None)
    view.refresh()
    assert view.select_topic(TOPIC)
    dialog = view.map_dialog(tmp_path / "config.toml", TimeRule())
    assert dialog is not None
    dialog.filter.setText("tele/+/SENSOR")
    dialog.series.setText("rembang/living/pompa/lasem")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert "series" in dialog.problem.text()
    dialog.filter.setText(TOPIC)
    dialog.fields.setText("ENERGY.Pwr")
    assert "1 payload(s) refused" in dialog.problem.text()
    assert dialog.preview.toPlainText().startswith(
        "error: payload has none of the fields 'ENERGY.Pwr'"
    )


def test_a_payload_over_a_kib_is_previewed_whole(
    qtbot: QtBot, browser: tuple[TopicBrowser, TopicCatalog], tmp_path: Path
) -> None:
    # A The Things Stack v3 uplink (its data-formats docs) heard by twelve gateways:
    # longer than the KiB the catalog keeps of every topic.
    uplink = {
        "end_device_ids": {"device_id": "dev1", "application_ids": {"application_id": "app1"}},
        "received_at": "2025-11-28T03:20:00.123456789Z",
        "uplink_message": {
            "f_port": 15,
            "decoded_payload": {"temperature": 21.5, "humidity": 48},
            "rx_metadata": [
                {
                    "gateway_ids": {"gateway_id": f"gtw-{i}", "eui": "9C5C8E00001A05C4"},
                    "rssi": -63,
                    "channel_rssi": -63,
                    "snr": 10.0,
                }
                for i in range(12)
            ],
        },
    }
    payload = json.dumps(uplink).encode()
    assert len(payload) > 1024
    topic = "v3/app1@ttn/devices/dev1/up"
    view, catalog = browser
    catalog.observe(topic, b"{}", False, NOW, None)
    view.refresh()
    assert view.select_topic(topic)
    catalog.observe(topic, payload, False, NOW + 1, None)
    view.refresh()
    dialog = view.map_dialog(tmp_path / "config.toml", TimeRule())
    assert dialog is not None
    assert dialog.payloads[-1] == payload
    dialog.profile.setCurrentIndex(dialog.profile.findData("ttn-v3"))
    last = [json.loads(line) for line in dialog.preview.toPlainText().splitlines()[-2:]]
    assert [(r["series"], r["unit"]) for r in last] == [
        (topic + "#temperature", "°C"),
        (topic + "#humidity", "%"),
    ]
