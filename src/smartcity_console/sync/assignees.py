"""Who an incident may be assigned to: the sync server's list, and the last one fetched.

Assignees are existing, enabled users of the sync server (docs/contracts.md,
amendment, December 2026): a supervisor picks one from
``GET /api/v1/users?assignable=1`` instead of typing a name. The server
still checks every ``assign`` op when it applies it, because a list fetched
earlier may be stale by then.

When the server cannot be reached the console keeps working offline, so the
last list fetched in this session is kept and offered, and the dialog says
how old it is; before any list was fetched only the signed-in user (who
exists: they signed in) and "nobody" can be chosen. The list is not written
to disk: a list from an earlier day would name people who left.

Qt-free and asynchronous: the assign dialog awaits :meth:`refresh` in the
GUI's qasync loop, so the network wait never blocks the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import httpx
from pydantic import ValidationError

from smartcity_console.contract.sync_api import UserEntry, UserList
from smartcity_console.core.i18n import Message, TranslatedError
from smartcity_console.core.incidents import utc_now

TIMEOUT_S = 5.0
Problem = Literal["offline", "sign_in", "refused", "server_error"]


@dataclass(frozen=True, slots=True)
class Assignees:
    """One list from the server, and when it was fetched."""

    users: tuple[UserEntry, ...]
    fetched_at: datetime


class AssigneesUnavailable(TranslatedError):  # noqa: N818 (a state the dialog shows, not a bug)
    """Why no fresh list came; ``str()`` is English, :meth:`text` picks a language."""

    def __init__(self, problem: Problem, message: Message) -> None:
        super().__init__(message)
        self.problem = problem


class AssigneeDirectory:
    """The assignable users of one sync server, fetched with the signed-in user's token."""

    def __init__(
        self,
        server_url: str,
        token: Callable[[], str | None],
        *,
        http: httpx.AsyncClient | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._base = server_url.rstrip("/")
        self._token = token
        self._http = http or httpx.AsyncClient(timeout=TIMEOUT_S)
        self._own_http = http is None
        self._clock = clock
        self.last: Assignees | None = None

    async def refresh(self) -> Assignees:
        """A fresh list (kept as :attr:`last`), or :class:`AssigneesUnavailable`."""
        token = self._token()
        if token is None:
            raise AssigneesUnavailable(
                "sign_in",
                Message.translate(
                    "Assignees",
                    "You are signed in offline: sign in again while the sync server can be "
                    "reached to fetch the list of users.",
                ),
            )
        try:
            response = await self._http.get(
                f"{self._base}/api/v1/users",
                params={"assignable": "1"},
                headers={"Authorization": f"Bearer {token}"},
            )
        except (httpx.TransportError, httpx.InvalidURL) as exc:
            raise AssigneesUnavailable(
                "offline",
                Message.translate(
                    "Assignees", "The sync server at {base} cannot be reached ({error})."
                ).format(base=self._base, error=type(exc).__name__),
            ) from None
        if response.status_code == 401:
            raise AssigneesUnavailable(
                "sign_in",
                Message.translate(
                    "Assignees",
                    "The sync server no longer accepts your sign-in: sign in again to fetch the "
                    "list of users.",
                ),
            )
        if response.status_code == 403:
            raise AssigneesUnavailable(
                "refused",
                Message.translate(
                    "Assignees", "The sync server says your role may not assign incidents."
                ),
            )
        try:
            if response.status_code != 200:
                raise ValueError(response.status_code)
            listed = UserList.model_validate_json(response.content)
        except (ValueError, ValidationError):
            raise AssigneesUnavailable(
                "server_error",
                Message.translate(
                    "Assignees", "The sync server did not give the list of users ({status_code})."
                ).format(status_code=response.status_code),
            ) from None
        self.last = Assignees(tuple(listed.users), self._clock())
        return self.last

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()
