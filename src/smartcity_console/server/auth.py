"""Login, bearer tokens and the ``current_user`` dependency of the sync server.

A token is ``secrets.token_urlsafe(32)`` handed out once; the database keeps
only its SHA-256, with the user and an expiry (12 hours by default, one
shift plus handover). Checking a token is one indexed lookup, in any server
instance, with nothing kept in memory (docs/contracts.md: stateless server). SHA-256
rather than argon2 for tokens: they are 256 random bits, so there is nothing
to brute-force and every request can afford the check.

Failed logins say the same thing for an unknown user and a wrong password,
and an unknown user costs the same argon2 verification as a known one, so
neither the answer nor its timing tells which names exist. Repeated failures
are slowed down per user and per address (``login_throttle.py``: 429 with
``Retry-After``, refused before any hashing), and every sign-in, refused or
not, is one log line with the user name and the client address, never the
password.
"""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Annotated

from argon2 import PasswordHasher
from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints
from sqlalchemy import delete, select

from smartcity_console.core.incidents import USERNAME_MAX, Role, utc_now
from smartcity_console.passwords import password_hasher
from smartcity_console.server import login_throttle
from smartcity_console.server.database import ServerDatabase
from smartcity_console.server.models import TokenRow, UserRow
from smartcity_console.server.users import PASSWORD_MAX, canonical_username, verify_password

DEFAULT_TOKEN_TTL = timedelta(hours=12)
TOKEN_MAX = 200  # token_urlsafe(32) is 43 characters; longer input is not worth hashing
BAD_CREDENTIALS = "wrong user name or password"
DISABLED = "this account is disabled; ask an administrator"
_BEARER_CHALLENGE = {"WWW-Authenticate": "Bearer"}
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuthSettings:
    """How logins behave; ``create_app`` keeps one in ``app.state.auth_settings``."""

    token_ttl: timedelta = DEFAULT_TOKEN_TTL
    hasher: PasswordHasher = field(default_factory=password_hasher)
    clock: Callable[[], datetime] = utc_now  # tests move time forward instead of waiting
    throttle: login_throttle.ThrottlePolicy = field(default_factory=login_throttle.ThrottlePolicy)

    @cached_property
    def dummy_hash(self) -> str:
        """Verified against when the user does not exist, so both cases cost the same."""
        return self.hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True, slots=True)
class AuthenticatedUser:
    """The user behind a valid token: the author of whatever the request changes."""

    username: str
    display_name: str
    role: Role
    expires_at: datetime
    token_hash: str


def hash_token(token: str) -> str:
    """What the database keeps of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def server_database(request: Request) -> ServerDatabase:
    """The app's database (a dependency for every router that needs one)."""
    database: ServerDatabase = request.app.state.server_db
    return database


def auth_settings(request: Request) -> AuthSettings:
    settings: AuthSettings = request.app.state.auth_settings
    return settings


Database = Annotated[ServerDatabase, Depends(server_database)]
Settings = Annotated[AuthSettings, Depends(auth_settings)]
_bearer = HTTPBearer(
    auto_error=False, description="the token from POST /api/v1/auth/login", bearerFormat="opaque"
)


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail, headers=_BEARER_CHALLENGE)


def current_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    db: Database,
    settings: Settings,
) -> AuthenticatedUser:
    """The token's user, or 401: missing, unknown, expired or disabled."""
    if credentials is None or not credentials.credentials:
        raise _unauthorized("a bearer token is required; log in first")
    token = credentials.credentials
    if len(token) > TOKEN_MAX:
        raise _unauthorized("the token is not valid; log in again")
    digest = hash_token(token)
    with db.read() as session:
        found = session.execute(
            select(TokenRow, UserRow)
            .join(UserRow, TokenRow.username == UserRow.username)
            .where(TokenRow.token_hash == digest)
        ).one_or_none()
    if found is None:
        raise _unauthorized("the token is not valid; log in again")
    token_row, user = found
    if token_row.expires_at <= settings.clock():
        raise _unauthorized("the token has expired; log in again")
    if user.disabled:
        raise _unauthorized(DISABLED)
    return AuthenticatedUser(
        user.username, user.display_name, Role(user.role), token_row.expires_at, digest
    )


CurrentUser = Annotated[AuthenticatedUser, Depends(current_user)]


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    username: Annotated[
        str,
        StringConstraints(
            min_length=1,
            max_length=USERNAME_MAX,
            # No control characters: PostgreSQL refuses NUL in text, which would be a 500.
            pattern=r"^[^\x00-\x1f\x7f]+$",
        ),
        # Normalized after the schema's checks, not before: a name that is only
        # whitespace is schema-valid and must be "wrong user name or password"
        # (401), not a 422 the published schema does not predict.
        AfterValidator(canonical_username),
    ]
    password: Annotated[str, StringConstraints(min_length=1, max_length=PASSWORD_MAX)]


class UserOut(BaseModel):
    username: str
    display_name: str
    role: Role


