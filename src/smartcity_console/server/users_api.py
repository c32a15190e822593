"""``GET /api/v1/users``: who may be assigned (docs/contracts.md, amendments).

Assignees are existing, enabled users of the sync server; a supervisor picks
one from this list in the console instead of typing a name (and the server
still checks each ``assign`` op when it applies it: a list fetched earlier
may be stale). ``assignable=1`` is for those who may assign (supervisors and
administrators; operators get 403); without it the list holds every user,
disabled ones too, and is for administrators, who manage users.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from sqlalchemy import select

from smartcity_console.contract.sync_api import UserEntry, UserList
from smartcity_console.core.incidents import Action, Role, why_not
from smartcity_console.server.auth import CurrentUser, Database, ErrorOut
from smartcity_console.server.models import UserRow

router = APIRouter(prefix="/api/v1", tags=["users"])


@router.get(
    "/users",
    responses={
        401: {"model": ErrorOut},
        403: {"model": ErrorOut, "description": "the token's user may not see this list"},
        503: {"model": ErrorOut},
    },
)
def users(
    user: CurrentUser,
    db: Database,
    assignable: Annotated[
        bool,
        Query(description="only users an incident may be assigned to (existing and enabled)"),
    ] = False,
) -> UserList:
    """The users, by name: with ``assignable=1`` the enabled ones, for supervisors and admins."""
    action = Action.ASSIGN if assignable else Action.MANAGE_USERS
    refusal = why_not(user.role, action)
    if refusal is not None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, refusal)
    query = select(UserRow).order_by(UserRow.username)
    if assignable:
        query = query.where(UserRow.disabled.is_(False))
    with db.read() as session:
        rows = session.scalars(query).all()
        return UserList(
            users=[
                UserEntry(
                    username=row.username,
                    display_name=row.display_name,
                    role=Role(row.role),
                    disabled=row.disabled,
                )
                for row in rows
            ]
        )
