"""The dashboards of a console: the overview and one per program, in that order."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from smartcity_console.config import AppConfig
from smartcity_console.core.layouts import Layout, LayoutError, Panel
from smartcity_console.core.programs import PROGRAM_KEYS, program
from smartcity_console.gui import i18n
from smartcity_console.layout_files import LayoutFiles

OVERVIEW = "overview"
DASHBOARD_KEYS: tuple[str, ...] = (OVERVIEW, *PROGRAM_KEYS)


def overview_from_plots(config: AppConfig) -> Layout | None:
    """The overview as the config's ``[[plots]]`` describe it: one plot each, three across."""
    if not config.plots:
        return None
    columns = 3 if len(config.plots) > 4 else 2
    panels = [
        Panel(
            id=f"plot-{i + 1}",
            kind="plot",
            series=[plot.series],
            program=plot.program,
            title_id=plot.title_id or program(plot.program).label_id,
            title_en=plot.title_en or program(plot.program).label_en,
            row=i // columns,
            col=i % columns,
            max_series=plot.max_series,
            window="1h",
        )
        for i, plot in enumerate(config.plots)
    ]
    rows = (len(panels) + columns - 1) // columns
    return Layout(key=OVERVIEW, columns=columns, rows=rows, panels=panels)


def default_layout(config: AppConfig, key: str, files: LayoutFiles | None = None) -> Layout:
    """What a dashboard shows before anyone changed it on this workstation."""
    files = files or LayoutFiles()
    if key == OVERVIEW:
        from_config = overview_from_plots(config)
        if from_config is not None:
            return from_config
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
    config: AppConfig, files: LayoutFiles | None = None
) -> list[tuple[str, str, Layout]]:
    """(key, title, layout) of the overview and the six programs.

    This workstation's saved copy of each, else its default.
    """
    files = files or LayoutFiles()
    out = []
    for key in DASHBOARD_KEYS:
        layout = files.load_saved(key) or default_layout(config, key, files)
        out.append((key, dashboard_title(key, layout, i18n.current_language()), layout))
    return out
