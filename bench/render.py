"""Render benchmark: the dashboards' frame rate and responsiveness under ingest load.

Offscreen (QT_QPA_PLATFORM=offscreen), one process, the real code paths:
messages go through :class:`FeedIngest` (route, JSON decode, batch, flush
into the series store every 50 ms) on a feeder thread that stands in for the
MQTT thread, and the GUI thread draws a :class:`DashboardView` of 24 plot
panels (6 x 4, 1 h windows, wall look: 3-px pens and grid lines) driven by the
:class:`RenderLoop` at 30 fps.

Phases (each reported as medians/percentiles of the phase):

1. steady: 1,000 series each receive 1 reading/s (1,000 msg/s); the 24
   plots show one series each with 3,600 points (an hour at 1 Hz).
2. burst: 20,000 msg/s for 30 s over the same 1,000 topics; if the feeder
   cannot keep up, the backlog is counted and shown on the dashboard
   ("data delayed"), and reported.
3. latency: 5,000 msg/s, with the feeder thread (``*_direct_*``), then
   through the real path, a publisher process (bench/publisher.py) into a
   Mosquitto of the bench's own, read by the console's MQTT client in its
   own process (MqttProcess, the default) and on a thread (MqttThread);
   ``--mqtt-client`` picks one or both.
   Publish-to-frame is the time from a reading's ``ts`` (stamped when it is
   published, or handed to ingest) to the end of the paint of the first
   frame that shows it, for every reading of the 24 drawn series. Beside it,
   a bare aiomqtt subscriber on the same broker and publisher is the floor.
4. reference: the same 24 plots (same size, pens, 3,600 points) redrawn by a
   minimal pyqtgraph loop (setData on every plot, repaint) with no ingest.
5. map: a map panel of 2,000 stations, 20 of them changing state each frame,
   at 30 fps (``map_fps``, ``map_frame_p99_ms``; bench/map_frames.py, with
   its own reference: every marker re-set each frame).

``fps`` is how many ticks of the render loop ran per second (30 when the GUI
thread keeps up; each tick brings every visible panel up to date with what
arrived, and a tick with nothing new leaves a screen that is already
current); ``drawing_frames_per_s`` counts the ticks that redrew something.
Frame time is the GUI thread's work for one drawing tick: the redraws plus
the paint events of the plots that follow before the next tick.
Heartbeat lag is how late a 10 ms timer on the GUI thread fires (what an
operator's click would feel).

    python bench/render.py [--steady 20] [--burst 30] [--latency 15] [--reference 5] [--map 10]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiomqtt
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QGridLayout, QWidget

from bench.map_frames import run as map_frames
from bench.publisher import command as publisher_command
from bench.publisher import payload, topic
from smartcity_console.config import BrokerConfig
from smartcity_console.core.layouts import Layout, Panel
from smartcity_console.core.mapping import FeedMapping
from smartcity_console.core.readings import Reading
from smartcity_console.core.series import SeriesStore
from smartcity_console.gui.dashboard import DashboardView, PanelContext, RenderLoop, plot_panel
from smartcity_console.gui.shell.app import application
from smartcity_console.ingest.feed_ingest import FeedIngest
from smartcity_console.mqtt.process import MqttProcess
from smartcity_console.mqtt.thread import MqttThread
from tests.support.mosquitto import Mosquitto

FEED = FeedMapping(topic="bench/#", format="json", value="value", timestamp="ts", unit_path="unit")
TOPICS = 1000
PLOTS = 24
COLUMNS = 6
SIZE = (1920, 1080)


def drawn_topics() -> list[str]:
    # Spread over the 1,000 series, so every plot's series gets its share of the load.
    return [topic(i * (TOPICS // PLOTS)) for i in range(PLOTS)]


def prefill(store: SeriesStore, now: float) -> None:
    """An hour of 1 Hz history for every series, as ingest would have stored it."""
    t = now - 3600 + np.arange(3600, dtype=float)
    rng = np.random.default_rng(1)
    for i in range(TOPICS):
        v = 50 + np.cumsum(rng.normal(size=3600)) + i % 7
        store.append_batch(
            [Reading(topic(i), a, b, "ug/m3") for a, b in zip(t.tolist(), v.tolist(), strict=True)],
            now,
        )


class Feeder(threading.Thread):
    """Stands in for the MQTT thread: hands ``rate`` msg/s to FeedIngest, flushes every 50 ms."""

    source = "direct"

    def __init__(self, ingest: FeedIngest, rate: float) -> None:
        super().__init__(name="bench-feeder", daemon=True)
        self.ingest = ingest
        self.rate = rate
        self.stop_event = threading.Event()
        self.sent = 0
        self.behind = 0  # messages due but not yet handed over
        self.max_behind = 0
        self.started_at = 0.0
        self._values = np.random.default_rng(2).normal(50, 10, size=4096).round(2).tolist()

    def run(self) -> None:
        ingest = self.ingest
        self.started_at = start = time.perf_counter()
        last_flush = start
        i = 0
        while not self.stop_event.is_set():
            now_p = time.perf_counter()
            due = int((now_p - start) * self.rate)
            # At most 5 ms of messages per slice, so flushes stay on time when behind.
            todo = min(due - self.sent, max(1, int(self.rate * 0.005)))
            self.behind = due - self.sent
            self.max_behind = max(self.max_behind, self.behind)
            if todo > 0:
                wall = time.time()
                for _ in range(todo):
                    name = topic(i % TOPICS)
                    value = self._values[i % 4096]
                    ingest.handle(name, payload(wall, value).encode(), wall)
                    i += 1
                self.sent += todo
            if now_p - last_flush >= 0.05:
                ingest.flush()
                last_flush = now_p
            if todo <= 0:
                time.sleep(0.001)
        ingest.flush()

    def stop(self) -> None:
        self.stop_event.set()
        self.join()


class MqttFeeder:
    """The real path: a publisher process, a Mosquitto of the bench's own, the console's
    MQTT client (:class:`MqttProcess` or :class:`MqttThread`) decoding into the same
    store. ``behind`` is what the console shows operators: messages acknowledged to
    the broker and not yet decoded."""

    source = "mqtt"

    def __init__(
        self,
        ingest: FeedIngest,
        rate: float,
        port: int,
        seconds: float,
        protocol: str,
        client: str = "process",
    ) -> None:
        self.ingest = ingest
        self.rate = rate
        self.port = port
        self.seconds = seconds
        broker = BrokerConfig(
            url=f"mqtt://127.0.0.1:{port}", client_id="bench-render", protocol=protocol
        )
        # "process": the console's default (mqtt/process.py); "thread": in this process.
        self.client: MqttThread[FeedIngest] | MqttProcess[FeedIngest] = (
            MqttProcess(broker, ingest) if client == "process" else MqttThread(broker, ingest)
        )
        self.publisher: subprocess.Popen[str] | None = None
        self.readings_before = 0
        self.sent = 0
        self.received = 0
        self.max_behind = 0
        self.publisher_max_behind = 0

    @property
    def behind(self) -> int:
        # The broker's side cannot be watched from here, so the maximum is of what
        # the once-a-second status tick (phase()) saw.
        backlog = self.client.backlog
        self.max_behind = max(self.max_behind, backlog)
        return backlog

    def start(self) -> None:
        self.client.start()
        deadline = time.monotonic() + 30
        while self.client.status.state != "connected" and time.monotonic() < deadline:
            time.sleep(0.01)
        if self.client.status.state != "connected":
            raise RuntimeError(f"bench broker: {self.client.status}")
        self.readings_before = self.ingest.stats.readings
        self.publisher = subprocess.Popen(
            publisher_command(self.port, self.rate, self.seconds),
            stdout=subprocess.PIPE,
            text=True,
        )

    def stop(self) -> None:
        assert self.publisher is not None
        out, _ = self.publisher.communicate(timeout=60)
        report = json.loads(out.strip().splitlines()[-1])
        self.sent = report["sent"]
        self.publisher_max_behind = report["max_behind"]
        deadline = time.monotonic() + 30
        while (
            self.ingest.stats.readings - self.readings_before < self.sent
            and time.monotonic() < deadline
        ):
            time.sleep(0.01)
        self.client.stop()
        self.received = self.ingest.stats.readings - self.readings_before


class Meter:
    """Frame times (tick work + the paints that follow), heartbeat lag, publish-to-frame."""

    def __init__(self, view: DashboardView, loop: RenderLoop) -> None:
        self.view = view
        self.loop = loop
        self.ticks: list[float] = []  # work ms of each tick that drew something
        self.frames: list[float] = []  # work + paint ms per drawing tick
        self._paint_since_tick = 0.0
        self._last_work: float | None = None
        self.heartbeat: list[float] = []
        self.latencies: list[float] = []
        self.feeder: Feeder | MqttFeeder | None = None
        self._drawn: dict[str, float] = {}
        self._panel_of: dict[int, plot_panel.TimeSeriesPanel] = {
            id(p.plot_widget): p for p in view.plots
        }
        self.redraw_counts = 0
        self.painted_panels = 0

    def install(self) -> None:
        meter = self
        original_run = self.loop.run_frame

        def run_frame(now: float | None = None, budget_ms: float | None = None) -> int:
            meter._close_frame()
            t0 = time.perf_counter()
            drawn = original_run(now, budget_ms)
            if drawn:
                meter._last_work = (time.perf_counter() - t0) * 1000
                meter.redraw_counts += drawn
            return drawn

        self.loop.run_frame = run_frame  # type: ignore[method-assign]
        original_paint = plot_panel._PlotView.paintEvent

        def paint(widget: Any, event: QPaintEvent) -> None:
            t0 = time.perf_counter()
            original_paint(widget, event)
            end = time.perf_counter()
            meter._paint_since_tick += (end - t0) * 1000
            meter.painted_panels += 1
            panel = meter._panel_of.get(id(widget))
            if panel is not None and meter.feeder is not None:
                meter._record_latency(panel, time.time())

        plot_panel._PlotView.paintEvent = paint  # type: ignore[method-assign,assignment]

    def _close_frame(self) -> None:
        if self._last_work is not None:
            self.ticks.append(self._last_work)
            self.frames.append(self._last_work + self._paint_since_tick)
        self._last_work = None
        self._paint_since_tick = 0.0

    def _record_latency(self, panel: plot_panel.TimeSeriesPanel, painted_at: float) -> None:
        """Every reading this paint showed for the first time: its ``ts`` is when it
        was published (direct: handed to ingest), so painted_at - ts is its latency."""
        store = panel.context.store
        for name in panel.series_names:
            newest = panel.drawn_until(name)
            if newest is None:
                continue
            previous = self._drawn.get(name, 0.0)
            if newest <= previous:
                continue
            self._drawn[name] = newest
            snap = store.snapshot(name, previous)
            if snap is None:
                continue
            shown = snap.t[(snap.t > previous) & (snap.t <= newest)]
            self.latencies.extend(((painted_at - shown) * 1000).tolist())

    def reset(self) -> None:
        self._close_frame()
        self.ticks.clear()
        self.frames.clear()
        self.heartbeat.clear()
        self.latencies.clear()
        self._drawn.clear()
        self.redraw_counts = 0
        self.painted_panels = 0


def run_for(app: QApplication, seconds: float, meter: Meter, tick: Callable[[], None]) -> None:
    """Run the Qt event loop for ``seconds`` with a 10 ms heartbeat and a 1 s status tick."""
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(10)
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        meter.heartbeat.append(max(0.0, (now - last[0]) * 1000 - 10))
        last[0] = now

    heartbeat.timeout.connect(beat)
    status = QTimer()
    status.setInterval(1000)
    status.timeout.connect(tick)
    heartbeat.start()
    status.start()
    # A local event loop: QApplication.quit() would close the windows first (Qt 6).
    events = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), events.quit)
    events.exec()
    heartbeat.stop()
    status.stop()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return round(float(np.percentile(values, q)), 1)


def phase(
    app: QApplication,
    view: DashboardView,
    loop: RenderLoop,
    meter: Meter,
    ingest: FeedIngest,
    rate: float,
    seconds: float,
    broker_port: int | None = None,
    protocol: str = "3.1.1",
    client: str = "process",
) -> dict[str, Any]:
    feeder: Feeder | MqttFeeder = (
        Feeder(ingest, rate)
        if broker_port is None
        else MqttFeeder(ingest, rate, broker_port, seconds, protocol, client)
    )
    meter.reset()
    # Only readings of this phase count: anything stamped before it started (the
    # previous phase's last flush, drawn only now) is not this phase's latency.
    started_at = time.time()
    for panel in view.plots:
        for name in panel.series_names:
            meter._drawn[name] = max(panel.drawn_until(name) or 0.0, started_at)
    meter.feeder = feeder
    ticks_before = loop.ticks
    feeder.start()
    shown: list[int] = []

    def status() -> None:
        view.show_ingest_backlog(feeder.behind, threshold=int(rate))  # > 1 s of messages
        shown.append(int(view.behind_label.isVisible()))

    started = time.perf_counter()
    run_for(app, seconds, meter, status)
    elapsed = time.perf_counter() - started
    feeder.stop()
    meter._close_frame()
    meter.feeder = None
    extra: dict[str, Any] = {}
    if isinstance(feeder, MqttFeeder):
        extra = {
            "received": feeder.received,
            "lost": feeder.sent - feeder.received,
            "publisher_max_behind": feeder.publisher_max_behind,
        }
    return {
        "source": feeder.source,
        "fps": round((loop.ticks - ticks_before) / elapsed, 1),
        "drawing_frames_per_s": round(len(meter.frames) / elapsed, 1),
        "frame_p50_ms": pct(meter.frames, 50),
        "frame_p99_ms": pct(meter.frames, 99),
        "tick_work_p50_ms": pct(meter.ticks, 50),
        "heartbeat_lag_p50_ms": pct(meter.heartbeat, 50),
        "heartbeat_lag_p99_ms": pct(meter.heartbeat, 99),
        "publish_to_frame_p50_ms": pct(meter.latencies, 50),
        "publish_to_frame_p99_ms": pct(meter.latencies, 99),
        "panel_redraws_per_s": round(meter.redraw_counts / elapsed, 1),
        "plot_paints_per_frame": round(meter.painted_panels / max(len(meter.frames), 1), 1),
        "panel_cost_mean_ms": round(statistics.mean(p.cost_ms for p in view.plots), 1),
        "ingest_msg_s": round(feeder.sent / elapsed),
        "ingest_max_backlog": feeder.max_behind,
        "delayed_banner_shown_s": sum(shown),
        **extra,
    }


def reference_publish_to_receive(port: int, seconds: float) -> dict[str, float]:
    """A bare aiomqtt subscriber on the same broker and publisher: the floor of the
    MQTT path's latency on this machine (no decode, no store, no GUI)."""

    async def run() -> list[float]:
        lags: list[float] = []
        async with aiomqtt.Client("127.0.0.1", port, identifier="bench-bare") as client:
            await client.subscribe("bench/#", qos=1)
            publisher = await asyncio.create_subprocess_exec(
                *publisher_command(port, 5000, seconds),
                stdout=asyncio.subprocess.DEVNULL,
            )

            async def read() -> None:
                async for message in client.messages:
                    sent = json.loads(bytes(message.payload))["ts"]
                    lags.append((time.time() - sent) * 1000)

            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(read(), seconds + 2)
            await asyncio.wait_for(publisher.wait(), 30)
        return lags

    lags = asyncio.run(run())
    return {
        "reference_publish_to_receive_p50_ms": pct(lags, 50),
        "reference_publish_to_receive_p99_ms": pct(lags, 99),
    }


