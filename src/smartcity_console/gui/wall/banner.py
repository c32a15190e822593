"""The wall's incident banner: counts and titles of what awaits acknowledgement.

Always on screen, above the cycling dashboards. Calm, it is one green line.
Otherwise a red block counts the escalated tickets (past their deadline), an
amber one those awaiting acknowledgement, and the most urgent titles follow,
each with its severity and countdown in words, so colour is never the only
sign. While a critical ticket awaits acknowledgement the red block flashes
(inverting twice a second; about 1 Hz, well under the 3 flashes a second that
WCAG 2.3.1 warns of).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from smartcity_console.gui.i18n import translate
from smartcity_console.gui.incidents.model import countdown_text, severity_text
from smartcity_console.gui.wall.summary import BannerItem, IncidentSummary
from smartcity_console.gui.widgets.elided import ElidedLabel
from smartcity_console.gui.widgets.retranslating import Retranslating

FLASH_MS = 500


def _polish(widget: QWidget, name: str, value: str) -> None:
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class IncidentBanner(Retranslating, QFrame):
    """A view of an :class:`IncidentSummary` (call :meth:`show_summary` with each new one).

    Signals:
        flash_toggled(bool): the red block just inverted (True) or went back (False).
    """

    flash_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallBanner")
        self.summary = IncidentSummary(0, 0, 0, ())
        self.flash_on = False
        self.calm = QLabel(self)
        self.calm.setObjectName("bannerCalm")
        self.escalated = QLabel(self)
        self.escalated.setObjectName("bannerEscalated")
        self.waiting = QLabel(self)
        self.waiting.setObjectName("bannerWaiting")
        self.items: list[QLabel] = [ElidedLabel(self) for _ in range(3)]
        self.more = QLabel(self)
        self.more.setObjectName("bannerMore")
        # The counts in one row above the titles, and each title line the banner's
        # full width: beside the counts, a line had 1,400 px, and severity,
        # countdown and station left no room for a word of the description.
        counts = QHBoxLayout()
        counts.setSpacing(12)
        counts.addWidget(self.calm, 1)
        counts.addWidget(self.escalated)
        counts.addWidget(self.waiting)
        counts.addWidget(self.more)
        counts.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(0)
        layout.addLayout(counts)
        for label in self.items:
            label.setObjectName("bannerItem")
            layout.addWidget(label)
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._toggle_flash)
        self._render()

    @property
    def flashing(self) -> bool:
        return self._flash.isActive()

    def show_summary(self, summary: IncidentSummary) -> None:
        self.summary = summary
        self._render()

    def retranslate(self) -> None:
        self._render()

    def _render(self) -> None:
        s = self.summary
        calm = s.calm
        self.calm.setVisible(calm)
        self.calm.setText("✓ " + translate("WallBanner", "No incident awaits acknowledgement"))
        self.escalated.setVisible(not calm and s.escalated > 0)
        self.escalated.setText(translate("WallBanner", "⚠ {} ESCALATED").format(s.escalated))
        self.waiting.setVisible(not calm)
        self.waiting.setText(translate("WallBanner", "{} UNACKNOWLEDGED").format(s.unacknowledged))
        for label, item in zip(self.items, [*s.items, *([None] * len(self.items))], strict=False):
            label.setVisible(item is not None)
            if item is not None:
                label.setText(_item_text(item))
                _polish(label, "escalated", "true" if item.escalated else "false")
        hidden = s.unacknowledged - len(s.items)
        self.more.setVisible(not calm and hidden > 0)
        self.more.setText(translate("WallBanner", "… and {} more").format(hidden))
        state = "calm" if calm else ("escalated" if s.escalated else "waiting")
        _polish(self, "state", state)
        if s.critical and not calm:
            if not self._flash.isActive():
                self._flash.start()
        elif self._flash.isActive() or self.flash_on:
            self._flash.stop()
            self._set_flash(False)

    def _toggle_flash(self) -> None:
        self._set_flash(not self.flash_on)

    def _set_flash(self, on: bool) -> None:
        self.flash_on = on
        _polish(self.escalated, "flash", "true" if on else "false")
        _polish(self.waiting, "flash", "true" if on else "false")
        self.flash_toggled.emit(on)


def _item_text(item: BannerItem) -> str:
    """Severity, countdown and station first, the description last: a long line is cut
    in its description, never in what says how bad, how late and where.

    The station used to follow the title and was the first thing cut on the
    wall ("Udara sangat ti..." with no station at all).
    """
    parts = [severity_text(item.severity).upper(), countdown_text(item.ack_left)]
    if item.station:
        parts.append(item.station)
    parts.append(item.title)
    return " · ".join(parts)
