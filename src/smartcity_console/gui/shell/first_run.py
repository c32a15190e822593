"""First run: with no config file, ask the installer for what only they know.

Broker URL and login, TLS files, sync server URL, workstation name and
language. "Test" runs doctor's own broker checks (DNS, TCP, TLS, login,
subscribe to the bundled feeds) and the server's health check in a worker
thread and lists what it found with what to do. "Save" writes the config
file (only the keys that differ from the defaults, ``config_writer.py``) and
puts the broker password in the keyring; with no usable keyring the password
is refused rather than written to the file.

``demo`` and ``--self-test`` never come here: only the plain console without
``--config`` and without a config file does (``cli.py``).
"""

from __future__ import annotations

import socket
import ssl
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartcity_console import paths
from smartcity_console.config import AppConfig, ConfigError, parse_config
from smartcity_console.config_writer import config_text
from smartcity_console.core.i18n import Language, language_of
from smartcity_console.credentials import set_broker_password
from smartcity_console.doctor.broker import check_broker
from smartcity_console.doctor.model import Check
from smartcity_console.doctor.server import check_server
from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import QT_TRANSLATE_NOOP, translate
from smartcity_console.gui.widgets.retranslating import Retranslating
from smartcity_console.private_files import private_file
from smartcity_console.sync.server_tls import server_verify

# The form's labels, read at use (translate("FirstRunDialog", …)).
_LABELS = {
    "broker": QT_TRANSLATE_NOOP("FirstRunDialog", "Broker URL"),
    "user": QT_TRANSLATE_NOOP("FirstRunDialog", "Broker user"),
    "password": QT_TRANSLATE_NOOP("FirstRunDialog", "Broker password"),
    "ca": QT_TRANSLATE_NOOP("FirstRunDialog", "CA certificate"),
    "cert": QT_TRANSLATE_NOOP("FirstRunDialog", "Client certificate"),
    "key": QT_TRANSLATE_NOOP("FirstRunDialog", "Client key"),
    "server": QT_TRANSLATE_NOOP("FirstRunDialog", "Sync server URL"),
    "workstation": QT_TRANSLATE_NOOP("FirstRunDialog", "Workstation name"),
    "language": QT_TRANSLATE_NOOP("FirstRunDialog", "Language"),
}
_TAGS = {"ok": "OK", "warn": "!", "fail": "X", "skip": "-"}


