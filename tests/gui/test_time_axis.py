"""The plots' day and month names follow the GUI language, in WIB."""

from __future__ import annotations

import pytest

from smartcity_console.gui.dashboard.time_axis import LocalDateAxis, locale_time

FRIDAY = 1764300000.0  # Friday 28 November 2025, 10:20 WIB (03:20 UTC)


def _ticks(axis: LocalDateAxis, code: str) -> list[str]:
    """Zoom out until pyqtgraph names ticks with ``code`` (%a: days, %b: months)."""
    for seconds_per_pixel in (60, 120, 240, 480, 960, 1920, 3840, 7680):
        axis.setZoomLevelForDensity(seconds_per_pixel)
        spec = next((s for s in axis.zoomLevel.tickSpecs if code in s.format), None)
        if spec is not None:
            strings: list[str] = axis.tickStrings([FRIDAY], 1.0, spec.spacing)
            return strings
    raise AssertionError(f"no zoom level names ticks with {code}")


def _day_ticks(axis: LocalDateAxis) -> list[str]:
    return _ticks(axis, "%a")


def test_day_ticks_are_english_in_english() -> None:
    assert _day_ticks(LocalDateAxis(orientation="bottom")) == ["Fri 28"]


@pytest.mark.usefixtures("indonesian")
def test_day_ticks_are_indonesian_in_indonesian() -> None:
    assert _day_ticks(LocalDateAxis(orientation="bottom")) == ["Jum 28"]
    assert _ticks(LocalDateAxis(orientation="bottom"), "%b") == ["Nov"]
    assert locale_time(FRIDAY, "d MMM HH:mm") == "28 Nov 10:20"


def test_hour_ticks_are_wib_whatever_the_language() -> None:
    axis = LocalDateAxis(orientation="bottom")
    axis.setZoomLevelForDensity(3600 / 800)
    spec = axis.zoomLevel.tickSpecs[-1]
    [text] = axis.tickStrings([FRIDAY], 1.0, spec.spacing)
    assert text.startswith("10:")  # 03:20 UTC is 10:20 WIB
