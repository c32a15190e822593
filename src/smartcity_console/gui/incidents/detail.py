"""One ticket in full: fields, the acknowledgement countdown, its history, and the actions.

A view over the repository for one ticket id: it keeps the last record it
read, never a copy it edits. Every action button asks core's ``why_not`` for
the current role and status, so a control an operator may not use is greyed
out with the sentence that says why (the same sentence the store would raise)
instead of failing after a click. Writes go through the dialogs in
:mod:`incident_dialogs`; refusals land in the message line, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.core.clock import wib_text
from smartcity_console.core.incidents import (
    DEFAULT_ACK_DEADLINES,
    Action,
    CloseReason,
    IncidentError,
    Role,
    Severity,
    Status,
    utc_now,
    why_not,
)
from smartcity_console.core.map_states import map_station
from smartcity_console.core.programs import program
from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import QT_TRANSLATE_NOOP, translate
from smartcity_console.gui.incidents.dialogs import (
    FIELD_LABELS,
    ApplyDialog,
    AssignDialog,
    CloseDialog,
    NoteDialog,
    TicketDialog,
    close_reason_text,
    field_label,
)
from smartcity_console.gui.incidents.model import (
    SEVERITY_COLOURS,
    countdown_text,
    severity_text,
    status_text,
)
from smartcity_console.gui.widgets.flow_layout import FlowLayout
from smartcity_console.gui.widgets.retranslating import Retranslating
from smartcity_console.store import IncidentRepository, StoreError, Ticket, TicketEvent
from smartcity_console.store.records import PendingOp
from smartcity_console.sync.assignees import AssigneeDirectory

_QSS = """
QLabel, QListWidget, QPlainTextEdit { font-size: 12pt; }
QLabel#heading { font-weight: 700; }
QLabel#ticketTitle { font-size: 16pt; font-weight: 700; }
QLabel#countdown { font-size: 15pt; font-weight: 700; color: #D29922; padding: 2px 8px; }
QLabel#countdown[state="escalated"] { color: #FFFFFF; background: #B62324; }
QLabel#countdown[state="none"] { color: #8B949E; font-weight: 400; }
QLabel#escalatedBadge { font-size: 14pt; font-weight: 800; color: #FFFFFF;
    background: #B62324; border: 2px solid #FF7B72; padding: 2px 10px; }
QLabel#chip { font-weight: 700; padding: 2px 8px; border: 1px solid #8B949E; }
QLabel#incidentMessage { color: #3FB950; }
QLabel#incidentMessage[kind="error"] { color: #FF7B72; font-weight: 600; }
QLabel#refusedChanges { color: #FF7B72; font-weight: 600; border: 1px solid #FF7B72;
    padding: 4px 8px; }
