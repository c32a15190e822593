"""The demo's accounts: one per role, with passwords printed in the docs and the login dialog.

Like the simulated feeds, they stand in for the real world in a demo. Defined
here, beneath both their readers, so that the server's demo setup
(server/demo_users.py seeds them) and the console's login dialog (which lists
them) share one definition without the GUI importing the server. Their
passwords are public: they must never reach a real server's database
(docs/users.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from smartcity_console.core.incidents import Role


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    role: Role
    password: str
    display_name: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("operator", Role.OPERATOR, "operator123", "Operator (demo)"),
    DemoAccount("supervisor", Role.SUPERVISOR, "supervisor123", "Supervisor (demo)"),
    DemoAccount("admin", Role.ADMIN, "admin123", "Administrator (demo)"),
)
