"""About / diagnostics: what runs here, where its files are, and a support bundle.

Everything an installer on the phone with an administrator is asked for:
the version and build, the versions of Python, Qt, PySide6 and pyqtgraph,
the config, data and log folders, the broker connection, the MQTT client id
(the broker's name for this console's session) and the sync state.
The dialog takes those last two as callables (``Callable[[], str]``) so it
knows nothing of the MQTT thread or the sync client; it re-reads them once a
second while open.

"Save support bundle" asks where (a non-native file dialog opened with
``open()``), then runs doctor and writes the zip in a worker thread so the
window never freezes on a broker that does not answer.
"""

from __future__ import annotations

import platform
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyqtgraph
import PySide6
from PySide6.QtCore import QTimer, Signal, qVersion
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartcity_console import logs, paths
from smartcity_console.build_info import build_info
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.widgets.retranslating import Retranslating
from smartcity_console.support_bundle import default_bundle_name, write_support_bundle

DoctorReport = Callable[[], dict[str, Any]]


def versions() -> dict[str, str]:
    info = build_info()
    return {
        "smartcity-console": info.one_line(),
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "pyqtgraph": str(pyqtgraph.__version__),
        "platform": f"{platform.system()} {platform.release()} {platform.machine()}",
        "frozen": "yes (bundle)" if getattr(sys, "frozen", False) else "no",
    }


def file_paths(config_file: Path | None) -> dict[str, str]:
    log_file = logs.log_file()
    return {
        "config": str(config_file) if config_file else "(none)",
        "data": str(paths.user_data_dir()),
        "logs": str(log_file.parent if log_file else paths.user_log_dir()),
    }


class AboutDialog(Retranslating, QDialog):
    """Versions, paths, live connection and sync state, and the support bundle.

    Signals:
        bundle_saved(str): the support bundle was written to this path.
        bundle_failed(str): it could not be written; the reason.
    """

    bundle_saved = Signal(str)
    bundle_failed = Signal(str)

    def __init__(
        self,
        config_file: Path | None,
        *,
        connection: Callable[[], str] | None = None,
        sync_summary: Callable[[], str] | None = None,
        doctor_report: DoctorReport | None = None,
        mqtt_client_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._config_file = config_file
        # The broker session's id (installation.py): a support call asks for it.
        self._mqtt_client_id = mqtt_client_id
        self._connection = connection
        self._sync_summary = sync_summary
        self._doctor_report = doctor_report
        self._worker: threading.Thread | None = None
        # What the status line says (which message, its values), to say again in a new language.
        self._status: tuple[str, dict[str, str]] | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.info = QPlainTextEdit(self)
        self.info.setReadOnly(True)
        self.info.setMinimumSize(620, 300)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(self._choose_target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        for widget in (self.heading, self.info, self.status, self.save_button, buttons):
            layout.addWidget(widget)
        self.bundle_saved.connect(self._on_saved)
        self.bundle_failed.connect(self._on_failed)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("AboutDialog", "About smartcity-console"))
        heading = translate("AboutDialog", "Rembang Smart City command-center console")
        self.heading.setText(f"<b>{heading}</b>")
        self.save_button.setText(translate("AboutDialog", "Save support bundle…"))
        self._show_status()

    def _say(self, key: str, **values: str) -> None:
        self._status = (key, values)
        self._show_status()

    def _show_status(self) -> None:
        if self._status is None:
            return
        key, values = self._status
        if key == "saving":
            text = translate("AboutDialog", "Running doctor and writing the support bundle…")
        elif key == "saved":
            text = translate("AboutDialog", "Support bundle saved: {path}")
        else:
            text = translate("AboutDialog", "The support bundle could not be written: {error}")
        self.status.setText(text.format(**values))

    def about(self) -> dict[str, Any]:
        """What the dialog shows, as data (also written into the support bundle)."""
        state: dict[str, str] = {}
        for key, source in (("broker", self._connection), ("sync", self._sync_summary)):
            if source is not None:
                try:
                    state[key] = source()
                except Exception as exc:  # noqa: BLE001 (a diagnostics view must not fail)
                    state[key] = f"unavailable ({exc})"
        if self._mqtt_client_id is not None:
            state["mqtt client id"] = self._mqtt_client_id
        return {
            "versions": versions(),
            "build": build_info().as_dict(),
            "paths": file_paths(self._config_file),
            "state": state,
        }

    def refresh(self) -> None:
        data = self.about()
        lines = [f"{k}: {v}" for k, v in data["versions"].items()]
        lines.append("")
        lines += [f"{k}: {v}" for k, v in data["paths"].items()]
        if data["state"]:
            lines.append("")
            lines += [f"{k}: {v}" for k, v in data["state"].items()]
        text = "\n".join(lines)
        if text != self.info.toPlainText():
            self.info.setPlainText(text)

    def _choose_target(self) -> None:
        chooser = QFileDialog(self, translate("AboutDialog", "Save support bundle…"))
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setNameFilter("Zip (*.zip)")
        chooser.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        chooser.selectFile(str(Path.home() / default_bundle_name()))
        chooser.fileSelected.connect(lambda name: self.save_bundle(Path(name)))
        chooser.finished.connect(chooser.deleteLater)
        chooser.open()

    def save_bundle(self, target: Path) -> None:
        """Run doctor and write the zip off the GUI thread; ``bundle_saved``/``failed`` tell."""
        if self._worker is not None and self._worker.is_alive():
            return
        self.save_button.setEnabled(False)
        self._say("saving")
        about = self.about()
        log_file = logs.log_file()
        log_dir = log_file.parent if log_file is not None else paths.user_log_dir()

        def work() -> None:
            try:
                report = self._doctor_report() if self._doctor_report is not None else None
                written = write_support_bundle(
                    target,
                    config_file=self._config_file,
                    log_dir=log_dir,
                    doctor_report=report,
                    about=about,
                )
            except Exception as exc:  # noqa: BLE001 (reported in the dialog, not lost)
                self.bundle_failed.emit(str(exc))
            else:
                self.bundle_saved.emit(str(written))

        self._worker = threading.Thread(target=work, name="support-bundle", daemon=True)
        self._worker.start()

    def _on_saved(self, path: str) -> None:
        self.save_button.setEnabled(True)
        self._say("saved", path=path)

    def _on_failed(self, error: str) -> None:
        self.save_button.setEnabled(True)
        self._say("failed", error=error)


class HelpMenu(Retranslating, QMenu):
    """Help with About; its words follow the language (``QEvent.LanguageChange``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("menuHelp")
        self.about_action = QAction(self)
        self.about_action.setObjectName("actionAbout")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.addAction(self.about_action)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(translate("HelpMenu", "&Help"))
        self.about_action.setText(translate("HelpMenu", "&About…"))


def install_help_menu(window: QMainWindow, make_dialog: Callable[[], AboutDialog]) -> QAction:
    """A Help menu with About on ``window``; the dialog is made each time it is opened."""
    menu = HelpMenu(window)
    window.menuBar().addMenu(menu)
    action = menu.about_action

    def show() -> None:
        dialog = make_dialog()
        dialog.setParent(window, dialog.windowFlags())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    action.triggered.connect(show)
    return action
