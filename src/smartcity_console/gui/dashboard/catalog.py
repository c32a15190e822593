"""The dashboards of a console: the overview and one per program, in that order."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from smartcity_console.config import AppConfig
from smartcity_console.core.layouts import Layout, LayoutError
from smartcity_console.core.programs import PROGRAM_KEYS, program
from smartcity_console.gui import i18n
from smartcity_console.layout_files import OVERVIEW as OVERVIEW
from smartcity_console.layout_files import LayoutFiles, migrate_retired_plots

DASHBOARD_KEYS: tuple[str, ...] = (OVERVIEW, *PROGRAM_KEYS)


def default_layout(config: AppConfig, key: str, files: LayoutFiles | None = None) -> Layout:
    """What a dashboard shows before anyone changed it on this workstation."""
    files = files or LayoutFiles()
    try:
        shipped = files.default(key)
    except LayoutError as exc:  # a broken shipped file must not stop the console
        files.problems.append(str(exc))
        shipped = None
    return shipped or Layout(key=key, program=None if key == OVERVIEW else key)


def dashboard_title(key: str, layout: Layout, language: str) -> str:
    if layout.title_id or layout.title_en:
        return layout.title(language)
    if key == OVERVIEW:
        return QCoreApplication.translate("Dashboards", "Overview")
    return program(key).label(language)


def dashboards_for(
    config: AppConfig, files: LayoutFiles | None = None, config_file: Path | str = "the config"
) -> list[tuple[str, str, Layout]]:
    """(key, title, layout) of the overview and the six programs.

    This workstation's saved copy of each, else its default. An old config's
    retired ``[[plots]]`` become the saved overview first (once, with a message).
    """
    files = files or LayoutFiles()
    migrate_retired_plots(config.retired_plots, files, config_file)
    out = []
    for key in DASHBOARD_KEYS:
        layout = files.load_saved(key) or default_layout(config, key, files)
        out.append((key, dashboard_title(key, layout, i18n.current_language()), layout))
    return out
