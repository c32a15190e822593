"""Start the Qt application: qasync loop in the GUI thread, MQTT on its own thread."""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from smartcity_console import __version__
from smartcity_console.alarm_incidents import record_alarm_events
from smartcity_console.config import AppConfig
from smartcity_console.core.alarm_engine import AlarmEngine
from smartcity_console.core.incidents import Role
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.topic_catalog import TopicCatalog
from smartcity_console.feeds.ingest import FeedIngest
from smartcity_console.feeds.mqtt_thread import MqttThread
from smartcity_console.gui import qt_messages
from smartcity_console.gui.feed_panels import install_feed_panels
from smartcity_console.gui.incidents_panel import install_incidents_panel, prefill_from_plot
from smartcity_console.gui.login_dialog import LoginDialog
from smartcity_console.gui.main_window import MainWindow
from smartcity_console.gui.program_plot import ProgramPlot
from smartcity_console.gui.theme import apply_theme
from smartcity_console.paths import resource_path
from smartcity_console.store import (
    Database,
    IncidentRepository,
    StoreError,
    default_database_path,
    open_database,
)
from smartcity_console.store.clients import client_id_for
from smartcity_console.sync.auth_client import Session, resume
from smartcity_console.sync.token_store import DEFAULT_TOKEN_STORE

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

    def __init__(self, config: AppConfig, db: Database, operator: Operator) -> None:
        self.config = config
        self.db = db
        self.operator = operator
        self.store = SeriesStore(config.history.limits())
        self.catalog = TopicCatalog()
        self.ingest = FeedIngest(
            config.feeds, self.store, self.catalog, alarms=AlarmEngine(config.alarms)
        )
        self.mqtt = MqttThread(config.broker, self.ingest)
        self.window = MainWindow(config, self.store, self.ingest.stats, lambda: self.mqtt.status)
        self.topic_browser, self.diagnostics = install_feed_panels(
            self.window, self.catalog, self.ingest.stats, config.language
        )
        self.topic_browser.add_series_requested.connect(self.window.add_series_to_plot)
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
            config.language,
            deadlines=deadlines,
        )
        for plot in self.window.plots:
            plot.incident_requested.connect(partial(self._create_from_plot, plot))
        self._alarm_timer = QTimer(self.window)
        self._alarm_timer.setInterval(1000)
        self._alarm_timer.timeout.connect(self._record_alarms)
        self._alarm_timer.start()

    def _create_from_plot(self, plot: ProgramPlot, series: str, value: float, t: float) -> None:
        snap = self.store.snapshot(series, since=t)
        unit = snap.unit if snap is not None else None
        prefill = prefill_from_plot(
            plot.config, series, value, t, unit=unit, language=self.config.language
        )
        self.incidents.create_incident(prefill)

    def _record_alarms(self) -> None:
        if self.ingest.alarm_events:
            record_alarm_events(self.repository, self.ingest.alarm_events, self.config.language)

    def _on_stale_series(self, series: set[str]) -> None:
        self.topic_browser.model.set_stale({name.split("#", 1)[0] for name in series})

    def start(self) -> None:
        self.mqtt.start()
        # A command-center console owns its screen; the wall mode goes full screen.
        self.window.showMaximized()

    def shutdown(self) -> None:
        """End the MQTT thread, then write the alarms it raised last; once the window closed."""
        self._alarm_timer.stop()
        self.mqtt.stop()
        self._record_alarms()


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
    kept = await asyncio.to_thread(resume, config.server.url, db=db, workstation=config.workstation)
    if kept is not None:
        return Operator(kept.username, kept.role, kept.client_id)
    dialog = LoginDialog(
        config.server.url,
        db,
        workstation=config.workstation,
        language=config.language,
        demo=demo,
        username=DEFAULT_TOKEN_STORE.last_user(config.server.url) or "",
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
) -> int:
    """Log in, run the console until its window closes; with a self-test timeout, check and exit.

    The self-test skips the login and keeps its incidents in a throw-away
    database, so running it on an installed workstation changes nothing.
    """
    app = application()
    scratch = tempfile.TemporaryDirectory() if self_test_timeout is not None else None
    db = _open_store(config, Path(scratch.name) / "incidents.sqlite3" if scratch else None)
    if db is None:
        return 3
    console: Console | None = None
    result: SelfTestResult | None = None

    async def main() -> None:
        nonlocal console, result
        assert db is not None
        if self_test_timeout is not None:
            client_id = client_id_for(db, "selftest", config.workstation)
            operator: Operator | None = Operator("selftest", Role.OPERATOR, client_id)
        else:
            operator = await _login(config, db, demo=demo)
        if operator is None:
            return
        console = Console(config, db, operator)
        closed = asyncio.Event()
        console.window.closed.connect(closed.set)
        console.start()
        if on_subscribed is not None:
            _when_connected(console, on_subscribed)
        if self_test_timeout is not None:
            result = await _self_test(console, self_test_timeout)
            console.window.close()
        await closed.wait()

    try:
        qasync.run(main())
    finally:
        if console is not None:
            console.shutdown()
        app.processEvents()
        db.close()
        if scratch is not None:
            scratch.cleanup()
    if result is not None:
        print(result.message)
        return 0 if result.ok else 1
    return 0