QListWidget::item { border-bottom: 1px solid #30363D; padding: 4px 2px; }
QPushButton { font-size: 12pt; padding: 5px 10px; }
""" + "".join(  # the severity chip, in the list's colours
    f'QLabel#chip[severity="{s.value}"] {{ background: {bg.name()}; color: {fg.name()}; }}\n'
    for s, (bg, fg) in SEVERITY_COLOURS.items()
)
_FIELDS: tuple[str, ...] = (
    *("program", "station", "series", "assignee", "created", "acknowledged"),
    *("alarm", "closed", "description", "id"),
)
_DESCRIPTION_SHOWN = 2000  # characters; the edit form holds the whole text
_CONTEXT = "IncidentDetail"
_T = {  # the pane's own words, translated at use
    "none": QT_TRANSLATE_NOOP("IncidentDetail", "Select an incident in the list."),
    "select": QT_TRANSLATE_NOOP("IncidentDetail", "Select an incident in the list first."),
    "badge": QT_TRANSLATE_NOOP("IncidentDetail", "⚠ ESCALATED"),
    "saved": QT_TRANSLATE_NOOP("IncidentDetail", "✓ Saved: {}"),
    "comment_hint": QT_TRANSLATE_NOOP("IncidentDetail", "Write a comment…"),
    "history": QT_TRANSLATE_NOOP("IncidentDetail", "History"),
    "created": QT_TRANSLATE_NOOP("IncidentDetail", "Created"),
    "acknowledged": QT_TRANSLATE_NOOP("IncidentDetail", "Acknowledged"),
    "assignee": QT_TRANSLATE_NOOP("IncidentDetail", "Assignee"),
    "alarm": QT_TRANSLATE_NOOP("IncidentDetail", "Alarm"),
    "closed": QT_TRANSLATE_NOOP("IncidentDetail", "Close reason"),
    "active": QT_TRANSLATE_NOOP("IncidentDetail", "active"),
    "cleared": QT_TRANSLATE_NOOP("IncidentDetail", "cleared {}"),
    "comment": QT_TRANSLATE_NOOP("IncidentDetail", "Comment"),
    "assigned": QT_TRANSLATE_NOOP("IncidentDetail", "Assigned to {}"),
    "unassigned": QT_TRANSLATE_NOOP("IncidentDetail", "Unassigned"),
    "edited": QT_TRANSLATE_NOOP("IncidentDetail", "Edited"),
    "note": QT_TRANSLATE_NOOP("IncidentDetail", "note"),
    "id": QT_TRANSLATE_NOOP("IncidentDetail", "ID"),
    "refused": QT_TRANSLATE_NOOP("IncidentDetail", "✗ Not accepted by the server: {} ({}) — {}"),
    "op_create": QT_TRANSLATE_NOOP("IncidentDetail", "creation"),
    "op_edit": QT_TRANSLATE_NOOP("IncidentDetail", "edit"),
    "op_transition": QT_TRANSLATE_NOOP("IncidentDetail", "status change"),
    "op_comment": QT_TRANSLATE_NOOP("IncidentDetail", "comment"),
    "op_assign": QT_TRANSLATE_NOOP("IncidentDetail", "assignment"),
    "show_on_plot": QT_TRANSLATE_NOOP("IncidentDetail", "Show on plot"),
    "no_series": QT_TRANSLATE_NOOP("IncidentDetail", "This incident names no series to show."),
}
HISTORY_MIN_PX = 240  # five or six entries; the list scrolls for the rest
_ACTIONS = {  # the button's words, also the dialog's title (without the "…")
    Action.CREATE: QT_TRANSLATE_NOOP("IncidentDetail", "Create incident"),
    Action.EDIT: QT_TRANSLATE_NOOP("IncidentDetail", "Edit…"),
    Action.ACKNOWLEDGE: QT_TRANSLATE_NOOP("IncidentDetail", "Acknowledge…"),
    Action.ASSIGN: QT_TRANSLATE_NOOP("IncidentDetail", "Assign…"),
    Action.START: QT_TRANSLATE_NOOP("IncidentDetail", "Start work"),
    Action.RESOLVE: QT_TRANSLATE_NOOP("IncidentDetail", "Resolve…"),
    Action.CLOSE: QT_TRANSLATE_NOOP("IncidentDetail", "Close…"),
    Action.REOPEN: QT_TRANSLATE_NOOP("IncidentDetail", "Reopen…"),
    Action.COMMENT: QT_TRANSLATE_NOOP("IncidentDetail", "Add comment"),
}


def _t(key: str) -> str:
    return translate(_CONTEXT, _T[key])


def _form_label(key: str) -> str:
    return field_label(key) if key in FIELD_LABELS else _t(key)


def alarm_creator(rule: str) -> str:
    """An alarm ticket's creator: the system, by its rule (the journal keeps the user)."""
    return translate("IncidentDetail", "system (alarm rule {})").format(rule)


def event_text(event: TicketEvent, now: datetime | None = None) -> str:
    """Two lines of history: when (WIB), who, where; then what happened."""
    data: Mapping[str, Any] = event.data
    author = event.author
    alarm = data.get("alarm") if event.kind == "create" else None
    if isinstance(alarm, dict) and alarm.get("rule"):
        # Raised by a rule, not by the person whose console wrote it (issue 17).
        author = alarm_creator(str(alarm["rule"]))
    head = f"{wib_text(event.at, now)} · {author} @ {event.workstation}"
    if event.kind == "create":
        what = f"{_t('created')}: {data.get('title', '')}"
    elif event.kind == "transition":
        # "from" may be absent or null: only reopen and close must carry it.
        what = " → ".join(status_text(Status(data[k])) for k in ("from", "to") if data.get(k))
        if data.get("reason"):
            what += f" ({close_reason_text(CloseReason(data['reason']))})"
        if data.get("note"):
            what += f" · {_t('note')}: {data['note']}"
    elif event.kind == "comment":
        what = f"{_t('comment')}: {data.get('text', '')}"
    elif event.kind == "assign":
        name = data.get("username")
        what = _t("assigned").format(name) if name else _t("unassigned")
    elif "alarm" in data:
        alarm, cleared = data["alarm"], data["alarm"].get("cleared_at")
        state = _t("active") if alarm.get("active") or not cleared else _t("cleared")
        when = wib_text(datetime.fromisoformat(cleared), now) if cleared else ""
        what = f"{_t('alarm')}: {state.format(when)}"
    else:
        previous = data.get("previous", {})
        changes = [
            f"{field_label(k)}: {_value(k, previous.get(k))} → {_value(k, v)}"
            for k, v in data.items()
            if k in FIELD_LABELS
        ]
        what = f"{_t('edited')}: " + "; ".join(changes)
    return f"{head}\n{what}"


def refused_text(op: PendingOp, now: datetime | None = None) -> str:
    """One change the server refused for good, with its reason, as the incident shows it."""
    kind = _t(f"op_{op.kind}") if f"op_{op.kind}" in _T else op.kind
    return _t("refused").format(kind, wib_text(op.client_ts, now), op.reason or "")


def _value(field: str, value: object) -> str:
    """A field's value as the form shows it: labels for severity and program, cut text."""
    if not value:
        return "—"
    if field == "severity":
        return severity_text(Severity(str(value)))
    if field == "program":
        return program(str(value)).label(i18n.current_language())
    return _cut(str(value), 120)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class IncidentDetail(Retranslating, QWidget):
    """The selected ticket with its actions; ``show_ticket(None)`` empties it.

    Signals:
        changed(str): this pane wrote a change (or a new ticket) with this id.
        plot_requested(str, float): "Show on plot": the ticket's series and its
            alarm time (epoch seconds; the ticket's creation, when the alarm raised it).
    """

    changed = Signal(str)
    plot_requested = Signal(str, float)
    # The ticket's station, for the map (gui/dashboard/map_panel.py): "Show on map".
    show_on_map = Signal(str)

    def __init__(
        self,
        repository: IncidentRepository,
        role: Role,
        user: str,
        *,
        deadlines: Mapping[Severity, timedelta] = DEFAULT_ACK_DEADLINES,
        clock: Callable[[], datetime] = utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._repository, self._role, self._user = repository, Role(role), user
        self._deadlines, self._clock = deadlines, clock
        self.ticket: Ticket | None = None
        self._assignees: AssigneeDirectory | None = None
        self._event_ids: list[str] = []
        self.dialog: ApplyDialog | None = None
        self.setStyleSheet(_QSS)
        self.badge = self._label("escalatedBadge")
        self.severity, self.status = self._label("chip"), self._label("chip")
        self.title = self._label("ticketTitle")
        self.title.setWordWrap(True)
        self.countdown = self._label("countdown")
        self.message = self._label("incidentMessage")
        self.message.setWordWrap(True)
        self.refused = self._label("refusedChanges")  # changes the server did not accept
        self.refused.setWordWrap(True)
        self.refused.setVisible(False)
        self.fields: dict[str, QLabel] = {}
        form = self._form = QFormLayout()
        for key in _FIELDS:
            field = self.fields[key] = self._label("field")
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(_form_label(key), field)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.history = QListWidget(self)
        self.history.setWordWrap(True)
        # Scrolls by pixel: entries of several lines would jump a whole entry per step.
        self.history.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.history.setMinimumHeight(HISTORY_MIN_PX)
        self.comment = QPlainTextEdit(self)
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(60)
        self.buttons: dict[Action, QPushButton] = {}
        for action in _ACTIONS:
            self.buttons[action] = QPushButton(self)
            self.buttons[action].clicked.connect(lambda _=False, a=action: self._on_action(a))
        self.show_on_plot = QPushButton(self)
        self.show_on_plot.setObjectName("showOnPlot")
        self.show_on_plot.clicked.connect(self._on_show_on_plot)

        # The chips on one line, the title under them on all the lines it needs: beside
        # the chips a long title had a third of the pane and was cut.
        head = QHBoxLayout()
        for widget in (self.badge, self.severity, self.status):
            head.addWidget(widget)
        head.addStretch(1)
        # The actions wrap to the next line rather than shrink below their words.
        self.actions_box = QWidget(self)
        actions = FlowLayout(self.actions_box)
        for action in (a for a in _ACTIONS if a is not Action.COMMENT):
            actions.addWidget(self.buttons[action])
        actions.addWidget(self.show_on_plot)
        self.map_button = QPushButton(self)
        self.map_button.setObjectName("showOnMap")
        self.map_button.clicked.connect(self._on_show_on_map)
        actions.addWidget(self.map_button)
        right = QVBoxLayout()
        self.history_heading = self._label("heading")
        right.addWidget(self.history_heading)
        right.addWidget(self.history, 1)
        right.addWidget(self.comment)
        right.addWidget(self.buttons[Action.COMMENT])
        # Fields above the history, each the pane's full width: side by side, the
        # description had half of a narrow pane and wrapped one word per line.
        body = QVBoxLayout()
        body.setSpacing(12)
        body.addLayout(form)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.title)
        layout.addWidget(self.countdown)
        layout.addWidget(self.actions_box)
        layout.addWidget(self.message)
        layout.addWidget(self.refused)
        layout.addLayout(body, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.badge.setText(_t("badge"))
        self.comment.setPlaceholderText(_t("comment_hint"))
        self.history_heading.setText(_t("history"))
        self.map_button.setText(translate("MapPanel", "Show on map"))
        for action, button in self.buttons.items():
            button.setText(translate(_CONTEXT, _ACTIONS[action]))
        self.show_on_plot.setText(_t("show_on_plot"))
        for key in _FIELDS:
            label = self._form.labelForField(self.fields[key])
            if isinstance(label, QLabel):
                label.setText(_form_label(key))
        self._event_ids = []  # history lines are words too: read them again
        self.refresh()

    def _label(self, name: str, text: str = "") -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        return label

    # --- what is shown --------------------------------------------------------------

    def show_ticket(self, ticket_id: str | None) -> None:
        """Show another ticket (None: none); the message line starts empty.

        The same ticket again (after an action, a sync) keeps where the pane
        and its history were scrolled: an operator reading the history does
        not lose their place to each change.
        """
        same = ticket_id == (self.ticket.id if self.ticket else None)
        if not same:
            self.say("")
            self._event_ids = []
        kept = self._scroll_positions() if same else None
        self.ticket = None
        if ticket_id is not None:
            self._load(ticket_id)
        self._show()
        if kept is not None:
            self._restore_scroll(kept)

    def refresh(self) -> None:
        """Re-read the ticket (another console may have changed it) and its history."""
        kept = self._scroll_positions()
        if self.ticket is not None:
            self._load(self.ticket.id)
        self._show()
        self._restore_scroll(kept)

    def _scroll_area(self) -> QScrollArea | None:
        """The scroll area the pane sits in (the incidents dock's), if any."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        return parent

    def _scroll_positions(self) -> tuple[int, int]:
        area = self._scroll_area()
        outer = area.verticalScrollBar().value() if area is not None else 0
        return outer, self.history.verticalScrollBar().value()

    def _restore_scroll(self, kept: tuple[int, int]) -> None:
        """Put both scroll bars back now, and again once the layout has settled."""
        outer, inner = kept

        def put_back() -> None:
            area = self._scroll_area()
            if area is not None:
                area.verticalScrollBar().setValue(outer)
            self.history.verticalScrollBar().setValue(inner)

        put_back()
        QTimer.singleShot(0, self, put_back)

    def tick(self) -> None:
        """Move the countdown on; the escalation badge appears the second it is due."""
        ticket, now = self.ticket, self._clock()
        left = None if ticket is None else ticket.ack_time_left(now, self._deadlines)
        escalated = ticket is not None and ticket.escalated(now, self._deadlines)
        self.countdown.setText("" if ticket is None else countdown_text(left, True))
        state = "escalated" if escalated else ("none" if left is None else "pending")
        if self.countdown.property("state") != state:
            self.countdown.setProperty("state", state)
            self.countdown.style().polish(self.countdown)
        self.badge.setVisible(escalated)

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("kind", "error" if error else "info")
        self.message.style().polish(self.message)

    def _load(self, ticket_id: str) -> None:
        try:
            self.ticket = self._repository.get(ticket_id)
            events = self._repository.history(ticket_id) if self.ticket else []
            refused = self._repository.refused(ticket_id) if self.ticket else []
        except StoreError as exc:
            self.say(str(exc), error=True)
            return
        self.refused.setText("\n".join(refused_text(op, self._clock()) for op in refused))
        self.refused.setVisible(bool(refused))
        if [e.id for e in events] != self._event_ids:
            self._event_ids = [e.id for e in events]
            self.history.clear()
            # Every entry with its date: a ticket's history spans shifts and days.
            self.history.addItems([event_text(e) for e in reversed(events)])

    def _on_show_on_map(self) -> None:
        where = (
            None if self.ticket is None else map_station(self.ticket.station, self.ticket.series)
        )
        if where is not None:
            self.show_on_map.emit(where)

    def _show(self) -> None:
        ticket = self.ticket
        self.map_button.setEnabled(
            ticket is not None and map_station(ticket.station, ticket.series) is not None
        )
        for widget in (self.severity, self.status):
            widget.setVisible(ticket is not None)
        if ticket is None:
            self.title.setText(_t("none"))
            self.history.clear()
            self.refused.setVisible(False)
            for label in self.fields.values():
                label.setText("")
        else:
            self._show_fields(ticket)
        self._update_actions()
        self.tick()

    def _show_fields(self, ticket: Ticket) -> None:
        self.severity.setText(severity_text(ticket.severity).upper())
        if self.severity.property("severity") != ticket.severity.value:
            self.severity.setProperty("severity", ticket.severity.value)
            self.severity.style().polish(self.severity)
        self.status.setText(status_text(ticket.status))
        self.title.setText(ticket.title)
        now = self._clock()
        acked = ticket.acknowledged_at
        alarm = ""
        if ticket.alarm_rule:
            cleared = ticket.alarm_cleared_at
            state = _t("active") if ticket.alarm_active else ""
            if cleared is not None and not ticket.alarm_active:
                state = _t("cleared").format(wib_text(cleared, now))
            alarm = f"{ticket.alarm_rule} · {state}"
        values = {
            "program": program(ticket.program).label(i18n.current_language()),
            "station": ticket.station or "—",
            "series": ticket.series or "—",
            "assignee": ticket.assignee or "—",
            "created": f"{wib_text(ticket.created_at, now)} · "
            + (alarm_creator(ticket.alarm_rule) if ticket.alarm_rule else ticket.created_by),
            "acknowledged": "—"
            if acked is None
            else f"{wib_text(acked, now)} · {ticket.acknowledged_by}",
            "alarm": alarm or "—",
            "closed": "—"
            if ticket.close_reason is None
            else close_reason_text(ticket.close_reason),
            "description": _cut(ticket.description, _DESCRIPTION_SHOWN) or "—",
            "id": ticket.id[:8],  # enough to say aloud and to search by; the rest in the tip
        }
        for key, text in values.items():
            self.fields[key].setText(text)
        self.fields["id"].setToolTip(ticket.id)

    def _update_actions(self) -> None:
        status = None if self.ticket is None else self.ticket.status
        for action, button in self.buttons.items():
            if action is not Action.CREATE and status is None:
                reason: str | None = _t("select")
            else:
                reason = why_not(self._role, action, status, i18n.current_language())
            button.setEnabled(reason is None)
            button.setToolTip(reason or "")
        series = None if self.ticket is None else self.ticket.series
        self.show_on_plot.setEnabled(bool(series))
        self.show_on_plot.setToolTip(
            "" if series else _t("select" if status is None else "no_series")
        )

    def _on_show_on_plot(self) -> None:
        ticket = self.ticket
        if ticket is not None and ticket.series:
            self.plot_requested.emit(ticket.series, ticket.created_at.timestamp())

    # --- actions --------------------------------------------------------------------

    def set_assignee_directory(self, directory: AssigneeDirectory | None) -> None:
        """Where the assign dialog gets its list of users (the sync server; None: none)."""
        self._assignees = directory

    def open_create(self, prefill: Mapping[str, object] | None = None) -> TicketDialog:
        """The create form, filled from ``prefill`` (title, program, severity, station, ...)."""
        created: list[str] = []

        def create(values: dict[str, str]) -> None:
            created.append(self._repository.create(**values).id)

        title = self._words(Action.CREATE)
        dialog = TicketDialog(title, prefill or {}, create, self)
        self._open(dialog, Action.CREATE, lambda: created[-1])
        return dialog

    def _words(self, action: Action) -> str:
        return translate(_CONTEXT, _ACTIONS[action]).rstrip("…")

    def _on_action(self, action: Action) -> None:
        ticket, repo = self.ticket, self._repository
        if action is Action.CREATE:
            self.open_create()
            return
        if ticket is None:  # the buttons are disabled then; a queued click may still come
            return
        tid, title, words = ticket.id, f"{self._words(action)}: {ticket.title}", self._words(action)
        dialog: ApplyDialog
        if action is Action.COMMENT:
            self._write(lambda: repo.comment(tid, self.comment.toPlainText()), action)
            return
        if action is Action.START:
            self._write(lambda: repo.transition(tid, Action.START), action)
            return
        if action is Action.EDIT:
            initial = {k: str(getattr(ticket, k) or "") for k in FIELD_LABELS}

            def edit(values: dict[str, str]) -> None:
                # Only what this user changed: the other fields may have been edited
                # elsewhere meanwhile, and sync merges edits field by field.
                repo.edit(tid, {k: v for k, v in values.items() if v != initial[k]})

            dialog = TicketDialog(title, initial, edit, self)
        elif action is Action.ASSIGN:

            def assign(name: str | None) -> None:
                repo.assign(tid, name)

            dialog = AssignDialog(title, ticket.assignee, self._user, assign, self._assignees, self)
        elif action is Action.CLOSE:

            def close(reason: CloseReason | None, note: str | None) -> None:
                repo.transition(tid, Action.CLOSE, note=note or None, reason=reason)

            dialog = CloseDialog(title, close, self)
        else:  # acknowledge, resolve, reopen: with a note, which may stay empty

            def move(note: str | None) -> None:
                repo.transition(tid, action, note=note)

            dialog = NoteDialog(title, words, move, self)
        self._open(dialog, action, lambda: tid)

    def _write(self, change: Callable[[], object], action: Action) -> None:
        """A change without a dialog (start, comment): refusals go to the message line."""
        try:
            change()
        except IncidentError as exc:
            self.say(exc.text(i18n.current_language()), error=True)
            self.refresh()  # the refusal often means the ticket moved on: show where it is
        except StoreError as exc:
            self.say(str(exc), error=True)
        else:
            if action is Action.COMMENT:
                self.comment.clear()
            if self.ticket is not None:
                self._done(self.ticket.id, action)

    def _open(self, dialog: ApplyDialog, action: Action, target: Callable[[], str]) -> None:
        """Open window-modal (``open()``, never ``exec()``); forget the dialog once closed."""
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._done(target(), action))
        dialog.finished.connect(lambda _: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: ApplyDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _done(self, ticket_id: str, action: Action) -> None:
        self.show_ticket(ticket_id)
        self.say(_t("saved").format(self._words(action)))
        self.changed.emit(ticket_id)
