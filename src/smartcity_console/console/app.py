"""The running console without its window: stores, ingest, alarms, MQTT and sync, wired (no Qt).

:class:`ConsoleApp` is one signed-in operator's console. It builds the
series store, the topic catalog, the alarm engine (with the link watch),
the ingest, the MQTT client (a child process, or a thread with
``[broker] separate_process = false``), the incident repository and the
alarm recorder; hands the store's open alarm tickets back to the engine
before any reading arrives (a restart continues its incidents); and runs
the sync task for the operator when asked.

Nothing here has a timer of its own: whoever drives it calls :meth:`tick`
about once a second on one thread (the GUI's QTimer in the product, a loop
in a headless test). A tick checks the link watch (the MQTT thread does not
tick while it waits to reconnect), writes the alarm events the ingest queued
as tickets, and ticks the services. Views hear about it through
:attr:`ConsoleApp.events` (plain callbacks, console/events.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from smartcity_console.config import AppConfig
from smartcity_console.console.alarm_incidents import AlarmRecorder, StoreTickets
from smartcity_console.console.events import AlarmsRecorded, ConsoleEvents, SignedOut
from smartcity_console.console.services import ConsoleService
from smartcity_console.console.session import Operator, console_server_verify
from smartcity_console.console.sync_service import SyncService
from smartcity_console.core.alarm_engine import AlarmEngine
from smartcity_console.core.i18n import Language
from smartcity_console.core.incidents import utc_now
from smartcity_console.core.link_outage import LinkWatch
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.topic_catalog import TopicCatalog
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.mqtt.process import MqttProcess
from smartcity_console.mqtt.status import ConnectionStatus
from smartcity_console.mqtt.thread import MqttThread
from smartcity_console.store import Database, IncidentRepository, StoreError
from smartcity_console.store.shelves import ShelfBook
from smartcity_console.sync.assignees import AssigneeDirectory
from smartcity_console.sync.auth_client import sign_out
from smartcity_console.sync.engine import SyncEngine
from smartcity_console.sync.token_store import DEFAULT_TOKEN_STORE, TokenStore

log = logging.getLogger(__name__)


class ConsoleApp:
    """One operator's console: build it, :meth:`start` it, :meth:`tick` it, :meth:`shutdown` it.

    ``clock`` is the wall clock in epoch seconds (the link watch and the
    alarm restore compare it with reading times).
    """

    def __init__(
        self,
        config: AppConfig,
        db: Database,
        operator: Operator,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.db = db
        self.operator = operator
        self.events = ConsoleEvents()
        self._clock = clock
        self.store = SeriesStore(config.history.limits())
        self.catalog = TopicCatalog()
        # The link watch starts "down": until the first connection the console is blind.
        link = LinkWatch(config.outage.settings(config.workstation), clock())
        self.alarms = AlarmEngine(config.alarms, link=link)
        self.ingest = FeedIngest(
            config.feeds,
            self.store,
            self.catalog,
            alarms=self.alarms,
            time_rule=config.timestamps.rule(),
            browse=config.broker.browse,
        )
        self.mqtt: MqttProcess[FeedIngest] | MqttThread[FeedIngest] = (
            MqttProcess(config.broker, self.ingest)
            if config.broker.separate_process
            else MqttThread(config.broker, self.ingest)
        )
        self.ingest.watch_link(lambda: self.mqtt.status)
        self.deadlines = config.incidents.deadlines()
        self.repository = IncidentRepository(
            db,
            operator.username,
            operator.role,
            config.workstation,
            operator.client_id,
            deadlines=self.deadlines,
        )
        self.shelves = ShelfBook(db, self.repository.actor)
        self.alarm_recorder = AlarmRecorder(
            StoreTickets(self.repository),
            config.alarms,
            config.language,
            link_grace_s=config.outage.grace_s,
            shelved=self._shelved,
        )
        try:  # before the MQTT client starts: the engine sees no reading before this
            self.alarm_recorder.restore(self.alarms, clock())
        except StoreError as exc:
            log.warning("open alarm incidents not restored: %s", exc)
        self.sync: SyncService | None = None
        self.assignees: AssigneeDirectory | None = None
        self.signed_out = False
        self.services: list[ConsoleService] = []
        self._tokens = DEFAULT_TOKEN_STORE
        self._started = False
        self._stopped = False

    # --- services ----------------------------------------------------------------------

    def add_service(self, service: ConsoleService) -> None:
        """Run ``service`` beside the console (console/services.py); before :meth:`start`."""
        if self._started:
            raise RuntimeError(f"service {service.name} added after the console started")
        self.services.append(service)

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Start the MQTT client, then the services."""
        self._started = True
        self.mqtt.start()
        for service in self.services:
            service.start(self)

    @property
    def broker_status(self) -> ConnectionStatus:
        return self.mqtt.status

    def tick(self) -> None:
        """Check the link, write queued alarm events as tickets, tick the services.

        After :meth:`shutdown` only the alarms are written (the MQTT client's
        last batch), the link is no longer watched.
        """
        now = self._clock()
        if not self._stopped:
            # The MQTT thread does not tick while it waits to reconnect, and the link
            # watch must see the outage (the ingest process ticks anyway).
            self.ingest.tick(now)
        self._record_alarms()
        if self._stopped:
            return
        for service in self.services:
            try:
                service.tick(now)
            except Exception:
                log.exception("service %s failed in its tick", service.name)

    def _shelved(self, rule: str, series: str, station: str, at: float) -> bool:
        when = datetime.fromtimestamp(at, UTC)
        try:
            return self.shelves.covering(rule, series, station, when) is not None
        except StoreError as exc:
            log.warning("shelves not read, alarm %s raises: %s", rule, exc)
            return False

    def _record_alarms(self) -> None:
        queued = len(self.ingest.alarm_events)
        if not queued and not self.alarm_recorder.held:
            return
        created = self.alarm_recorder.record(self.ingest.alarm_events, self._clock())
        if not queued and not created:
            return
        if self.sync is not None:
            self.sync.changed_here()
        self.events.alarms_recorded.emit(AlarmsRecorded(queued, created))

    def set_language(self, language: Language) -> None:
        """The language new alarm tickets are written in (and the config's)."""
        self.config = self.config.model_copy(update={"language": language})
        self.alarm_recorder.language = language

    def add_feed(self, mapping: FeedMapping, seen_topic: str) -> int:
        """Decode a topic with a new ``[[feeds]]`` table from its next message on.

        The map dialog of the topic browser saved it in the config file; the
        running ingest takes it at the same place (FeedIngest.add_feed).
        """
        index = self.ingest.add_feed(mapping, seen_topic)
        self.config = self.config.model_copy(update={"feeds": list(self.ingest.feeds)})
        return index

    def shutdown(self) -> None:
        """End the MQTT client, write the alarms it raised last, stop the services."""
        already = self._stopped
        self._stopped = True
        self.mqtt.stop()
        self.tick()
        if already:
            return
        for service in self.services:
            try:
                service.stop()
            except Exception:
                log.exception("service %s failed to stop", service.name)

    def server_token(self) -> str | None:
        """The signed-in operator's kept bearer token for the server, while it is valid.

        The history backfill and replay ask the historian with it (the same
        sign-in as sync; docs/history.md).
        """
        kept = self._tokens.load(self.config.server.url.rstrip("/"), self.operator.username)
        return None if kept is None or kept.expires_at <= utc_now() else kept.token

    # --- sync --------------------------------------------------------------------------

    def start_sync(self, tokens: TokenStore = DEFAULT_TOKEN_STORE) -> SyncService:
        """Run the sync task (docs/sync.md) in the running loop; call before :meth:`start`.

        Each user's ops go out with that user's kept token; the signed-in
        user's token pulls. The poke topic joins the MQTT subscriptions, so
        this must come before the MQTT client starts.
        """
        server = self.config.server
        url = server.url.rstrip("/")
        self._tokens = tokens

        def token_for(username: str) -> str | None:
            kept = tokens.load(url, username)
            return None if kept is None or kept.expires_at <= utc_now() else kept.token

        engine = SyncEngine(
            self.db,
            url,
            token_for,
            lambda: self.operator.username,
            interval_s=server.pull_interval_s,
            backoff_max_s=server.backoff_max_s,
            verify=console_server_verify(self.config),
        )
        self.assignees = AssigneeDirectory(url, lambda: token_for(self.operator.username))
        self.sync = SyncService(engine, self.db, self.operator.username)
        if server.poke_topic:
            self.ingest.add_control_topic(server.poke_topic, self.sync.poke_from_any_thread)
        self.events.sync_started.emit(self.sync)
        self.sync.start()
        return self.sync

    async def stop_sync(self) -> None:
        """End the sync task and the assignee lookups; a second call does nothing."""
        if self.sync is not None:
            await self.sync.stop()
        if self.assignees is not None:
            await self.assignees.aclose()
            self.assignees = None

    async def sign_out(self) -> int:
        """A shift change: forget the session, stop syncing; the changes still waiting.

        The token is kept only while this user's changes wait for the server
        (sync/auth_client.py), so the next user's console still pushes them
        under their author's name; the next start does not resume this session.
        """
        user = self.operator.username
        url = self.config.server.url
        waiting = await asyncio.to_thread(
            sign_out,
            url,
            user,
            db=self.db,
            tokens=self._tokens,
            verify=console_server_verify(self.config),
        )
        log.info("%s signed out at %s (%d changes still to push)", user, url, waiting)
        await self.stop_sync()
        self.signed_out = True
        self.events.signed_out.emit(SignedOut(user, waiting))
        return waiting
