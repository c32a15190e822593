"""Logging in at the console: online against the sync server, offline against the cache.

An online login (``POST /api/v1/auth/login``) gives a bearer token and the
user's role; the console then caches the user with an argon2 hash of the
password (made here: never the server's hash, never the password) so the
same person can log in on this workstation while the server is down
(docs/contracts.md, Sync contract). An offline session has the cached role and no new
token: the console works locally and pushes once that user is online again.

The server's answer decides whenever there is one: when it refuses the very
password the cache holds (it was changed on the server) or says the account
is disabled, the cached hash is dropped, so that password or user stops
working offline too; a mistyped password leaves the cache alone. Only "no answer" (no
connection, a timeout, a 5xx from a proxy or from a server without its
database) falls back to the cache.

Qt-free and blocking: the login dialog runs it off the GUI thread.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import httpx
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ValidationError

from smartcity_console.core.i18n import Message, TranslatedError
from smartcity_console.core.incidents import Role, utc_now
from smartcity_console.passwords import password_hasher
from smartcity_console.store.clients import (
    cache_user,
    cached_password_hash,
    cached_user,
    client_id_for,
    forget_password,
)
from smartcity_console.store.database import Database
from smartcity_console.store.sync_apply import pending_authors
from smartcity_console.sync.server_tls import Verify
from smartcity_console.sync.token_store import DEFAULT_TOKEN_STORE, StoredToken, TokenStore

TIMEOUT_S = 5.0
Problem = Literal[
    "invalid",
    "bad_credentials",
    "disabled",
    "throttled",
    "first_login_needs_server",
    "server_error",
]


class LoginError(TranslatedError):
    """Why a login failed; ``str()`` is English, :meth:`text` picks the console's language."""

    def __init__(self, problem: Problem, message: Message) -> None:
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Session:
    """Who is at the console, on which workstation, and how they logged in.

    ``token`` is ``None`` after an offline login unless a still-valid token of
    the same user was kept; it never appears in ``repr`` (logs, tracebacks).
    ``client_id`` is this user's on this workstation (``store.clients``).
    """

    username: str
    display_name: str
    role: Role
    token: str | None = field(repr=False)
    expires_at: datetime | None
    offline: bool
    client_id: str
    workstation: str
    token_in_keyring: bool = False  # False: asked for again at the next start


class _UserOut(BaseModel):
    username: str
    display_name: str
    role: Role


class _LoginOut(BaseModel):
    token: str
    expires_at: datetime
    user: _UserOut


class _MeOut(BaseModel):
    user: _UserOut
    expires_at: datetime


@contextmanager
def _http(
    client: httpx.Client | None, timeout: float, verify: Verify = True
) -> Iterator[httpx.Client]:
    if client is not None:
        yield client
        return
    with httpx.Client(timeout=timeout, verify=verify) as own:
        yield own


def _bad_address(base: str, exc: Exception) -> LoginError:
    return LoginError(
        "server_error",
        Message.translate(
            "Login",
            "The server address {base!r} is not valid ({exc}); check [server] url in the config.",
        ).format(base=base, exc=exc),
    )


