"""Small forms for incident changes: a note, a close reason, an assignee, a ticket's fields.

Each dialog is handed the write it stands for (``apply``) and runs it when OK
is pressed. A refusal (``IncidentError``: an empty title, a missing reason, a
status that changed meanwhile; or ``StoreError``: the file is locked) is shown
inside the dialog in the user's language and the dialog stays open with what
was typed, so a 3 a.m. typo costs a correction, not a retyped form. Cancel
calls nothing, so nothing is written. Open them with ``open()`` and listen to
``accepted``/``finished`` (``exec()`` would nest an event loop under qasync).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.contract.sync_api import UserEntry
from smartcity_console.core.clock import wib_text
from smartcity_console.core.i18n import Message
from smartcity_console.core.incidents import CloseReason, IncidentError, Severity
from smartcity_console.core.programs import PROGRAMS
from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import QT_TRANSLATE_NOOP, translate
from smartcity_console.gui.incidents.model import severity_text
from smartcity_console.store import StoreError
from smartcity_console.sync.assignees import AssigneeDirectory, AssigneesUnavailable

_QSS = """
QDialog { font-size: 12pt; }
QLabel#dialogError { color: #FF7B72; font-weight: 600; }
"""
_CONTEXT = "IncidentDialogs"
# Ticket fields in the order the form shows them (translated at use).
FIELD_LABELS = {
    "title": QT_TRANSLATE_NOOP("IncidentDialogs", "Title"),
    "program": QT_TRANSLATE_NOOP("IncidentDialogs", "Program"),
    "severity": QT_TRANSLATE_NOOP("IncidentDialogs", "Severity"),
    "station": QT_TRANSLATE_NOOP("IncidentDialogs", "Station"),
    "series": QT_TRANSLATE_NOOP("IncidentDialogs", "Series"),
    "description": QT_TRANSLATE_NOOP("IncidentDialogs", "Description"),
}
CLOSE_REASON_TEXT = {
    CloseReason.FALSE_ALARM: QT_TRANSLATE_NOOP("IncidentDialogs", "False alarm"),
    CloseReason.DUPLICATE: QT_TRANSLATE_NOOP("IncidentDialogs", "Duplicate of another incident"),
    CloseReason.RESOLVED: QT_TRANSLATE_NOOP("IncidentDialogs", "Dealt with"),
    CloseReason.OTHER: QT_TRANSLATE_NOOP("IncidentDialogs", "Other (say why in the note)"),
}


def field_label(field: str) -> str:
    return translate(_CONTEXT, FIELD_LABELS[field])


def close_reason_text(reason: CloseReason) -> str:
    return translate(_CONTEXT, CLOSE_REASON_TEXT[reason])


class ApplyDialog(QDialog):
    """A form whose OK runs its write; a refusal stays in the dialog as a red line.

    Signals (QDialog's): ``accepted`` after the write succeeded, ``rejected`` on
    cancel (nothing written), ``finished(int)`` in both cases.
    """

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(_QSS)
        self.setMinimumWidth(560)
        self.form = QFormLayout()
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton(
            translate("IncidentDialogs", "Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.ok.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def accept(self) -> None:
        try:
            self.apply()
        except IncidentError as exc:
            self.show_error(exc.text(i18n.current_language()))
        except StoreError as exc:  # the database's own sentence (English only so far)
            self.show_error(str(exc))
        else:
            super().accept()

    def apply(self) -> None:
        """Write what the form says; raise IncidentError or StoreError to refuse."""
        raise NotImplementedError

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _note_box(self, label: str) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setTabChangesFocus(True)
        box.setFixedHeight(110)
        self.form.addRow(label, box)
        return box


class NoteDialog(ApplyDialog):
    """Acknowledge, resolve or reopen with an optional note."""

    def __init__(
        self,
        title: str,
        ok_text: str,
        apply: Callable[[str | None], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, ok_text, parent)
        self._apply = apply
        self.note = self._note_box(translate("IncidentDialogs", "Note"))

    def apply(self) -> None:
        self._apply(self.note.toPlainText().strip() or None)


class CloseDialog(ApplyDialog):
    """Close with a reason chosen on purpose (no default) and a note."""

    def __init__(
        self,
        title: str,
        apply: Callable[[CloseReason | None, str | None], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, translate("IncidentDialogs", "Close incident"), parent)
        self._apply = apply
        self.reason = QComboBox(self)
        self.reason.addItem(translate("IncidentDialogs", "— choose a reason —"), None)
        for reason in CloseReason:
            self.reason.addItem(close_reason_text(reason), reason)
        self.form.addRow(translate("IncidentDialogs", "Reason"), self.reason)
        self.note = self._note_box(translate("IncidentDialogs", "Note"))

    def apply(self) -> None:
        reason = self.reason.currentData()
        if reason is None:  # said here in words: core's refusal lists the reasons' ids
            raise IncidentError(
                Message.translate("IncidentDialogs", "Choose a reason for closing from the list.")
            )
        self._apply(CloseReason(reason), self.note.toPlainText())


class AssignDialog(ApplyDialog):
    """Assign to one of the sync server's assignable users, or to nobody; never a typed name.

    The list comes from ``directory`` (``sync/assignees.py``), fetched when the
    dialog opens, in the GUI's asyncio loop so the window never waits on the
    network. Until it arrives, and when the server cannot be reached, the
    last list fetched in this session is offered and the line under the list
    says so and how old it is; before any list was fetched, only yourself and
    nobody (docs/incidents.md). The current assignee is always offered, so
    the dialog can show it even when the server no longer lists them.

    Signals:
        list_ready(bool): the choices were filled from the server (True) or the
            server's list could not be fetched and what is offered says so (False).
    """

    list_ready = Signal(bool)

    def __init__(
        self,
        title: str,
        current: str | None,
        me: str,
        apply: Callable[[str | None], object],
        directory: AssigneeDirectory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, translate("IncidentDialogs", "Assign"), parent)
        self._apply = apply
        self._current, self._me = current, me
        self._directory = directory
        self._task: asyncio.Task[None] | None = None
        self.user = QComboBox(self)
        self.user.setObjectName("assignee")
        self.me = QPushButton(translate("IncidentDialogs", "Me"), self)
        self.me.setAutoDefault(False)  # Enter means OK, not "me"
        self.me.clicked.connect(self._choose_me)
        row = QHBoxLayout()
        row.addWidget(self.user, 1)
        row.addWidget(self.me)
        self.form.addRow(translate("IncidentDialogs", "Assign to"), row)
        self.source = QLabel(self)
        self.source.setObjectName("assigneeSource")
        self.source.setWordWrap(True)
        self.form.addRow(self.source)
        last = None if directory is None else directory.last
        self._fill(None if last is None else last.users, fresh=False)
        if directory is None:
            self._unavailable(None)
        else:
            self._fetch_later()
        self.finished.connect(lambda _: self._cancel())

    def _fetch_later(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no asyncio loop runs this window (never under qasync)
            self._unavailable(None)
            return
        self.source.setText(
            translate("IncidentDialogs", "Fetching the list of users from the sync server…")
        )
        self._task = loop.create_task(self._fetch())

    async def _fetch(self) -> None:
        assert self._directory is not None
        try:
            fresh = await self._directory.refresh()
        except AssigneesUnavailable as exc:
            self._unavailable(exc)
            return
        self._fill(fresh.users, fresh=True)
        self.source.setText("")
        self.list_ready.emit(True)

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _fill(self, users: Iterable[UserEntry] | None, *, fresh: bool) -> None:
        """The choices: nobody, the server's users (or yourself), and the current assignee."""
        chosen = self.user.currentData() if self.user.count() else self._current
        self.user.clear()
        self.user.addItem(translate("IncidentDialogs", "— nobody —"), None)
        names: list[str] = []
        for entry in users or ():
            shown = entry.username
            if entry.display_name and entry.display_name != entry.username:
                shown = f"{entry.display_name} ({entry.username})"
            self.user.addItem(shown, entry.username)
            names.append(entry.username)
        if not fresh and self._me not in names:  # you exist: you signed in
            self.user.addItem(self._me, self._me)
            names.append(self._me)
        if self._current is not None and self._current not in names:
            label = translate("IncidentDialogs", "{} (not in the server's list now)")
            self.user.addItem(label.format(self._current), self._current)
        self.user.setCurrentIndex(max(0, self.user.findData(chosen)))
        self.me.setEnabled(self.user.findData(self._me) >= 0)

    def _unavailable(self, problem: AssigneesUnavailable | None) -> None:
        reason = (
            translate("IncidentDialogs", "The list of users comes from the sync server.")
            if problem is None
            else problem.text(i18n.current_language())
        )
        last = None if self._directory is None else self._directory.last
        if last is None:
            then = translate(
                "IncidentDialogs",
                "No list has been fetched yet: you can assign yourself or nobody until "
                "the server can be reached.",
            )
        else:
            then = translate(
                "IncidentDialogs",
                "Showing the list fetched at {}; the server checks the assignment when "
                "it receives it.",
            ).format(wib_text(last.fetched_at))
        self.source.setText(f"{reason} {then}")
        self.list_ready.emit(False)

    def _choose_me(self) -> None:
        self.user.setCurrentIndex(max(0, self.user.findData(self._me)))

    def apply(self) -> None:
        self._apply(self.user.currentData())


class TicketDialog(ApplyDialog):
    """Create or edit a ticket's fields; ``values()`` is what the form holds now."""

    def __init__(
        self,
        title: str,
        initial: Mapping[str, object],
        apply: Callable[[dict[str, str]], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, translate("IncidentDialogs", "Save"), parent)
        self._apply = apply
        self.title = QLineEdit(str(initial.get("title") or ""), self)
        self.program = QComboBox(self)
        for program in PROGRAMS:
            self.program.addItem(program.label(i18n.current_language()), program.key)
        self.severity = QComboBox(self)
        for severity in Severity:
            self.severity.addItem(severity_text(severity), str(severity))
        self.station = QLineEdit(str(initial.get("station") or ""), self)
        self.series = QLineEdit(str(initial.get("series") or ""), self)
        self.description = QPlainTextEdit(str(initial.get("description") or ""), self)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(140)
        self.program.setCurrentIndex(max(0, self.program.findData(initial.get("program"))))
        self.severity.setCurrentIndex(
            max(0, self.severity.findData(str(initial.get("severity") or Severity.MEDIUM)))
        )
        widgets = (self.title, self.program, self.severity, self.station, self.series)
        for field, widget in zip(FIELD_LABELS, (*widgets, self.description), strict=True):
            self.form.addRow(field_label(field), widget)

    def values(self) -> dict[str, str]:
        return {
            "title": self.title.text(),
            "program": str(self.program.currentData()),
            "severity": str(self.severity.currentData()),
            "station": self.station.text(),
            "series": self.series.text(),
            "description": self.description.toPlainText(),
        }

    def apply(self) -> None:
        self._apply(self.values())
