"""Unhandled exceptions shown to the operator once, while the console keeps running.

``logs.py`` logs every unhandled exception with its traceback and calls the
listeners; :class:`CrashReporter` is the GUI's listener. It may be called
from any thread (the MQTT thread, a worker), so it only emits a signal; the
dialog is made in the GUI thread. Each distinct error (type and innermost
frame) is shown once per session: a bug in a slot that a 30 fps timer calls
must not bury the screen in dialogs. While a dialog is open, further new
errors are added to it rather than stacked.

The dialog is non-modal and shown with ``show()`` (``open()`` would make it
window-modal): an operator mid-shift can leave it open and keep working, and
qasync's loop is never nested.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from smartcity_console import logs
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.widgets.retranslating import Retranslating

log = logging.getLogger(__name__)


class CrashDialog(Retranslating, QDialog):
    """What went wrong, where it was logged, and the traceback to copy."""

    def __init__(self, crash: logs.Crash, log_file: Path | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._log_file = log_file
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel(f"<b>{_escape(crash.summary)}</b> ({_escape(crash.where)})", self)
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit(crash.details, self)
        self.details.setReadOnly(True)
        self.details.setMinimumSize(560, 200)
        self.more = QLabel("", self)
        self.more.hide()
        self.advice = QLabel(self)
        self.advice.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        for widget in (self.intro, self.summary, self.details, self.more, self.advice, buttons):
            layout.addWidget(widget)
        self.extra = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("CrashDialog", "An error occurred"))
        if self._log_file is not None:
            intro = translate(
                "CrashDialog",
                "Something went wrong inside the console. It keeps running; the error has "
                "been written to the log file:",
            )
            self.intro.setText(f"{intro}\n{self._log_file}")
        else:
            self.intro.setText(
                translate(
                    "CrashDialog",
                    "Something went wrong inside the console. It keeps running; the error could "
                    "not be written to a log file.",
                )
            )
        self.advice.setText(
            translate(
                "CrashDialog",
                "If it happens again, save a support bundle (Help > About) and send it to "
                "your administrator.",
            )
        )
        self.copy_button.setText(translate("CrashDialog", "Copy details"))
        self._show_more()

    def _show_more(self) -> None:
        if self.extra:
            text = translate("CrashDialog", "{n} more error(s) since this one; all are in the log.")
            self.more.setText(text.format(n=self.extra))

    def add(self, crash: logs.Crash) -> None:
        """Another new error while this one is open: count it, keep its traceback below."""
        self.extra += 1
        self._show_more()
        self.more.show()
        self.details.appendPlainText("\n" + crash.details)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(
            self.summary.text() + "\n\n" + self.details.toPlainText()
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class CrashReporter(QObject):
    """Shows each distinct unhandled exception once, from whichever thread it came.

    Signals:
        crashed(object): a :class:`logs.Crash`; queued to the GUI thread.
        shown(object): the dialog that now shows a crash (tests and the About box).
    """

    crashed = Signal(object)
    shown = Signal(object)

    def __init__(
        self,
        parent_window: Callable[[], QWidget | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._parent_window = parent_window
        self._seen: set[str] = set()
        self.repeats = 0
        self.dialog: CrashDialog | None = None
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._remove = logs.add_crash_listener(self.crashed.emit)

    def close(self) -> None:
        """Stop listening (at shutdown)."""
        self._remove()

    def asyncio_handler(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        """For ``loop.set_exception_handler``: a failed task or callback of the qasync loop."""
        exc = context.get("exception")
        if isinstance(exc, BaseException):
            logs.report_exception(type(exc), exc, exc.__traceback__, "asyncio task")
        else:
            loop.default_exception_handler(context)

    def _show(self, crash: logs.Crash) -> None:
        if crash.signature in self._seen:
            self.repeats += 1
            return
        self._seen.add(crash.signature)
        if self.dialog is not None:
            self.dialog.add(crash)
            return
        dialog = CrashDialog(crash, logs.log_file(), self._parent_window())
        dialog.finished.connect(self._on_closed)
        self.dialog = dialog
        # show(), not open(): open() makes it window-modal, and the operator must be
        # able to keep working beside it (neither blocks; exec() would, and is never used).
        dialog.show()
        self.shown.emit(dialog)

    def _on_closed(self, _result: int) -> None:
        self.dialog = None
