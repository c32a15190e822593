"""An old config's ``[[plots]]``: still loads, is migrated to a layout file once, and says so.

The overview was defined twice (``[[plots]]`` in the config and
``resources/layouts/overview.json``, never reached, with other titles); the
layout files are the one source now. An installer's config written before
keeps its overview: the plots are copied to this workstation's saved
overview (the config file is not touched), and the log, the status bar and
doctor say what happened and what to remove.
"""

from __future__ import annotations

import json
from pathlib import Path

from smartcity_console.config import parse_config
from smartcity_console.doctor.runner import check_config
from smartcity_console.layout_files import LayoutFiles, migrate_retired_plots

OLD = """
[[plots]]
program = "environment"
series = "rembang/environment/pm25/+"
title_id = "Lingkungan · PM2.5"
title_en = "Environment · PM2.5"

[[plots]]
program = "economy"
series = "rembang/economy/price_cabai_rawit/+"
"""


def _files(tmp_path: Path) -> LayoutFiles:
    return LayoutFiles(saved=tmp_path / "layouts")


def test_old_plots_become_the_saved_overview_and_the_config_is_kept(tmp_path: Path) -> None:
    config_file = tmp_path / "console.toml"
    config_file.write_text(OLD, encoding="utf-8")
    config = parse_config(OLD, str(config_file), environ={})
    files = _files(tmp_path)

    message = migrate_retired_plots(config.retired_plots, files, config_file)

    saved = tmp_path / "layouts" / "overview.json"
    assert message is not None
    assert "[[plots]] is retired" in message
    assert str(saved) in message
    assert "remove its [[plots]] tables" in message
    assert message in files.problems  # the console's status bar shows these
    overview = files.load_saved("overview")
    assert overview is not None
    assert [(p.series, p.title_en) for p in overview.panels] == [
        (["rembang/environment/pm25/+"], "Environment · PM2.5"),
        # No title in the table: the program's label, as the console drew it before.
        (["rembang/economy/price_cabai_rawit/+"], "Smart Economy"),
    ]
    assert config_file.read_text(encoding="utf-8") == OLD  # the original is kept


def test_an_overview_saved_on_the_workstation_is_never_overwritten(tmp_path: Path) -> None:
    files = _files(tmp_path)
    saved = tmp_path / "layouts" / "overview.json"
    saved.parent.mkdir()
    mine = {"schema_version": 1, "key": "overview", "columns": 1, "rows": 1, "panels": []}
    saved.write_text(json.dumps(mine), encoding="utf-8")
    config = parse_config(OLD, "console.toml", environ={})

    message = migrate_retired_plots(config.retired_plots, files, "console.toml")

    assert message is not None
    assert "were not used: remove them" in message
    assert json.loads(saved.read_text(encoding="utf-8")) == mine


def test_a_config_without_plots_needs_nothing(tmp_path: Path) -> None:
    files = _files(tmp_path)
    assert migrate_retired_plots([], files, "console.toml") is None
    assert not (tmp_path / "layouts").exists()
    assert files.problems == []


def test_doctor_warns_about_retired_plots(tmp_path: Path) -> None:
    config_file = tmp_path / "console.toml"
    config_file.write_text(OLD, encoding="utf-8")
    check, config, _ = check_config(config_file)
    assert config is not None
    assert (check.status, check.code) == ("warn", "config-plots-retired")
    assert "2 [[plots]] tables" in check.detail.en
    assert "tabel [[plots]]" in check.detail("id")