def _answer(
    http: httpx.Client,
    method: str,
    url: str,
    *,
    json: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response | None:
    """The server's answer, or ``None`` when nobody answers who can check a password."""
    try:
        response = http.request(method, url, json=json, headers=headers)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise _bad_address(url.split("/api/", 1)[0], exc) from None
    except httpx.TransportError:
        return None
    return None if response.status_code >= 500 else response


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    return detail if isinstance(detail, str) else response.reason_phrase


def _matches_cache(db: Database, username: str, password: str) -> bool:
    password_hash = cached_password_hash(db, username)
    if password_hash is None:
        return False
    try:
        return password_hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _refused(db: Database, username: str, password: str, response: httpx.Response) -> LoginError:
    # The server refused the password the cache would accept (it was changed), or the
    # account is disabled: the cache must not let them in offline later. A typo
    # (a password the cache refuses too) leaves the cache alone.
    if response.status_code == 403 or (
        response.status_code == 401 and _matches_cache(db, username, password)
    ):
        forget_password(db, username)
    if response.status_code == 401:
        return LoginError(
            "bad_credentials", Message.translate("Login", "Wrong user name or password.")
        )
    if response.status_code == 403:
        return LoginError(
            "disabled",
            Message.translate("Login", "This account is disabled; ask an administrator."),
        )
    if response.status_code == 422:
        return LoginError(
            "invalid",
            Message.translate(
                "Login",
                "The user name or password is too long or has characters that are not allowed.",
            ),
        )
    if response.status_code == 429:
        # Never the offline cache here: the server answered, and said to wait.
        wait = response.headers.get("Retry-After", "")
        when = (
            Message.translate("Login", "{seconds} s").format(seconds=int(wait))
            if wait.isdigit()
            else Message.translate("Login", "a while")
        )
        return LoginError(
            "throttled",
            Message.translate(
                "Login",
                "Too many failed sign-ins for this user or this workstation; try again in {when}.",
            ).format(when=when),
        )
    detail = _detail(response)
    return LoginError(
        "server_error",
        Message.translate(
            "Login", "The server refused the login ({status_code}: {detail})."
        ).format(status_code=response.status_code, detail=detail),
    )


def _not_understood(base: str) -> LoginError:
    return LoginError(
        "server_error",
        Message.translate(
            "Login",
            "The server at {base} gave an answer the console does not understand; is it "
            "a sync server of the same version?",
        ).format(base=base),
    )


def _online(
    db: Database, tokens: TokenStore, base: str, password: str, body: bytes, workstation: str
) -> Session:
    try:
        answer = _LoginOut.model_validate_json(body)
    except ValidationError:
        raise _not_understood(base) from None
    user = answer.user
    # A hash made here with this console's parameters: the server's never leaves the server.
    cache_user(
        db,
        user.username,
        user.display_name,
        user.role,
        password_hash=password_hasher().hash(password),
    )
    in_keyring = tokens.save(base, user.username, answer.token, answer.expires_at)
    return Session(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        token=answer.token,
        expires_at=answer.expires_at,
        offline=False,
        client_id=client_id_for(db, user.username, workstation),
        workstation=workstation,
        token_in_keyring=in_keyring,
    )


def _unexpired(stored: StoredToken | None) -> StoredToken | None:
    return stored if stored is not None and stored.expires_at > utc_now() else None


def _offline(
    db: Database, tokens: TokenStore, base: str, username: str, password: str, workstation: str
) -> Session:
    user = cached_user(db, username)
    if user is None or cached_password_hash(db, username) is None:
        raise LoginError(
            "first_login_needs_server",
            Message.translate(
                "Login",
                "The server cannot be reached, and {username!r} has not logged in on this "
                "workstation before: the first login needs the server.",
            ).format(username=username),
        )
    if not _matches_cache(db, username, password):
        raise LoginError(
            "bad_credentials",
            Message.translate(
                "Login",
                "Wrong password (checked against this workstation's copy: the server cannot "
                "be reached).",
            ),
        )
    # A kept token of the same user still works once the server is back.
    stored = _unexpired(tokens.load(base, user.username))
    return Session(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        token=stored.token if stored else None,
        expires_at=stored.expires_at if stored else None,
        offline=True,
        client_id=client_id_for(db, user.username, workstation),
        workstation=workstation,
        token_in_keyring=stored.in_keyring if stored else False,
    )


def login(
    server_url: str,
    username: str,
    password: str,
    *,
    db: Database,
    workstation: str | None = None,
    timeout: float = TIMEOUT_S,
    tokens: TokenStore = DEFAULT_TOKEN_STORE,
    on_offline: Callable[[], None] | None = None,
    client: httpx.Client | None = None,
    verify: Verify = True,
) -> Session:
    """Log ``username`` in: online when the server answers, else against the cache.

    ``on_offline`` is called (from this thread) just before the cached
    credentials are checked, so a dialog can say why it is not waiting for
    the server. Raises :class:`LoginError`.
    """
    name = username.strip().lower()  # the server's user names are lower-case
    if not name or not password:
        raise LoginError("invalid", Message.translate("Login", "Enter a user name and a password."))
    base = server_url.rstrip("/")
    station = workstation or socket.gethostname()
    with _http(client, timeout, verify) as http:
        response = _answer(
            http,
            "POST",
            f"{base}/api/v1/auth/login",
            json={"username": name, "password": password},
        )
    if response is None:
        if on_offline is not None:
            on_offline()
        return _offline(db, tokens, base, name, password, station)
    if response.status_code != 200:
        raise _refused(db, name, password, response)
    return _online(db, tokens, base, password, response.content, station)


def resume(
    server_url: str,
    *,
    db: Database,
    workstation: str | None = None,
    timeout: float = TIMEOUT_S,
    tokens: TokenStore = DEFAULT_TOKEN_STORE,
    client: httpx.Client | None = None,
    verify: Verify = True,
) -> Session | None:
    """The last user's session from a kept token, or ``None``: then show the login dialog.

    The server checks the token when it answers (a refused token is
    forgotten); when it does not, an unexpired token and a cached user give
    an offline session, as that user's password typed offline would.
    """
    base = server_url.rstrip("/")
    username = tokens.last_user(base)
    stored = _unexpired(tokens.load(base, username)) if username else None
    if username is None or stored is None:
        return None
    station = workstation or socket.gethostname()
    try:
        with _http(client, timeout, verify) as http:
            auth = {"Authorization": f"Bearer {stored.token}"}
            response = _answer(http, "GET", f"{base}/api/v1/auth/me", headers=auth)
    except LoginError:  # a bad address: the dialog will say so on the next try
        return None
    offline = response is None
    if response is not None:
        if response.status_code != 200:
            tokens.forget(base, username)
            return None
        try:
            me = _MeOut.model_validate_json(response.content)
        except ValidationError:
            return None
        cache_user(db, me.user.username, me.user.display_name, me.user.role)
    cached = cached_user(db, username)
    if cached is None:
        return None
    return Session(
        username=cached.username,
        display_name=cached.display_name,
        role=cached.role,
        token=stored.token,
        expires_at=stored.expires_at,
        offline=offline,
        client_id=client_id_for(db, cached.username, station),
        workstation=station,
        token_in_keyring=stored.in_keyring,
    )


def logout(
    server_url: str,
    session: Session,
    *,
    timeout: float = TIMEOUT_S,
    tokens: TokenStore = DEFAULT_TOKEN_STORE,
    client: httpx.Client | None = None,
    verify: Verify = True,
) -> None:
    """End the session: the keyring forgets the token, and so does the server if it answers.

    Call it only once the user's pending ops are pushed (docs/contracts.md: a token
    with pending ops is kept until they are).
    """
    base = server_url.rstrip("/")
    tokens.forget(base, session.username)
    if session.token is not None:
        _end_on_server(base, session.token, timeout, client, verify)


def _end_on_server(
    base: str, token: str, timeout: float, client: httpx.Client | None, verify: Verify = True
) -> None:
    try:
        with _http(client, timeout, verify) as http:
            auth = {"Authorization": f"Bearer {token}"}
            _answer(http, "POST", f"{base}/api/v1/auth/logout", headers=auth)
    except LoginError:
        pass  # a bad address reaches nobody; the token expires by itself


def sign_out(
    server_url: str,
    username: str,
    *,
    db: Database,
    timeout: float = TIMEOUT_S,
    tokens: TokenStore = DEFAULT_TOKEN_STORE,
    client: httpx.Client | None = None,
    verify: Verify = True,
) -> int:
    """A shift change: the next start asks who is there; the number of ops still waiting.

    A user whose changes have not reached the server keeps their token (in the
    keyring, or this process's memory) so the sync task can still push them
    under their name (docs/contracts.md: a token with pending ops is kept until they
    are pushed). Otherwise the token is forgotten here and ended on the server.
    """
    base = server_url.rstrip("/")
    tokens.forget_last_user(base)
    waiting = pending_authors(db).get(username, 0)
    if waiting:
        return waiting
    kept = tokens.load(base, username)
    tokens.forget(base, username)
    if kept is not None:
        _end_on_server(base, kept.token, timeout, client, verify)
    return 0
