""" "Map this topic...": turn a topic seen in the browser into a ``[[feeds]]`` table.

An installer pointing a new device at the broker sees its topic appear in
the topic browser. This dialog shows the last payload, lets them pick a
device profile or fields, units and a series name, and previews, for every
payload seen so far (those the browser kept while the topic was selected and
those arriving while the dialog is open), exactly what ``smartcity-console
decode`` prints: it calls the same function (core/decode_output.py). Saving
writes the table into the config file with its comments and layout kept
(config_feeds.py) and hands the mapping to the running console, which decodes
the topic with it from the next message on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.config import ConfigError
from smartcity_console.config_feeds import save_feed
from smartcity_console.core.decode_output import decode_payload
from smartcity_console.core.decoders import make_decoder
from smartcity_console.core.feed_form import FeedForm
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.profiles import PROFILES
from smartcity_console.core.time_sanity import TimeRule
from smartcity_console.gui.formatting import payload_text
from smartcity_console.gui.i18n import translate

_CONTEXT = "MapTopicDialog"
MAX_PAYLOADS = 50
"""Payloads kept for the preview; the oldest go first."""


class MapTopicDialog(QDialog):
    """Pick a profile or fields, units and a series name; preview; save the ``[[feeds]]`` table.

    Signals:
        mapped(object, str): the saved :class:`FeedMapping` and the topic it was
            made from, after the config file was written.
    """

    mapped = Signal(object, str)

    def __init__(
        self,
        topic: str,
        payloads: list[bytes],
        config_path: Path | None,
        time_rule: TimeRule | None = None,
        clock: Callable[[], float] = time.time,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mapTopicDialog")
        self.topic = topic
        self.payloads = list(payloads)[-MAX_PAYLOADS:]
        self.config_path = config_path
        self._rule = time_rule or TimeRule()
        self._clock = clock
        self.mapping: FeedMapping | None = None
        self.setWindowTitle(translate("MapTopicDialog", "Map this topic"))

        self.last_payload = QPlainTextEdit(self)
        self.last_payload.setReadOnly(True)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.last_payload.setFont(fixed)
        self.filter = QLineEdit(topic, self)
        self.profile = QComboBox(self)
        self.profile.addItem(translate("MapTopicDialog", "(none: pick fields)"), "")
        for name in PROFILES:
            self.profile.addItem(name, name)
        self.fields = QLineEdit(self)
        self.fields.setPlaceholderText(
            translate("MapTopicDialog", "ENERGY.Power, ENERGY.Voltage or *")
        )
        self.timestamp = QLineEdit(self)
        self.timezone = QLineEdit(self)
        self.timezone.setPlaceholderText("UTC")
        self.units = QLineEdit(self)
        self.units.setPlaceholderText(
            translate("MapTopicDialog", "ENERGY.Voltage=V, ENERGY.Total=kWh")
        )
        self.series = QLineEdit(self)
        self.series.setPlaceholderText(
            translate("MapTopicDialog", "rembang/living/pump_power/lasem")
        )
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setFont(fixed)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setObjectName("mapProblem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )

        form = QFormLayout()
        form.addRow(translate("MapTopicDialog", "Topic filter"), self.filter)
        form.addRow(translate("MapTopicDialog", "Device profile"), self.profile)
        form.addRow(translate("MapTopicDialog", "Fields"), self.fields)
        form.addRow(translate("MapTopicDialog", "Time field"), self.timestamp)
        form.addRow(translate("MapTopicDialog", "Time zone"), self.timezone)
        form.addRow(translate("MapTopicDialog", "Units"), self.units)
        form.addRow(translate("MapTopicDialog", "Series name"), self.series)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(translate("MapTopicDialog", "Last payload of {topic}").format(topic=topic))
        )
        layout.addWidget(self.last_payload, 1)
        layout.addLayout(form)
        self.preview_label = QLabel(self)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        for edit in (self.filter, self.fields, self.timestamp, self.timezone, self.units):
            edit.textChanged.connect(self.update_preview)
        self.series.textChanged.connect(self.update_preview)
        self.profile.currentIndexChanged.connect(self.update_preview)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._show_last_payload()
        self.update_preview()

    def form(self) -> FeedForm:
        return FeedForm(
            topic=self.filter.text(),
            profile=str(self.profile.currentData() or ""),
            fields=self.fields.text(),
            timestamp=self.timestamp.text(),
            timezone=self.timezone.text(),
            units=self.units.text(),
            series=self.series.text(),
        )

    def add_payload(self, payload: bytes) -> None:
        """A new message on the topic while the dialog is open: shown and previewed too."""
        self.payloads = [*self.payloads, payload][-MAX_PAYLOADS:]
        self._show_last_payload()
        self.update_preview()

    def update_preview(self) -> None:
        """Decode every payload seen so far with the form's mapping, as ``decode`` prints it."""
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        try:
            mapping = self.form().mapping()
        except ValueError as exc:
            self.mapping = None
            self.problem.setText(str(exc))
            save.setEnabled(False)
            self.preview.clear()
            return
        self.mapping = mapping
        decoder = make_decoder(mapping, self._rule)
        now = self._clock()
        out: list[str] = []
        errors = 0
        for payload in self.payloads:
            outcome = decode_payload(decoder, self.topic, payload, now)
            if outcome.error is not None:
                errors += 1
                out.append(outcome.error)
            out.extend(outcome.lines)
            if outcome.note:
                out.append(outcome.note)
        self.preview.setPlainText("\n".join(out))
        self.preview_label.setText(
            translate(
                "MapTopicDialog", "What decode gives for the {n} payload(s) seen so far:"
            ).format(n=len(self.payloads))
        )
        self.problem.setText(
            translate("MapTopicDialog", "{n} payload(s) refused with this mapping.").format(
                n=errors
            )
            if errors
            else ""
        )
        save.setEnabled(self.config_path is not None)
        if self.config_path is None:
            self.problem.setText(translate("MapTopicDialog", "No config file to save to."))

    def save(self) -> None:
        """Write the table into the config file, then tell the console; stay open on failure."""
        if self.mapping is None or self.config_path is None:
            return
        comment = translate("MapTopicDialog", "{topic}, mapped in the topic browser").format(
            topic=self.topic
        )
        try:
            save_feed(self.config_path, self.mapping, self.topic, comment)
        except (ConfigError, OSError) as exc:
            self.problem.setText(
                translate("MapTopicDialog", "Could not save to {path}: {error}").format(
                    path=self.config_path, error=exc
                )
            )
            return
        self.mapped.emit(self.mapping, self.topic)
        self.accept()

    def _show_last_payload(self) -> None:
        last = self.payloads[-1] if self.payloads else b""
        self.last_payload.setPlainText(payload_text(last))
