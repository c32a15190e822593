"""A flat table of rows under translated column headers: what every table model here shares.

The incident list and the feed diagnostics both held the same code: a list
of row objects, ``rowCount``/``columnCount`` that are 0 under a valid parent
(a table has no children; QAbstractItemModelTester checks it), headers
translated at the moment Qt asks for them, and, when the language changes,
"the headers changed" and "every row changed" so the view re-reads its
words. :class:`RowTableModel` holds that once; a subclass fills ``_rows``,
answers ``data`` for its columns, and calls :meth:`repaint_rows` when its
rows changed in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import translate

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of ``Row`` objects (``_rows``) under ``headers`` translated in ``context``.

    ``headers`` are the source texts (marked with ``QT_TRANSLATE_NOOP`` so
    lupdate finds them); their number is the column count.
    """

    def __init__(self, context: str, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._headers = tuple(headers)
        self._rows: Sequence[Row] = []
        i18n.notifier.changed.connect(self._on_language_changed)

    @property
    def column_total(self) -> int:
        return len(self._headers)

    def item(self, row: int) -> Row | None:
        """The object behind ``row``, or None past the end."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def item_at(self, index: Index) -> Row | None:
        """The object behind a cell of this table, or None for an index that is not one."""
        if not index.isValid() or index.parent().isValid():
            return None
        if not 0 <= index.column() < len(self._headers):
            return None
        return self.item(index.row())

    def repaint_rows(self) -> None:
        """Every cell may read differently now (a new minute, other counts, another language)."""
        if self._rows:
            last = self.index(len(self._rows) - 1, len(self._headers) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def retranslate(self) -> None:
        """The language changed: re-read the cells. Override to recompute what they show first."""
        self.repaint_rows()

    def _on_language_changed(self, _language: str = "") -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)
        self.retranslate()

    # --- Qt's table interface ---------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return translate(self._context, self._headers[section])
        return None
