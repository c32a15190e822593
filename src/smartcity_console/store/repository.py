"""Incidents as one user at one workstation reads and changes them.

Each method is one user action: one Session. A change is one ``BEGIN
IMMEDIATE`` transaction holding the ticket, its event and its outbox op,
the ticket changed by the rule the sync server applies (``changes.py``);
bad input and refused actions raise :class:`IncidentError` before anything
is written, database trouble raises :class:`StoreError`.
"""

from __future__ import annotations

import builtins
import math
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, literal_column, or_, select

from smartcity_console.core.i18n import Message
from smartcity_console.core.incidents import (
    DEFAULT_ACK_DEADLINES,
    DESCRIPTION_MAX,
    SHORT_MAX,
    TITLE_MAX,
    Action,
    CloseReason,
    IncidentError,
    Role,
    Severity,
    Status,
    alarm_incident_id,
    clean_text,
    require,
    utc_now,
    validate_close,
    validate_comment,
    validate_fields,
    validate_note,
    validate_username,
)
from smartcity_console.core.incidents.journal_text import repair_text, to_iso, within_bounds
from smartcity_console.core.incidents.local_ops import (
    alarm_op,
    assign_op,
    comment_op,
    create_op,
    edit_op,
    transition_op,
)
from smartcity_console.store import changes, ticket_pages
from smartcity_console.store.changes import Actor
from smartcity_console.store.database import Database
from smartcity_console.store.models import EventRow, OutboxRow, ServerEventRow, TicketRow
from smartcity_console.store.queries import TicketQuery, filters
from smartcity_console.store.records import AlarmTicket, PendingOp, Ticket, TicketEvent
from smartcity_console.store.ticket_pages import PageKey, TicketRows


