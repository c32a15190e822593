"""The broker password asked at start when no keyring holds it; kept in memory only.

The config file names a broker user but never its password (docs/configuration.md);
the first-run dialog puts the password in the system keyring. A workstation
without a usable keyring (the Linux bundle leaves the Secret Service backend
out, a kiosk session has none) would otherwise connect without one and be
refused: so the console asks, as it asks for the sign-in password, and forgets
it when it ends. Nothing is written anywhere.
"""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from smartcity_console.config import AppConfig
from smartcity_console.gui.i18n import translate


def needs_password(config: AppConfig) -> bool:
    """A broker user without a password from the file or the keyring (load_config looked)."""
    return config.broker.username is not None and config.broker.password is None


def password_dialog(config: AppConfig, parent: QWidget | None = None) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setObjectName("brokerPasswordDialog")
    dialog.setWindowTitle(translate("BrokerPassword", "Broker password"))
    dialog.setLabelText(
        translate(
            "BrokerPassword",
            "The broker at {url} wants the password of {user}. This workstation keeps "
            "no passwords (no keyring), so it is asked at each start and never written down.",
        ).format(url=config.broker.url, user=config.broker.username)
    )
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    return dialog


async def with_asked_password(config: AppConfig, parent: QWidget | None = None) -> AppConfig:
    """``config`` with the password the operator typed; unchanged when none was needed or given.

    Cancelled, the console starts anyway and its status shows the broker's
    refusal, which ``doctor`` explains.
    """
    if not needs_password(config):
        return config
    dialog = password_dialog(config, parent)
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finished(result: int) -> None:
        if not done.done():
            done.set_result(result)

    dialog.finished.connect(finished)
    dialog.open()  # never exec() under qasync
    try:
        accepted = await done == QInputDialog.DialogCode.Accepted
        password = dialog.textValue()
    finally:
        dialog.deleteLater()
    if not accepted or not password:
        return config
    broker = config.broker.model_copy(update={"password": password})
    return config.model_copy(update={"broker": broker})
