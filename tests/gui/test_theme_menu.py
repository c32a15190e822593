"""View → Theme chooses the light or the dark desk theme, at once and for the next start."""

from __future__ import annotations

from collections.abc import Iterator

import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu
from pytestqt.qtbot import QtBot

from smartcity_console.gui import i18n
from smartcity_console.gui.shell.theme import theme_qss
from smartcity_console.gui.shell.theme_menu import install_theme_menu, saved_theme


@pytest.fixture
def app() -> Iterator[QApplication]:
    """The session's application, its style sheet and plot colours put back afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    sheet = app.styleSheet()
    options = {k: pg.getConfigOption(k) for k in ("background", "foreground")}
    yield app
    app.setStyleSheet(sheet)
    pg.setConfigOptions(**options)


def _window(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    view = window.menuBar().addMenu("View")
    view.setObjectName("menuView")
    qtbot.addWidget(window)
    return window


def test_light_applies_now_to_plots_too_and_is_kept_for_the_next_start(
    qtbot: QtBot, app: QApplication
) -> None:
    assert saved_theme() == "dark"
    window = _window(qtbot)
    plot = pg.PlotWidget(parent=window)
    menu = install_theme_menu(window)
    view = window.findChild(QMenu, "menuView")
    assert view is not None
    assert menu in [a.menu() for a in view.actions()]
    assert menu.actions_by_theme["dark"].isChecked()

    menu.actions_by_theme["light"].trigger()

    assert app.styleSheet() == theme_qss("light")
    assert plot.backgroundBrush().color().name() == "#ffffff"
    assert saved_theme() == "light"
    next_start = _window(qtbot)
    again = install_theme_menu(next_start)
    assert again.actions_by_theme["light"].isChecked()


def test_the_theme_menu_speaks_the_console_language(qtbot: QtBot, indonesian: None) -> None:
    window = _window(qtbot)
    menu = install_theme_menu(window)
    assert menu.title().replace("&", "") == "Tema"
    assert [a.text() for a in menu.actions()] == ["Gelap", "Terang"]
    assert i18n.current_language() == "id"