class IncidentRepository:
    def __init__(
        self,
        db: Database,
        user: str,
        role: Role,
        workstation: str,
        client_id: str,
        *,
        deadlines: Mapping[Severity, timedelta] = DEFAULT_ACK_DEADLINES,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        try:
            client = str(uuid.UUID(client_id))
        except ValueError:
            raise IncidentError(f"Client id {client_id!r} is not a UUID.") from None
        station = clean_text("workstation", workstation, required=True, maximum=SHORT_MAX)
        self._actor = Actor(validate_username(user), Role(role), station, client)
        self._db = db
        self._deadlines = deadlines
        self._clock = clock

    @property
    def actor(self) -> Actor:
        return self._actor

    # --- changes -------------------------------------------------------------------
    # Role checks and field validation first, before any transaction; then, under
    # the write lock, the op the change makes of the ticket as it is now
    # (core/incidents/local_ops.py), applied and written by the one rule
    # (store/changes.py, apply_op).

    def create(
        self,
        title: str,
        program: str,
        severity: Severity | str,
        *,
        description: str = "",
        station: str | None = None,
        series: str | None = None,
    ) -> Ticket:
        require(self._actor.role, Action.CREATE)
        fields = _create_fields(title, program, severity, description, station, series)
        with self._db.write() as session:
            applied = changes.apply(
                session, self._actor, str(uuid.uuid4()), create_op(fields), self._clock()
            )
            return Ticket.of(_row(applied))

    def edit(self, ticket_id: str, fields: Mapping[str, object]) -> Ticket:
        """Change some of title, program, severity, description, station, series.

        Only the fields whose value differs go into the op; nothing is written
        when none does.
        """
        require(self._actor.role, Action.EDIT)
        cleaned = validate_fields(fields, creating=False)
        with self._db.write() as session:
            row = changes.load(session, ticket_id)
            op = edit_op(changes.state_of(row), cleaned)
            changes.apply(session, self._actor, ticket_id, op, self._clock(), row=row)
            return Ticket.of(row)

    def comment(self, ticket_id: str, text: str) -> TicketEvent:
        require(self._actor.role, Action.COMMENT)
        cleaned = validate_comment(text)
        with self._db.write() as session:
            row = changes.load(session, ticket_id)
            applied = changes.apply(
                session, self._actor, ticket_id, comment_op(cleaned), self._clock(), row=row
            )
            assert applied.event is not None  # a comment is always an event
            return TicketEvent.of(applied.event)

    def transition(
        self,
        ticket_id: str,
        action: Action,
        *,
        note: str | None = None,
        reason: CloseReason | str | None = None,
    ) -> Ticket:
        """Acknowledge, start, resolve, reopen or close; closing needs a ``reason``."""
        require(self._actor.role, action)
        clean_note = validate_note(note)
        close_reason = None
        if action is Action.CLOSE:
            close_reason = validate_close(reason, clean_note)
        elif reason is not None:
            raise IncidentError(Message.translate("Incident", "Only closing takes a reason."))
        with self._db.write() as session:
            row = changes.load(session, ticket_id)
            op = transition_op(
                changes.state_of(row),
                self._actor.role,
                action,
                note=clean_note,
                reason=close_reason,
            )
            changes.apply(session, self._actor, ticket_id, op, self._clock(), row=row)
            return Ticket.of(row)

    def assign(self, ticket_id: str, username: str | None) -> Ticket:
        """Assign to a user name (not checked against the users cache, which may be stale)."""
        require(self._actor.role, Action.ASSIGN)
        name = None if username is None else validate_username(username)
        with self._db.write() as session:
            row = changes.load(session, ticket_id)
            op = assign_op(changes.state_of(row), name)
            changes.apply(session, self._actor, ticket_id, op, self._clock(), row=row)
            return Ticket.of(row)

    def create_alarm_incident(
        self,
        rule_id: str,
        series: str,
        episode_start: float,
        *,
        title: str,
        program: str,
        severity: Severity | str,
        station: str | None = None,
        description: str = "",
    ) -> tuple[Ticket, bool]:
        """Raise the alarm's ticket once: ``(ticket, True)`` if new, the existing one else.

        ``created_at`` is when this console raised it, not the device's episode
        start (kept in the op's ``alarm``): device clocks cannot be trusted to
        time an escalation.
        """
        require(self._actor.role, Action.CREATE)
        if not math.isfinite(episode_start):
            raise IncidentError(f"Alarm episode start {episode_start!r} is not a time.")
        # The id comes from what the alarm engine saw, so every console derives the
        # same one; what is stored is repaired to the journal rule, never refused:
        # a topic with a control character must not cost an alarm its incident.
        ticket_id = str(alarm_incident_id(rule_id, series, episode_start))
        rule = repair_text(rule_id.strip(), multiline=False, maximum=SHORT_MAX) or "?"
        fields = _create_fields(
            repair_text(title.strip(), multiline=False, maximum=TITLE_MAX) or rule,
            program,
            severity,
            repair_text(description, multiline=True, maximum=DESCRIPTION_MAX),
            None if station is None else repair_text(station, multiline=False, maximum=SHORT_MAX),
            repair_text(series, multiline=False, maximum=SHORT_MAX),
        )
        alarm: dict[str, object] = {"rule": rule, "active": True}
        start = _episode_start(episode_start)
        if start is not None:  # a device clock out of the journal's bounds: left out
            alarm["episode_start"] = to_iso(start)
        with self._db.write() as session:
            # A create of an id that exists is a duplicate (the contract's rule, which
            # alarm incidents rely on): the ticket another console or a restart raised.
            applied = changes.apply(
                session,
                self._actor,
                ticket_id,
                create_op(fields, alarm),
                self._clock(),
                row=session.get(TicketRow, ticket_id),
            )
            return Ticket.of(_row(applied)), applied.outcome.status == "applied"

    def set_alarm_state(self, ticket_id: str, active: bool, at: datetime) -> Ticket:
        """The alarm behind the ticket is active again or cleared at ``at``.

        The status is untouched: a cleared alarm still needs acknowledging (ISA-18.2).
        """
        with self._db.write() as session:
            row = changes.load(session, ticket_id)
            now = self._clock()
            op = alarm_op(changes.state_of(row), active, at, now)
            if op is not None:
                changes.apply(session, self._actor, ticket_id, op, now, row=row)
            return Ticket.of(row)

    # --- reads ---------------------------------------------------------------------

    def alarm_tickets(self, cleared_since: datetime) -> builtins.list[AlarmTicket]:
        """Alarm incidents whose alarm is active, or cleared at or after ``cleared_since``.

        Whoever raised them: this console's own and those pulled from the
        sync server. Oldest episode first, so a caller restoring them one by
        one ends with the newest episode of each rule and series.
        """
        statement = select(TicketRow).where(
            TicketRow.alarm_rule.is_not(None),
            or_(TicketRow.alarm_active, TicketRow.alarm_cleared_at >= cleared_since),
        )
        with self._db.read() as session:
            rows = list(session.scalars(statement))
            ids = [row.id for row in rows]
            starts: dict[str, datetime] = {}
            for table in (ServerEventRow, EventRow):
                creates = select(table.ticket_id, table.data).where(
                    table.ticket_id.in_(ids), table.kind == "create"
                )
                for ticket_id, data in session.execute(creates):
                    start = _episode_start_in(data)
                    if start is not None:
                        starts.setdefault(ticket_id, start)
            tickets = [
                AlarmTicket(
                    id=row.id,
                    rule=row.alarm_rule or "",
                    series=row.series,
                    episode_start=starts.get(row.id, row.created_at),
                    active=row.alarm_active,
                    cleared_at=row.alarm_cleared_at,
                    title=row.title,
                    status=Status(row.status),
                )
                for row in rows
            ]
        tickets.sort(key=lambda ticket: (ticket.episode_start, ticket.id))
        return tickets

    def get(self, ticket_id: str) -> Ticket | None:
        with self._db.read() as session:
            row = session.get(TicketRow, ticket_id)
            return None if row is None else Ticket.of(row)

    def list(self, query: TicketQuery | None = None) -> builtins.list[Ticket]:
        """One page of tickets matching ``query``, in its order."""
        query = query or TicketQuery()
        with self._db.read() as session:
            rows = ticket_pages.read(
                session,
                query,
                self._clock(),
                self._deadlines,
                limit=query.limit,
                offset=query.offset,
            )
            return [ticket for ticket, _key in rows]

    def page(
        self, query: TicketQuery, limit: int, after: PageKey | None = None
    ) -> builtins.list[tuple[Ticket, PageKey]]:
        """Up to ``limit`` tickets after the one whose key is ``after`` (keyset paging)."""
        with self._db.read() as session:
            return ticket_pages.read(
                session, query, self._clock(), self._deadlines, limit=limit, after=after
            )

    def window(self, query: TicketQuery, first: int, size: int) -> tuple[int, int, TicketRows]:
        """``(first, total, rows)``: ``size`` rows from row ``first``, and how many match.

        The list's window (gui/incidents/list_loader.py): one read, so the
        count and the rows agree. ``first`` moves back so a window near the
        end is full; each row becomes a Ticket only when it is asked for.
        """
        now = self._clock()
        with self._db.read() as session:
            total = ticket_pages.count(session, query, now, self._deadlines)
            first = max(0, min(first, total - size))
            after = None
            if first > 0:
                after = ticket_pages.key_at(session, query, now, self._deadlines, first - 1)
                first = first if after is not None else 0
            rows = ticket_pages.read_rows(
                session, query, now, self._deadlines, limit=size, after=after
            )
        return first, total, rows

    def key_at(self, query: TicketQuery, position: int) -> PageKey | None:
        """The key of the ticket at ``position`` in ``query``'s order (a scroll jump)."""
        with self._db.read() as session:
            return ticket_pages.key_at(session, query, self._clock(), self._deadlines, position)

    def count(self, query: TicketQuery | None = None) -> int:
        """How many tickets match ``query`` (its sort and page are ignored)."""
        query = query or TicketQuery()
        where = filters(query, self._clock(), self._deadlines)
        with self._db.read() as session:
            return session.scalar(select(func.count()).select_from(TicketRow).where(*where)) or 0

    def history(self, ticket_id: str) -> builtins.list[TicketEvent]:
        """The server's events in its order, then this console's not yet confirmed ones.

        Every console that has pulled everything shows the same list; an op
        the server rejected is not history (its author is told instead).
        """
        confirmed = select(ServerEventRow).where(ServerEventRow.ticket_id == ticket_id)
        local = (
            select(EventRow)
            .join(OutboxRow, OutboxRow.op_id == EventRow.id)
            .where(EventRow.ticket_id == ticket_id, OutboxRow.status.in_(("pending", "sent")))
            .where(EventRow.id.not_in(select(ServerEventRow.id)))
            .order_by(EventRow.at, literal_column("events.rowid"))
        )
        with self._db.read() as session:
            server = [
                TicketEvent.of_server(r)
                for r in session.scalars(confirmed.order_by(ServerEventRow.seq))
            ]
            return server + [TicketEvent.of(row) for row in session.scalars(local)]

    def refused(self, ticket_id: str) -> builtins.list[PendingOp]:
        """This console's changes to the ticket that the server refused for good, oldest first.

        They are not history (they never happened for anyone else), but the
        incident keeps showing them with the server's reason so nobody thinks
        they took effect.
        """
        statement = (
            select(OutboxRow)
            .where(OutboxRow.ticket_id == ticket_id, OutboxRow.status == "rejected")
            .order_by(OutboxRow.client_ts, OutboxRow.seq)
        )
        with self._db.read() as session:
            return [PendingOp.of(row) for row in session.scalars(statement)]

    def pending_ops(self, client_id: str | None = None) -> builtins.list[PendingOp]:
        """Ops not yet pushed for ``client_id`` (default: this user's, re-keyed or not)."""
        with self._db.read() as session:
            state = changes.current_state(session, client_id or self._actor.client_id)
            if state is None:
                return []
            statement = (
                select(OutboxRow)
                .where(OutboxRow.status == "pending", OutboxRow.client_id == state.client_id)
                .order_by(OutboxRow.seq)
            )
            return [PendingOp.of(row) for row in session.scalars(statement)]


def _row(applied: changes.Applied) -> TicketRow:
    assert applied.row is not None  # a create applied, or the ticket that existed
    return applied.row


def _episode_start_in(data: object) -> datetime | None:
    """``alarm.episode_start`` of a create op's data, if it holds a valid one."""
    alarm = data.get("alarm") if isinstance(data, dict) else None
    text = alarm.get("episode_start") if isinstance(alarm, dict) else None
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _episode_start(epoch: float) -> datetime | None:
    """The episode's start as a journal time, or None when the device's clock was far off."""
    try:
        start = datetime.fromtimestamp(math.floor(epoch), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return start if within_bounds(start) else None


def _create_fields(
    title: str,
    program: str,
    severity: Severity | str,
    description: str,
    station: str | None,
    series: str | None,
) -> dict[str, str | None]:
    """A new ticket's fields, checked (a create by hand and an alarm's create alike)."""
    return validate_fields(
        {
            "title": title,
            "program": program,
            "severity": severity,
            "description": description,
            "station": station,
            "series": series,
        },
        creating=True,
    )
