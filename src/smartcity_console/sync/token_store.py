"""Where the console keeps bearer tokens: the OS keyring, or only this process's memory.

The keyring (Windows Credential Manager, macOS Keychain, the Secret Service
on Linux desktops) is protected by the operating system's own login, so a
console restarted within a shift resumes without asking for the password
again. A workstation without one (a kiosk session, a headless box) keeps the
token in memory only and asks again at the next start: a token is never
written to a file by this module, and a password never at all.

Any error from a keyring backend (none installed, locked, D-Bus gone) counts
as "no keyring": logging in must not fail because a desktop service did.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime

from smartcity_console.credentials import SERVICE

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoredToken:
    token: str = field(repr=False)
    expires_at: datetime
    in_keyring: bool  # False: only this process's memory has it


def _key(server_url: str, username: str) -> str:
    return f"{server_url.rstrip('/')} {username}"


def _last_user_key(server_url: str) -> str:
    return f"{server_url.rstrip('/')} (last user)"


class TokenStore:
    """Tokens per server and user, in the keyring when it works, else in memory."""

    def __init__(self, *, use_keyring: bool = True) -> None:
        self._use_keyring = use_keyring
        self._memory: dict[str, str] = {}

    def _keyring_set(self, key: str, value: str) -> bool:
        if not self._use_keyring:
            return False
        try:
            import keyring  # imported here: probing backends costs time at start-up

            keyring.set_password(SERVICE, key, value)
        except Exception as exc:  # noqa: BLE001 (any backend failure means "no keyring")
            log.info("no usable keyring (%s); the token stays in memory", exc)
            return False
        return True

    def _keyring_get(self, key: str) -> str | None:
        if not self._use_keyring:
            return None
        try:
            import keyring

            return keyring.get_password(SERVICE, key)
        except Exception as exc:  # noqa: BLE001 (as above)
            log.info("no usable keyring (%s)", exc)
            return None

    def _keyring_delete(self, key: str) -> None:
        if not self._use_keyring:
            return
        try:
            import keyring

            keyring.delete_password(SERVICE, key)
        except Exception as exc:  # noqa: BLE001 (absent entry or no keyring: nothing to delete)
            log.debug("keyring delete of %r: %s", key, exc)

    def _put(self, key: str, value: str) -> bool:
        if self._keyring_set(key, value):
            self._memory.pop(key, None)
            return True
        self._memory[key] = value
        return False

    def _get(self, key: str) -> tuple[str | None, bool]:
        """The value and whether it came from the keyring."""
        if key in self._memory:
            return self._memory[key], False
        value = self._keyring_get(key)
        return value, value is not None

    def save(self, server_url: str, username: str, token: str, expires_at: datetime) -> bool:
        """Keep a token (and remember who logged in last); whether the keyring took it."""
        value = json.dumps({"token": token, "expires_at": expires_at.isoformat()})
        stored = self._put(_key(server_url, username), value)
        self._put(_last_user_key(server_url), username)
        return stored

    def load(self, server_url: str, username: str) -> StoredToken | None:
        raw, in_keyring = self._get(_key(server_url, username))
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            expires_at = datetime.fromisoformat(data["expires_at"])
            token = str(data["token"])
        except (ValueError, KeyError, TypeError):
            return None  # an entry this version cannot read is as none
        return StoredToken(token, expires_at, in_keyring) if expires_at.tzinfo else None

    def last_user(self, server_url: str) -> str | None:
        return self._get(_last_user_key(server_url))[0]

    def forget_last_user(self, server_url: str) -> None:
        """The next start asks who is there instead of resuming (a shift change)."""
        key = _last_user_key(server_url)
        self._memory.pop(key, None)
        self._keyring_delete(key)

    def forget(self, server_url: str, username: str) -> None:
        key = _key(server_url, username)
        self._memory.pop(key, None)
        self._keyring_delete(key)


# The console's one store: its memory fallback lives as the process.
DEFAULT_TOKEN_STORE = TokenStore()
