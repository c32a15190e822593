"""The topic tree: a thin item model over :class:`TopicCatalog`, updated in batches.

Topics are split on ``/`` into levels, as MQTT Explorer shows them; a level can
be a topic and have levels below it (``a/b`` and ``a/b/c``). The tree only
grows (the catalog never forgets a topic) and keeps each level's children in
name order (:mod:`~smartcity_console.gui.topics.nodes`).

Nothing here runs per message. :meth:`TopicTreeModel.refresh` takes what the
catalog collected since the last call and applies it as one batch: one
``rowsInserted`` per run of new siblings (a new branch is inserted whole,
under the deepest level that existed before) and one ``dataChanged`` per
parent for the rows whose messages or rates moved. Those cover the columns
after the name only, and the name and the path a search matches never change,
so a filtering proxy has nothing to redo. A timer calls it a few times a second.
"""

from __future__ import annotations

from typing import Any, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from smartcity_console.core.topic_catalog import CatalogChanges, TopicCatalog, TopicSnapshot
from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.topics.columns import (
    COLUMN_COUNT,
    RETAINED,
    SORT_ROLE,
    TOPIC_ROLE,
    VALUE,
    TopicColumns,
)
from smartcity_console.gui.topics.nodes import TopicNode, TopicNodes

Index = QModelIndex | QPersistentModelIndex
_DEFAULT = QModelIndex()


class TopicTreeModel(QAbstractItemModel):
    """Every topic the catalog has seen, as a tree.

    Indexes carry a node's number (``internalId``), not the node: PySide6 keeps
    no reference for a Python internal pointer, and one left dangling crashed
    the garbage collector in tests.

    Signals:
        topics_added(list): the topics (full paths) a batch added, after their
            rows are in; not emitted for a batch without new topics.
        batch_applied(int, int): after each batch, the number of topics the
            catalog holds and the messages it dropped for lack of room.
    """

    topics_added = Signal(list)
    batch_applied = Signal(int, int)

    def __init__(self, catalog: TopicCatalog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._columns = TopicColumns()
        self._tree = TopicNodes()
        self._stale: set[str] = set()
        self._stale_note = " ⚠ " + translate("TopicBrowser", "stale")
        i18n.notifier.changed.connect(self._on_language_changed)

    def _on_language_changed(self) -> None:
        self._columns.retranslate()
        self._stale_note = " ⚠ " + translate("TopicBrowser", "stale")
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        self.layoutAboutToBeChanged.emit()
        self.layoutChanged.emit()  # every visible row's words; no row moved

    def set_stale(self, topics: set[str]) -> None:
        """Grey out topics whose series have no recent readings (and restore the rest)."""
        flipped = topics ^ self._stale
        self._stale = set(topics)
        last = self.columnCount() - 1
        for topic in flipped:
            node = self._tree.by_path.get(topic)
            if node is not None and node.attached:
                parent = self._index_of(node.parent) if node.parent is not None else QModelIndex()
                self.dataChanged.emit(
                    self.index(node.row, 0, parent), self.index(node.row, last, parent)
                )

    @property
    def catalog(self) -> TopicCatalog:
        return self._catalog

    def is_stale(self, topic: str) -> bool:
        return topic in self._stale

    # -- batches ---------------------------------------------------------------

    def refresh(self, now: float | None = None) -> None:
        """Apply what the catalog collected since the last refresh."""
        self.apply(self._catalog.take_changes(now))

    def apply(self, changes: CatalogChanges) -> None:
        """Insert new topics and update changed ones, grouped per parent."""
        tree = self._tree
        by_path = tree.by_path
        new = [s.topic for s in changes.changed if s.topic not in by_path]
        insertions = tree.add(new)
        touched: list[TopicNode] = []
        for snap in changes.changed:
            node = by_path[snap.topic]
            node.snapshot = snap
            node.rate = snap.rate
            if node.attached:
                touched.append(node)
        for topic, rate in changes.rates.items():
            node = by_path[topic]
            node.rate = rate
            if node.attached:
                touched.append(node)
        for insertion in insertions:
            first = insertion.row
            last = first + len(insertion.nodes) - 1
            self.beginInsertRows(self._index_of(insertion.parent), first, last)
            tree.commit(insertion)
            self.endInsertRows()
        # Rows are final only now that the insertions are in.
        spans: dict[TopicNode, tuple[int, int]] = {}
        for node in touched:
            parent = node.parent
            assert parent is not None  # topics are never the root
            row = node.row
            span = spans.get(parent)
            spans[parent] = (row, row) if span is None else (min(span[0], row), max(span[1], row))
        for parent, (low, high) in spans.items():
            children = parent.children
            self.dataChanged.emit(
                self.createIndex(low, VALUE, id=children[low].id),
                self.createIndex(high, RETAINED, id=children[high].id),
            )
        if new:
            self.topics_added.emit(new)
        self.batch_applied.emit(changes.topic_count, changes.dropped_messages)

    # -- lookups for views -------------------------------------------------------

    def _index_of(self, node: TopicNode) -> QModelIndex:
        if node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row, 0, id=node.id)

    def topic_index(self, path: str) -> QModelIndex:
        """The index of a level by its full path (invalid when unknown or not yet shown)."""
        node = self._tree.by_path.get(path)
        if node is None or not node.attached:
            return QModelIndex()
        return self._index_of(node)

    def snapshot(self, index: Index) -> TopicSnapshot | None:
        """The topic at ``index`` as of the last batch; None for a level that is no topic."""
        return self._tree.by_id[index.internalId()].snapshot if index.isValid() else None

    # -- QAbstractItemModel (kept lean: Qt calls these thousands of times) --------

    def index(self, row: int, column: int, parent: Index = _DEFAULT) -> QModelIndex:
        if parent.isValid():
            if parent.column() != 0:
                return QModelIndex()
            children = self._tree.by_id[parent.internalId()].children
        else:
            children = self._tree.root.children
        if 0 <= row < len(children) and 0 <= column < COLUMN_COUNT:
            return self.createIndex(row, column, id=children[row].id)
        return QModelIndex()

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: Index) -> QModelIndex: ...
    def parent(self, child: Index | None = None) -> QModelIndex | QObject | None:
        if child is None:
            return super().parent()
        if not child.isValid():
            return QModelIndex()
        parent = self._tree.by_id[child.internalId()].parent
        if parent is None or parent.parent is None:
            return QModelIndex()
        return self.createIndex(parent.row, 0, id=parent.id)

    def rowCount(self, parent: Index = _DEFAULT) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self._tree.root.children)
        if parent.column() != 0:
            return 0
        return len(self._tree.by_id[parent.internalId()].children)

    def columnCount(self, parent: Index = _DEFAULT) -> int:  # noqa: N802
        return COLUMN_COUNT

    def hasChildren(self, parent: Index = _DEFAULT) -> bool:  # noqa: N802
        return self.rowCount(parent) > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns.header(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._tree.by_id[index.internalId()]
        column = index.column()
        columns = self._columns
        if role == Qt.ItemDataRole.DisplayRole:
            text = columns.display(node.name, node.snapshot, node.rate, column)
            if column == 0 and node.path in self._stale:
                return f"{text}{self._stale_note}"
            return text
        if role == Qt.ItemDataRole.ForegroundRole and node.path in self._stale:
            return QColor("#8B949E")
        if role == TOPIC_ROLE:
            return node.path
        if role == SORT_ROLE:
            return columns.sort_key(node.name, node.snapshot, node.rate, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return columns.tooltip(node.path, node.snapshot, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return columns.alignment(column)
        return None
