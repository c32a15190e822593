"""Who is at the console, and on which workstation (no Qt).

An :class:`Operator` is the signed-in user and the client id the console
writes their incident events with; the workstation is ``config.workstation``
and the MQTT client id is this installation's (installation.py). Resuming a
kept token happens here; asking for a password is the GUI's login dialog.
"""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass

from smartcity_console.config import AppConfig
from smartcity_console.core.incidents import Role
from smartcity_console.installation import ClientIdentity, with_client_id
from smartcity_console.store import Database
from smartcity_console.store.clients import client_id_for
from smartcity_console.sync.auth_client import Session, resume
from smartcity_console.sync.server_tls import Verify, server_verify
from smartcity_console.sync.token_store import DEFAULT_TOKEN_STORE, TokenStore

log = logging.getLogger(__name__)

SELF_TEST_USER = "selftest"


@dataclass(frozen=True)
class Operator:
    """Who is at the console: every incident event records this user and workstation."""

    username: str
    role: Role
    client_id: str

    @classmethod
    def of(cls, session: Session) -> Operator:
        """The operator of a login or a resumed token."""
        return cls(session.username, session.role, session.client_id)

    @classmethod
    def self_test(cls, db: Database, workstation: str) -> Operator:
        """The self-test's operator: no login, its events under a user of its own."""
        return cls(SELF_TEST_USER, Role.OPERATOR, client_id_for(db, SELF_TEST_USER, workstation))


def console_server_verify(config: AppConfig) -> Verify:
    """The server's CA from ``[server] ca_file``; unusable, the default (doctor says why)."""
    try:
        return server_verify(config.server.ca_file)
    except (OSError, ssl.SSLError) as exc:
        log.error("[server] ca_file %s cannot be used (%s)", config.server.ca_file, exc)
        return True


def resume_operator(
    config: AppConfig, db: Database, tokens: TokenStore = DEFAULT_TOKEN_STORE
) -> Operator | None:
    """The last user from their kept token, or None: then someone signs in.

    Blocks while the server answers (it may be down): call it off the GUI thread.
    """
    kept = resume(
        config.server.url,
        db=db,
        workstation=config.workstation,
        tokens=tokens,
        verify=console_server_verify(config),
    )
    return None if kept is None else Operator.of(kept)


def with_installation_id(config: AppConfig) -> tuple[AppConfig, ClientIdentity | None]:
    """The broker config with this installation's MQTT client id (installation.py).

    The data folder was writable for the single-instance lock a moment ago;
    if the id still cannot be kept, the console starts with a clean session
    rather than refuse to start.
    """
    try:
        return with_client_id(config)
    except OSError as exc:
        log.error("cannot keep this console's MQTT client id (%s): using a clean session", exc)
        broker = config.broker.model_copy(update={"session": "clean"})
        return config.model_copy(update={"broker": broker}), None
