"""How the console checks the sync server's certificate: a CA of the deployment, or the usual.

A command center usually signs its servers' certificates with its own CA;
``[server] ca_file`` names that CA's certificate (PEM) and only it is
trusted then. Without it httpx's default applies: the public CAs of certifi.
The same choice serves the sync task, the sign-in and doctor, so doctor
checks the connection the console will make.
"""

from __future__ import annotations

import ssl
from pathlib import Path

Verify = ssl.SSLContext | bool


def server_verify(ca_file: Path | None) -> Verify:
    """What httpx's ``verify=`` gets for this server (raises ``OSError``/``ssl.SSLError``)."""
    if ca_file is None:
        return True
    return ssl.create_default_context(cafile=str(ca_file))
