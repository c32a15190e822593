"""The filter bar above the incident list: which tickets an operator wants to see.

It owns no tickets; it only builds a :class:`TicketQuery` from its controls and
says when that changed, so the list model does the filtering in SQL. The
default view is every open ticket, because on a night shift "what still needs
someone" is the question, and closed tickets are one choice away.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from smartcity_console.core.incidents import OPEN_STATUSES, Severity, Status
from smartcity_console.core.programs import PROGRAMS
from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import QT_TRANSLATE_NOOP, translate
from smartcity_console.gui.incidents.model import severity_text, status_text
from smartcity_console.gui.widgets.retranslating import Retranslating
from smartcity_console.store import TicketQuery

SEARCH_DELAY_MS = 250


def _program_label(key: str) -> str:
    return next(p for p in PROGRAMS if p.key == key).label(i18n.current_language())


_CONTEXT = "IncidentFilters"
_PROGRAMS = QT_TRANSLATE_NOOP("IncidentFilters", "All programs")
_OPEN = QT_TRANSLATE_NOOP("IncidentFilters", "Open (not closed)")
_AWAITING = QT_TRANSLATE_NOOP("IncidentFilters", "Awaiting acknowledgement")
_STATUSES = QT_TRANSLATE_NOOP("IncidentFilters", "All statuses")
_SEVERITIES = QT_TRANSLATE_NOOP("IncidentFilters", "All severities")
_URGENT = QT_TRANSLATE_NOOP("IncidentFilters", "Critical & high")

Label = Callable[[], str]


def _words(text: str) -> Label:
    return lambda: translate(_CONTEXT, text)


def _fill(combo: QComboBox, choices: Sequence[tuple[Label, frozenset[str]]]) -> None:
    for label, values in choices:
        combo.addItem(label(), values)


def _relabel(combo: QComboBox, choices: Sequence[tuple[Label, frozenset[str]]]) -> None:
    for i, (label, _values) in enumerate(choices):
        combo.setItemText(i, label())


class IncidentFilterBar(Retranslating, QWidget):
    """Program, status, severity, "escalated only", "assigned to me" and a text search.

    Signals:
        query_changed(TicketQuery): a control changed; the search text waits for
            a short pause in typing (or Enter) so each keystroke is not a query.
    """

    query_changed = Signal(object)

    def __init__(self, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self._choices: list[tuple[QComboBox, list[tuple[Label, frozenset[str]]]]] = []
        self.program = self._combo(
            [(_words(_PROGRAMS), frozenset())]
            + [(partial(_program_label, p.key), frozenset({p.key})) for p in PROGRAMS]
        )
        self.status = self._combo(
            [
                (_words(_OPEN), frozenset(OPEN_STATUSES)),
                (_words(_AWAITING), frozenset({Status.NEW})),
                *[(partial(status_text, s), frozenset({s})) for s in Status],
                (_words(_STATUSES), frozenset()),
            ]
        )
        self.severity = self._combo(
            [
                (_words(_SEVERITIES), frozenset()),
                (_words(_URGENT), frozenset({Severity.CRITICAL, Severity.HIGH})),
                *[(partial(severity_text, s), frozenset({s})) for s in Severity],
            ]
        )
        self.escalated = QCheckBox(self)
        self.mine = QCheckBox(self)
        self.search = QLineEdit(self)
        self.retranslate()
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.program, self.status, self.severity, self.escalated, self.mine):
            layout.addWidget(widget)
        layout.addWidget(self.search, 1)

        for combo in (self.program, self.status, self.severity):
            combo.currentIndexChanged.connect(self._emit)
        self.escalated.toggled.connect(self._emit)
        self.mine.toggled.connect(self._emit)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._emit)
        self._search_timer.timeout.connect(self._emit)

    def _combo(self, choices: list[tuple[Label, frozenset[str]]]) -> QComboBox:
        combo = QComboBox(self)
        _fill(combo, choices)
        self._choices.append((combo, choices))
        return combo

    def retranslate(self) -> None:
        for combo, choices in self._choices:
            _relabel(combo, choices)
        self.escalated.setText(translate("IncidentFilters", "Escalated only"))
        self.mine.setText(translate("IncidentFilters", "Assigned to me"))
        self.search.setPlaceholderText(
            translate("IncidentFilters", "Search title, description, station, series, id…")
        )

    def query(self) -> TicketQuery:
        """The filters as a query (default order; the list's header chooses the order)."""
        search = self.search.text().strip()
        return TicketQuery(
            programs=self.program.currentData() or frozenset(),
            statuses=frozenset(Status(s) for s in self.status.currentData() or ()),
            severities=frozenset(Severity(s) for s in self.severity.currentData() or ()),
            assignee=self._user if self.mine.isChecked() else None,
            escalated=True if self.escalated.isChecked() else None,
            text=search or None,
        )

    def _emit(self) -> None:
        self._search_timer.stop()  # Enter, or another control, applies the text at once
        self.query_changed.emit(self.query())
