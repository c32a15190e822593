"""The installer-facing pieces wired into the running console, in one place.

``app.run_console`` calls these few functions so that its own code stays
about the console: the one-console-per-data-folder guard, the crash
reporter on the qasync loop, and Help > About with the live connection and
sync state.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QMessageBox

from smartcity_console.config import AppConfig
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.shell.about_dialog import AboutDialog, install_help_menu
from smartcity_console.gui.shell.single_instance import (
    AlreadyRunning,
    InstanceError,
    SingleInstance,
)
from smartcity_console.installation import data_dir_of
from smartcity_console.mqtt.status import ConnectionStatus

__all__ = ["acquire_instance", "connection_summary", "data_dir_of", "install_about"]


def acquire_instance(config: AppConfig) -> SingleInstance | int:
    """The held guard, or the exit code when this start must end (before the event loop)."""
    guard = SingleInstance(data_dir_of(config))
    try:
        guard.acquire()
    except AlreadyRunning as exc:
        print(f"smartcity-console: {exc}")
        return 0
    except InstanceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        # Before the event loop runs, so a modal box is safe here.
        QMessageBox.critical(None, "smartcity-console", str(exc))
        return 3
    return guard


def connection_summary(status: ConnectionStatus) -> str:
    text = f"{status.state} ({status.broker})"
    if status.reason:
        text += f": {status.reason}"
    return text


def install_about(
    window: QMainWindow,
    config: AppConfig,
    config_path: Path | None,
    connection: Callable[[], ConnectionStatus],
    sync_summary: Callable[[], str | None] | None = None,
    mqtt_client_id: str | None = None,
) -> None:
    """Help > About on the main window, with doctor's report for the support bundle.

    ``mqtt_client_id`` is the line installation.describe_client_id makes.
    """

    def doctor_report() -> dict[str, object]:
        from smartcity_console.doctor import run_checks

        return run_checks(config_path, language=config.language).as_json()

    def sync() -> str:
        text = sync_summary() if sync_summary is not None else None
        return text or translate("AboutDialog", "not running")

    install_help_menu(
        window,
        lambda: AboutDialog(
            config_path,
            connection=lambda: connection_summary(connection()),
            sync_summary=sync,
            doctor_report=doctor_report,
            mqtt_client_id=mqtt_client_id,
        ),
    )