def reference_fps(app: QApplication, seconds: float, pen_width: int) -> float:
    """24 plain PlotWidgets of 3,600 points redrawn back to back: setData on all, repaint."""
    window = QWidget()
    grid = QGridLayout(window)
    curves = []
    rng = np.random.default_rng(3)
    t = np.arange(3600, dtype=float)
    data = [50 + np.cumsum(rng.normal(size=3600)) for _ in range(PLOTS)]
    for i in range(PLOTS):
        plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
        plot.showGrid(x=True, y=True, alpha=0.25)
        curves.append(plot.plot(pen=pg.mkPen("#E69F00", width=pen_width)))
        grid.addWidget(plot, i // COLUMNS, i % COLUMNS)
    window.resize(*SIZE)
    window.show()
    app.processEvents()
    frames = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for curve, v in zip(curves, data, strict=True):
            curve.setData(t + frames, np.roll(v, frames))
        window.repaint()
        frames += 1
    fps = frames / (time.perf_counter() - started)
    window.close()
    window.deleteLater()
    app.processEvents()
    return round(fps, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steady", type=float, default=20.0)
    parser.add_argument("--burst", type=float, default=30.0)
    parser.add_argument("--latency", type=float, default=15.0)
    parser.add_argument("--reference", type=float, default=5.0)
    parser.add_argument(
        "--map", type=float, default=10.0, help="seconds of the map phase (bench/map_frames.py)"
    )
    parser.add_argument(
        "--switch-interval-ms",
        type=float,
        default=None,
        help="override the GIL switch interval the console sets (for comparison)",
    )
    parser.add_argument("--budget-share", type=float, default=None, help="override BUDGET_SHARE")
    parser.add_argument(
        "--broker-max-inflight",
        type=int,
        default=None,
        help="Mosquitto's max_inflight_messages for the bench broker (its default: 20)",
    )
    parser.add_argument("--protocol", choices=("3.1.1", "5"), default="3.1.1")
    parser.add_argument(
        "--no-mqtt",
        action="store_true",
        help="measure publish-to-frame only with the direct feeder (no Mosquitto here)",
    )
    parser.add_argument(
        "--mqtt-client",
        choices=("process", "thread", "both"),
        default="both",
        help="the console's MQTT client in its own process (its default), on a thread, or both",
    )
    args = parser.parse_args()

    app = application()
    if args.switch_interval_ms is not None:
        sys.setswitchinterval(args.switch_interval_ms / 1000)
    now = time.time()
    store = SeriesStore()
    prefill(store, now)
    ingest = FeedIngest([FEED], store)
    layout = Layout(
        key="bench",
        columns=COLUMNS,
        rows=PLOTS // COLUMNS,
        panels=[
            Panel(id=f"p{i}", series=[name], row=i // COLUMNS, col=i % COLUMNS, window="1h")
            for i, name in enumerate(drawn_topics())
        ],
    )
    loop = RenderLoop(30.0)
    if args.budget_share is not None:
        loop.budget_ms = 1000 / 30.0 * args.budget_share
    view = DashboardView(PanelContext(store, (), "en", wall=True), layout, render_loop=loop)
    view.resize(*SIZE)
    view.show()
    meter = Meter(view, loop)
    meter.install()
    app.processEvents()
    for panel in view.panels:  # first draw (caches, axes) outside the measurement
        panel.refresh()
    app.processEvents()
    loop.start()

    steady = phase(app, view, loop, meter, ingest, 1000, args.steady)
    burst = phase(app, view, loop, meter, ingest, 20_000, args.burst)
    direct = phase(app, view, loop, meter, ingest, 5000, args.latency)
    latency = direct
    through_mqtt: dict[str, dict[str, Any]] = {}
    bare: dict[str, float] = {}
    have_broker = shutil.which("mosquitto") or Path("/usr/sbin/mosquitto").exists()
    if have_broker and not args.no_mqtt:
        with tempfile.TemporaryDirectory(prefix="bench-render-") as workdir:
            inflight = args.broker_max_inflight
            # The production settings (tests/support/mosquitto.py).
            broker = Mosquitto(
                Path(workdir),
                extra_config="" if inflight is None else f"max_inflight_messages {inflight}\n",
            )
            broker.start()
            try:
                bare = reference_publish_to_receive(broker.port, min(args.latency, 10.0))
                clients = (
                    ("process", "thread") if args.mqtt_client == "both" else (args.mqtt_client,)
                )
                for client in clients:
                    through_mqtt[client] = phase(
                        app,
                        view,
                        loop,
                        meter,
                        ingest,
                        5000,
                        args.latency,
                        broker_port=broker.port,
                        protocol=args.protocol,
                        client=client,
                    )
                latency = through_mqtt[clients[0]]
            finally:
                broker.stop()
            broker.check_no_drops()  # publish-to-frame "lost" must not hide a broker drop
    loop.stop()
    view.close()
    reference = reference_fps(app, args.reference, 3)
    reference_thin = reference_fps(app, args.reference, 1)
    # 5. map: 2,000 stations, 20 changing state per frame (bench/map_frames.py).
    map_report = map_frames(app, args.map, 2000, 20)

    report = {
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "plots": PLOTS,
        "points_per_plot": 3600,
        "series": TOPICS,
        "pen_width_px": 3,
        "grid": True,
        "frame_rate_target": 30,
        "gil_switch_interval_ms": round(sys.getswitchinterval() * 1000, 2),
        "steady_fps": steady["fps"],
        "steady_drawing_frames_per_s": steady["drawing_frames_per_s"],
        "steady_frame_p50_ms": steady["frame_p50_ms"],
        "steady_frame_p99_ms": steady["frame_p99_ms"],
        "steady_heartbeat_lag_p99_ms": steady["heartbeat_lag_p99_ms"],
        "steady_panel_redraws_per_s": steady["panel_redraws_per_s"],
        "burst_fps": burst["fps"],
        "burst_drawing_frames_per_s": burst["drawing_frames_per_s"],
        "burst_frame_p99_ms": burst["frame_p99_ms"],
        "burst_heartbeat_lag_p50_ms": burst["heartbeat_lag_p50_ms"],
        "burst_heartbeat_lag_p99_ms": burst["heartbeat_lag_p99_ms"],
        "burst_ingest_msg_s": burst["ingest_msg_s"],
        "burst_max_backlog_msgs": burst["ingest_max_backlog"],
        "burst_delayed_banner_shown_s": burst["delayed_banner_shown_s"],
        "publish_to_frame_source": latency["source"],
        "publish_to_frame_client": next(iter(through_mqtt), None),
        "publish_to_frame_p50_ms": latency["publish_to_frame_p50_ms"],
        "publish_to_frame_p99_ms": latency["publish_to_frame_p99_ms"],
        "publish_to_frame_lost": latency.get("lost", 0),
        **{
            f"publish_to_frame_{client}_{key}": result[f"publish_to_frame_{key}"]
            for client, result in through_mqtt.items()
            for key in ("p50_ms", "p99_ms")
        },
        "publish_to_frame_direct_p50_ms": direct["publish_to_frame_p50_ms"],
        "publish_to_frame_direct_p99_ms": direct["publish_to_frame_p99_ms"],
        "latency_rate_msg_s": latency["ingest_msg_s"],
        **bare,
        "reference_fps": reference,
        "reference_fps_1px": reference_thin,
        "ratio_steady_vs_reference_fps": round(steady["fps"] / reference, 2) if reference else None,
        **map_report,
        "phases": {
            "steady": steady,
            "burst": burst,
            "latency_direct": direct,
            **{f"latency_{client}": result for client, result in through_mqtt.items()},
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
