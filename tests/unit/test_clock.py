"""The command center's clock: WIB (UTC+7) for every time shown, whatever the machine's zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from smartcity_console.core.clock import (
    WIB,
    WIB_LABEL,
    parse_time,
    utc_now,
    wib,
    wib_midnight,
    wib_text,
)

# 17:30 UTC on 28 November 2025 is already 00:30 on the 29th in Rembang.
LATE_UTC = datetime(2025, 11, 28, 17, 30, tzinfo=UTC)


def test_a_time_is_shown_in_wib_with_its_label() -> None:
    assert WIB_LABEL == "WIB"
    assert wib(LATE_UTC.timestamp()) == datetime(2025, 11, 29, 0, 30, tzinfo=WIB)
    assert wib_text(LATE_UTC) == "2025-11-29 00:30:00 WIB"


def test_the_date_is_left_out_only_on_the_same_wib_day() -> None:
    same_wib_day = datetime(2025, 11, 29, 1, 0, tzinfo=UTC)  # 08:00 WIB on the 29th
    same_utc_day = datetime(2025, 11, 28, 16, 0, tzinfo=UTC)  # 23:00 WIB on the 28th
    assert wib_text(LATE_UTC, same_wib_day) == "00:30:00 WIB"
    assert wib_text(LATE_UTC.timestamp(), same_utc_day.timestamp()) == "2025-11-29 00:30:00 WIB"


def test_wib_midnight_is_the_start_of_the_local_day() -> None:
    midnight = wib_midnight(LATE_UTC.timestamp())
    assert wib(midnight) == datetime(2025, 11, 29, tzinfo=WIB)
    assert wib_midnight(midnight) == midnight


def test_now_is_kept_in_utc() -> None:
    offset = utc_now().utcoffset()
    assert offset is not None
    assert offset.total_seconds() == 0


def test_a_typed_time_without_offset_is_wall_clock_time_in_wib() -> None:
    # 07:30 WIB on the 29th is 00:30 UTC on the 29th, whatever this machine's zone.
    assert parse_time("2025-11-29T07:30") == datetime(2025, 11, 29, 0, 30, tzinfo=UTC).timestamp()
    assert parse_time("2025-11-29T07:30+00:00") == parse_time("2025-11-29T14:30")
    assert parse_time("1764300000.25") == 1764300000.25


@pytest.mark.parametrize("text", ["yesterday", "nan", "inf", ""])
def test_a_time_that_is_not_one_says_what_is_expected(text: str) -> None:
    with pytest.raises(ValueError, match="expected ISO 8601 such as"):
        parse_time(text)
