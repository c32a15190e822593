"""``smartcity-console doctor``: say in plain words what stops the console working.

One module per thing checked (``broker``, ``broker_queue``, ``server``,
``local``), one for the
finding (``model``) and one for the command (``runner``). Qt-free, so it runs
on a machine without Qt's libraries and inside the first-run dialog's worker.
"""

from smartcity_console.core.i18n import Language
from smartcity_console.doctor.model import Check, Status, Text
from smartcity_console.doctor.runner import Report, add_parser, format_text, run, run_checks

__all__ = [
    "Check",
    "Language",
    "Report",
    "Status",
    "Text",
    "add_parser",
    "format_text",
    "run",
    "run_checks",
]
