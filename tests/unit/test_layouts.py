"""Dashboard layouts: editing, validation, files, and the shipped defaults (no Qt)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from smartcity_console.config import load_config
from smartcity_console.core.csv_export import write_csv
from smartcity_console.core.layouts import (
    SCHEMA_VERSION,
    Layout,
    LayoutError,
    Panel,
    dump_layout,
    layout_json_schema,
    parse_layout,
)
from smartcity_console.core.programs import PROGRAM_KEYS
from smartcity_console.core.series import SeriesSnapshot
from smartcity_console.core.thresholds import bands_for, state_of, worst_breach
from smartcity_console.core.topics import matches
from smartcity_console.layout_files import LayoutFiles, read_layout
from smartcity_console.paths import bundled_config_file, resource_path
from smartcity_console.sim.catalogue import CATALOGUE


def two_by_two() -> Layout:
    return Layout(
        key="test",
        columns=2,
        rows=2,
        panels=[Panel(id="a", series=["rembang/environment/pm25/+"])],
    )


def test_add_panel_takes_the_first_free_cell_and_a_new_row_when_full() -> None:
    layout = two_by_two().add_panel("tile", ["rembang/environment/pm25/lasem"])
    tile = layout.panels[-1]
    assert (tile.kind, tile.row, tile.col) == ("tile", 0, 1)
    layout = layout.add_panel("plot").add_panel("stations")
    assert layout.rows == 2
    layout = layout.add_panel("plot")
    assert layout.rows == 3
    assert (layout.panels[-1].row, layout.panels[-1].col) == (2, 0)
    assert len({p.id for p in layout.panels}) == len(layout.panels)


def test_move_resize_and_remove_return_new_layouts() -> None:
    original = two_by_two()
    moved = original.move_panel("a", 1, 1)
    assert (moved.panel("a").row, moved.panel("a").col) == (1, 1)
    assert (original.panel("a").row, original.panel("a").col) == (0, 0)  # unchanged
    wide = original.resize_panel("a", 1, 2)
    assert wide.panel("a").col_span == 2
    assert original.remove_panel("a").panels == []


def test_edits_that_overlap_or_leave_the_grid_are_refused_with_a_reason() -> None:
    layout = two_by_two().add_panel("tile")
    with pytest.raises(LayoutError, match="overlap"):
        layout.move_panel("tile-2", 0, 0)
    with pytest.raises(LayoutError, match="does not fit"):
        layout.resize_panel("a", 3, 1)
    with pytest.raises(LayoutError, match="does not fit"):
        layout.set_grid(1, 2)
    with pytest.raises(LayoutError, match="no panel"):
        layout.remove_panel("nope")


def test_a_drop_onto_free_cells_moves_and_onto_a_panel_trades_places() -> None:
    layout = two_by_two().add_panel("tile").add_panel("plot")  # a (0,0), tile-2 (0,1), plot-3 (1,0)
    moved = layout.drop_panel("a", 1, 1)
    assert (moved.panel("a").row, moved.panel("a").col) == (1, 1)
    traded = layout.drop_panel("a", 0, 1)
    assert (traded.panel("a").row, traded.panel("a").col) == (0, 1)
    assert (traded.panel("tile-2").row, traded.panel("tile-2").col) == (0, 0)
    assert traded.panel("plot-3") == layout.panel("plot-3")


def test_a_drop_that_fits_neither_way_is_refused() -> None:
    # "wide" spans two of three columns; in "a"'s corner cell it would not fit.
    layout = Layout(
        key="test",
        columns=3,
        rows=2,
        panels=[
            Panel(id="wide", row=0, col=0, col_span=2),
            Panel(id="a", row=1, col=2),
        ],
    )
    with pytest.raises(LayoutError, match="overlap"):
        layout.drop_panel("a", 0, 1)
    with pytest.raises(LayoutError, match="does not fit"):
        layout.drop_panel("wide", 1, 2)
    # Free cells take it.
    assert layout.drop_panel("a", 1, 0).panel("a").col == 0


def test_a_corner_drop_resizes_to_that_cell() -> None:
    layout = two_by_two()
    grown = layout.stretch_panel("a", 1, 1).panel("a")
    assert (grown.row_span, grown.col_span) == (2, 2)
    shrunk = layout.resize_panel("a", 2, 2).stretch_panel("a", 0, 0).panel("a")
    assert (shrunk.row_span, shrunk.col_span) == (1, 1)
    with pytest.raises(LayoutError, match="overlap"):
        layout.add_panel("tile").stretch_panel("a", 0, 1)


def test_series_are_checked_as_mqtt_filters_and_deduplicated() -> None:
    layout = two_by_two()
    chosen = layout.set_series("a", ["x/+/y", "x/+/y", "tele/pju/SENSOR#ENERGY.Power"])
    assert chosen.panel("a").series == ["x/+/y", "tele/pju/SENSOR#ENERGY.Power"]
    with pytest.raises(LayoutError, match="'#' must be"):
        layout.set_series("a", ["bad/#/filter"])


def test_json_round_trip_and_schema() -> None:
    layout = two_by_two().add_panel("stations", ["rembang/living/traffic/+"])
    assert parse_layout(dump_layout(layout), "mem") == layout
    schema = layout_json_schema()
    assert "panels" in schema["properties"]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "expected a JSON object"),
        ('{"key": "x", "schema_version": 99}', "schema_version 99 is not supported"),
        ('{"key": "x", "panels": [{"id": "a", "kind": "pie"}]}', "panels.0.kind"),
        (
            '{"key": "x", "columns": 1, "rows": 1, "panels": [{"id": "a"}, {"id": "b"}]}',
            "overlap",
        ),
    ],
)
def test_bad_layout_text_names_the_file_and_the_problem(text: str, expected: str) -> None:
    with pytest.raises(LayoutError, match=r"layout file f\.json") as info:
        parse_layout(text, "f.json")
    assert expected in str(info.value)


def test_saved_layouts_round_trip_per_workstation(tmp_path: Path) -> None:
    files = LayoutFiles(saved=tmp_path / "saved")
    layout = two_by_two().model_copy(update={"key": "environment"})
    path = files.save(layout)
    assert path == tmp_path / "saved" / "environment.json"
    assert files.load_saved("environment") == layout
    files.forget("environment")
    assert files.load_saved("environment") is None


def test_an_unreadable_saved_layout_is_kept_aside_and_reported(tmp_path: Path) -> None:
    files = LayoutFiles(saved=tmp_path)
    (tmp_path / "economy.json").write_text('{"key": "economy", "panels": [', encoding="utf-8")
    loaded = files.load("economy")
    assert loaded is not None
    assert loaded == files.default("economy")  # the shipped default is shown
    assert (tmp_path / "economy.json.bad").read_text(encoding="utf-8").startswith('{"key"')
    assert "not valid JSON" in files.problems[0]
    assert "economy.json.bad" in files.problems[0]


def test_import_validates_the_whole_file_and_rekeys(tmp_path: Path) -> None:
    exported = tmp_path / "copy.json"
    LayoutFiles.export(two_by_two(), exported)
    imported = LayoutFiles.import_file(exported, key="living")
    assert imported.key == "living"
    assert imported.panels == two_by_two().panels
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"key": "x", "panels": [{"id": "a", "row": 99}]}))
    with pytest.raises(LayoutError, match=r"broken\.json"):
        LayoutFiles.import_file(broken)
    with pytest.raises(LayoutError, match="not found"):
        read_layout(tmp_path / "missing.json")


@pytest.mark.parametrize("key", ["overview", *PROGRAM_KEYS])
def test_shipped_default_layouts_show_simulator_feeds(key: str) -> None:
    layout = read_layout(resource_path("layouts", f"{key}.json"))
    assert layout.key == key
    assert layout.schema_version == SCHEMA_VERSION
    assert layout.panels
    kinds = {p.kind for p in layout.panels}
    assert "plot" in kinds
    topics = [s.topic for s in CATALOGUE]
    for panel in layout.panels:
        assert panel.title_id
        assert panel.title_en
        for entry in panel.series:
            assert any(matches(entry, t) for t in topics), (key, panel.id, entry)


def test_threshold_bands_come_from_the_alarm_rules() -> None:
    rules = load_config(bundled_config_file()).alarms
    bands = bands_for("rembang/environment/river_level/kali_sedan", rules)
    assert [(b.kind, b.threshold, b.severity) for b in bands] == [("above", 2.5, "critical")]
    assert bands_for("rembang/environment/tide/x", rules) == []
    assert worst_breach(2.7, bands) == bands[0]
    assert worst_breach(2.0, bands) is None
    assert state_of(2.7, False, bands) == "breach"
    assert state_of(2.7, True, bands) == "stale"
    assert state_of(None, False, bands) == "empty"
    assert state_of(1.0, False, bands) == "ok"


def test_csv_export_writes_every_point_with_envelopes(tmp_path: Path) -> None:
    t = np.array([1764300000.0, 1764300060.0])
    snaps = [
        SeriesSnapshot("a/b", "m", "raw", t, np.array([1.5, 2.5])),
        SeriesSnapshot("c/d", None, "1min", t, np.array([3.0, 4.0]), t * 0, t * 0 + 9),
    ]
    path = tmp_path / "out.csv"
    assert write_csv(path, snaps) == 4
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["series"] == "a/b"
    assert rows[0]["time_utc"] == "2025-11-28T03:20:00.000+00:00"
    assert rows[0]["time_wib"] == "2025-11-28T10:20:00.000+07:00"
    assert (rows[0]["value"], rows[0]["min"]) == ("1.5", "")
    assert (rows[3]["resolution"], rows[3]["max"]) == ("1min", "9.0")


@pytest.mark.parametrize(
    "text",
    [
        '{"key": "x", "program": "health", "panels": []}',
        '{"key": "x", "panels": [{"id": "p", "program": "health"}]}',
    ],
)
def test_a_layout_or_panel_of_an_unknown_program_is_refused(text: str) -> None:
    with pytest.raises(LayoutError, match="unknown program; expected one of governance"):
        parse_layout(text, "x.json")
