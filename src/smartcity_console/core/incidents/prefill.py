"""What the create-incident form is filled with when an incident is raised from a plot.

The plot said which series, value and time the operator pointed at; the form
gets a title ("pm25 at Alun-alun Rembang: 187.5 ug/m3"), the program, the
station, the series and a description naming the plot. This used to ride on
the config's ``[[plots]]`` type (retired: the overview is a layout file); now
the plot is described by :class:`PlotSource`, built from whichever dashboard
panel was clicked, and the result is an explicit :class:`IncidentPrefill`.
Qt-free, and its sentences come from the catalog (context "IncidentPrefill").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from smartcity_console.core.alarm_engine import station_of
from smartcity_console.core.clock import wib_text
from smartcity_console.core.i18n import DEFAULT_LANGUAGE, Language, Message
from smartcity_console.core.incidents.fields import TITLE_MAX
from smartcity_console.core.incidents.lifecycle import Severity
from smartcity_console.core.programs import program_of_topic
from smartcity_console.core.units import LocalNumber, display_unit


@dataclass(frozen=True, slots=True)
class PlotSource:
    """The plot an incident is raised from: its program, its series filter and titles."""

    program: str
    series: str
    title_id: str | None = None
    title_en: str | None = None

    def title(self, language: Language) -> str:
        """The plot's title in ``language``; its series filter when it has none."""
        return (self.title_en if language == "en" else self.title_id) or self.series


class IncidentPrefill(TypedDict):
    """The create form's fields, as :meth:`IncidentRepository.create` takes them."""

    title: str
    program: str
    severity: str
    station: str
    series: str
    description: str


def _number(value: float, language: Language) -> str:
    """In the language's format, as the tiles show it ("18,5" in Indonesian)."""
    return "NaN" if value != value else format(LocalNumber(value, language), ".6g")


def prefill_from_plot(
    source: PlotSource,
    series: str,
    value: float,
    t: float,
    *,
    unit: str | None = None,
    language: Language = DEFAULT_LANGUAGE,
) -> IncidentPrefill:
    """The form for a reading of ``series`` (``value`` at epoch ``t``) picked on ``source``."""
    topic, _, path = series.partition("#")
    levels = topic.rstrip("/").split("/")
    measurement = (path or (levels[-2] if len(levels) > 1 else levels[-1])).replace("_", " ")
    station = station_of(series)
    reading = f"{_number(value, language)} {display_unit(unit, language)}".strip()
    title = Message.translate("IncidentPrefill", "{measurement} at {station}: {reading}").format(
        measurement=measurement, station=station, reading=reading
    )
    description = Message.translate(
        "IncidentPrefill", "Created from the plot «{plot}»: {series} = {value} at {time}."
    ).format(plot=source.title(language), series=series, value=reading, time=wib_text(t))
    return IncidentPrefill(
        title=title.text(language)[:TITLE_MAX],
        program=program_of_topic(topic) or source.program,
        severity=str(Severity.MEDIUM),
        station=station,
        series=series,
        description=description.text(language),
    )
