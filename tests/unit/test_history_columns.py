"""The history API's binary columns (contract/history_columns.py): what goes in comes out,
and a body that is not one is refused in words, never half read."""

from __future__ import annotations

import numpy as np
import pytest

from smartcity_console.contract.history_columns import (
    ColumnsAnswer,
    ColumnsWindow,
    MalformedColumnsError,
    decode,
    empty,
    encode,
)


def answer() -> ColumnsAnswer:
    t = np.arange(5, dtype=np.float64) * 300.0
    window = ColumnsWindow(
        "rembang/river#level",
        "m",
        True,
        False,
        "5m",
        300.0,
        t,
        t - 1.0,
        t + 1.0,
        np.array([0.5, np.nan, 2.5, 3.5, 4.5]),
        np.arange(5, dtype=np.int64),
    )
    door = ColumnsWindow(
        "rembang/door",
        None,
        True,
        True,
        "5m",
        300.0,
        t[:2],
        np.zeros(2),
        np.ones(2),
        np.full(2, 0.5),
        np.array([3, 4], dtype=np.int64),
    )
    return ColumnsAnswer(
        0.0, 1500.0, 10, [window, empty("nothing", None, False, False, "5m"), door]
    )


def test_what_is_encoded_decodes_the_same() -> None:
    back = decode(encode(answer()))
    assert (back.from_t, back.to_t, back.points) == (0.0, 1500.0, 10)
    assert [w.name for w in back.series] == ["rembang/river#level", "nothing", "rembang/door"]
    level, nothing, door = back.series
    assert level.t.tolist() == [0.0, 300.0, 600.0, 900.0, 1200.0]
    assert np.isnan(level.mean[1])
    assert level.count.tolist() == [0, 1, 2, 3, 4]
    assert (nothing.known, len(nothing)) == (False, 0)
    assert (door.state, door.unit, door.count.tolist()) == (True, None, [3, 4])


@pytest.mark.parametrize(
    ("mangle", "words"),
    [
        (lambda b: b"{" + b[1:], "SCCOLS1"),
        (lambda b: b[:-8], "bytes"),
        (lambda b: b + b"\0" * 8, "bytes"),
        (lambda b: b[:14], "header"),
    ],
)
def test_a_body_that_is_not_columns_is_refused_in_words(mangle: object, words: str) -> None:
    body = encode(answer())
    with pytest.raises(MalformedColumnsError, match=words):
        decode(mangle(body))  # type: ignore[operator]
