"""The shift handover report as a printable A4 page: Qt's text document to PDF.

QTextDocument and QPdfWriter are QtGui, already in the bundle; QtPrintSupport
is not (the bundle's budget is tight, docs/operations.md), and a PDF file is
what the command center prints and archives anyway. The words are the UI
language's (the catalog's ``ShiftReport`` context); times are WIB, as every
time the console shows. The alarm chart is drawn with QPainter into an image
the document embeds.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from smartcity_console.console.shift_report import AlarmBand, ShiftReport
from smartcity_console.core.clock import wib_text
from smartcity_console.core.incidents import Severity, Status
from smartcity_console.core.programs import PROGRAMS
from smartcity_console.gui.i18n import current_language, translate
from smartcity_console.gui.incidents.model import severity_text, status_text

CHART_URL = QUrl("chart://alarms-per-hour")
_BAND_COLOUR = {
    AlarmBand.ACCEPTABLE: QColor("#2E7D32"),
    AlarmBand.MANAGEABLE: QColor("#F9A825"),
    AlarmBand.OVER_DEMANDING: QColor("#EF6C00"),
    AlarmBand.UNACCEPTABLE: QColor("#C62828"),
}


def band_text(band: AlarmBand) -> str:
    return {
        AlarmBand.ACCEPTABLE: translate("ShiftReport", "very likely acceptable (up to 6 an hour)"),
        AlarmBand.MANAGEABLE: translate("ShiftReport", "manageable (up to 12 an hour)"),
        AlarmBand.OVER_DEMANDING: translate(
            "ShiftReport", "likely over-demanding (up to 60 an hour)"
        ),
        AlarmBand.UNACCEPTABLE: translate(
            "ShiftReport", "very likely unacceptable (over 60 an hour)"
        ),
    }[band]


def _action_text(action: str) -> str:
    return {
        "raised": translate("ShiftReport", "raised"),
        "acknowledged": translate("ShiftReport", "acknowledged"),
        "in_progress": translate("ShiftReport", "started work"),
        "resolved": translate("ShiftReport", "resolved"),
        "closed": translate("ShiftReport", "closed"),
        "reopened": translate("ShiftReport", "reopened"),
        "assigned": translate("ShiftReport", "assigned"),
    }.get(action, action)


def _program(key: str) -> str:
    for program in PROGRAMS:
        if program.key == key:
            return program.label(current_language())
    return key


def _severity(value: str) -> str:
    try:
        return severity_text(Severity(value))
    except ValueError:
        return value


def _status(value: str) -> str:
    try:
        return status_text(Status(value))
    except ValueError:
        return value


def _t(moment: datetime | None) -> str:
    return "—" if moment is None else wib_text(moment)


def _e(text: object) -> str:
    return html.escape(str(text))


def _h3(text: str) -> str:
    return f"<h3>{_e(text)}</h3>"


def _table(headers: list[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f"<p><i>{_e(empty)}</i></p>"
    head = "".join(f"<th align='left'>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (
        "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
        f"<tr bgcolor='#E0E0E0'>{head}</tr>{body}</table>"
    )


def _minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return (
        translate("ShiftReport", "{} h {} min").format(hours, rest)
        if hours
        else translate("ShiftReport", "{} min").format(rest)
    )


def report_html(report: ShiftReport) -> str:
    """The report's page as the rich text QTextDocument reads (the chart by :data:`CHART_URL`)."""
    parts = [
        "<p align='center'><b>PEMERINTAH KABUPATEN REMBANG</b><br/>",
        _e(translate("ShiftReport", "Rembang Smart City Command Center")),
        "</p><hr/>",
        "<h2 align='center'>" + _e(translate("ShiftReport", "Shift handover report")) + "</h2>",
        "<p>",
        _e(translate("ShiftReport", "Period: {} to {}").format(_t(report.start), _t(report.end))),
        "<br/>",
        _e(translate("ShiftReport", "Workstation: {}").format(report.workstation)),
        "<br/>",
        _e(translate("ShiftReport", "Handed over by: {}").format(report.handed_over_by or "—")),
        "<br/>",
        _e(translate("ShiftReport", "Report made at {}").format(_t(report.generated_at))),
        "</p>",
        _h3(translate("ShiftReport", "Handover note")),
        "<p>"
        + (
            _e(report.note).replace("\n", "<br/>")
            if report.note
            else "<i>" + _e(translate("ShiftReport", "No note was written.")) + "</i>"
        )
        + "</p>",
        _h3(translate("ShiftReport", "On duty")),
        _table(
            [
                translate("ShiftReport", "User"),
                translate("ShiftReport", "Role"),
                translate("ShiftReport", "Workstation"),
                translate("ShiftReport", "From"),
                translate("ShiftReport", "To"),
            ],
            [
                [d.username, d.role, d.workstation, _t(d.start), _t(d.end)]
                if d.end is not None
                else [
                    d.username,
                    d.role,
                    d.workstation,
                    _t(d.start),
                    translate("ShiftReport", "still on"),
                ]
                for d in report.on_duty
            ],
            translate("ShiftReport", "No sign-in was recorded in this period."),
        ),
        _h3(translate("ShiftReport", "Incidents")),
        "<p>",
        _e(
            translate("ShiftReport", "Raised {}, acknowledged {}, closed {}, reopened {}.").format(
                report.totals.get("raised", 0),
                report.totals.get("acknowledged", 0),
                report.totals.get("closed", 0),
                report.totals.get("reopened", 0),
            )
        ),
        "</p>",
        _table(
            [
                translate("ShiftReport", "Program"),
                translate("ShiftReport", "Severity"),
                translate("ShiftReport", "Raised"),
                translate("ShiftReport", "Acknowledged"),
                translate("ShiftReport", "Closed"),
                translate("ShiftReport", "Reopened"),
            ],
            [
                [
                    _program(c.program),
                    _severity(c.severity),
                    str(c.raised),
                    str(c.acknowledged),
                    str(c.closed),
                    str(c.reopened),
                ]
                for c in report.counts
            ],
            translate("ShiftReport", "No incident changed in this period."),
        ),
        _h3(translate("ShiftReport", "Still open")),
        _table(
            [
                translate("ShiftReport", "Incident"),
                translate("ShiftReport", "Severity"),
                translate("ShiftReport", "Status"),
                translate("ShiftReport", "Age"),
                translate("ShiftReport", "Assignee"),
                translate("ShiftReport", "Last note"),
            ],
            [
                [
                    o.title + (" ⚠" if o.escalated else ""),
                    _severity(o.severity),
                    _status(o.status),
                    _minutes(o.age_minutes),
                    o.assignee or "—",
                    o.last_note or "—",
                ]
                for o in report.open_items
            ],
            translate("ShiftReport", "Nothing is open."),
        ),
        _h3(translate("ShiftReport", "Missed acknowledgement deadlines")),
        _table(
            [
                translate("ShiftReport", "Incident"),
                translate("ShiftReport", "Severity"),
                translate("ShiftReport", "Deadline"),
                translate("ShiftReport", "Acknowledged"),
            ],
            [
                [
                    m.title,
                    _severity(m.severity),
                    _t(m.deadline),
                    (
                        f"{_t(m.acknowledged_at)} ({m.acknowledged_by})"
                        if m.acknowledged_at
                        else translate("ShiftReport", "not acknowledged")
                    ),
                ]
                for m in report.missed_acks
            ],
            translate("ShiftReport", "Every deadline was met."),
        ),
        _h3(translate("ShiftReport", "Alarm rate (EEMUA 191)")),
        "<p>",
        _e(
            translate("ShiftReport", "{} alarms, {} an hour on average: {}.").format(
                report.alarm_total, f"{report.alarm_rate:g}", band_text(report.alarm_band)
            )
        ),
        "</p>",
        f"<p><img src='{CHART_URL.toString()}' width='640' height='180'/></p>",
        _table(
            [
                translate("ShiftReport", "Flood from"),
                translate("ShiftReport", "to"),
                translate("ShiftReport", "Alarms"),
            ],
            [[_t(f.start), _t(f.end), str(f.alarms)] for f in report.floods],
            translate("ShiftReport", "No alarm flood (more than 10 alarms in 10 minutes)."),
        ),
        _h3(translate("ShiftReport", "Stale feeds and broker outages")),
        _table(
            [
                translate("ShiftReport", "Feed"),
                translate("ShiftReport", "Rule"),
                translate("ShiftReport", "From"),
                translate("ShiftReport", "To"),
                translate("ShiftReport", "For"),
            ],
            [
                [
                    o.series,
                    o.rule,
                    _t(o.start),
                    _t(o.end) if o.end else translate("ShiftReport", "still stale"),
                    _minutes(o.minutes),
                ]
                for o in report.feed_outages
            ],
            translate("ShiftReport", "Every feed reported throughout."),
        ),
        _h3(translate("ShiftReport", "Who did what")),
        _table(
            [
                translate("ShiftReport", "When"),
                translate("ShiftReport", "Who"),
                translate("ShiftReport", "Did"),
                translate("ShiftReport", "Incident"),
                translate("ShiftReport", "Note"),
            ],
            [
                [_t(a.at), a.author, _action_text(a.action), a.title, a.detail]
                for a in report.actions
            ],
            translate("ShiftReport", "Nobody changed an incident in this period."),
        ),
    ]
    return "".join(parts)


