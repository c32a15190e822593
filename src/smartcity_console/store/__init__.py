"""The console's local incident database (SQLite, Qt-free).

``open_database`` checks and migrates the file; ``IncidentRepository`` reads
and changes tickets for one user at one workstation. See docs/incidents.md.
"""

from smartcity_console.store.database import Database, default_database_path, open_database
from smartcity_console.store.errors import StoreError
from smartcity_console.store.queries import SortKey, TicketQuery
from smartcity_console.store.records import AlarmTicket, PendingOp, Ticket, TicketEvent
from smartcity_console.store.repository import IncidentRepository
from smartcity_console.store.ticket_pages import PageKey
from smartcity_console.store.ticket_rows import TicketRows, ticket_ids

__all__ = [
    "AlarmTicket",
    "Database",
    "IncidentRepository",
    "PageKey",
    "PendingOp",
    "SortKey",
    "StoreError",
    "Ticket",
    "TicketEvent",
    "TicketQuery",
    "TicketRows",
    "default_database_path",
    "open_database",
    "ticket_ids",
]
