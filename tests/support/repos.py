"""An incident repository as one user at one workstation, for the store's tests."""

from __future__ import annotations

from smartcity_console.core.incidents import Role
from smartcity_console.store import Database, IncidentRepository
from smartcity_console.store.clients import client_id_for
from tests.support.clock import Clock

WORKSTATION = "ruang-komando-1"


def repository(
    db: Database, clock: Clock, user: str, role: Role, ws: str = WORKSTATION
) -> IncidentRepository:
    return IncidentRepository(db, user, role, ws, client_id_for(db, user, ws), clock=clock)
