"""Export the incident list as currently filtered: Incidents menu actions and a worker thread.

The rows come from store/incident_export.py (Qt-free); here are only the
menu entries, the file dialog, and a thread so that an export of years of
tickets does not freeze the console. The panel's query at the moment of
the click is what is exported, in the list's order.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import translate
from smartcity_console.store import IncidentRepository, StoreError, TicketQuery
from smartcity_console.store.incident_export import ExportFormat, export

log = logging.getLogger(__name__)


class ListExporter(QObject):
    """Writes one export at a time on its own thread.

    Signals:
        finished(str, int, str): the file, rows written, and an error sentence ("" if none).
    """

    finished = Signal(str, int, str)

    def __init__(self, repository: IncidentRepository, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._repository = repository
        self._idle = threading.Lock()  # held while an export runs

    @property
    def running(self) -> bool:
        return self._idle.locked()

    def start(self, query: TicketQuery, path: Path, kind: ExportFormat) -> bool:
        """Start an export; ``False`` (and nothing done) while another one runs.

        The thread frees the exporter before it says it finished, so whoever
        hears ``finished`` can start the next one at once (a flag cleared by a
        slot of ours came after the listener's slot when both were queued, and
        a second export asked for right then was dropped).
        """
        if not self._idle.acquire(blocking=False):
            return False
        language = i18n.current_language()
        emit = self.finished.emit
        idle = self._idle

        def run() -> None:
            count, error = 0, ""
            try:
                count = export(self._repository.page, query, path, kind, language)
            except (OSError, StoreError) as exc:
                error = str(exc)
            except Exception as exc:
                log.exception("incident export to %s failed", path)
                error = str(exc) or type(exc).__name__
            finally:
                idle.release()
            with contextlib.suppress(RuntimeError):  # the panel is gone
                emit(str(path), count, error)

        threading.Thread(target=run, name="incident-export", daemon=True).start()
        return True


def finished_text(path: str, count: int, error: str) -> str:
    if error:
        return translate("IncidentsPanel", "The export failed: {}").format(error)
    return translate("IncidentsPanel", "Exported {count} incidents to {path}").format(
        count=count, path=path
    )


def install_export_actions(
    menu: QMenu,
    parent: QWidget,
    exporter: ListExporter,
    query: Callable[[], TicketQuery],
) -> Callable[[], None]:
    """Add "Export list as CSV/XLSX…" to ``menu``; returns the retranslate function."""
    actions: dict[ExportFormat, QAction] = {}
    kinds: tuple[ExportFormat, ...] = ("csv", "xlsx")
    for kind in kinds:
        action = QAction(menu)
        action.setObjectName(f"actionExportIncidents{kind.upper()}")
        action.triggered.connect(lambda _=False, k=kind: ask_and_export(parent, exporter, query, k))
        menu.addAction(action)
        actions[kind] = action

    def retranslate() -> None:
        actions["csv"].setText(translate("IncidentsPanel", "Export list as CSV…"))
        actions["xlsx"].setText(translate("IncidentsPanel", "Export list as Excel (XLSX)…"))

    retranslate()
    return retranslate


def ask_and_export(
    parent: QWidget,
    exporter: ListExporter,
    query: Callable[[], TicketQuery],
    kind: ExportFormat,
) -> None:
    name = translate("IncidentsPanel", "incidents")
    start = str(Path.home() / f"{name}.{kind}")
    pattern = "CSV (*.csv)" if kind == "csv" else "Excel (*.xlsx)"
    chosen, _ = QFileDialog.getSaveFileName(
        parent, translate("IncidentsPanel", "Export the incident list"), start, pattern
    )
    if chosen:
        path = Path(chosen)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(path.name + f".{kind}")
        exporter.start(query(), path, kind)
