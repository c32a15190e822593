"""Start the Qt application: qasync loop in the GUI thread, MQTT on its own thread."""

from __future__ import annotations

import asyncio
import functools
import logging
import ssl
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from smartcity_console import __version__
from smartcity_console.alarm_incidents import AlarmRecorder, StoreTickets
from smartcity_console.config import AppConfig, PlotConfig
from smartcity_console.config_edit import save_language
from smartcity_console.core.alarm_engine import AlarmEngine
from smartcity_console.core.incidents import Role, Severity, utc_now
from smartcity_console.core.link_outage import LinkWatch
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.programs import program_of_topic
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.topic_catalog import TopicCatalog
from smartcity_console.gui.dashboard import TimeSeriesPanel
from smartcity_console.gui.i18n import set_language, translate
from smartcity_console.gui.incidents.dock import install_incidents_panel, prefill_from_plot
from smartcity_console.gui.shell import qt_messages
from smartcity_console.gui.shell.broker_password import with_asked_password
from smartcity_console.gui.shell.crash_dialog import CrashReporter
from smartcity_console.gui.shell.instance_and_about import acquire_instance, install_about
from smartcity_console.gui.shell.language_menu import install_language_menu
from smartcity_console.gui.shell.login_dialog import LoginDialog
from smartcity_console.gui.shell.main_window import MainWindow
from smartcity_console.gui.shell.sign_out_action import install_sign_out
from smartcity_console.gui.shell.single_instance import bring_to_front, front_window
from smartcity_console.gui.shell.sync_status import SyncController
from smartcity_console.gui.shell.theme import apply_theme
from smartcity_console.gui.shell.tool_docks import install_feed_panels
from smartcity_console.gui.wall import ScreenChoiceError, WallMode, choose_screens, dashboard_pages
from smartcity_console.gui.wall.action import install_wall_action
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.installation import ClientIdentity, describe_client_id, with_client_id
from smartcity_console.mqtt.process import MqttProcess
from smartcity_console.mqtt.status import ConnectionStatus
from smartcity_console.mqtt.thread import MqttThread
from smartcity_console.paths import resource_path
from smartcity_console.store import (
    Database,
    IncidentRepository,
    StoreError,
    default_database_path,
    open_database,
)
from smartcity_console.store.clients import client_id_for
from smartcity_console.sync.assignees import AssigneeDirectory
from smartcity_console.sync.auth_client import Session, login, resume, sign_out
from smartcity_console.sync.engine import SyncEngine
from smartcity_console.sync.server_tls import Verify, server_verify
from smartcity_console.sync.token_store import DEFAULT_TOKEN_STORE, TokenStore

log = logging.getLogger(__name__)


@dataclass
class SelfTestResult:
    ok: bool
    message: str


@dataclass(frozen=True)
class Operator:
    """Who is at the console: every incident event records this user and workstation."""

    username: str
    role: Role
    client_id: str


