"""Ctrl+L: the console locked while its operator steps away (no Qt).

Locked, the dashboards and the wall keep drawing, but every action (the
menus, the incidents, the sign-out, quitting) needs the signed-in user's
password again. Unlocking checks the password as signing in does
(sync/auth_client.py ``login``): against the server when it answers, else
against the hash the last online login cached on this workstation, so a
console that lost its server can still be unlocked. Only the signed-in user
unlocks; somebody else takes over with "Change shift" after unlocking it, or
signs in after the console was quit.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from smartcity_console.config import AppConfig
from smartcity_console.console.session import console_server_verify
from smartcity_console.core.i18n import Message
from smartcity_console.store import Database
from smartcity_console.sync.auth_client import LoginError, login

log = logging.getLogger(__name__)

# (username, password) -> None, or raises LoginError. Blocks (HTTP, argon2).
Verify = Callable[[str, str], object]


def sign_in_check(config: AppConfig, db: Database) -> Verify:
    """The password check of the login, server first, the cached hash when it is down."""
    return functools.partial(
        _login,
        config.server.url,
        db=db,
        workstation=config.workstation,
        verify=console_server_verify(config),
    )


def _login(url: str, username: str, password: str, **kwargs: object) -> object:
    return login(url, username, password, **kwargs)  # type: ignore[arg-type]


class ScreenLock:
    """Locked or not, and the check that unlocks (run :meth:`check` off the GUI thread)."""

    def __init__(self, username: str, verify: Verify) -> None:
        self.username = username
        self._verify = verify
        self.locked = False

    def lock(self) -> None:
        if not self.locked:
            self.locked = True
            log.info("screen locked by %s", self.username)

    def check(self, password: str) -> Message | None:
        """None when ``password`` is the signed-in user's; else why not (blocks)."""
        if not password:
            return Message.translate("ScreenLock", "Enter your password.")
        try:
            self._verify(self.username, password)
        except LoginError as exc:
            log.warning("screen unlock refused for %s: %s", self.username, exc.problem)
            return exc.message
        except Exception as exc:  # an unexpected failure must not unlock
            log.exception("screen unlock check failed")
            return Message.verbatim(str(exc))
        return None

    def unlock(self) -> None:
        if self.locked:
            self.locked = False
            log.info("screen unlocked by %s", self.username)
