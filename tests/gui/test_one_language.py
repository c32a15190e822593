"""One language at a time (issue 17): units and numbers in the UI language, live switches.

The Indonesian console showed "people" on its tiles and plots, and after a
live switch to English the dashboard's toolbar and the plots' axis labels
stayed Indonesian.
"""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from smartcity_console.core.layouts import Layout, Panel
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.gui import i18n
from smartcity_console.gui.dashboard import DashboardView, PanelContext, ValueTile

QUEUE = "rembang/governance/queue_length/mpp_rembang"


def _view(qtbot: QtBot) -> DashboardView:
    now = time.time()
    store = SeriesStore()
    store.append_batch(
        [Reading(QUEUE, now - 60 * i, 1250.0 + i, "people") for i in range(10, -1, -1)], now
    )
    layout = Layout(
        key="antrean",
        title_en="Queues",
        columns=2,
        rows=1,
        panels=[
            Panel(id="tile", kind="tile", series=[QUEUE], col=0),
            Panel(id="plot", kind="plot", series=[QUEUE], col=1),
        ],
    )
    view = DashboardView(PanelContext(store), layout)
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    qtbot.waitExposed(view)
    for panel in view.panels:
        panel.refresh()
    return view


def _axis_labels(view: DashboardView) -> tuple[str, str]:
    plot = view.plots[0].plot_widget
    return plot.getAxis("left").labelText, plot.getAxis("bottom").labelText


def test_units_and_numbers_follow_the_language_and_a_live_switch(
    qtbot: QtBot, indonesian: str
) -> None:
    view = _view(qtbot)
    tile = view.panel_widget("tile")
    assert isinstance(tile, ValueTile)
    assert tile.detail.text() == "orang"
    assert tile.number.text().startswith("1.250")
    assert _axis_labels(view) == ("orang", "waktu (WIB)")
    assert view.pause_button.text() == "❚❚ Jeda"
    assert view.window_buttons["5m"].text() == "5 mnt"

    i18n.set_language("en")
    for panel in view.panels:
        panel.refresh()
    assert tile.detail.text() == "people"
    assert tile.number.text().startswith("1,250")
    assert _axis_labels(view) == ("people", "time (WIB)")
    assert view.pause_button.text() == "❚❚ Pause"
    assert view.window_buttons["5m"].text() == "5 min"
    assert view.edit_button.menu().actions()[0].text() == "Add plot"


def test_plot_value_ticks_are_written_as_the_language_writes_numbers(
    qtbot: QtBot, indonesian: str
) -> None:
    axis = _view(qtbot).plots[0].plot_widget.getAxis("left")
    assert axis.tickStrings([2.5, 3.0], 1.0, 0.5) == ["2,5", "3,0"]
    i18n.set_language("en")
    assert axis.tickStrings([2.5, 3.0], 1.0, 0.5) == ["2.5", "3.0"]


REFUSED = "[Errno 111] Connect call failed ('127.0.0.1', 1883)"


def test_a_broker_error_is_said_in_words_with_the_raw_error_in_the_details(
    qtbot: QtBot, indonesian: str
) -> None:
    from smartcity_console.config import load_config
    from smartcity_console.gui.shell.main_window import MainWindow
    from smartcity_console.ingest.stats import IngestStats
    from smartcity_console.mqtt.status import ConnectionStatus
    from smartcity_console.paths import bundled_config_file

    window = MainWindow(
        load_config(bundled_config_file()),
        SeriesStore(),
        IngestStats(),
        lambda: ConnectionStatus(
            "disconnected", "mqtt://broker:1883", time.time(), REFUSED, time.time() + 5
        ),
    )
    qtbot.addWidget(window)
    label = window.connection_label
    assert "broker menolak koneksi" in label.text()
    assert "Errno" not in label.text()
    assert label.toolTip() == f"Rincian: {REFUSED}"
    i18n.set_language("en")
    window._update_status()
    assert "the broker refused the connection" in label.text()
    assert label.toolTip() == f"Details: {REFUSED}"
