"""Which feeds a recorder records and on which MQTT session.

Shared by ``record`` (commands/record.py) and ``serve`` when it records
(server/serve_cli.py): the same config file a console uses, and a persistent
session of the recorder's own, one id per machine.
"""

from __future__ import annotations

import socket
from pathlib import Path

from smartcity_console.config import AppConfig, BrokerConfig, load_config
from smartcity_console.paths import bundled_config_file, default_config_file


def default_client_id() -> str:
    """One per machine: two recorders sharing an id would knock each other off the broker."""
    return f"smartcity-recorder-{socket.gethostname()}"


def feeds_config(path: Path | None) -> AppConfig:
    """The config whose feeds are recorded: the given file, the user's, or the bundled one."""
    if path is not None:
        return load_config(path)
    user = default_config_file()
    return load_config(user if user.exists() else bundled_config_file())


def recorder_broker(config: AppConfig, url: str | None, client_id: str | None) -> BrokerConfig:
    """The config's broker (TLS, login) at ``url``, with the recorder's own persistent session."""
    update: dict[str, object] = {"client_id": client_id or default_client_id()}
    update["session"] = "persistent"
    if url is not None:
        update["url"] = url
        update["urls"] = None
    return config.broker.model_copy(update=update)
