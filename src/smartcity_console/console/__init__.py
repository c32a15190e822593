"""The application without its windows: who is signed in, and what runs for them (no Qt).

``gui/`` draws this layer and forwards the operator's clicks to it; a
headless test drives it the same way. Nothing here imports Qt (the
import-linter contract in pyproject.toml), so the next features (shift
reports, history backfill) plug in here as :class:`~.services.ConsoleService`
objects and are tested without a display. See docs/console-layer.md.

Modules: ``session`` (the operator and the workstation), ``app``
(:class:`~.app.ConsoleApp`, the wiring), ``alarm_incidents`` (alarm events
become tickets), ``sync_service`` (the sync task's lifecycle), ``events``
(plain callbacks the GUI subscribes to), ``services`` (the plug-in point).
The package imports nothing on its own, so ``alarms check`` can use
``alarm_incidents`` without loading the MQTT client or the sync engine.
"""
