"""The console window shows live readings from a real broker and shuts down cleanly."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from smartcity_console.config import AppConfig, IncidentsConfig, load_config
from smartcity_console.console.session import with_installation_id
from smartcity_console.core.incidents import Role
from smartcity_console.gui.shell.app import Console, Operator, _say_copied
from smartcity_console.paths import bundled_config_file
from smartcity_console.store import open_database
from smartcity_console.store.clients import client_id_for
from tests.support import sparkplug as tahu
from tests.support.mosquitto import Mosquitto
from tests.support.mqtt import publish


@pytest.fixture
def config(mosquitto: Mosquitto) -> AppConfig:
    base = load_config(bundled_config_file())
    return base.model_copy(update={"broker": base.broker.model_copy(update={"url": mosquitto.url})})


@pytest.fixture
def console(qtbot: QtBot, config: AppConfig, tmp_path: Path) -> Iterator[Console]:
    db = open_database(tmp_path / "incidents.sqlite3")
    operator = Operator("siti", Role.SUPERVISOR, client_id_for(db, "siti", "ws-1"))
    console = Console(config, db, operator)
    qtbot.addWidget(console.window)
    console.start()
    yield console
    console.window.close()
    console.shutdown()
    db.close()


def test_window_has_one_plot_per_program(console: Console) -> None:
    titles = [p.title.text() for p in console.window.plots]
    assert len(titles) == 6
    assert "Lingkungan" in " ".join(titles)  # Indonesian by default for Rembang


def test_published_reading_is_drawn_and_status_shows_connection(
    qtbot: QtBot, console: Console, mosquitto: Mosquitto, config: AppConfig
) -> None:
    qtbot.waitUntil(lambda: console.mqtt.status.state == "connected", timeout=10_000)
    qtbot.waitUntil(
        lambda: "Broker terhubung" in console.window.connection_label.text(), timeout=3000
    )
    env_plot = next(p for p in console.window.plots if p.panel.program == "environment")
    topic = env_plot.panel.series[0].replace("+", "alun_alun_rembang").replace("#", "x")
    assert env_plot.point_count() == 0
    now = time.time()
    publish(
        mosquitto.port,
        [
            (topic, json.dumps({"ts": now - 3 + i, "value": 20.0 + i, "unit": "ug/m3"}))
            for i in range(3)
        ],
    )
    qtbot.waitUntil(lambda: env_plot.point_count() == 3, timeout=10_000)
    assert topic in env_plot.series_names
    qtbot.waitUntil(lambda: "pesan/s" in console.window.rate_label.text(), timeout=3000)


def test_closing_the_window_ends_the_mqtt_thread(qtbot: QtBot, console: Console) -> None:
    qtbot.waitUntil(lambda: console.mqtt.status.state == "connected", timeout=10_000)
    with qtbot.waitSignal(console.window.closed, timeout=2000):
        console.window.close()
    console.shutdown()
    assert not console.mqtt.is_alive()
    assert console.mqtt.status.state == "stopped"


def test_a_series_that_goes_silent_is_marked_stale(qtbot: QtBot, console: Console) -> None:
    from smartcity_console.core.readings import Reading

    env_plot = next(p for p in console.window.plots if p.panel.program == "environment")
    name = env_plot.panel.series[0].replace("+", "lasem")
    now = time.time()
    # Readings every 2 s until 20 s ago: the learned interval makes it stale by now.
    for i in range(5):
        console.store.append_batch(
            [Reading(name, now - 28 + 2 * i, 10.0, "ug/m3")], now - 28 + 2 * i
        )
    qtbot.waitUntil(lambda: env_plot.point_count() == 5, timeout=5000)
    qtbot.waitUntil(lambda: name in env_plot.stale_series, timeout=3000)
    assert "tanpa data" in console.window.rate_label.text()
    qtbot.waitUntil(lambda: console.topic_browser.model.is_stale(name), timeout=3000)
    console.store.append_batch([Reading(name, None, 11.0, "ug/m3")], time.time())
    qtbot.waitUntil(lambda: name not in env_plot.stale_series, timeout=3000)
    qtbot.waitUntil(lambda: not console.topic_browser.model.is_stale(name), timeout=3000)


def test_topic_browser_adds_a_series_to_its_program_plot(qtbot: QtBot, console: Console) -> None:
    from smartcity_console.core.readings import Reading

    topic = "rembang/environment/river_level/kali_babagan"
    console.store.append_batch([Reading(topic, None, 1.2, "m")], time.time())
    env_plot = next(p for p in console.window.plots if p.panel.program == "environment")
    assert topic not in env_plot.series_names
    console.topic_browser.add_series_requested.emit(topic)
    qtbot.waitUntil(lambda: topic in env_plot.series_names, timeout=3000)
    qtbot.waitUntil(lambda: env_plot.point_count() >= 1, timeout=3000)


def test_view_menu_toggles_the_feed_panels(console: Console) -> None:
    actions = {a.text().replace("&", ""): a for a in console.window.ui.menuView.actions()}
    assert len(actions) >= 3  # full screen, topic browser, diagnostics
    dock = console.topic_browser.parentWidget()
    assert dock is not None
    assert not dock.isVisible()
    dock_action = next(a for t, a in actions.items() if "Topik" in t or "Topic" in t)
    dock_action.trigger()
    assert dock.isVisible()


def test_double_click_on_a_plot_prefills_an_incident(qtbot: QtBot, console: Console) -> None:
    from smartcity_console.core.readings import Reading
    from smartcity_console.gui.incidents.dialogs import TicketDialog

    env_plot = next(p for p in console.window.plots if p.panel.program == "environment")
    name = env_plot.panel.series[0].replace("+", "kragan")
    now = time.time()
    values = [20.0, 22.0, 180.0, 25.0]
    console.store.append_batch(
        [Reading(name, now - 40 + 10 * i, v, "ug/m3") for i, v in enumerate(values)], now
    )
    qtbot.waitUntil(lambda: env_plot.point_count() == 4, timeout=5000)
    assert env_plot.nearest_reading(now - 19, 179.0) == (name, 180.0, now - 20)

    opened: list[TicketDialog] = []
    original = console.incidents.create_incident

    def spy(prefill: Mapping[str, object] | None = None) -> TicketDialog:
        dialog = original(prefill)
        opened.append(dialog)
        return dialog

    console.incidents.create_incident = spy  # type: ignore[method-assign]
    env_plot.incident_requested.emit(name, 180.0, now - 20)
    assert len(opened) == 1
    dialog = opened[0]
    assert "Kragan" in dialog.title.text()
    assert "180" in dialog.title.text()
    assert dialog.series.text() == name
    assert dialog.station.text() == "Kragan"
    dialog.reject()


def test_the_status_bar_names_the_broker_in_use_after_a_failover(
    qtbot: QtBot, config: AppConfig, own_mosquitto: Mosquitto, tmp_path: Path
) -> None:
    """``[broker] urls``: two real Mosquittos, the first stopped under the running console."""
    second = Mosquitto(workdir=tmp_path / "mosquitto-b")
    own_mosquitto.start()
    second.start()
    broker = config.broker.model_copy(
        update={
            "url": own_mosquitto.url,
            "urls": [own_mosquitto.url, second.url],
            "backoff_initial_s": 0.1,
            "backoff_max_s": 0.5,
        }
    )
    db = open_database(tmp_path / "incidents.sqlite3")
    operator = Operator("siti", Role.SUPERVISOR, client_id_for(db, "siti", "ws-1"))
    console = Console(config.model_copy(update={"broker": broker}), db, operator)
    qtbot.addWidget(console.window)
    console.start()
    try:
        label = console.window.connection_label
        qtbot.waitUntil(
            lambda: f"Broker terhubung ({own_mosquitto.url})" in label.text(), timeout=10_000
        )
        own_mosquitto.stop()
        qtbot.waitUntil(lambda: f"Broker terhubung ({second.url})" in label.text(), timeout=20_000)
    finally:
        console.window.close()
        console.shutdown()
        db.close()
        second.stop()
        second.check_no_drops()


def test_a_console_started_on_a_copied_data_folder_says_it_took_a_new_id(
    qtbot: QtBot, config: AppConfig, tmp_path: Path, indonesian: str
) -> None:
    original = config.model_copy(
        update={"incidents": IncidentsConfig(database=tmp_path / "ws-a" / "incidents.sqlite3")}
    )
    _, first = with_installation_id(original)
    assert first is not None
    shutil.copytree(tmp_path / "ws-a", tmp_path / "ws-b")
    copy = config.model_copy(
        update={"incidents": IncidentsConfig(database=tmp_path / "ws-b" / "incidents.sqlite3")}
    )
    resolved, identity = with_installation_id(copy)
    assert identity is not None
    assert identity.client_id != first.client_id
    assert resolved.broker.client_id == identity.client_id
    db = open_database(tmp_path / "ws-b" / "incidents.sqlite3")
    console = Console(
        resolved, db, Operator("siti", Role.SUPERVISOR, client_id_for(db, "siti", "b"))
    )
    qtbot.addWidget(console.window)
    try:
        _say_copied(console, identity)
        shown = console.window.statusBar().currentMessage()
        assert identity.client_id in shown
        assert "salinan" in shown  # Indonesian, the console's default language
    finally:
        console.window.close()
        console.shutdown()
        db.close()


def test_a_device_seen_in_the_browser_is_mapped_and_plotted(
    qtbot: QtBot, config: AppConfig, mosquitto: Mosquitto, tmp_path: Path
) -> None:
    """Issue 14's round trip, over a real broker: seen, mapped in the dialog, plotted.

    The payload is a Tasmota Sonoff POW R2's telemetry (the ENERGY object of
    Tasmota's docs), on a topic the bundled config browses but does not map.
    """
    from PySide6.QtWidgets import QDialogButtonBox

    config_path = tmp_path / "config.toml"
    config_path.write_text(bundled_config_file().read_text(encoding="utf-8"), encoding="utf-8")
    db = open_database(tmp_path / "incidents.sqlite3")
    operator = Operator("siti", Role.SUPERVISOR, client_id_for(db, "siti", "ws-1"))
    console = Console(config, db, operator, config_path=config_path)
    qtbot.addWidget(console.window)
    console.start()
    try:
        qtbot.waitUntil(lambda: console.mqtt.status.state == "connected", timeout=10_000)
        topic = "tele/pompa_air_lasem/SENSOR"

        def pow_r2(power: float) -> str:
            wib = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() + 7 * 3600))
            energy = {"Total": 1520.4, "Power": power, "Voltage": 226, "Current": 3.5}
            return json.dumps({"Time": wib, "ENERGY": energy})

        browser = console.topic_browser

        def shown() -> bool:
            browser.refresh()  # what the browser's timer does while its dock is open
            return browser.select_topic(topic)

        publish(mosquitto.port, [(topic, pow_r2(750.0))])
        qtbot.waitUntil(shown, timeout=10_000)
        assert not console.store.names("tele/#")  # seen, not a series yet

        browser.map_button.click()
        dialog = browser._dialog
        assert dialog is not None
        qtbot.waitUntil(dialog.isVisible, timeout=3000)
        dialog.profile.setCurrentIndex(dialog.profile.findData("tasmota"))
        dialog.timezone.setText("Asia/Jakarta")
        assert '"unit": "W"' in dialog.preview.toPlainText()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        # Appended after the feeds it does not shadow (rembang/#, spBv1.0/#).
        assert [f.topic for f in load_config(config_path).feeds][-1] == topic

        publish(mosquitto.port, [(topic, pow_r2(760.0))])
        series = topic + "#ENERGY.Power"
        qtbot.waitUntil(lambda: series in console.store.names("tele/#"), timeout=10_000)
        browser.add_button.click()
        qtbot.waitUntil(
            lambda: any(series in p.series_names for p in console.window.plots), timeout=3000
        )
    finally:
        console.window.close()
        console.shutdown()
        db.close()


def test_a_sparkplug_node_that_dies_is_stale_on_its_plot_at_once(
    qtbot: QtBot, console: Console, mosquitto: Mosquitto
) -> None:
    """Issue 14: the bundled config reads spBv1.0/# as Sparkplug B; an NDEATH marks at once.

    Payloads: Eclipse Tahu's example node (tests/support/sparkplug.py), twice:
    the node and a twin that publishes the same after it, readings 100 s
    apart. When the first node's series shows stale, the twin's, as silent as
    it, does not: the death made it stale, not the silence.
    """
    qtbot.waitUntil(lambda: console.mqtt.status.state == "connected", timeout=10_000)
    name = tahu.NODE_SERIES + "Node Metric2"
    twin_name = f"{tahu.GROUP}/Twin Node/Node Metric2"
    t_ms = int(time.time() * 1000)
    messages: list[tuple[str, bytes | str]] = []
    for node_topic in (tahu.node_topic, lambda kind: f"spBv1.0/{tahu.GROUP}/{kind}/Twin Node"):
        # 100 s apart: silence would make them stale only after 300 s.
        messages.append((node_topic("NBIRTH"), tahu.node_birth(t_ms - 200_000)))
        messages += [
            (node_topic("NDATA"), tahu.node_data(t_ms - 100_000 * (2 - i), i, 20 + i))
            for i in (1, 2)
        ]
    publish(mosquitto.port, messages)
    qtbot.waitUntil(lambda: console.store.buffer(twin_name) is not None, timeout=10_000)
    console.window.add_series_to_plot(name)
    plot = next(p for p in console.window.plots if name in p.series_names)
    qtbot.waitUntil(lambda: plot.point_count() == 3, timeout=5000)
    assert name not in plot.stale_series
    publish(mosquitto.port, [(tahu.node_topic("NDEATH"), tahu.node_death(bd_seq=0))])
    qtbot.waitUntil(lambda: name in plot.stale_series, timeout=5000)
    assert twin_name not in console.store.stale(time.time())
    assert "tanpa data" in console.window.rate_label.text()


def test_a_sparkplug_topic_in_the_browser_plots_its_device_by_metric_name(
    qtbot: QtBot, console: Console, mosquitto: Mosquitto
) -> None:
    """Issue 14: seen in the topic browser, plotted; the series are named by metric, not topic.

    Payloads: Eclipse Tahu's example node and device (tests/support/sparkplug.py).
    """
    qtbot.waitUntil(lambda: console.mqtt.status.state == "connected", timeout=10_000)
    t_ms = int(time.time() * 1000)
    publish(
        mosquitto.port,
        [
            (tahu.node_topic("NBIRTH"), tahu.node_birth(t_ms)),
            (tahu.device_topic("DBIRTH"), tahu.device_birth(t_ms, seq=1)),
        ],
    )
    rpms = tahu.DEVICE_SERIES + "My_Custom_Motor/RPMs"
    qtbot.waitUntil(lambda: console.store.buffer(rpms) is not None, timeout=10_000)
    console.window.add_series_to_plot(tahu.device_topic("DDATA"))
    plot = next(p for p in console.window.plots if rpms in p.series_names)
    assert {n for n in plot.series_names if n.startswith(tahu.GROUP)} == {
        tahu.DEVICE_SERIES + n
        for n in (
            "input/Device Metric1",
            "output/Device Metric2",
            "output/Device Metric3",
            "My_Custom_Motor/RPMs",
            "My_Custom_Motor/AMPs",
        )
    }
