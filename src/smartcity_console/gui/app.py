"""Start the Qt application: qasync loop in the GUI thread, MQTT on its own thread."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from dataclasses import dataclass

import qasync
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from smartcity_console import __version__
from smartcity_console.config import AppConfig
from smartcity_console.core.series import SeriesStore
from smartcity_console.core.topic_catalog import TopicCatalog
from smartcity_console.feeds.ingest import FeedIngest
from smartcity_console.feeds.mqtt_thread import MqttThread
from smartcity_console.gui import qt_messages
from smartcity_console.gui.feed_panels import install_feed_panels
from smartcity_console.gui.main_window import MainWindow
from smartcity_console.gui.theme import apply_theme
from smartcity_console.paths import resource_path

log = logging.getLogger(__name__)


@dataclass
class SelfTestResult:
    ok: bool
    message: str


class Console:
    """The running console: its store, ingest thread and window, wired together."""

    def __init__(self, config: AppConfig) -> None:
        self.config = config
        self.store = SeriesStore(config.history.limits())
        self.catalog = TopicCatalog()
        self.ingest = FeedIngest(config.feeds, self.store, self.catalog)
        self.mqtt = MqttThread(config.broker, self.ingest)
        self.window = MainWindow(config, self.store, self.ingest.stats, lambda: self.mqtt.status)
        self.topic_browser, self.diagnostics = install_feed_panels(
            self.window, self.catalog, self.ingest.stats, config.language
        )
        self.topic_browser.add_series_requested.connect(self.window.add_series_to_plot)
        self.window.stale_series_changed.connect(self._on_stale_series)

    def _on_stale_series(self, series: set[str]) -> None:
        self.topic_browser.model.set_stale({name.split("#", 1)[0] for name in series})

    def start(self) -> None:
        self.mqtt.start()
        # A command-center console owns its screen; the wall mode goes full screen.
        self.window.showMaximized()

    def shutdown(self) -> None:
        """End the MQTT thread; called once the window has closed."""
        self.mqtt.stop()


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    qt_messages.install()
    app = QApplication(sys.argv[:1])
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


def run_console(config: AppConfig, *, self_test_timeout: float | None = None) -> int:
    """Run the console until its window closes; with a self-test timeout, check and exit."""
    app = application()
    console = Console(config)
    result: SelfTestResult | None = None

    async def main() -> None:
        nonlocal result
        closed = asyncio.Event()
        console.window.closed.connect(closed.set)
        console.start()
        if self_test_timeout is not None:
            result = await _self_test(console, self_test_timeout)
            console.window.close()
        await closed.wait()

    try:
        qasync.run(main())
    finally:
        console.shutdown()
        app.processEvents()
    if result is not None:
        print(result.message)
        return 0 if result.ok else 1
    return 0
