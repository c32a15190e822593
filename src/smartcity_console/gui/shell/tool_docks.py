"""Put the topic browser and the feed diagnostics into a main window as docks.

Both are tools an installer or a curious operator opens, not something the
wall display shows, so they start hidden, tabbed together at the bottom, and
are opened from the View menu. Hidden, they cost nothing: their timers run
only while they are visible.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from smartcity_console.core.topic_catalog import TopicCatalog
from smartcity_console.gui.diagnostics.model import FeedDiagnosticsModel
from smartcity_console.gui.diagnostics.view import DiagnosticsView
from smartcity_console.gui.i18n import QT_TRANSLATE_NOOP, translate
from smartcity_console.gui.topics.browser import TopicBrowser
from smartcity_console.gui.topics.tree import TopicTreeModel
from smartcity_console.gui.widgets.retranslating import Retranslating
from smartcity_console.ingest.stats import IngestStats

_CONTEXT = "FeedPanels"
_TOPICS = QT_TRANSLATE_NOOP("FeedPanels", "Topic Browser")
_DIAGNOSTICS = QT_TRANSLATE_NOOP("FeedPanels", "Feed Diagnostics")


class _Dock(Retranslating, QDockWidget):
    """A dock whose title follows the language."""

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(translate(_CONTEXT, title), parent)
        self._title = title

    def retranslate(self) -> None:
        self.setWindowTitle(translate(_CONTEXT, self._title))


def install_feed_panels(
    window: QMainWindow,
    catalog: TopicCatalog,
    stats: IngestStats,
) -> tuple[TopicBrowser, DiagnosticsView]:
    """Add both panels as hidden, tabbed docks with toggle actions in the ``menuView`` menu.

    The caller connects ``TopicBrowser.add_series_requested`` to whatever
    adds a series to a plot.
    """
    topic_model = TopicTreeModel(catalog)
    browser = TopicBrowser(topic_model)
    feed_model = FeedDiagnosticsModel(stats)
    diagnostics = DiagnosticsView(feed_model)
    # Each panel owns its model, so Qt deletes the view (and its proxy) before the
    # model, and no Python-owned Qt object is left for the garbage collector to
    # tear down in the wrong order.
    topic_model.setParent(browser)
    feed_model.setParent(diagnostics)
    topics_dock = _dock(window, browser, _TOPICS, "topicBrowserDock")
    diagnostics_dock = _dock(window, diagnostics, _DIAGNOSTICS, "feedDiagnosticsDock")
    window.tabifyDockWidget(topics_dock, diagnostics_dock)
    menu = window.findChild(QMenu, "menuView")  # under the menu bar, or the window itself
    for dock in (topics_dock, diagnostics_dock):
        dock.hide()
        if menu is not None:
            menu.addAction(dock.toggleViewAction())
    return browser, diagnostics


def _dock(window: QMainWindow, widget: QWidget, title: str, name: str) -> QDockWidget:
    dock = _Dock(title, window)
    dock.setObjectName(name)  # saveState()/restoreState() find docks by name
    dock.setWidget(widget)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    return dock
