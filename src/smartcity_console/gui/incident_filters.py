"""The filter bar above the incident list: which tickets an operator wants to see.

It owns no tickets; it only builds a :class:`TicketQuery` from its controls and
says when that changed, so the list model does the filtering in SQL. The
default view is every open ticket, because on a night shift "what still needs
someone" is the question, and closed tickets are one choice away.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from smartcity_console.core.incidents import OPEN_STATUSES, Severity, Status
from smartcity_console.core.programs import PROGRAMS
from smartcity_console.gui.incident_model import lang_of, severity_text, status_text
from smartcity_console.store import TicketQuery

SEARCH_DELAY_MS = 250

_TEXT = {
    "id": {
        "programs": "Semua program",
        "open": "Terbuka (belum ditutup)",
        "awaiting": "Menunggu konfirmasi",
        "statuses": "Semua status",
        "severities": "Semua keparahan",
        "urgent": "Kritis & tinggi",
        "escalated": "Hanya eskalasi",
        "mine": "Ditugaskan ke saya",
        "search": "Cari judul, deskripsi, stasiun, seri, id…",
    },
    "en": {
        "programs": "All programs",
        "open": "Open (not closed)",
        "awaiting": "Awaiting acknowledgement",
        "statuses": "All statuses",
        "severities": "All severities",
        "urgent": "Critical & high",
        "escalated": "Escalated only",
        "mine": "Assigned to me",
        "search": "Search title, description, station, series, id…",
    },
}


def _fill(combo: QComboBox, choices: Sequence[tuple[str, frozenset[str]]]) -> None:
    for label, values in choices:
        combo.addItem(label, values)


class IncidentFilterBar(QWidget):
    """Program, status, severity, "escalated only", "assigned to me" and a text search.

    Signals:
        query_changed(TicketQuery): a control changed; the search text waits for
            a short pause in typing (or Enter) so each keystroke is not a query.
    """

    query_changed = Signal(object)

    def __init__(self, user: str, language: str = "id", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        lang = lang_of(language)
        text = _TEXT[lang]
        self.program = QComboBox(self)
        _fill(
            self.program,
            [(text["programs"], frozenset())]
            + [(p.label(lang), frozenset({p.key})) for p in PROGRAMS],
        )
        self.status = QComboBox(self)
        _fill(
            self.status,
            [
                (text["open"], frozenset(OPEN_STATUSES)),
                (text["awaiting"], frozenset({Status.NEW})),
                *[(status_text(s, lang), frozenset({s})) for s in Status],
                (text["statuses"], frozenset()),
            ],
        )
        self.severity = QComboBox(self)
        _fill(
            self.severity,
            [
                (text["severities"], frozenset()),
                (text["urgent"], frozenset({Severity.CRITICAL, Severity.HIGH})),
                *[(severity_text(s, lang), frozenset({s})) for s in Severity],
            ],
        )
        self.escalated = QCheckBox(text["escalated"], self)
        self.mine = QCheckBox(text["mine"], self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(text["search"])
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
