"""The one argon2 hasher every password goes through (server users, the console's cache).

argon2-cffi's defaults (RFC 9106's low-memory profile) in production. Tests
swap in the cheapest profile with :func:`use_hasher` (tests/conftest.py): a
hundred logins at full cost would take a minute of the suite and prove
nothing more. Hashes record their own parameters, so a hash made with other
parameters still verifies, and the server rehashes it at the next login.
"""

from __future__ import annotations

from argon2 import PasswordHasher

_hasher = PasswordHasher()


def password_hasher() -> PasswordHasher:
    return _hasher


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Replace the hasher (tests only); the previous one back, to restore it."""
    global _hasher
    previous, _hasher = _hasher, hasher
    return previous