class Console:
    """The running console: its stores, ingest thread and window, wired together."""

    def __init__(
        self,
        config: AppConfig,
        db: Database,
        operator: Operator,
        *,
        config_path: Path | None = None,
    ) -> None:
        self.config = config
        # Where settings changed at run time (the language) are saved; None: nowhere.
        self.config_path = config_path
        # A one-line sync state for the wall; the sync client sets it when it runs.
        self.sync_state: Callable[[], str | None] | None = None
        self.db = db
        self.operator = operator
        set_language(config.language)  # before any widget: they read their words at once
        self.store = SeriesStore(config.history.limits())
        self.catalog = TopicCatalog()
        # The link watch starts "down": until the first connection the console is blind.
        link = LinkWatch(config.outage.settings(config.workstation), time.time())
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
        self.window = MainWindow(
            config,
            self.store,
            self.ingest.stats,
            lambda: self.mqtt.status,
            backlog=lambda: self.mqtt.backlog,
            reading_held=lambda: self.mqtt.reading_held,
        )
        self.topic_browser, self.diagnostics = install_feed_panels(
            self.window, self.catalog, self.ingest.stats
        )
        self.topic_browser.add_series_requested.connect(self._add_topic_to_plot)
        self.topic_browser.map_requested.connect(self._open_map_dialog)
        # Topic -> series name of a device mapped in this session with its own name.
        self._series_names: dict[str, str] = {}
        self.window.stale_series_changed.connect(self._on_stale_series)

        deadlines = config.incidents.deadlines()
        self.repository = IncidentRepository(
            db,
            operator.username,
            operator.role,
            config.workstation,
            operator.client_id,
            deadlines=deadlines,
        )
        self.incidents = install_incidents_panel(
            self.window,
            self.repository,
            operator.role,
            operator.username,
            deadlines=deadlines,
        )
        self.window.dashboards.incident_requested.connect(self._create_from_plot)
        self.alarm_recorder = AlarmRecorder(
            StoreTickets(self.repository),
            config.alarms,
            config.language,
            link_grace_s=config.outage.grace_s,
        )
        try:  # before the MQTT client starts: the engine sees no reading before this
            self.alarm_recorder.restore(self.alarms, time.time())
        except StoreError as exc:
            log.warning("open alarm incidents not restored: %s", exc)
        self._alarm_timer = QTimer(self.window)
        self._alarm_timer.setInterval(1000)
        self._alarm_timer.timeout.connect(self._record_alarms)
        self._alarm_timer.start()
        self._install_wall_and_language(deadlines)
        self.sync: SyncController | None = None
        self.assignees: AssigneeDirectory | None = None
        self.signed_out = False
        self._tokens = DEFAULT_TOKEN_STORE
        self._sign_out_task: asyncio.Future[None] | None = None

    def start_sync(self, tokens: TokenStore = DEFAULT_TOKEN_STORE) -> None:
        """Run the sync task (docs/sync.md); call in the running loop, before :meth:`start`.

        Each user's ops go out with that user's kept token; the signed-in
        user's token pulls. The poke topic joins the MQTT subscriptions, so
        this must come before the MQTT thread starts.
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
        self.incidents.detail.set_assignee_directory(self.assignees)
        self.sync = SyncController(engine, self.db, self.operator.username, self.window)
        self.window.statusBar().addPermanentWidget(self.sync.label)
        self.sync.tickets_changed.connect(self.incidents.show_remote_changes)
        self.sync.tickets_changed.connect(lambda _ids: self.wall.feed.refresh())
        self.incidents.incidents_changed.connect(self.sync.changed_here)
        self.sync_state = self.sync.text
        if server.poke_topic:
            self.ingest.add_control_topic(server.poke_topic, self.sync.poke_from_any_thread)
        self.sync.start()

    def broker_status(self) -> ConnectionStatus:
        return self.mqtt.status

    def sync_summary(self) -> str | None:
        """One line on the sync task (About dialog, wall), or None when it does not run."""
        return self.sync_state() if self.sync_state is not None else None

    def sign_out(self) -> None:
        """File → Sign out: keep the token only while this user's changes wait, then close.

        The login dialog comes next (run_console's loop), for the next shift.
        """

        async def go() -> None:
            url = self.config.server.url
            user = self.operator.username
            waiting = await asyncio.to_thread(
                sign_out,
                url,
                user,
                db=self.db,
                tokens=self._tokens,
                verify=console_server_verify(self.config),
            )
            log.info("%s signed out at %s (%d changes still to push)", user, url, waiting)
            self.signed_out = True
            self.window.close()

        self._sign_out_task = asyncio.ensure_future(go())

    async def stop_sync(self) -> None:
        if self.sync is not None:
            await self.sync.stop()
        if self.assignees is not None:
            await self.assignees.aclose()

    def _install_wall_and_language(self, deadlines: Mapping[Severity, timedelta]) -> None:
        """View → Language and View → Wall mode (docs/wall.md, docs/translations.md)."""
        self.wall = WallMode(
            lambda: dashboard_pages(self.config, self.store, self.window.render_loop),
            self.repository,
            deadlines,
            lambda: self.mqtt.status,
            config=self.config.wall,
            sync_state=lambda: self.sync_state() if self.sync_state is not None else None,
            parent=self.window,
        )
        self._shutting_down = False
        self.wall.closed.connect(self._on_wall_closed)
        self.incidents.incidents_changed.connect(self.wall.feed.refresh)
        install_wall_action(self.window, self.enter_wall)
        self.language_menu = install_language_menu(self.window, self.choose_language)

    def enter_wall(self, screen: int | None = None) -> None:
        """Full screen walls (on ``screen``, 1-based, or every screen); the desk window hides."""
        try:
            self.wall.open(screen)
        except ScreenChoiceError as exc:
            self.window.statusBar().showMessage(str(exc), 15_000)
            log.warning("wall mode: %s", exc)
            return
        self.window.hide()

    def _on_wall_closed(self) -> None:
        if self._shutting_down:
            return
        self.window.showMaximized()
        self.window.activateWindow()

    def _add_topic_to_plot(self, topic: str) -> None:
        self.window.add_series_to_plot(self._series_names.get(topic, topic))

    def _open_map_dialog(self, topic: str) -> None:
        """ "Map this topic...": the dialog writes the user's config file (docs/feeds.md)."""
        dialog = self.topic_browser.map_dialog(self.config_path, self.ingest.time_rule)
        if dialog is None:
            return
        dialog.mapped.connect(self._on_feed_mapped)
        dialog.open()

    def _on_feed_mapped(self, mapping: FeedMapping, topic: str) -> None:
        """Decode the topic with the new mapping from its next message on."""
        self.ingest.add_feed(mapping, topic)
        self.config = self.config.model_copy(update={"feeds": list(self.ingest.feeds)})
        if mapping.series is not None:
            self._series_names[topic] = mapping.series
        text = translate(
            "Console",
            "{topic} mapped and saved in {path}; its readings come with its next message.",
        )
        self.window.statusBar().showMessage(text.format(topic=topic, path=self.config_path), 15_000)

    def choose_language(self, language: str) -> None:
        """Switch the GUI's language now and keep it in the config file."""
        lang = set_language(language)
        self.config = self.config.model_copy(update={"language": lang})
        self.alarm_recorder.language = lang
        if self.config_path is None:
            return
        try:
            save_language(self.config_path, lang)
        except OSError as exc:
            text = translate("Console", "Could not save the language in {}: {}")
            self.window.statusBar().showMessage(text.format(self.config_path, exc), 15_000)

    def _create_from_plot(
        self, plot: TimeSeriesPanel | None, series: str, value: float, t: float
    ) -> None:
        snap = self.store.snapshot(series, since=t)
        unit = snap.unit if snap is not None else None
        panel = plot.panel if plot is not None else None
        plot_config = PlotConfig(
            program=(panel and panel.program) or program_of_topic(series) or "governance",
            series=series.split("#", 1)[0],
            title_id=panel.title("id") if panel else None,
            title_en=panel.title("en") if panel else None,
        )
        prefill = prefill_from_plot(
            plot_config, series, value, t, unit=unit, language=self.config.language
        )
        self.incidents.create_incident(prefill)

    def _record_alarms(self) -> None:
        # Ticks here too: the MQTT thread does not tick while it waits to reconnect,
        # and the link watch must see the outage (the ingest process ticks anyway).
        if not self._shutting_down:
            self.ingest.tick(time.time())
        if self.ingest.alarm_events:
            self.alarm_recorder.record(self.ingest.alarm_events)
            if self.sync is not None:
                self.sync.changed_here()

    def _on_stale_series(self, series: set[str]) -> None:
        self.topic_browser.model.set_stale({name.split("#", 1)[0] for name in series})

    def start(self, wall: bool = False, screen: int | None = None) -> None:
        self.mqtt.start()
        if wall:
            self.enter_wall(screen)
            if self.wall.active:
                return
        # A command-center console owns its screen; the wall mode goes full screen.
        self.window.showMaximized()

    def shutdown(self) -> None:
        """End the MQTT thread, then write the alarms it raised last; once the window closed."""
        self._alarm_timer.stop()
        self._shutting_down = True
        self.wall.close()
        self.mqtt.stop()
        self._record_alarms()


def console_server_verify(config: AppConfig) -> Verify:
    """The server's CA from ``[server] ca_file``; unusable, the default (doctor says why)."""
    try:
        return server_verify(config.server.ca_file)
    except (OSError, ssl.SSLError) as exc:
        log.error("[server] ca_file %s cannot be used (%s)", config.server.ca_file, exc)
        return True


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    qt_messages.install()
    app = QApplication(sys.argv[:1])
    # The console decides when it ends (its main window's `closed`); otherwise
    # closing the login dialog, the last window at that moment, would quit.
    app.setQuitOnLastWindowClosed(False)
    app.setApplicationName("smartcity-console")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Pemkab Rembang")
    app.setWindowIcon(QIcon(str(resource_path("icons", "app.png"))))
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    apply_theme(app, "dark")
    return app


async def _self_test(console: Console, limit_s: float) -> SelfTestResult:
    """Wait until every plot shows readings that came through the broker."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        empty = [p.title.text() for p in console.window.plots if p.point_count() == 0]
        if not empty and console.window.plots:
            total = sum(p.point_count() for p in console.window.plots)
            plots = len(console.window.plots)
            return SelfTestResult(True, f"self-test ok: {total} points in {plots} plots")
        await asyncio.sleep(0.1)
    return SelfTestResult(False, f"self-test failed: no readings in {', '.join(empty)}")


async def _login(config: AppConfig, db: Database, *, demo: bool) -> Operator | None:
    """Resume the last user's kept token, else show the login dialog until a login or cancel.

    The dialog is opened, never exec'd (qasync); the token check runs off the
    GUI thread because it may wait for a server that is down.
    """
    verify = console_server_verify(config)
    kept = await asyncio.to_thread(
        resume, config.server.url, db=db, workstation=config.workstation, verify=verify
    )
    if kept is not None:
        return Operator(kept.username, kept.role, kept.client_id)
    dialog = LoginDialog(
        config.server.url,
        db,
        workstation=config.workstation,
        demo=demo,
        username=DEFAULT_TOKEN_STORE.last_user(config.server.url) or "",
        login=functools.partial(login, verify=verify),
    )
    done: asyncio.Future[Operator | None] = asyncio.get_running_loop().create_future()

    def logged_in(session: Session) -> None:
        if not done.done():
            done.set_result(Operator(session.username, session.role, session.client_id))

    def finished(_result: int) -> None:
        if not done.done():
            done.set_result(None)

    dialog.logged_in.connect(logged_in)
    dialog.finished.connect(finished)
    dialog.open()
    try:
        return await done
    finally:
        dialog.deleteLater()


def _open_store(config: AppConfig, path: Path | None) -> Database | None:
    try:
        return open_database(path or config.incidents.database or default_database_path())
    except StoreError as exc:
        # Before the event loop runs, so a modal box is safe here.
        print(f"error: {exc}", file=sys.stderr)
        QMessageBox.critical(None, "smartcity-console", str(exc))
        return None


def _with_installation_id(config: AppConfig) -> tuple[AppConfig, ClientIdentity | None]:
    """The broker config with this installation's MQTT client id (installation.py)."""
    try:
        return with_client_id(config)
    except OSError as exc:
        # The data folder was writable for the lock a moment ago; still, never refuse to start.
        log.error("cannot keep this console's MQTT client id (%s): using a clean session", exc)
        broker = config.broker.model_copy(update={"session": "clean"})
        return config.model_copy(update={"broker": broker}), None


def _say_copied(console: Console, identity: ClientIdentity) -> None:
    """The notice for a copied data folder (logged too, by installation.py)."""
    text = translate(
        "Console",
        "This data folder is a copy of {}: this console now has its own MQTT client id, {}. "
        "Readings queued at the broker for the original stay with the original.",
    ).format(identity.copied_from, identity.client_id)
    console.window.statusBar().showMessage(text, 300_000)


def _when_connected(console: Console, callback: Callable[[], None]) -> None:
    """Call ``callback`` once the console's MQTT session is up (and subscribed).

    The status is a snapshot the MQTT thread replaces; a timer in the window's
    lifetime looks at it, so nothing outlives the window.
    """
    timer = QTimer(console.window)
    timer.setInterval(50)

    def check() -> None:
        if console.mqtt.status.state == "connected":
            timer.stop()
            callback()

    timer.timeout.connect(check)
    timer.start()


def run_console(
    config: AppConfig,
    *,
    self_test_timeout: float | None = None,
    demo: bool = False,
    on_subscribed: Callable[[], None] | None = None,
    wall: bool = False,
    screen: int | None = None,
    config_path: Path | None = None,
) -> int:
    """Log in, run the console until its window closes; with a self-test timeout, check and exit.

    ``wall`` starts in wall mode (on ``screen``, 1-based, or on every screen);
    ``config_path`` is where a language chosen in the menu is saved.

    The self-test skips the login and keeps its incidents in a throw-away
    database, so running it on an installed workstation changes nothing.
    """
    app = application()
    set_language(config.language)
    # Unhandled exceptions: logged (logs.py) and shown once, never ending the shift.
    crash = CrashReporter(lambda: console.window if console else None)
    # One console per data folder; the self-test uses a scratch database and no lock.
    guard = acquire_instance(config) if self_test_timeout is None else None
    if isinstance(guard, int):
        crash.close()
        return guard
    identity: ClientIdentity | None = None
    if self_test_timeout is None:
        # After the guard: only the console that owns the data folder makes or checks the id.
        # The self-test keeps a random id: it must never take a running console's session.
        config, identity = _with_installation_id(config)
    if wall and screen is not None:
        try:  # before the login: a wrong --screen is the installer's typo, say it now
            choose_screens([s.name() for s in app.screens()], screen)
        except ScreenChoiceError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    scratch = tempfile.TemporaryDirectory() if self_test_timeout is not None else None
    db = _open_store(config, Path(scratch.name) / "incidents.sqlite3" if scratch else None)
    if db is None:
        return 3
    console: Console | None = None
    result: SelfTestResult | None = None
    if guard is not None:
        # A second start raises this one: the console, or the sign-in dialog before it.
        guard.activation_requested.connect(
            lambda: bring_to_front(front_window(console.window if console else None))
        )

    async def main() -> None:
        nonlocal console, result
        assert db is not None
        asyncio.get_running_loop().set_exception_handler(crash.asyncio_handler)
        session_config = config
        while True:  # once per person: File → Sign out hands the console to the next shift
            if self_test_timeout is not None:
                client_id = client_id_for(db, "selftest", config.workstation)
                operator: Operator | None = Operator("selftest", Role.OPERATOR, client_id)
            else:
                operator = await _login(config, db, demo=demo)
            if operator is None:
                return
            if self_test_timeout is None:
                # A broker user with no password in the keyring: asked, kept in memory only.
                session_config = await with_asked_password(session_config)
            console = Console(session_config, db, operator, config_path=config_path)
            running = console
            install_about(
                running.window,
                config,
                config_path,
                running.broker_status,
                running.sync_summary,
                describe_client_id(config, identity),
            )
            if identity is not None and identity.copied_from is not None:
                _say_copied(running, identity)
            closed = asyncio.Event()
            console.window.closed.connect(closed.set)
            if self_test_timeout is None:
                console.start_sync()
                install_sign_out(console.window, console.window.ui.menuFile, console.sign_out)
            console.start(wall=wall, screen=screen)
            if on_subscribed is not None:
                _when_connected(console, on_subscribed)
            if self_test_timeout is not None:
                result = await _self_test(console, self_test_timeout)
                console.window.close()
            await closed.wait()
            await console.stop_sync()
            if not console.signed_out:
                return
            console.shutdown()
            console = None

    try:
        qasync.run(main())
    finally:
        if console is not None:
            console.shutdown()
        app.processEvents()
        db.close()
        crash.close()
        if guard is not None:
            guard.release()
        if scratch is not None:
            scratch.cleanup()
    if result is not None:
        print(result.message)
        return 0 if result.ok else 1
    return 0