class FirstRunDialog(Retranslating, QDialog):
    """The setup form.

    Signals:
        tested(object): the list of doctor ``Check`` results of a Test run.
        saved(str): the config file was written to this path.
    """

    tested = Signal(object)
    saved = Signal(str)

    def __init__(
        self,
        target: Path | None = None,
        *,
        base_file: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.target = target or paths.default_config_file()
        self._base_file = base_file or paths.bundled_config_file()
        self._worker: threading.Thread | None = None
        self.saved_path: Path | None = None
        self.language = QComboBox(self)
        self.language.addItem("Bahasa Indonesia", "id")
        self.language.addItem("English", "en")
        self._show_current_language()
        defaults = AppConfig.model_construct()
        self.broker_url = QLineEdit(defaults.broker.url, self)
        self.username = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_file = QLineEdit(self)
        self.cert_file = QLineEdit(self)
        self.key_file = QLineEdit(self)
        self.server_url = QLineEdit(defaults.server.url, self)
        self.workstation = QLineEdit(socket.gethostname(), self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.results = QPlainTextEdit(self)
        self.results.setReadOnly(True)
        self.results.setMinimumHeight(160)
        self.test_button = QPushButton(self)
        self.test_button.clicked.connect(self.run_test)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.tested.connect(self._show_results)

        self.form = QFormLayout()
        self._labels: dict[str, QLabel] = {}
        self._browse: list[QPushButton] = []
        rows: list[tuple[str, QWidget]] = [
            ("language", self.language),
            ("workstation", self.workstation),
            ("broker", self.broker_url),
            ("user", self.username),
            ("password", self.password),
            ("ca", self._with_browse(self.ca_file)),
            ("cert", self._with_browse(self.cert_file)),
            ("key", self._with_browse(self.key_file)),
            ("server", self.server_url),
        ]
        for key, widget in rows:
            label = QLabel(self)
            self._labels[key] = label
            self.form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.test_button)
        layout.addWidget(self.results)
        layout.addWidget(self.buttons)
        # The choice applies at once to the whole GUI (and to the console that follows).
        self.language.currentIndexChanged.connect(lambda _i: i18n.set_language(self.lang))
        self._set_texts()

    @property
    def lang(self) -> str:
        return str(self.language.currentData())

    def retranslate(self) -> None:
        self._show_current_language()
        self._set_texts()

    def _show_current_language(self) -> None:
        with QSignalBlocker(self.language):
            self.language.setCurrentIndex(self.language.findData(i18n.current_language()))

    def _with_browse(self, field: QLineEdit) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field)
        button = QPushButton(box)
        button.clicked.connect(lambda: self._browse_for(field))
        self._browse.append(button)
        row.addWidget(button)
        return box

    def _browse_for(self, field: QLineEdit) -> None:
        chooser = QFileDialog(self)
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        chooser.fileSelected.connect(field.setText)
        chooser.finished.connect(chooser.deleteLater)
        chooser.open()

    def _set_texts(self) -> None:
        self.setWindowTitle(translate("FirstRunDialog", "Set up this workstation"))
        intro = translate(
            "FirstRunDialog",
            "This workstation has no configuration yet. Enter what the command center's "
            "administrator gave you; Test checks it live, Save writes it to {path}. The broker "
            "password goes to the system keyring, never into the file.",
        )
        self.intro.setText(intro.format(path=self.target))
        for key, label in self._labels.items():
            label.setText(translate("FirstRunDialog", _LABELS[key]))
        for button in self._browse:
            button.setText(translate("FirstRunDialog", "Browse…"))
        self.test_button.setText(translate("FirstRunDialog", "Test"))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(translate("FirstRunDialog", "Save"))

    def choices(self) -> dict[str, Any]:
        """What was entered, nested like the config file (empty fields are left out)."""

        def text(field: QLineEdit) -> str | None:
            value = field.text().strip()
            return value or None

        broker = {
            "url": text(self.broker_url),
            "username": text(self.username),
            "password": self.password.text() or None,
            "ca_file": text(self.ca_file),
            "cert_file": text(self.cert_file),
            "key_file": text(self.key_file),
        }
        return {
            "language": self.lang,
            "workstation": text(self.workstation),
            "broker": {k: v for k, v in broker.items() if v is not None},
            "server": {"url": text(self.server_url)} if text(self.server_url) else {},
        }

    def config(self) -> AppConfig:
        """The config as it will be saved, with the password (for Test); ``ConfigError`` if bad."""
        text = config_text(self.choices(), self._base_file)
        config = parse_config(text, str(self.target))
        password = self.choices()["broker"].get("password")
        if password is not None:
            broker = config.broker.model_copy(update={"password": password})
            config = config.model_copy(update={"broker": broker})
        return config

    def run_test(self) -> None:
        """Doctor's broker and server checks, off the GUI thread; ``tested`` has the results."""
        if self._worker is not None and self._worker.is_alive():
            return
        try:
            config = self.config()
        except ConfigError as exc:
            self.results.setPlainText(str(exc))
            return
        self.test_button.setEnabled(False)
        self.results.setPlainText(translate("FirstRunDialog", "Testing the broker and the server…"))
        topics = [feed.topic for feed in config.feeds]

        def work() -> None:
            checks = check_broker(config.broker, topics)
            try:
                verify = server_verify(config.server.ca_file)
            except (OSError, ssl.SSLError):
                verify = True  # the health check then says the certificate is not trusted
            checks += check_server(config.server.url, None, verify=verify)[:2]  # health, clock
            self.tested.emit(checks)

        self._worker = threading.Thread(target=work, name="first-run-test", daemon=True)
        self._worker.start()

    def _show_results(self, checks: list[Check]) -> None:
        self.test_button.setEnabled(True)
        lang: Language = language_of(self.lang)
        lines = []
        for check in checks:
            lines.append(f"[{_TAGS[check.status]}] {check.name}: {check.detail(lang)}")
            if check.fix is not None and check.status in ("fail", "warn"):
                todo = translate("FirstRunDialog", "what to do")
                lines.append(f"    {todo}: {check.fix(lang)}")
        if any(not c.ok for c in checks):
            verdict = translate(
                "FirstRunDialog",
                "Some checks failed (see above). You can still save and fix it later; "
                "smartcity-console doctor checks again.",
            )
        else:
            verdict = translate("FirstRunDialog", "Everything answered: you can save.")
        lines += ["", verdict]
        self.results.setPlainText("\n".join(lines))

    def save(self) -> None:
        """Write the config (password to the keyring first); stays open and says why on failure."""
        choices = self.choices()
        try:
            text = config_text(choices, self._base_file, header=_HEADER)
        except ConfigError as exc:
            self.results.setPlainText(str(exc))
            return
        broker = choices["broker"]
        password = broker.get("password")
        if password is not None and not set_broker_password(
            broker.get("url", ""), broker.get("username", ""), password
        ):
            self.results.setPlainText(
                translate(
                    "FirstRunDialog",
                    "This workstation has no usable keyring, so the broker password cannot be "
                    "stored safely. Clear the password and save: the console then asks for it "
                    "at each start. Or use a desktop session with a keyring (Windows "
                    "Credential Manager, GNOME Keyring), or a client certificate.",
                )
            )
            return
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            partial = self.target.with_name(self.target.name + ".partial")
            with private_file(partial) as out:  # the owner's alone, like the keyring entry
                out.write(text.encode("utf-8"))
            partial.replace(self.target)
        except OSError as exc:
            self.results.setPlainText(f"{self.target}: {exc}")
            return
        self.saved_path = self.target
        self.saved.emit(str(self.target))
        self.accept()


_HEADER = """smartcity-console configuration, written by the first-run setup dialog.
Only the keys that differ from the defaults are here; docs/configuration.md
lists every key. The broker password is in the system keyring, not here."""


def run_first_run(language: str = "id", target: Path | None = None) -> Path | None:
    """Show the dialog before the console's event loop starts; the saved file, or None.

    The GUI speaks ``language`` from here on (the dialog's language box changes it).
    A local ``QEventLoop`` runs it (not ``exec()``, and before qasync takes over).
    """
    i18n.set_language(language)
    dialog = FirstRunDialog(target)
    loop = QEventLoop()
    dialog.finished.connect(loop.quit)
    dialog.open()
    loop.exec()
    saved = dialog.saved_path
    dialog.deleteLater()
    return saved
