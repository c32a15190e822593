"""The topic browser: search every topic seen, read its last payload, plot it.

A view over :class:`TopicTreeModel`. Its timer applies the catalog's changes
a few times a second while the browser is visible and stops while it is
hidden (a closed dock or a background tab), so a browser nobody looks at
costs nothing; the catalog keeps collecting, and the first batch after the
browser is shown again brings it up to date.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.core.topic_catalog import TopicSnapshot
from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.topics import columns as cols
from smartcity_console.gui.topics.detail import TopicDetail
from smartcity_console.gui.topics.filter import TopicFilterProxy
from smartcity_console.gui.topics.tree import TopicTreeModel
from smartcity_console.gui.widgets.retranslating import Retranslating

REFRESH_INTERVAL_MS = 250
SEARCH_DELAY_MS = 200
# The refresh interval stretches to this many times the last batch's cost.
_BUSY_FACTOR = 5
# Expand at most this many levels after a search, so a broad search stays cheap.
_EXPAND_LIMIT = 300

_CONTEXT = "TopicBrowser"


class TopicBrowser(Retranslating, QWidget):
    """A searchable tree of topics with a detail pane and an "Add to plot" button.

    Signals:
        add_series_requested(str): the operator asked to plot this topic (the
            button, or a double click on a topic). For a ``json`` feed with
            ``fields`` the series are ``topic#path``; the receiver resolves them.
    """

    add_series_requested = Signal(str)

    def __init__(
        self,
        model: TopicTreeModel,
        interval_ms: int = REFRESH_INTERVAL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._counts = (0, 0)
        self.proxy = TopicFilterProxy(model, self)

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.view = QTreeView(self)
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)  # lets the view skip measuring 10,000 rows
        header = self.view.header()
        # Sorting is ours, not the view's: name order is the model's own (free), any
        # other order is sorted once per click (see topic_filter).
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(cols.NAME, Qt.SortOrder.AscendingOrder)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(cols.PAYLOAD, QHeaderView.ResizeMode.Stretch)
        for column, width in ((cols.NAME, 240), (cols.VALUE, 100), (cols.MESSAGES, 80)):
            header.resizeSection(column, width)
        header.resizeSection(cols.RATE, 110)
        header.resizeSection(cols.RETAINED, 70)

        self.detail = TopicDetail(self)
        self.add_button = QPushButton(self)
        self.add_button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        pane = QWidget(self)
        pane_layout = QVBoxLayout(pane)
        pane_layout.setContentsMargins(0, 0, 0, 0)
        pane_layout.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        pane_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self._timer = QTimer(self)
        self._interval_ms = interval_ms
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._apply_search)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        header.sortIndicatorChanged.connect(self.proxy.sort_by)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.add_button.clicked.connect(self._on_add_clicked)
        model.batch_applied.connect(self._on_batch_applied)
        self.proxy.matches_added.connect(self._expand_matches)
        self.retranslate()

    def refresh(self) -> None:
        """Apply the catalog's changes now (the timer calls this while visible).

        The next tick waits at least :data:`_BUSY_FACTOR` times as this
        batch took, so however heavy the traffic the browser keeps at most a
        fifth of the GUI thread and the plots stay smooth.
        """
        started = time.perf_counter()
        self.model.refresh(time.time())
        spent_ms = (time.perf_counter() - started) * 1000
        self._timer.setInterval(max(self._interval_ms, round(spent_ms * _BUSY_FACTOR)))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.refresh()
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        self._timer.stop()
        super().hideEvent(event)

    def selected_topic(self) -> str | None:
        snap = self._current_snapshot()
        return None if snap is None else snap.topic

    def select_topic(self, topic: str) -> bool:
        """Make ``topic`` current (expanding its parents); False when it is not shown."""
        index = self.proxy.mapFromSource(self.model.topic_index(topic))
        if not index.isValid():
            return False
        self.view.scrollTo(index)
        self.view.setCurrentIndex(index)
        return True

    def _current_snapshot(self) -> TopicSnapshot | None:
        return self.model.snapshot(self.proxy.mapToSource(self.view.currentIndex()))

    def _apply_search(self) -> None:
        self._search_timer.stop()
        text = self.search.text().strip()
        if text == self.proxy.search_text:
            return
        # Refiltering under thousands of expanded rows takes the view seconds (it
        # relayouts per removed range); collapsed, it takes milliseconds.
        self.view.collapseAll()
        self.proxy.search(text)
        if text:
            self._expand_matches()
        current = self.view.currentIndex()
        if current.isValid():
            self.view.scrollTo(current)

    def _expand_matches(self) -> None:
        """Open the levels that lead to matches, breadth first, up to a limit."""
        pending = [QModelIndex()]
        opened = 0
        while pending and opened < _EXPAND_LIMIT:
            parent = pending.pop(0)
            for row in range(self.proxy.rowCount(parent)):
                child = self.proxy.index(row, 0, parent)
                if self.proxy.hasChildren(child):
                    self.view.expand(child)
                    pending.append(child)
                    opened += 1

    def retranslate(self) -> None:
        self.search.setPlaceholderText(translate("TopicBrowser", "Search topics…"))
        self.add_button.setText(translate("TopicBrowser", "Add to plot"))
        self._show_counts()

    def _show_counts(self) -> None:
        topics, dropped = self._counts
        text = translate("TopicBrowser", "{n} topics").format(n=i18n.number(topics))
        if dropped:
            text += translate("TopicBrowser", " · {n} messages dropped (topic limit)").format(
                n=i18n.number(dropped)
            )
        self.count_label.setText(text)

    def _on_batch_applied(self, topics: int, dropped: int) -> None:
        self._counts = (topics, dropped)
        self._show_counts()
        snap = self._current_snapshot()
        if snap is not self.detail.snapshot:
            self._show(snap)

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show(self._current_snapshot())

    def _show(self, snap: TopicSnapshot | None) -> None:
        self.add_button.setEnabled(snap is not None)
        self.detail.show_snapshot(snap)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        snap = self.model.snapshot(self.proxy.mapToSource(index))
        if snap is not None:
            self.add_series_requested.emit(snap.topic)

    def _on_add_clicked(self) -> None:
        topic = self.selected_topic()
        if topic is not None:
            self.add_series_requested.emit(topic)