def alarm_chart(report: ShiftReport, width: int = 1280, height: int = 360) -> QImage:
    """Alarms per hour as bars coloured by their EEMUA 191 band, the 6 and 12 lines dashed."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(painter.font())
        font.setPixelSize(18)
        painter.setFont(font)
        left, bottom, top = 50, 40, 20
        hours = report.alarms_per_hour or []
        peak = max([12, *(h.alarms for h in hours)])
        plot_h = height - bottom - top

        def y(value: float) -> float:
            return top + plot_h * (1 - value / peak)

        painter.setPen(QColor("#9E9E9E"))
        for limit in (6, 12):
            painter.setPen(Qt.PenStyle.DashLine)
            painter.drawLine(left, int(y(limit)), width - 10, int(y(limit)))
            painter.drawText(5, int(y(limit)) + 6, str(limit))
        painter.setPen(QColor("black"))
        painter.drawLine(left, height - bottom, width - 10, height - bottom)
        if hours:
            slot = (width - left - 10) / len(hours)
            for i, hour in enumerate(hours):
                x = left + i * slot + slot * 0.15
                rect = QRectF(x, y(hour.alarms), slot * 0.7, y(0) - y(hour.alarms))
                painter.fillRect(rect, _BAND_COLOUR[hour.band])
                if hour.alarms:
                    painter.drawText(
                        QRectF(x, y(hour.alarms) - 22, slot * 0.7, 20),
                        Qt.AlignmentFlag.AlignCenter,
                        str(hour.alarms),
                    )
                if len(hours) <= 24 or i % 2 == 0:
                    label = wib_text(hour.hour)[-9:-7]  # the WIB hour
                    painter.drawText(
                        QRectF(x - slot * 0.15, height - bottom + 4, slot, 30),
                        Qt.AlignmentFlag.AlignHCenter,
                        label,
                    )
    finally:
        painter.end()
    return image


def report_document(report: ShiftReport) -> QTextDocument:
    """The report as a text document (the PDF's page, the sign-in dialog's view)."""
    document = QTextDocument()
    document.addResource(QTextDocument.ResourceType.ImageResource, CHART_URL, alarm_chart(report))
    document.setHtml(report_html(report))
    return document


def write_pdf(report: ShiftReport, path: Path) -> Path:
    """Write the report to ``path`` as an A4 PDF (written aside, then moved into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    writer = QPdfWriter(str(partial))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setResolution(300)
    writer.setTitle(translate("ShiftReport", "Shift handover report"))
    writer.setCreator("smartcity-console")
    document = report_document(report)
    # No page size of its own: print_ lays the text out on the writer's A4 page at
    # the screen's point size (a size in the writer's pixels would shrink the text).
    document.print_(writer)
    partial.replace(path)
    return path


def pdf_writer_for_cli(language: str) -> Callable[[ShiftReport, Path], Path]:
    """:func:`write_pdf` for the command line: a QGuiApplication first, in ``language``."""
    from PySide6.QtGui import QGuiApplication

    from smartcity_console.gui.i18n import set_language

    app = QGuiApplication.instance() or QGuiApplication([])
    set_language(language)

    def write(report: ShiftReport, path: Path) -> Path:
        assert app is not None  # kept alive while the document is written
        return write_pdf(report, path)

    return write
