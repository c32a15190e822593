"""Themes are Qt style sheets in ``resources/themes``; pyqtgraph follows the palette."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from smartcity_console.paths import resource_path

_PLOT_COLOURS = {"dark": ("#101418", "#D8DEE4"), "light": ("#FFFFFF", "#1B1F23")}


def apply_theme(app: QApplication, name: str) -> None:
    """Load ``resources/themes/<name>.qss`` and match pyqtgraph's colours to it."""
    qss = resource_path("themes", f"{name}.qss")
    app.setStyleSheet(qss.read_text(encoding="utf-8"))
    background, foreground = _PLOT_COLOURS.get(name, _PLOT_COLOURS["dark"])
    pg.setConfigOptions(background=background, foreground=foreground, antialias=False)
