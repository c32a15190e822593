"""A broker password with no keyring to keep it: asked at start, held in memory only.

The dialog runs in qasync's loop, opened (never exec'd), as in the console.
"""

from __future__ import annotations

import asyncio

import pytest
import qasync
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit
from pytestqt.qtbot import QtBot

from smartcity_console import paths
from smartcity_console.config import AppConfig, BrokerConfig
from smartcity_console.gui.shell.broker_password import needs_password, with_asked_password

SECRET = "rahasia-broker-7"  # noqa: S105 (a test password)


def config(**broker: object) -> AppConfig:
    return AppConfig(broker=BrokerConfig(url="mqtt://broker.rembang:1883", **broker))


def answer(text: str | None) -> AppConfig:
    """Run with_asked_password; type ``text`` and OK in its dialog (None: Cancel)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def scenario() -> AppConfig:
        task = asyncio.ensure_future(with_asked_password(config(username="console")))
        dialog: QInputDialog | None = None
        while dialog is None:
            await asyncio.sleep(0.01)
            dialog = next(
                (
                    w
                    for w in app.topLevelWidgets()
                    if isinstance(w, QInputDialog)
                    and w.objectName() == "brokerPasswordDialog"
                    and w.isVisible()
                ),
                None,
            )
        assert "console" in dialog.labelText()
        assert "broker.rembang" in dialog.labelText()
        assert dialog.textEchoMode() == QLineEdit.EchoMode.Password
        if text is None:
            dialog.reject()
        else:
            dialog.setTextValue(text)
            dialog.accept()
        return await task

    try:
        result: AppConfig = loop.run_until_complete(scenario())
        return result
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def test_asked_only_for_a_user_without_a_password() -> None:
    assert needs_password(config(username="console"))
    assert not needs_password(config(username="console", password=SECRET))
    assert not needs_password(config())


def test_the_typed_password_is_used_and_written_nowhere(qtbot: QtBot) -> None:
    asked = answer(SECRET)
    assert asked.broker.password == SECRET
    assert asked.broker.username == "console"
    for folder in (paths.default_config_file().parent, paths.user_data_dir()):
        for file in folder.rglob("*") if folder.exists() else ():
            assert SECRET.encode() not in file.read_bytes()


@pytest.mark.parametrize("text", [None, ""])
def test_cancelled_or_empty_the_console_starts_without_one(qtbot: QtBot, text: str | None) -> None:
    assert answer(text).broker.password is None
