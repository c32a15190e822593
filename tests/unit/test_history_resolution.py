"""Which table a history window is read from, and how wide its buckets are.

The rule a console's plot depends on (history/query.py): raw readings for a
short window, then the finest rollup whose buckets are no wider than a point,
merged into whole multiples of its width.
"""

from __future__ import annotations

import pytest

from smartcity_console.history.query import choose

HOUR = 3600.0
DAY = 24 * HOUR


@pytest.mark.parametrize(
    ("span", "points", "expected"),
    [
        (HOUR, 2000, ("raw", 1.8)),  # the console's raw hour: readings as they are
        (DAY, 1440, ("1m", 60.0)),  # a day at one point a minute: the minute rollup as stored
        (DAY, 400, ("1m", 180.0)),  # 216 s a point: whole minutes, 3 a bucket
        (7 * DAY, 2000, ("5m", 300.0)),  # the wall's week: the 5-minute rollup as stored
        (7 * DAY, 1000, ("5m", 600.0)),
        (30 * DAY, 500, ("1h", HOUR)),  # a month: the hour rollup as stored
        (365 * DAY, 2000, ("1h", 4 * HOUR)),
    ],
)
def test_a_window_is_read_from_the_finest_table_no_finer_than_a_point(
    span: float, points: int, expected: tuple[str, float]
) -> None:
    resolution, width = choose(span, points)
    assert resolution == expected[0]
    assert width == pytest.approx(expected[1])
    # Widths are whole rollup buckets, rounded down: never fewer points than asked.
    assert span / width >= points
