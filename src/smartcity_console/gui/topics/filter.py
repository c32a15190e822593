"""Search over the topic tree: full topic paths, keeping the parents of every match.

The proxy is not dynamic (``dynamicSortFilter`` off), for three measured reasons
with 10,000 topics and a batch every 250 ms:

* a dynamic proxy with a search active re-evaluates the filter for every
  changed row, recursively through hidden levels, calling Python each time:
  about 5 s per batch;
* a dynamic proxy sorted by rate or value re-sorts on every batch, calling
  Python per comparison: about 0.75 s per batch, and rows that jump four
  times a second cannot be read anyway;
* nothing a search matches (a topic's path) ever changes, so a change of
  data never needs a refilter.

The model already keeps topics in name order, so the default order costs
nothing; sorting by another column is a snapshot taken when asked.

What a non-dynamic recursive proxy misses is a new topic that matches the
search under levels the search had hidden (Qt only re-evaluates those
ancestors when dynamic). The proxy covers it itself: it hears each batch's
new topics from the model and refilters only when one of them matches.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt, Signal

from smartcity_console.gui.topics.columns import NAME, SORT_ROLE, TOPIC_ROLE
from smartcity_console.gui.topics.tree import TopicTreeModel


class TopicFilterProxy(QSortFilterProxyModel):
    """Case-insensitive substring search over full topic paths.

    Signals:
        matches_added(): new topics matching the search were let in (a view
            may want to expand them).
    """

    matches_added = Signal()

    def __init__(self, model: TopicTreeModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setDynamicSortFilter(False)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterRole(TOPIC_ROLE)
        self.setFilterKeyColumn(NAME)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortRole(SORT_ROLE)
        self.setSourceModel(model)
        self._text = ""
        self._needle = ""
        model.topics_added.connect(self._on_topics_added)

    @property
    def search_text(self) -> str:
        return self._text

    def search(self, text: str) -> None:
        """Show only topics whose path contains ``text`` (all of them for ``""``)."""
        self._text = text
        self._needle = text.casefold()
        self.setFilterFixedString(text)

    def _on_topics_added(self, topics: list[str]) -> None:
        needle = self._needle
        if needle and any(needle in topic.casefold() for topic in topics):
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
            self.matches_added.emit()

    def sort_by(self, column: int, order: Qt.SortOrder) -> None:
        """Sort once; the name ascending is the model's own order, so it costs nothing."""
        if column == NAME and order == Qt.SortOrder.AscendingOrder:
            self.sort(-1)
        else:
            self.sort(column, order)
