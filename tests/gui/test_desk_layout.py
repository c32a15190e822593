"""The desk fits: maximised at first start, plots tall enough, the arrangement kept per user.

The test screen (Qt's offscreen platform) is 800x800; the 1920x1080 measure
lays the window out at that size itself, with the first start's dock height.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget
from pytestqt.qtbot import QtBot

from smartcity_console.config import AppConfig, load_config
from smartcity_console.core.incidents import Role
from smartcity_console.gui.shell.app import Console, Operator
from smartcity_console.gui.shell.desk_state import PLOT_MIN_PX, size_incidents_dock
from smartcity_console.paths import bundled_config_file
from smartcity_console.store import Database, open_database
from smartcity_console.store.clients import client_id_for
from tests.support.mosquitto import Mosquitto

OpenConsole = Callable[..., Console]


@pytest.fixture
def config(mosquitto: Mosquitto) -> AppConfig:
    base = load_config(bundled_config_file())
    broker = base.broker.model_copy(update={"url": mosquitto.url})
    return base.model_copy(update={"broker": broker, "workstation": "ruang-komando-1"})


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "incidents.sqlite3")
    yield database
    database.close()


@pytest.fixture
def open_console(qtbot: QtBot, config: AppConfig, db: Database) -> Iterator[OpenConsole]:
    """Open a console for a user, as run_console does after each sign-in."""
    opened: list[Console] = []

    def make(user: str = "siti", *, start: bool = True) -> Console:
        operator = Operator(user, Role.SUPERVISOR, client_id_for(db, user, config.workstation))
        console = Console(config, db, operator)
        qtbot.addWidget(console.window)
        opened.append(console)
        if start:
            console.start()
            qtbot.waitExposed(console.window)
        return console

    yield make
    for console in opened:
        console.window.close()
        console.shutdown()


def close(console: Console) -> None:
    """Close the window as sign-out and quit do."""
    console.window.close()
    console.shutdown()


def _dock(console: Console, name: str) -> QDockWidget:
    dock = console.window.findChild(QDockWidget, name)
    assert dock is not None
    return dock


def _shown(widget: QWidget) -> Callable[[], bool]:
    return lambda: widget.isVisible() and widget.height() > 0


def test_first_start_opens_maximised_on_the_primary_screen(
    qtbot: QtBot, open_console: OpenConsole
) -> None:
    console = open_console()
    window = console.window
    screen = QApplication.primaryScreen().availableGeometry()
    assert window.isMaximized()
    assert screen.contains(window.frameGeometry().center())
    assert window.width() >= screen.width() * 0.95
    # Without a window manager to honour "maximised" (a kiosk X server, Xvfb), the
    # window still covers the screen: it was placed there before asking.
    window.showNormal()
    qtbot.waitUntil(lambda: not window.isMaximized())
    # (the test screen is narrower than the window's least width: its height tells)
    assert window.geometry().height() == screen.height()


def test_every_program_plot_is_at_least_160_px_tall_at_1920x1080(
    qtbot: QtBot, open_console: OpenConsole
) -> None:
    console = open_console(start=False)
    window = console.window
    window.setGeometry(QRect(0, 0, 1920, 1080))
    size_incidents_dock(window, _dock(console, "incidentsDock"), 1080)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.height() == 1080)
    tabs = window.dashboards
    measured: dict[str, list[int]] = {}
    for key, view in tabs.views.items():
        tabs.show_dashboard(key)
        qtbot.waitUntil(_shown(view.plots[0]))
        QApplication.processEvents()
        measured[key] = [plot.plot_widget.height() for plot in view.plots]
    assert _dock(console, "incidentsDock").isVisible()
    short = {key: h for key, h in measured.items() if min(h) < PLOT_MIN_PX}
    assert not short, f"plots under {PLOT_MIN_PX} px: {short}"


def test_window_docks_and_dashboard_come_back_after_a_restart(
    qtbot: QtBot, open_console: OpenConsole
) -> None:
    first = open_console()
    window = first.window
    window.showNormal()
    window.setGeometry(QRect(40, 50, 760, 740))
    qtbot.waitUntil(lambda: not window.isMaximized() and window.geometry().topLeft().x() == 40)
    left_as = window.geometry()
    _dock(first, "topicBrowserDock").show()
    first.window.dashboards.show_dashboard("economy")
    close(first)

    again = open_console()
    assert not again.window.isMaximized()
    # The test screen is narrower than the window's least width: Qt keeps the window
    # on the screen by its width, the rest comes back as it was.
    restored = again.window.geometry()
    assert (restored.y(), restored.height()) == (left_as.y(), left_as.height())
    assert _dock(again, "topicBrowserDock").isVisible()
    assert again.window.dashboards.current_view.key == "economy"


def test_the_next_shift_gets_its_own_desk_and_the_first_gets_theirs_back(
    qtbot: QtBot, open_console: OpenConsole
) -> None:
    siti = open_console("siti")
    siti.window.dashboards.show_dashboard("living")
    _dock(siti, "incidentsDock").hide()
    close(siti)  # sign-out closes the window too

    budi = open_console("budi")  # signs in on the same workstation
    assert budi.window.isMaximized()
    assert _dock(budi, "incidentsDock").isVisible()
    assert budi.window.dashboards.current_view.key == "overview"
    close(budi)

    siti_again = open_console("siti")
    assert siti_again.window.dashboards.current_view.key == "living"
    assert not _dock(siti_again, "incidentsDock").isVisible()


def test_show_on_plot_in_the_console_opens_the_series_dashboard(
    qtbot: QtBot, open_console: OpenConsole
) -> None:
    console = open_console()
    series = "rembang/environment/pm25/lasem"
    ticket = console.repository.create(
        "PM2.5 high", "environment", "high", station="lasem", series=series
    )
    console.incidents.tick()
    console.incidents.select_ticket(ticket.id)
    console.incidents.detail.show_on_plot.click()
    tabs = console.window.dashboards
    assert tabs.current_view.key == "environment"
    assert tabs.current_view.paused
    assert any(p.marker is not None for p in tabs.current_view.plots)
