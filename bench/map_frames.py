"""The map panel's frames: 2,000 stations, a few changing state every frame.

Part of bench/render.py (``map_*`` keys); alone: ``python bench/map_frames.py``.

A :class:`MapPanel` on a 1920 x 1080 widget shows 2,000 stations spread
over the regency (placed on a grid, each in one of the 14 kecamatan); every
frame, ``--changes`` of them (20 by default, 1 %) gain or lose an open
incident, so their marker changes colour, and the console's
:class:`RenderLoop` draws a frame, paint included (``repaint`` of the
panel's plot). Frames are paced at the console's 30 fps; ``map_fps`` is the
frames per second reached, ``map_frame_p50_ms`` / ``map_frame_p99_ms`` the
GUI thread's time per frame (state rule, recolouring, paint).

Reference in the same run: the same 2,000 markers redrawn the naive way,
``setData`` of every spot with its brush each frame, then the same paint
(``map_reference_frame_p50_ms``); ``ratio_map_vs_full_redraw`` is the
console's median frame time over the reference's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from smartcity_console.core.geo import REMBANG_EXTENT
from smartcity_console.core.incidents import Severity, Status
from smartcity_console.core.layouts import Panel
from smartcity_console.core.map_states import MARKER_COLOURS, IncidentMark, MapBoard, MarkerState
from smartcity_console.core.places import KECAMATAN, PlaceBook, StationPlace
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.gui.dashboard import PanelContext, RenderLoop
from smartcity_console.gui.dashboard.map_panel import MapPanel
from smartcity_console.map_files import load_base_map

FRAME_RATE = 30.0


def places(count: int) -> list[StationPlace]:
    lon0, lat0, lon1, lat1 = REMBANG_EXTENT
    side = int(np.ceil(np.sqrt(count)))
    out = []
    for i in range(count):
        row, col = divmod(i, side)
        out.append(
            StationPlace(
                f"st_{i:04d}",
                lat0 + (lat1 - lat0) * (row + 0.5) / side,
                lon0 + (lon1 - lon0) * (col + 0.5) / side,
                KECAMATAN[i % len(KECAMATAN)],
            )
        )
    return out


def pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 2) if values else float("nan")


def run(app: QApplication, seconds: float, stations: int, changes: int) -> dict[str, Any]:
    now = time.time()
    moment = datetime.fromtimestamp(now, UTC)
    spots = places(stations)
    store = SeriesStore()
    store.append_batch(
        [Reading(f"rembang/environment/river_level/{p.station}", now, 1.0, "m") for p in spots],
        now,
    )
    board = MapBoard(PlaceBook(spots), load_base_map())
    context = PanelContext(store, (), "en", board=board)
    panel = MapPanel(Panel(id="map", kind="map", series=["rembang/#"]), context)
    panel.resize(1920, 1080)
    panel.show()
    loop = RenderLoop(FRAME_RATE)
    loop.add(panel)
    loop.run_frame(now)
    app.processEvents()
    assert len(panel.stations) == stations

    def marks(frame: int) -> list[IncidentMark]:
        first = (frame * changes) % stations
        return [
            IncidentMark(
                f"i{k}",
                "bench",
                spots[k % stations].station,
                Severity.HIGH,
                Status.NEW,
                moment,
                None,
            )
            for k in range(first, first + changes)
        ]

    period = 1.0 / FRAME_RATE
    frame_ms: list[float] = []
    touched: list[int] = []
    frame = 0
    started = time.perf_counter()
    next_at = started
    while time.perf_counter() - started < seconds:
        t0 = time.perf_counter()
        board.set_incidents(marks(frame))
        loop.run_frame(now)
        panel.plot.repaint()
        frame_ms.append((time.perf_counter() - t0) * 1000)
        touched.append(panel.touched)
        frame += 1
        next_at += period
        while time.perf_counter() < next_at:
            app.processEvents()
        if time.perf_counter() - next_at > period:  # late: no catch-up burst
            next_at = time.perf_counter()
    elapsed = time.perf_counter() - started

    # Reference: every spot re-set every frame, the same paint.
    colours = [pg.mkBrush(MARKER_COLOURS[s]) for s in MarkerState]
    xy = np.array([(p.longitude, p.latitude) for p in spots])
    reference_ms: list[float] = []
    ref_started = time.perf_counter()
    i = 0
    while time.perf_counter() - ref_started < max(2.0, seconds / 3):
        t0 = time.perf_counter()
        brushes = [colours[(k + i) % len(colours)] for k in range(stations)]
        panel.scatter.setData(x=xy[:, 0], y=xy[:, 1], brush=brushes, size=panel.marker_size)
        panel.plot.repaint()
        reference_ms.append((time.perf_counter() - t0) * 1000)
        app.processEvents()
        i += 1
    panel.close()
    p50 = pct(frame_ms, 50)
    ref_p50 = pct(reference_ms, 50)
    return {
        "map_stations": stations,
        "map_changes_per_frame": changes,
        "map_fps": round(frame / elapsed, 1),
        "map_frame_p50_ms": p50,
        "map_frame_p99_ms": pct(frame_ms, 99),
        "map_markers_touched_per_frame_p50": int(np.median(touched)) if touched else 0,
        "map_reference_frame_p50_ms": ref_p50,
        "ratio_map_vs_full_redraw": round(p50 / ref_p50, 2) if ref_p50 else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--stations", type=int, default=2000)
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    print(json.dumps(run(app, args.seconds, args.stations, args.changes), indent=2))


if __name__ == "__main__":
    main()
