"""Start the Qt application: the console's window over its application layer (console/).

qasync runs asyncio in the GUI thread; MQTT runs in its own process or
thread (console/app.py). This module is the window's side only: the login
dialog, the docks, the wall, the timer that ticks the application.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sys
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox

from smartcity_console import __version__
from smartcity_console.config import AppConfig
from smartcity_console.config_edit import save_language
from smartcity_console.console.alarm_incidents import AlarmRecorder
from smartcity_console.console.annunciation import Annunciator
from smartcity_console.console.app import ConsoleApp
from smartcity_console.console.events import SignedOut
from smartcity_console.console.handover import HandoverService
from smartcity_console.console.history_backfill import HistoryBackfill
from smartcity_console.console.replay import ReplayService, ReplaySession
from smartcity_console.console.screen_lock import ScreenLock, sign_in_check
from smartcity_console.console.session import (
    Operator,
    console_server_verify,
    resume_operator,
    with_installation_id,
)
from smartcity_console.core.alarm_engine import AlarmEngine
from smartcity_console.core.incidents import Severity
from smartcity_console.core.incidents.prefill import PlotSource, prefill_from_plot
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.programs import program_of_topic
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.topic_catalog import TopicCatalog
from smartcity_console.gui.annunciation import AnnunciationView, SoundOutput
from smartcity_console.gui.dashboard import TimeSeriesPanel
from smartcity_console.gui.dashboard.map_feed import connect_map, map_reader
from smartcity_console.gui.gui_thread_gc import GuiThreadCollector
from smartcity_console.gui.i18n import set_language, translate
from smartcity_console.gui.incidents.dock import install_incidents_panel
from smartcity_console.gui.incidents.shelving import install_shelving
from smartcity_console.gui.reports.handover_flow import ask_handover_note, show_unread_handover
from smartcity_console.gui.reports.shift_reports_window import install_shift_reports
from smartcity_console.gui.shell import qt_messages
from smartcity_console.gui.shell.broker_password import with_asked_password
from smartcity_console.gui.shell.crash_dialog import CrashReporter
from smartcity_console.gui.shell.desk_state import DeskState
from smartcity_console.gui.shell.history_status import HistoryStatusLabel
from smartcity_console.gui.shell.instance_and_about import acquire_instance, install_about
from smartcity_console.gui.shell.language_menu import install_language_menu
from smartcity_console.gui.shell.login_dialog import LoginDialog
from smartcity_console.gui.shell.main_window import MainWindow
from smartcity_console.gui.shell.replay import ReplayController
from smartcity_console.gui.shell.show_on_plot import show_on_plot
from smartcity_console.gui.shell.sign_out_action import install_sign_out
from smartcity_console.gui.shell.single_instance import bring_to_front, front_window
from smartcity_console.gui.shell.sync_status import SyncController
from smartcity_console.gui.shell.theme import apply_theme
from smartcity_console.gui.shell.theme_menu import install_theme_menu, saved_theme
from smartcity_console.gui.shell.tool_docks import install_feed_panels
from smartcity_console.gui.shell.who_is_here import WhoIsHere
from smartcity_console.gui.shell.window_title import WindowTitle
from smartcity_console.gui.wall import ScreenChoiceError, WallMode, choose_screens, dashboard_pages
from smartcity_console.gui.wall.action import install_wall_action
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.installation import ClientIdentity, describe_client_id
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
from smartcity_console.store.sync_apply import pending_count
from smartcity_console.sync.assignees import AssigneeDirectory
from smartcity_console.sync.auth_client import Session, login
from smartcity_console.sync.token_store import DEFAULT_TOKEN_STORE, TokenStore

log = logging.getLogger(__name__)

# Who imported these from here before the application moved to console/ still finds them.
__all__ = ["Console", "Operator", "application", "console_server_verify", "run_console"]


class Console:
    """The console's window over its application (console/app.py): views and controllers.

    The :class:`ConsoleApp` holds the stores, ingest, alarms, MQTT and sync;
    this class builds the window and its docks over them, ticks the
    application once a second from a QTimer, and turns its events into
    what the operator sees.
    """

    def __init__(
        self,
        config: AppConfig,
        db: Database,
        operator: Operator,
        *,
        config_path: Path | None = None,
    ) -> None:
        # Where settings changed at run time (the language) are saved; None: nowhere.
        self.config_path = config_path
        set_language(config.language)  # before any widget: they read their words at once
        self.app = ConsoleApp(config, db, operator)
        # The plots' past from the historian (docs/history.md), off the GUI thread.
        self.backfill = HistoryBackfill()
        self.app.add_service(self.backfill)
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
        self.incidents = install_incidents_panel(
            self.window,
            self.repository,
            operator.role,
            operator.username,
            deadlines=self.app.deadlines,
        )
        self.shelving = install_shelving(
            self.window, self.incidents, self.app.shelves, operator.role
        )
        self.window.dashboards.incident_requested.connect(self._create_from_plot)
        self.incidents.detail.plot_requested.connect(
            lambda series, at: show_on_plot(self.window.dashboards, series, at)
        )
        self.map_board = self.window.dashboards.context.board
        assert self.map_board is not None
        self.map_board.executor = self._map_reader = map_reader()
        self.topic_browser.detail.places = self.map_board.places
        self.incidents.detail.show_on_map.connect(
            connect_map(
                self.map_board,
                self.repository,
                self.window.dashboards.show_map,
                self.app.shelves,
            )
        )
        self._alarm_timer = QTimer(self.window)
        self._alarm_timer.setInterval(1000)
        self._alarm_timer.timeout.connect(self.app.tick)
        self._alarm_timer.start()
        self._install_wall_and_language(self.app.deadlines)
        self.sync: SyncController | None = None
        self.app.events.signed_out.subscribe(self._on_signed_out)
        self.history_status = HistoryStatusLabel(self.backfill, self.window)
        # Scrolled back past what was filled (the historian was down at start): ask again.
        self.window.dashboards.time_moved.connect(self.backfill.want)
        # Scrolled back past the store's 7 days: the plots ask the historian themselves.
        self.window.dashboards.context.archive.source = self.backfill.archive
        self.window.statusBar().addPermanentWidget(self.history_status)
        self._install_replay()
        # Duty periods and the shift handover report (issue 16, gui/reports/).
        self.handover = HandoverService()
        self.app.add_service(self.handover)
        install_shift_reports(self.window, self.handover)
        # This user's desk on this workstation, as they left it (saved when the window closes).
        self.desk = DeskState(config.workstation, operator.username)
        self.window.closed.connect(lambda: self.desk.save(self.window, self.window.dashboards))
        self._install_who_is_here_and_annunciation()

    def _install_who_is_here_and_annunciation(self) -> None:
        """The title, the signed-in user, the lock, and the sound of what waits (issue 17)."""
        self.title = WindowTitle(self.window)
        self.who = WhoIsHere(
            self.window,
            self.title,
            self.operator.username,
            self.operator.role,
            # Without a server nothing is ever synced: quitting asks only when one runs.
            unsynced=lambda: pending_count(self.db) if self.sync is not None else 0,
            lock=ScreenLock(self.operator.username, sign_in_check(self.config, self.db)),
        )
        self.annunciator = Annunciator(repeat_s=self.config.annunciation.repeat_s)
        self.app.add_service(self.annunciator)
        self.annunciation = AnnunciationView(
            self.annunciator,
            SoundOutput(self.config.annunciation, self.window),
            self.window,
            self.title,
            walls=lambda: self.wall.windows,
        )

    # The application's parts, under the names the views and tests use.
    @property
    def config(self) -> AppConfig:
        return self.app.config

    @property
    def db(self) -> Database:
        return self.app.db

    @property
    def operator(self) -> Operator:
        return self.app.operator

    @property
    def store(self) -> SeriesStore:
        return self.app.store

    @property
    def catalog(self) -> TopicCatalog:
        return self.app.catalog

    @property
    def alarms(self) -> AlarmEngine:
        return self.app.alarms

    @property
    def ingest(self) -> FeedIngest:
        return self.app.ingest

    @property
    def mqtt(self) -> MqttProcess[FeedIngest] | MqttThread[FeedIngest]:
        return self.app.mqtt

    @property
    def repository(self) -> IncidentRepository:
        return self.app.repository

    @property
    def alarm_recorder(self) -> AlarmRecorder:
        return self.app.alarm_recorder

    @property
    def assignees(self) -> AssigneeDirectory | None:
        return self.app.assignees

    @property
    def signed_out(self) -> bool:
        return self.app.signed_out

    def start_sync(self, tokens: TokenStore = DEFAULT_TOKEN_STORE) -> None:
        """Run the sync task (console/app.py) and show it; in the running loop, before start."""
        service = self.app.start_sync(tokens)
        assert self.app.assignees is not None
        self.incidents.detail.set_assignee_directory(self.app.assignees)
        self.sync = SyncController(service, self.window)
        self.window.statusBar().addPermanentWidget(self.sync.label)
        self.sync.tickets_changed.connect(self.incidents.show_remote_changes)
        self.sync.tickets_changed.connect(lambda _ids: self.wall.feed.refresh())
        self.incidents.incidents_changed.connect(self.sync.changed_here)
        self.sync.show_earlier_rejections()

    def broker_status(self) -> ConnectionStatus:
        return self.mqtt.status

    def sync_summary(self) -> str | None:
        """One line on the sync task (About dialog, wall), or None when it does not run."""
        return self.sync.text() if self.sync is not None else None

    def change_shift(self) -> None:
        """File → Sign out (shift change): the handover note and report, then :meth:`sign_out`.

        The next person to sign in here is shown the report (gui/reports/).
        """
        ask_handover_note(self.window, self.handover, self.sign_out)

    def sign_out(self) -> None:
        """The application signs out; the window closes when it has.

        The login dialog comes next (run_console's loop), for the next shift.
        """
        self._sign_out_task = asyncio.ensure_future(self.app.sign_out())

    def _on_signed_out(self, _event: SignedOut) -> None:
        self.who.allow_close()
        self.window.close()

    async def stop_sync(self) -> None:
        await self.app.stop_sync()

    def _install_wall_and_language(self, deadlines: Mapping[Severity, timedelta]) -> None:
        """View → Language and View → Wall mode (docs/wall.md, docs/translations.md)."""
        self._wall_screen: int | None = None
        self._reopening_wall = False
        self.wall = WallMode(
            lambda: dashboard_pages(
                self.config, self.shown_store(), self.window.render_loop, self.map_board
            ),
            self.repository,
            deadlines,
            lambda: self.mqtt.status,
            config=self.config.wall,
            sync_state=self.sync_summary,
            parent=self.window,
        )
        self._shutting_down = False
        self.wall.closed.connect(self._on_wall_closed)
        self.incidents.incidents_changed.connect(self.wall.feed.refresh)
        install_wall_action(self.window, self.enter_wall)
        self.language_menu = install_language_menu(self.window, self.choose_language)
        self.theme_menu = install_theme_menu(self.window)

    def _install_replay(self) -> None:
        """File → Replay… (console/replay.py; the dialog and banners in gui/shell/replay.py)."""
        self.replay_service = ReplayService()
        self.app.add_service(self.replay_service)
        self.replay = ReplayController(
            self.replay_service,
            self.window,
            self.config,
            self.window.render_loop,
            self.window.dashboards,
            self.window.ui.plotGrid,
            walls=lambda: self.wall.windows,
            incidents=lambda: [
                (t.title, t.created_at.timestamp()) for t in self.repository.list()[:20]
            ],
            incidents_panel=self.incidents,
        )
        self.replay_service.listeners.append(self._on_replay_changed)

    def shown_store(self) -> SeriesStore:
        """The replay's store while a replay runs, else the live one (what the wall shows)."""
        session = self.replay_service.session
        return session.store if session is not None else self.store

    def _on_replay_changed(self, _session: ReplaySession | None) -> None:
        """The walls rebuild their pages over the store now shown (replay or live)."""
        if not self.wall.active:
            return
        self._reopening_wall = True
        try:
            self.wall.close()
        finally:
            self._reopening_wall = False
        self.enter_wall(self._wall_screen)

    def enter_wall(self, screen: int | None = None) -> None:
        """Full screen walls (on ``screen``, 1-based, or every screen); the desk window hides."""
        self._wall_screen = screen
        try:
            self.wall.open(screen)
        except ScreenChoiceError as exc:
            self.window.statusBar().showMessage(str(exc), 15_000)
            log.warning("wall mode: %s", exc)
            return
        self.window.hide()

    def _on_wall_closed(self) -> None:
        if self._shutting_down or self._reopening_wall:
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
        self.app.add_feed(mapping, topic)
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
        self.app.set_language(lang)
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
        source = PlotSource(
            program=(panel and panel.program) or program_of_topic(series) or "governance",
            series=series.split("#", 1)[0],
            title_id=panel.title("id") if panel else None,
            title_en=panel.title("en") if panel else None,
        )
        prefill = prefill_from_plot(
            source, series, value, t, unit=unit, language=self.config.language
        )
        self.incidents.create_incident(prefill)

    def _on_stale_series(self, series: set[str]) -> None:
        self.topic_browser.model.set_stale({name.split("#", 1)[0] for name in series})

    def start(self, wall: bool = False, screen: int | None = None) -> None:
        self.app.start()
        dock = self.window.findChild(QDockWidget, "incidentsDock")
        restored = self.desk.restore(self.window, self.window.dashboards, dock)
        if wall:
            self.enter_wall(screen)
            if self.wall.active:
                return
        # A command-center console owns its screen (maximised at first start); the wall
        # mode goes full screen.
        if restored:
            self.window.show()
        else:
            self.window.showMaximized()

    def shutdown(self) -> None:
        """End the MQTT client, then write the alarms it raised last; once the window closed."""
        self._alarm_timer.stop()
        self._shutting_down = True
        self.who.allow_close()
        self.annunciation.detach()
        self.wall.close()
        self.app.shutdown()
        # Their reads run on threads of their own: none may still run when the file closes.
        self.incidents.loader.stop()
        self._map_reader.shutdown(wait=True, cancel_futures=True)


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
    apply_theme(app, saved_theme())  # View → Theme, kept for this workstation
    # Reference cycles are freed on this thread, never on a reader's (gc_policy.py).
    GuiThreadCollector(app)
    return app


async def _login(config: AppConfig, db: Database, *, demo: bool) -> Operator | None:
    """Resume the last user's kept token, else show the login dialog until a login or cancel.

    The dialog is opened, never exec'd (qasync); the token check runs off the
    GUI thread because it may wait for a server that is down.
    """
    kept = await asyncio.to_thread(resume_operator, config, db)
    if kept is not None:
        return kept
    dialog = LoginDialog(
        config.server.url,
        db,
        workstation=config.workstation,
        demo=demo,
        username=DEFAULT_TOKEN_STORE.last_user(config.server.url) or "",
        login=functools.partial(login, verify=console_server_verify(config)),
    )
    done: asyncio.Future[Operator | None] = asyncio.get_running_loop().create_future()

    def logged_in(session: Session) -> None:
        if not done.done():
            done.set_result(Operator.of(session))

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


def open_store(config: AppConfig, path: Path | None) -> Database | None:
    """The incident database, or None after saying why (before the event loop runs)."""
    try:
        return open_database(path or config.incidents.database or default_database_path())
    except StoreError as exc:
        # Before the event loop runs, so a modal box is safe here.
        print(f"error: {exc}", file=sys.stderr)
        QMessageBox.critical(None, "smartcity-console", str(exc))
        return None


# The name tests and older callers know; the function is the application layer's.
def _say_copied(console: Console, identity: ClientIdentity) -> None:
    """The notice for a copied data folder (logged too, by installation.py)."""
    text = translate(
        "Console",
        "This data folder is a copy of {}: this console now has its own MQTT client id, {}. "
        "Readings queued at the broker for the original stay with the original.",
    ).format(identity.copied_from, identity.client_id)
    console.window.statusBar().showMessage(text, 300_000)


def when_connected(console: Console, callback: Callable[[], None]) -> None:
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


def close_console(
    console: Console | None, app: QApplication, db: Database, crash: CrashReporter
) -> None:
    """After the loop ended, however it ended: stop the console, let Qt finish, close files."""
    if console is not None:
        console.shutdown()
    app.processEvents()
    db.close()
    crash.close()


def open_console(
    config: AppConfig,
    db: Database,
    operator: Operator,
    *,
    config_path: Path | None = None,
    identity: ClientIdentity | None = None,
) -> Console:
    """The console and its About dialog, as the product and the self-test open it."""
    console = Console(config, db, operator, config_path=config_path)
    install_about(
        console.window,
        config,
        config_path,
        console.broker_status,
        console.sync_summary,
        describe_client_id(config, identity),
    )
    if identity is not None and identity.copied_from is not None:
        _say_copied(console, identity)
    return console


def run_console(
    config: AppConfig,
    *,
    demo: bool = False,
    on_subscribed: Callable[[], None] | None = None,
    wall: bool = False,
    screen: int | None = None,
    config_path: Path | None = None,
) -> int:
    """Log in, run the console until its window closes; again after each sign-out.

    ``wall`` starts in wall mode (on ``screen``, 1-based, or on every screen);
    ``config_path`` is where a language chosen in the menu is saved. The
    self-test is its own runner (gui/shell/self_test.py).
    """
    app = application()
    set_language(config.language)
    # Unhandled exceptions: logged (logs.py) and shown once, never ending the shift.
    crash = CrashReporter(lambda: console.window if console else None)
    # One console per data folder.
    guard = acquire_instance(config)
    if isinstance(guard, int):
        crash.close()
        return guard
    # After the guard: only the console that owns the data folder makes or checks the id.
    config, identity = with_installation_id(config)
    if wall and screen is not None:
        try:  # before the login: a wrong --screen is the installer's typo, say it now
            choose_screens([s.name() for s in app.screens()], screen)
        except ScreenChoiceError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    db = open_store(config, None)
    if db is None:
        return 3
    console: Console | None = None
    # A second start raises this one: the console, or the sign-in dialog before it.
    guard.activation_requested.connect(
        lambda: bring_to_front(front_window(console.window if console else None))
    )

    async def main() -> None:
        nonlocal console
        assert db is not None
        asyncio.get_running_loop().set_exception_handler(crash.asyncio_handler)
        session_config = config
        while True:  # once per person: File → Sign out hands the console to the next shift
            operator = await _login(config, db, demo=demo)
            if operator is None:
                return
            # A broker user with no password in the keyring: asked, kept in memory only.
            session_config = await with_asked_password(session_config)
            console = open_console(
                session_config, db, operator, config_path=config_path, identity=identity
            )
            closed = asyncio.Event()
            console.window.closed.connect(closed.set)
            console.start_sync()
            install_sign_out(console.window, console.window.ui.menuFile, console.change_shift)
            console.start(wall=wall, screen=screen)
            show_unread_handover(console.window, console.handover)
            if on_subscribed is not None:
                when_connected(console, on_subscribed)
            await closed.wait()
            await console.stop_sync()
            if not console.signed_out:
                return
            console.shutdown()
            console = None

    try:
        qasync.run(main())
    finally:
        close_console(console, app, db, crash)
        guard.release()
    return 0
