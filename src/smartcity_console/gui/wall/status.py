"""The wall's clock (WIB, whatever the workstation's zone) and connection health.

The date is written in the GUI's language (``Sabtu, 28 November 2026`` /
``Saturday, 28 November 2026``) through :class:`QLocale`; the time is 24-hour
``HH:MM:SS WIB`` in both, as the command center logs it. Health comes from the
same callables as the main window's status bar (broker), plus an optional
one-line sync state; each line says its state in words, coloured as a hint.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from smartcity_console.core.clock import WIB_LABEL, wib
from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.shell.main_window import STATE_TEXT
from smartcity_console.gui.widgets.elided import ElidedLabel
from smartcity_console.mqtt.status import ConnectionStatus

SyncState = Callable[[], str | None]


def _set_state(label: QLabel, state: str) -> None:
    if label.property("state") != state:
        label.setProperty("state", state)
        label.style().unpolish(label)
        label.style().polish(label)


class WallClock(QWidget):
    """Big 24-hour WIB time over the date in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.time = QLabel(self)
        self.time.setObjectName("wallClock")
        self.date = QLabel(self)
        self.date.setObjectName("wallDate")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.time)
        layout.addWidget(self.date)

    def tick(self, now: float | None = None) -> None:
        at = wib(time.time() if now is None else now)
        self.time.setText(f"{at:%H:%M:%S} {WIB_LABEL}")
        day = QDate(at.year, at.month, at.day)
        self.date.setText(i18n.locale().toString(day, "dddd, d MMMM yyyy"))


class HealthStrip(QWidget):
    """``● Broker connected`` and ``● Sync: …``, each coloured by its state."""

    def __init__(
        self,
        connection: Callable[[], ConnectionStatus],
        sync_state: SyncState | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._sync_state = sync_state
        self.broker = QLabel(self)
        self.broker.setObjectName("wallHealth")
        self.sync = ElidedLabel(self)  # the sync client's sentence may be long
        self.sync.setObjectName("wallHealth")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.broker)
        layout.addWidget(self.sync, 1)

    def tick(self) -> None:
        status = self._connection()
        text = "● " + translate("MainWindow", STATE_TEXT[status.state])
        if status.state == "disconnected" and status.next_retry_at:
            wait = max(0.0, status.next_retry_at - time.time())
            text += " — " + translate("MainWindow", "retry in {} s").format(f"{wait:.0f}")
        self.broker.setText(text)
        _set_state(self.broker, status.state)
        line = self._sync_state() if self._sync_state is not None else None
        if line is None:
            self.sync.setText("● " + translate("WallStatus", "Sync: no state reported"))
            _set_state(self.sync, "unknown")
        else:
            self.sync.setText("● " + sync_text(line))
            _set_state(self.sync, sync_severity(line))


def sync_text(line: str) -> str:
    """The sync client's line, named as sync unless it already says so ("Synced", "Tersinkron")."""
    word = translate("WallStatus", "Sync")
    if word.casefold()[:6] in line.casefold():
        return line
    return translate("WallStatus", "Sync: {}").format(line)


def sync_severity(line: str) -> str:
    """``error`` when the sync client's own words say it fails, else ``ok`` (a hint only).

    The line is the sync client's (one sentence, its language); words such as
    "pending" are left neutral on purpose: "0 changes pending" is fine.
    """
    lowered = line.casefold()
    failing = ("error", "fail", "offline", "unreachable", "gagal", "terputus", "galat")
    return "error" if any(word in lowered for word in failing) else "ok"
