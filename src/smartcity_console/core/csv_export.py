"""Write what a panel shows as CSV: one row per point, in long format.

Columns: ``series``, ``unit``, ``time_utc`` (ISO 8601), ``time_wib`` (local
time of Rembang), ``value``, and for aggregated history (``1min``, ``10min``)
``min`` and ``max`` of the bucket, so a spreadsheet sees the same peaks as
the plot. Qt-free; the GUI passes the arrays it drew.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import UTC, datetime, timezone
from pathlib import Path

from smartcity_console.core.clock import WIB
from smartcity_console.core.series import SeriesSnapshot

HEADER = ("series", "unit", "resolution", "time_utc", "time_wib", "value", "min", "max")


def _iso(t: float, tz: timezone) -> str:
    return datetime.fromtimestamp(t, tz).isoformat(timespec="milliseconds")


def write_csv(path: Path, snapshots: Iterable[SeriesSnapshot]) -> int:
    """Write every point of ``snapshots``; returns the number of data rows."""
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for snap in snapshots:
            mins = snap.v_min.tolist() if snap.v_min is not None else None
            maxs = snap.v_max.tolist() if snap.v_max is not None else None
            for i, (t, v) in enumerate(zip(snap.t.tolist(), snap.v.tolist(), strict=True)):
                writer.writerow(
                    (
                        snap.name,
                        snap.unit or "",
                        snap.resolution,
                        _iso(t, UTC),
                        _iso(t, WIB),
                        repr(v),
                        "" if mins is None else repr(mins[i]),
                        "" if maxs is None else repr(maxs[i]),
                    )
                )
                rows += 1
    return rows
