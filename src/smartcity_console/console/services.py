"""Where the next features plug in: services that run beside the console (no Qt).

A shift handover report, the history backfill, an attention tracker: each
needs the console's stores and clock, none needs a window. Each is a
:class:`ConsoleService` added to :class:`~smartcity_console.console.app.ConsoleApp`
with ``add_service`` before ``start``. The application then

* calls ``start(app)`` once, after the MQTT client started: the service
  keeps what it needs of ``app`` (``app.store`` for readings,
  ``app.repository`` for incidents, ``app.operator``, ``app.config``,
  ``app.events`` to hear about alarms and sign-out);
* calls ``tick(now)`` from ``app.tick`` on the thread that ticks (the GUI's
  timer, once a second): short work only; anything slow runs on its own
  thread or task and hands results back on the next tick;
* calls ``stop()`` once, at shutdown, after the MQTT client stopped.

A service that raises in ``tick`` is logged and ticked again next time: a
report that fails must not stop alarms from becoming incidents. Its view,
if any, lives in ``gui/`` and reads the service, never the other way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from smartcity_console.console.app import ConsoleApp


class ConsoleService(Protocol):
    """A feature that runs beside the console (see the module doc for when each call comes)."""

    name: str

    def start(self, app: ConsoleApp) -> None: ...

    def tick(self, now: float) -> None: ...

    def stop(self) -> None: ...
