"""The history API on a real server over HTTP, on SQLite and PostgreSQL, through the
console's client (history/client.py).

Readings go in through the recorder's writer; what comes out is what a plot
needs: the readings themselves for a short window, min/max per bucket from
the minute or hour rollup for a long one (a one-second spike survives), the
catalogue with units and times, and the same refusals as sync.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from smartcity_console.contract.history_columns import MEDIA_TYPE, decode
from smartcity_console.core.incidents import Role
from smartcity_console.core.readings import Reading
from smartcity_console.history.client import HistoryUnavailable, fetch_catalogue, fetch_window
from smartcity_console.history.partitions import Retention
from smartcity_console.history.writer import HistoryWriter
from smartcity_console.server.app import create_app
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.users import add_user
from tests.support.auth_server import LiveServer, live_server

PASSWORD = "kartini-2025"  # noqa: S105 (a test account)
DAY = 86_400.0
END = 1_764_288_000.0  # 2025-11-28 00:00 UTC
START = END - 7 * DAY
LEVEL = "rembang/environment/river_level/lasem"
PM25 = "rembang/environment/air/rembang#pm25"
DOOR = "rembang/buildings/pump_house/door"


@pytest.fixture
def server(server_database_url: str) -> Iterator[LiveServer]:
    app = create_app(server_database_url)
    db: ServerDatabase = app.state.server_db
    add_user(db, "sari", Role.OPERATOR, PASSWORD)
    writer = HistoryWriter(db.engine, Retention(raw_days=None))
    # A week of one reading a minute; a spike of one reading on the third day.
    readings = [Reading(LEVEL, START + i * 60.0, 100.0 + (i % 60), "cm") for i in range(7 * 1440)]
    readings.append(Reading(LEVEL, START + 2 * DAY + 30.0, 999.0, "cm"))
    readings += [Reading(PM25, END - 600 + i, float(i), "ug/m3") for i in range(600)]
    # A door contact: two-valued (Reading.state), open for ten minutes each hour.
    readings += [
        Reading(DOOR, START + i * 600.0, float(i % 6 == 0), None, True) for i in range(1008)
    ]
    writer.write(readings, END)
    with live_server(app) as live:
        yield live
    db.close()


@pytest.fixture
def client(server: LiveServer) -> Iterator[httpx.Client]:
    token = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "sari", "password": PASSWORD}
    ).json()["token"]
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}) as c:
        yield c


def test_a_week_comes_from_the_5_minute_rollup_with_the_spike_kept(client: httpx.Client) -> None:
    windows = fetch_window(client, [LEVEL, "rembang/nothing"], START, END, points=2000)
    level = windows[LEVEL]
    assert (level.resolution, level.bucket_s, level.unit) == ("5m", 300.0, "cm")
    assert len(level) == 7 * 288
    assert level.count.sum() == 7 * 1440 + 1  # every reading counted once
    assert level.max.max() == 999.0  # the one-second spike is in its bucket's max
    assert level.min.min() == 100.0
    assert windows["rembang/nothing"].known is False
    assert len(windows["rembang/nothing"]) == 0


def test_a_day_comes_from_the_minute_rollup(client: httpx.Client) -> None:
    level = fetch_window(client, [LEVEL], START + 2 * DAY, START + 3 * DAY, points=1000)[LEVEL]
    assert (level.resolution, level.bucket_s, len(level)) == ("1m", 60.0, 1440)
    assert level.count.sum() == 1441
    assert level.max.max() == 999.0
    # Merged minutes: 216 s a point asked, whole minutes give 3 minutes a bucket.
    merged = fetch_window(client, [LEVEL], START + 2 * DAY, START + 3 * DAY, points=400)[LEVEL]
    assert (merged.resolution, merged.bucket_s, len(merged)) == ("1m", 180.0, 480)
    assert merged.count.sum() == 1441


def test_a_month_span_comes_from_the_hour_rollup(client: httpx.Client) -> None:
    level = fetch_window(client, [LEVEL], START - 23 * DAY, END, points=200)[LEVEL]
    assert (level.resolution, level.bucket_s) == ("1h", 3 * 3600.0)
    assert level.count.sum() == 7 * 1440 + 1
    assert level.mean[0] == pytest.approx(129.5)  # mean of 100..159, each three times


def test_a_short_window_is_the_readings_themselves(client: httpx.Client) -> None:
    pm = fetch_window(client, [PM25], END - 300, END, points=1000)[PM25]
    assert (pm.resolution, pm.bucket_s) == ("raw", 0.0)
    assert pm.t.tolist() == [END - 300 + i for i in range(300)]
    assert pm.min.tolist() == pm.max.tolist() == [float(i) for i in range(300, 600)]
    # Too many readings for the points asked: buckets of the raw readings.
    coarse = fetch_window(client, [PM25], END - 600, END, points=60)[PM25]
    assert (coarse.resolution, coarse.bucket_s, len(coarse)) == ("raw", 10.0, 60)
    assert coarse.max.tolist()[:2] == [9.0, 19.0]


def test_the_catalogue_lists_units_and_first_and_last_times(client: httpx.Client) -> None:
    catalogue = {s.name: s for s in fetch_catalogue(client)}
    assert catalogue[LEVEL].unit == "cm"
    assert catalogue[LEVEL].first_t == START
    assert catalogue[LEVEL].last_t == END - 60
    assert catalogue[PM25].last_t == END - 1


def test_it_is_for_signed_in_users_and_says_what_is_wrong(
    server: LiveServer, client: httpx.Client
) -> None:
    anonymous = httpx.get(
        f"{server.url}/api/v1/history", params={"series": LEVEL, "from": START, "to": END}
    )
    assert anonymous.status_code == 401
    with (
        httpx.Client(base_url=server.url) as nobody,
        pytest.raises(HistoryUnavailable, match="401"),
    ):
        fetch_catalogue(nobody)
    cases: dict[str, tuple[dict[str, str | float | int], int, str]] = {
        "no zone": ({"series": LEVEL, "from": "2025-11-27T00:00", "to": END}, 400, "zone"),
        "no series": ({"from": START, "to": END}, 422, "series"),
        "control char": ({"series": "a\x01b", "from": START, "to": END}, 422, "series"),
        "too many points": ({"series": LEVEL, "from": START, "to": END, "points": 10**6}, 422, ""),
    }
    for name, (params, code, words) in cases.items():
        answer = client.get("/api/v1/history", params=params)
        assert answer.status_code == code, name
        assert words in answer.text, name
    with pytest.raises(HistoryUnavailable, match="422"):
        fetch_window(client, [LEVEL], START, END, points=1)
    # A window that is empty (reversed, or before any recording) has no points.
    assert len(fetch_window(client, [LEVEL], END, START)[LEVEL]) == 0
    assert len(fetch_window(client, [LEVEL], -1e12, 0.0)[LEVEL]) == 0


def test_the_console_gets_binary_columns_and_others_the_same_as_json(
    client: httpx.Client,
) -> None:
    params: list[tuple[str, str | int | float | bool | None]] = [
        ("series", LEVEL),
        ("series", PM25),
        ("series", "rembang/nothing"),
    ]
    params += [("from", START), ("to", END), ("points", 2000)]
    as_json = client.get("/api/v1/history", params=params)
    assert as_json.headers["content-type"] == "application/json"
    binary = client.get("/api/v1/history", params=params, headers={"Accept": MEDIA_TYPE})
    assert binary.headers["content-type"] == MEDIA_TYPE
    decoded = decode(binary.content)
    texts = as_json.json()["series"]
    assert [w.name for w in decoded.series] == [s["name"] for s in texts]
    for window, text in zip(decoded.series, texts, strict=True):
        assert (window.known, window.resolution, window.bucket_s) == (
            text["known"],
            text["resolution"],
            text["bucket_s"],
        )
        assert window.t.tolist() == text["t"]
        assert window.min.tolist() == text["min"]
        assert window.max.tolist() == text["max"]
        assert window.mean.tolist() == pytest.approx(text["mean"])
        assert window.count.tolist() == text["count"]
    assert max(decoded.series[0].max) == 999.0  # the spike, in the binary form too
    assert len(decoded.series[2]) == 0


def test_a_door_comes_back_two_valued_to_be_drawn_as_steps(client: httpx.Client) -> None:
    windows = fetch_window(client, [DOOR, LEVEL], START, END, points=2000)
    assert windows[DOOR].state is True
    assert windows[LEVEL].state is False
    assert set(windows[DOOR].max.tolist()) == {0.0, 1.0}
    catalogue = {s.name: s for s in fetch_catalogue(client)}
    assert catalogue[DOOR].state is True
    assert catalogue[LEVEL].state is False
    text = client.get("/api/v1/history", params={"series": DOOR, "from": START, "to": END}).json()
    assert text["series"][0]["state"] is True
