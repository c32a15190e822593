"""Where dashboard layouts live: shipped defaults, this workstation's copies, exported files.

* Defaults ship in ``resources/layouts/<key>.json`` (the overview and one per
  program) and show the simulator's feeds out of the box.
* An operator's edits are saved per workstation in the user's data folder
  (``<data dir>/layouts/<key>.json``), written to a temporary file and renamed,
  so a crash mid-write never leaves half a layout.
* A saved file that no longer reads (edited by hand, from a newer console) is
  never overwritten: it is renamed ``<key>.json.bad`` (kept), the default is
  used, and the problem is reported once in :attr:`LayoutFiles.problems`.
* Import validates the whole file before anything is replaced; a bad file
  raises :class:`LayoutError` and the current layout stays as it was.
* A config that still has the retired ``[[plots]]`` (the overview's old,
  second definition) is migrated once: its plots become this workstation's
  overview layout, unless one is saved already; the config file is left as it
  was, and :func:`migrate_retired_plots` says what happened (docs/dashboards.md).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from smartcity_console.config import RetiredPlot
from smartcity_console.core.layouts import Layout, LayoutError, Panel, dump_layout, parse_layout
from smartcity_console.core.programs import program
from smartcity_console.paths import resource_path, user_data_dir

log = logging.getLogger(__name__)
OVERVIEW = "overview"


def defaults_dir() -> Path:
    return resource_path("layouts")


def saved_dir() -> Path:
    return user_data_dir() / "layouts"


def read_layout(path: Path) -> Layout:
    """One layout file, or a :class:`LayoutError` naming it and what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LayoutError(f"layout file {path}: not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LayoutError(f"layout file {path}: cannot be read: {exc}") from None
    return parse_layout(text, str(path))


def write_layout(layout: Layout, path: Path) -> None:
    """Write atomically: a temporary file beside ``path``, then one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(dump_layout(layout))
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class LayoutFiles:
    """Load, save, export and import the layouts of one workstation."""

    def __init__(self, saved: Path | None = None, defaults: Path | None = None) -> None:
        self.saved = saved or saved_dir()
        self.defaults = defaults or defaults_dir()
        self.problems: list[str] = []

    def default(self, key: str) -> Layout | None:
        path = self.defaults / f"{key}.json"
        if not path.exists():
            return None
        return read_layout(path)

    def load_saved(self, key: str) -> Layout | None:
        """This workstation's copy of a dashboard, or None (none saved, or unreadable)."""
        path = self.saved / f"{key}.json"
        if not path.exists():
            return None
        try:
            layout = read_layout(path)
        except LayoutError as exc:
            kept = path.with_name(path.name + ".bad")
            path.replace(kept)
            self.problems.append(f"{exc} (kept as {kept.name}; using the default layout)")
            return None
        if layout.key != key:
            self.problems.append(
                f"layout file {path}: holds dashboard {layout.key!r}, not {key!r}; ignored"
            )
            return None
        return layout

    def load(self, key: str, fallback: Layout | None = None) -> Layout | None:
        """This workstation's saved layout, else the shipped default, else ``fallback``."""
        saved = self.load_saved(key)
        if saved is not None:
            return saved
        try:
            return self.default(key) or fallback
        except LayoutError as exc:
            self.problems.append(str(exc))
            return fallback

    def save(self, layout: Layout) -> Path:
        path = self.saved / f"{layout.key}.json"
        write_layout(layout, path)
        return path

    def forget(self, key: str) -> None:
        """Drop this workstation's copy, so the default is used again."""
        (self.saved / f"{key}.json").unlink(missing_ok=True)

    @staticmethod
    def export(layout: Layout, path: Path) -> None:
        write_layout(layout, path)

    @staticmethod
    def import_file(path: Path, key: str | None = None) -> Layout:
        """Read a file to import; with ``key``, it is re-keyed onto that dashboard."""
        layout = read_layout(path)
        if key is not None and layout.key != key:
            layout = layout.model_copy(update={"key": key})
        return layout


def layout_from_retired_plots(plots: Sequence[RetiredPlot]) -> Layout:
    """The overview the retired ``[[plots]]`` described: one plot each, three across.

    Exactly what the console used to draw from them, so a migrated workstation
    sees the same overview as before.
    """
    columns = 3 if len(plots) > 4 else 2
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
        for i, plot in enumerate(plots)
    ]
    rows = (len(panels) + columns - 1) // columns
    return Layout(key=OVERVIEW, columns=columns, rows=rows, panels=panels)


def retired_plots_message(config_file: Path | str, count: int, layout_file: Path | None) -> str:
    """What the installer reads about an old config's ``[[plots]]`` (log, status bar)."""
    head = (
        f"config file {config_file}: [[plots]] is retired, the overview is a layout file now "
        "(docs/dashboards.md)"
    )
    if layout_file is None:
        return (
            f"{head}; this workstation already has its own overview ({OVERVIEW}.json), so the "
            f"{count} [[plots]] tables were not used: remove them from the config"
        )
    return (
        f"{head}; its {count} plots were copied to {layout_file}, which the console shows "
        "from now on; the config file was not changed: remove its [[plots]] tables"
    )


def migrate_retired_plots(
    plots: Sequence[RetiredPlot], files: LayoutFiles, config_file: Path | str
) -> str | None:
    """Move an old config's ``[[plots]]`` into the saved overview; the message, or None.

    An overview saved on this workstation (an operator's edits, or an earlier
    migration) is never overwritten. The message is logged and added to
    :attr:`LayoutFiles.problems`, which the console shows in its status bar.
    """
    if not plots:
        return None
    saved = files.saved / f"{OVERVIEW}.json"
    written: Path | None = None
    if not saved.exists():
        try:
            written = files.save(layout_from_retired_plots(plots))
        except (OSError, LayoutError) as exc:
            message = f"config file {config_file}: [[plots]] could not be migrated: {exc}"
            log.warning("%s", message)
            files.problems.append(message)
            return message
    message = retired_plots_message(config_file, len(plots), written)
    log.warning("%s", message)
    files.problems.append(message)
    return message
