"""The shift handover as a console service (no Qt): duty periods, reports, read confirmations.

Issue 16. The service opens a duty period when the console starts for a
signed-in user and closes it at sign-out with the departing operator's
note (or at shutdown without one), so the report can say who was on duty
from when to when. :meth:`HandoverService.hand_over` makes the report of
the duty period that ends (saved as JSON in the data folder; the GUI adds
the PDF beside it); :meth:`report_now` makes one on demand (Incidents menu);
:meth:`confirm_read` records that the next person read a handover, here and
in the journal the sync server receives (docs/sync.md, ``handover_read``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from smartcity_console.console import shift_report
from smartcity_console.console.shift_report import SavedReport, ShiftReport
from smartcity_console.core.alarm_rules import StaleRule
from smartcity_console.store import shifts

if TYPE_CHECKING:
    from smartcity_console.console.app import ConsoleApp

log = logging.getLogger(__name__)


class HandoverService:
    """Duty periods and handover reports of one signed-in user (console/services.py)."""

    name = "handover"

    def __init__(
        self,
        folder: Path | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.folder = folder or shift_report.reports_dir()
        self._clock = clock
        self._app: ConsoleApp | None = None
        self.duty_id: str | None = None

    @property
    def app(self) -> ConsoleApp | None:
        """The console it serves, once started."""
        return self._app

    # --- ConsoleService ------------------------------------------------------------------
    def start(self, app: ConsoleApp) -> None:
        self._app = app
        self.duty_id = shifts.sign_in(
            app.db,
            app.operator.username,
            str(app.operator.role),
            app.config.workstation,
            self._clock(),
        )

    def tick(self, now: float) -> None:
        del now  # nothing runs on a tick: reports are made when asked

    def stop(self) -> None:
        """Shutdown without a handover (the window closed): the duty period ends, no note."""
        if self._app is not None and self.duty_id is not None:
            shifts.sign_out(self._app.db, self.duty_id, self._clock(), None)
            self.duty_id = None

    # --- reports -------------------------------------------------------------------------
    def _build(self, start: datetime, end: datetime, note: str) -> ShiftReport:
        app = self._require()
        return shift_report.build(
            app.db,
            start=start,
            end=end,
            workstation=app.config.workstation,
            stale_rules=[r.id for r in app.config.alarms if isinstance(r, StaleRule)],
            deadlines=app.deadlines,
            handed_over_by=app.operator.username,
            note=note,
            now=end,
        )

    def _require(self) -> ConsoleApp:
        if self._app is None:
            raise RuntimeError("the handover service has not started")
        return self._app

    def hand_over(self, note: str) -> ShiftReport:
        """Close the duty period with ``note``; save its report (JSON here, the PDF by the GUI)."""
        app = self._require()
        now = self._clock()
        start = now
        if self.duty_id is not None:
            duty = shifts.sign_out(app.db, self.duty_id, now, note.strip() or None)
            self.duty_id = None
            if duty is not None:
                start = duty.signed_in_at
        report = self._build(min(start, now), now, note.strip())
        shift_report.save_json(report, self.folder)
        log.info("%s handed over at %s: report %s", app.operator.username, now, report.id)
        return report

    def report_now(self) -> ShiftReport:
        """The report of the current duty period so far (Incidents → Shift reports)."""
        app = self._require()
        now = self._clock()
        start, _ = shift_report.default_period(app.db, app.config.workstation, now)
        report = self._build(start, now, "")
        shift_report.save_json(report, self.folder)
        return report

    def pdf_path(self, report: ShiftReport) -> Path:
        return self.folder / f"{shift_report.report_stem(report)}.pdf"

    def unread(self) -> SavedReport | None:
        """The handover the signed-in user has yet to confirm reading, if any."""
        app = self._require()
        return shift_report.unread_handover(
            app.db, app.operator.username, app.config.workstation, self.folder
        )

    def confirm_read(self, saved: SavedReport) -> None:
        """Record that the signed-in user read ``saved``: here, and journalled for the server."""
        app = self._require()
        now = self._clock()
        shifts.record_read(
            app.db,
            saved.id,
            app.operator.username,
            app.config.workstation,
            now,
            journal_as=app.repository.actor,
            handed_over_by=saved.handed_over_by,
            shift_end=saved.end,
        )
        if app.sync is not None:
            app.sync.changed_here()  # pushed now, not at the next pull