class LoginResponse(BaseModel):
    token: str
    expires_at: datetime
    user: UserOut


class Me(BaseModel):
    user: UserOut
    expires_at: datetime


class ErrorOut(BaseModel):
    detail: str


router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


def client_address(request: Request) -> str:
    """The client's address as uvicorn reports it (the proxy's client behind a trusted proxy)."""
    return request.client.host if request.client is not None else "unknown"


def _signed_in_log(outcome: str, username: str, address: str, **more: object) -> None:
    """One line per sign-in: who, from where, what happened; never the password."""
    fields: dict[str, object] = {
        "event": "sign-in",
        "outcome": outcome,
        "user": username,
        "address": address,
    }
    fields.update(more)
    level = logging.INFO if outcome == "ok" else logging.WARNING
    text = f"sign-in {outcome}: {username!r} from {address}"
    if "reason" in more:
        text += f" ({more['reason']})"
    log.log(level, text, extra={"fields": fields})


def _throttled(username: str, address: str, wait: timedelta) -> HTTPException:
    seconds = max(1, math.ceil(wait.total_seconds()))
    _signed_in_log("throttled", username, address, retry_after_s=seconds)
    return HTTPException(
        status.HTTP_429_TOO_MANY_REQUESTS,
        f"too many failed sign-ins; try again in {seconds} s",
        headers={"Retry-After": str(seconds)},
    )


@router.post(
    "/login",
    responses={
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
        429: {"model": ErrorOut, "description": "too many failed sign-ins; see Retry-After"},
        503: {"model": ErrorOut},
    },
)
def login(body: LoginRequest, request: Request, db: Database, settings: Settings) -> LoginResponse:
    """Trade a user name and password for a bearer token (the only call without one but health).

    A plain ``def``: FastAPI runs it in its thread pool, where argon2's
    deliberate slowness does not block the event loop. A user name or an
    address that failed too often is refused before the password is hashed.
    """
    address = client_address(request)
    keys = [login_throttle.user_key(body.username), login_throttle.address_key(address)]
    wait = login_throttle.retry_after(db, keys, settings.clock())
    if wait is not None:
        raise _throttled(body.username, address, wait)
    with db.read() as session:
        user = session.get(UserRow, body.username)
        known_hash = user.password_hash if user is not None else None
    hasher = settings.hasher
    matches = verify_password(hasher, known_hash or settings.dummy_hash, body.password)
    if user is None or known_hash is None or not matches:
        login_throttle.record_failure(
            db, body.username, address, settings.throttle, settings.clock()
        )
        reason = "unknown user" if user is None else "wrong password"
        _signed_in_log("refused", body.username, address, reason=reason)
        raise _unauthorized(BAD_CREDENTIALS)
    if user.disabled:
        _signed_in_log("refused", body.username, address, reason="account disabled")
        raise HTTPException(status.HTTP_403_FORBIDDEN, DISABLED)
    # Parameters changed since this hash was made: store one with today's.
    rehashed = hasher.hash(body.password) if hasher.check_needs_rehash(known_hash) else None
    token = secrets.token_urlsafe(32)
    now = settings.clock()
    expires_at = now + settings.token_ttl
    with db.write() as session:
        current = session.get(UserRow, body.username)
        # Re-checked under the write lock: changed or disabled since it was read above.
        if current is None or current.password_hash != known_hash:
            _signed_in_log("refused", body.username, address, reason="password changed meanwhile")
            raise _unauthorized(BAD_CREDENTIALS)
        if current.disabled:
            _signed_in_log("refused", body.username, address, reason="account disabled")
            raise HTTPException(status.HTTP_403_FORBIDDEN, DISABLED)
        if rehashed is not None:
            current.password_hash = rehashed
        # Expired tokens are cleaned up here, so the table stays bounded without a job.
        session.execute(
            delete(TokenRow).where(
                TokenRow.username == current.username, TokenRow.expires_at <= now
            )
        )
        session.add(
            TokenRow(
                token_hash=hash_token(token),
                username=current.username,
                expires_at=expires_at,
                created_at=now,
            )
        )
        login_throttle.record_success(session, current.username)
        out = UserOut(
            username=current.username, display_name=current.display_name, role=Role(current.role)
        )
    _signed_in_log("ok", out.username, address, role=str(out.role))
    return LoginResponse(token=token, expires_at=expires_at, user=out)


@router.get("/me", responses={401: {"model": ErrorOut}})
def me(user: CurrentUser) -> Me:
    """Who the token belongs to and until when: how a console checks a token it kept."""
    return Me(
        user=UserOut(username=user.username, display_name=user.display_name, role=user.role),
        expires_at=user.expires_at,
    )


@router.post("/logout", status_code=204, responses={401: {"model": ErrorOut}})
def logout(user: CurrentUser, db: Database) -> Response:
    """End this token's session (a shift change); other tokens of the user stay valid."""
    with db.write() as session:
        session.execute(delete(TokenRow).where(TokenRow.token_hash == user.token_hash))
    return Response(status_code=204)
