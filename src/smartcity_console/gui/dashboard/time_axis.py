"""The plots' WIB time axis, with day and month names in the GUI's language.

pyqtgraph's ``DateAxisItem`` formats with ``strftime``, whose ``%a``/``%b`` come
from the C locale: an Indonesian wall read "Sat 28" on its 7-day plots. Ticks
with day or month names are formatted by ``QLocale()`` instead, which
``gui/i18n.py`` sets to id_ID or en_US with the language; the rest stay
pyqtgraph's (numbers read the same in both).
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QDateTime, QLocale, QTimeZone
from PySide6.QtGui import QFont, QFontMetrics

from smartcity_console.core.clock import WIB_OFFSET_S
from smartcity_console.core.units import localize_digits
from smartcity_console.gui import i18n

WIB_UTC_OFFSET = -WIB_OFFSET_S  # pyqtgraph counts seconds west of UTC, like time.timezone
_WIB = QTimeZone(WIB_OFFSET_S)
# strftime codes pyqtgraph's tick specs use -> QLocale's date format codes.
_CODES = (("%a", "ddd"), ("%b", "MMM"), ("%d", "d"), ("%Y", "yyyy"))


def locale_time(t: float, pattern: str) -> str:
    """``t`` (epoch seconds) in WIB, by a QLocale date pattern, in the GUI's language."""
    return QLocale().toString(QDateTime.fromSecsSinceEpoch(int(t), _WIB), pattern)


class LocalDateAxis(pg.DateAxisItem):  # type: ignore[misc]  # pyqtgraph is untyped
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(utcOffset=WIB_UTC_OFFSET, **kwargs)
        # WORKAROUND (pyqtgraph 0.14): DateAxisItem.setZoomLevelForDensity reads the
        # font metrics its first paint sets; the plot sets the real tick font later.
        self.fontMetrics = QFontMetrics(QFont())

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802 (pyqtgraph's name)
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        if spec is None or not any(code in spec.format for code in ("%a", "%b")):
            strings: list[str] = super().tickStrings(values, scale, spacing)
            return strings
        pattern = spec.format
        for code, qt_code in _CODES:
            pattern = pattern.replace(code, qt_code)
        return [locale_time(value, pattern) for value in values]


class LocalNumberAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """A value axis whose ticks are written as the GUI's language writes numbers.

    pyqtgraph writes "2.5" whatever the language; the tiles beside the plot
    read "2,5" in Indonesian (issue 17: numbers in one format everywhere).
    """

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802 (pyqtgraph's name)
        strings: list[str] = super().tickStrings(values, scale, spacing)
        language = i18n.current_language()
        return [localize_digits(text, language) for text in strings]
