"""The broker password in the OS keyring, never in the config file.

The first-run dialog stores it here and :func:`config.load_config` reads it
back when the file names a broker user but no password. Entries share the
keyring service of the sign-in tokens (``sync/token_store.py``), which is
defined here because credentials sit below sync, and are keyed like them,
``"<url> <user>"``; a broker's ``mqtt://``/``mqtts://`` URL can never collide
with the sync server's ``http(s)://`` one.

Any keyring failure (none installed, locked, D-Bus gone) reads as "no
password", so a console without a keyring still starts and shows the broker
refusing it, which doctor then explains.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

# The keyring service of every secret the console keeps: broker passwords here,
# sign-in tokens in sync/token_store.py.
SERVICE = "smartcity-console"


def broker_key(url: str, username: str) -> str:
    return f"{url.rstrip('/')} {username}"


def get_broker_password(url: str, username: str) -> str | None:
    try:
        import keyring  # imported here: probing backends costs time at start-up

        return keyring.get_password(SERVICE, broker_key(url, username))
    except Exception as exc:  # noqa: BLE001 (any backend failure means "no keyring")
        log.info("no usable keyring for the broker password (%s)", exc)
        return None


def set_broker_password(url: str, username: str, password: str) -> bool:
    """Store it; whether the keyring took it (False: nothing was stored anywhere)."""
    try:
        import keyring

        keyring.set_password(SERVICE, broker_key(url, username), password)
    except Exception as exc:  # noqa: BLE001 (as above)
        log.warning("the keyring refused the broker password (%s)", exc)
        return False
    return True


def keyring_status() -> tuple[bool, str]:
    """Whether a keyring backend works here, and its name, by a write-read-delete round trip."""
    name = "none"
    try:
        import keyring

        backend = keyring.get_keyring()
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        probe = "doctor probe"
        keyring.set_password(SERVICE, probe, "ok")
        try:
            works = keyring.get_password(SERVICE, probe) == "ok"
        finally:
            keyring.delete_password(SERVICE, probe)
    except Exception as exc:  # noqa: BLE001 (as above)
        return False, f"{name}: {str(exc).split('. ')[0]}"
    return works, name
