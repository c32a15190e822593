"""Choose a panel's series: search the known series, tick them, or type a filter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.core.series import SeriesStore
from smartcity_console.core.topics import validate_filter


class SeriesPicker(QDialog):
    """A list of every series the console has seen plus the panel's own entries.

    Typing filters the list (every word must appear); "Add as filter" adds
    what was typed as an MQTT filter (``rembang/environment/pm25/+``), so the
    panel follows stations that appear later.
    """

    def __init__(
        self, store: SeriesStore, current: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose series"))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(
            self.tr("Search series, or type a filter such as rembang/+/pm25/+")
        )
        self.list = QListWidget(self)
        self.add_filter = QPushButton(self.tr("Add as filter"), self)
        self.problem = QLabel(self)
        self.problem.setObjectName("formError")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.add_filter)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        for name in dict.fromkeys([*current, *store.names()]):
            self._add_item(name, name in current)
        self.search.textChanged.connect(self._apply_search)
        self.add_filter.clicked.connect(self._on_add_filter)
        self.resize(560, 520)

    def _add_item(self, name: str, checked: bool) -> QListWidgetItem:
        item = QListWidgetItem(name, self.list)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        return item

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def _apply_search(self, text: str) -> None:
        words = text.lower().split()
        for item in self._items():
            item.setHidden(not all(w in item.text().lower() for w in words))

    def _on_add_filter(self) -> None:
        text = self.search.text().strip()
        try:
            validate_filter(text.split("#", 1)[0] or "#")
        except ValueError as exc:
            self.problem.setText(str(exc))
            return
        self.problem.clear()
        existing = next((i for i in self._items() if i.text() == text), None)
        item = existing or self._add_item(text, True)
        item.setCheckState(Qt.CheckState.Checked)
        self.search.clear()

    def set_checked(self, name: str, checked: bool = True) -> None:
        item = next((i for i in self._items() if i.text() == name), None) or self._add_item(
            name, False
        )
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        return [i.text() for i in self._items() if i.checkState() == Qt.CheckState.Checked]
