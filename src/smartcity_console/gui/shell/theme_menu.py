"""View → Theme: the desk in the dark theme (the default) or the light one, kept for next time.

The light theme shipped in ``resources/themes`` but nothing chose it; an
office desk by a window reads better in it. The choice applies at once
(the style sheet, and the plots already drawn: pyqtgraph's colours are
taken when a plot is made) and is kept for the workstation in the desk's
settings file (gui/shell/desk_state.py), so the next start, and the login
dialog before it, come up in it. The wall keeps its own theme.
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtGui import QAction, QActionGroup, QColor
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QWidget

from smartcity_console.gui.i18n import QT_TRANSLATE_NOOP, translate
from smartcity_console.gui.shell.desk_state import desk_settings
from smartcity_console.gui.shell.theme import apply_theme, plot_colours
from smartcity_console.gui.widgets.retranslating import Retranslating

DESK_THEMES = {  # the theme's words, translated at use
    "dark": QT_TRANSLATE_NOOP("ThemeMenu", "Dark"),
    "light": QT_TRANSLATE_NOOP("ThemeMenu", "Light"),
}
DEFAULT_THEME = "dark"
_KEY = "desk/theme"


def saved_theme() -> str:
    """The desk theme chosen last on this workstation (``dark`` until one is chosen)."""
    value = desk_settings().value(_KEY, DEFAULT_THEME)
    return value if isinstance(value, str) and value in DESK_THEMES else DEFAULT_THEME


def choose_theme(name: str, window: QWidget) -> None:
    """Apply a desk theme now, to the desk's plots already drawn too, and keep it.

    Only ``window``'s own plots (its docks included) are restyled, not every
    widget the application holds: ``allWidgets()`` also hands back widgets of
    closed windows waiting for their deferred delete, and touching one of
    those crashed a full test run.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication) or name not in DESK_THEMES:
        return
    apply_theme(app, name)
    background, foreground = plot_colours(name)
    for widget in window.findChildren(pg.PlotWidget):
        if not _on_wall(widget):
            _restyle_plot(widget, background, foreground)
    settings = desk_settings()
    settings.setValue(_KEY, name)
    settings.sync()


def _restyle_plot(widget: pg.PlotWidget, background: str, foreground: str) -> None:
    """A plot made under the other theme: its paper, axes, axis titles and legend."""
    widget.setBackground(background)
    for name in ("left", "bottom"):
        axis = widget.getAxis(name)
        axis.setPen(foreground)
        axis.setTextPen(foreground)
        if axis.labelText:
            axis.setLabel(
                axis.labelText, axis.labelUnits, **{**axis.labelStyle, "color": foreground}
            )
    legend = widget.getPlotItem().legend
    if legend is not None:
        paper = QColor(background)
        paper.setAlpha(210)
        legend.setBrush(pg.mkBrush(paper))
        legend.setLabelTextColor(foreground)


def _on_wall(widget: QWidget) -> bool:
    return widget.window().objectName() == "wall"  # gui/wall/window.py


class ThemeMenu(Retranslating, QMenu):
    """One checkable action per desk theme; the one in use is checked."""

    def __init__(self, choose: Callable[[str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("menuTheme")
        group = QActionGroup(self)
        group.setExclusive(True)
        self.actions_by_theme: dict[str, QAction] = {}
        current = saved_theme()
        for name in DESK_THEMES:
            action = QAction(self)
            action.setObjectName(f"actionTheme_{name}")
            action.setCheckable(True)
            action.setChecked(name == current)
            action.triggered.connect(lambda _=False, n=name: choose(n))
            group.addAction(action)
            self.addAction(action)
            self.actions_by_theme[name] = action
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(translate("ThemeMenu", "&Theme"))
        for name, action in self.actions_by_theme.items():
            action.setText(translate("ThemeMenu", DESK_THEMES[name]))


def install_theme_menu(window: QMainWindow) -> ThemeMenu:
    """Add the Theme submenu to the window's View menu (or its menu bar)."""
    menu = ThemeMenu(lambda name: choose_theme(name, window), window)
    view = window.findChild(QMenu, "menuView")
    if view is not None:
        view.addMenu(menu)
    else:
        window.menuBar().addMenu(menu)
    return menu
