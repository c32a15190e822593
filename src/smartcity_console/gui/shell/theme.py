"""Themes are Qt style sheets in ``resources/themes``; pyqtgraph follows the palette.

``dark`` and ``light`` are the desk themes; ``wall`` is the high-contrast
dark theme of wall mode (docs/wall.md). A theme may write sizes as
``@px(n)``: n pixels at a reference height of 1080, multiplied by ``unit``
(the wall passes its height / 1080), so type keeps its proportion on any
screen. Qt style-sheet pixels are device-independent, so every theme stays
right under high-DPI scaling (``QT_SCALE_FACTOR=2``).
"""

from __future__ import annotations

import re

import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from smartcity_console.paths import resource_path

THEMES = ("dark", "light", "wall")
_PLOT_COLOURS = {
    "dark": ("#101418", "#D8DEE4"),
    "light": ("#FFFFFF", "#1B1F23"),
    "wall": ("#000000", "#FFFFFF"),
}
_PX = re.compile(r"@px\((\d+(?:\.\d+)?)\)")


def theme_qss(name: str, unit: float = 1.0) -> str:
    """The style sheet ``resources/themes/<name>.qss`` with its ``@px(n)`` sizes scaled."""
    text = resource_path("themes", f"{name}.qss").read_text(encoding="utf-8")
    return _PX.sub(lambda m: f"{max(1, round(float(m.group(1)) * unit))}px", text)


def plot_colours(name: str) -> tuple[str, str]:
    """(background, foreground) for pyqtgraph under theme ``name``."""
    return _PLOT_COLOURS.get(name, _PLOT_COLOURS["dark"])


def apply_theme(app: QApplication, name: str) -> None:
    """Load ``resources/themes/<name>.qss`` and match pyqtgraph's colours to it."""
    app.setStyleSheet(theme_qss(name))
    background, foreground = plot_colours(name)
    pg.setConfigOptions(background=background, foreground=foreground, antialias=False)
