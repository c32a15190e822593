"""Replay in the window: the dialog that picks a period and a speed, and the banner.

The replay itself is console/replay.py's (its own store and alarm engine,
nothing written). Here:

* :class:`ReplayDialog`: a date and a time range in WIB, or "around" one of
  the recent incidents, and a speed from 1x to 60x; a period the engine
  refuses is said in the dialog, which stays open.
* :class:`ReplayBanner`: the unmistakable red bar, "REPLAY 14:05 WIB, 10x",
  on top of the desk's dashboards and of every wall window while a replay
  runs, with its controls: pause/resume and a slider over the period to seek.
* The incidents the rules raised in replay, at the top of the incidents dock,
  marked as replay (gui/shell/replay_incidents.py), gone when the replay ends.
* :class:`ReplayController`: File → Replay…; while a session runs, the desk
  shows dashboards over the replay's store instead of the live one, and
  every dashboard view (desk and wall) is held at the replay's clock, once
  a second; "Back to live" (or Esc on the banner's button) ends it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QObject, Qt, QTime, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSlider,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.config import AppConfig
from smartcity_console.console.replay import (
    SPEEDS,
    ReplayError,
    ReplayPeriod,
    ReplayService,
    ReplaySession,
)
from smartcity_console.core.clock import WIB, wib
from smartcity_console.core.i18n import current_language
from smartcity_console.gui.dashboard import DashboardTabs, DashboardView, RenderLoop
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.shell.replay_incidents import ReplayIncidents

BANNER_STYLE = (
    "QWidget#replayBanner { background: #b91c1c; }"
    " QLabel#replayBannerText { color: white; font-weight: bold; font-size: 20px; padding: 4px; }"
)


class ReplayDialog(QDialog):
    """Pick a period (date and WIB time range, or around an incident) and a speed."""

    def __init__(
        self,
        incidents: Sequence[tuple[str, float]] = (),
        now: float | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("replayDialog")
        self.setWindowTitle(translate("Replay", "Replay a past period"))
        start = wib((now if now is not None else time.time()) - 3600)
        self.around = QComboBox(self)
        self.around.setObjectName("replayAround")
        self.around.addItem(translate("Replay", "A date and a time range"), None)
        for title, at in incidents:
            label = translate("Replay", "Around: {title} ({time})")
            self.around.addItem(label.format(title=title, time=f"{wib(at):%Y-%m-%d %H:%M}"), at)
        self.date = QDateEdit(QDate(start.year, start.month, start.day), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.start_time = QTimeEdit(QTime(start.hour, start.minute), self)
        end = start + timedelta(hours=1)
        self.end_time = QTimeEdit(QTime(end.hour, end.minute), self)
        for edit in (self.start_time, self.end_time):
            edit.setDisplayFormat("HH:mm")
        self.speed = QComboBox(self)
        self.speed.setObjectName("replaySpeed")
        for speed in SPEEDS:
            self.speed.addItem(f"{speed:g}x", speed)
        self.speed.setCurrentIndex(SPEEDS.index(10.0))
        self.error = QLabel(self)
        self.error.setObjectName("replayError")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(translate("Replay", "Period"), self.around)
        form.addRow(translate("Replay", "Date (WIB)"), self.date)
        form.addRow(translate("Replay", "From"), self.start_time)
        form.addRow(translate("Replay", "To"), self.end_time)
        form.addRow(translate("Replay", "Speed"), self.speed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.around.currentIndexChanged.connect(self._on_around)
        self.choice: tuple[ReplayPeriod, float] | None = None

    def _on_around(self, _index: int) -> None:
        by_time = self.around.currentData() is None
        for edit in (self.date, self.start_time, self.end_time):
            edit.setEnabled(by_time)

    def period(self) -> ReplayPeriod:
        """The chosen period; raises :class:`ReplayError` when it cannot be replayed."""
        at = self.around.currentData()
        if at is not None:
            return ReplayPeriod.around(float(at))
        day = self.date.date()
        base = datetime(day.year(), day.month(), day.day(), tzinfo=WIB)

        def moment(edit: QTimeEdit) -> float:
            t = edit.time()
            return (base + timedelta(hours=t.hour(), minutes=t.minute())).timestamp()

        return ReplayPeriod(moment(self.start_time), moment(self.end_time))

    def accept(self) -> None:
        try:
            self.choice = (self.period(), float(self.speed.currentData()))
        except ReplayError as exc:
            self.error.setText(exc.text(current_language()))
            return
        super().accept()


class ReplayBanner(QWidget):
    """The red bar: "REPLAY 14:05 WIB, 10x", pause/resume, a seek slider, back to live.

    The slider's value is seconds since the period's start; it seeks when the
    operator lets go (or steps it with the keyboard), not on every pixel dragged.
    """

    def __init__(
        self,
        back: Callable[[], None],
        parent: QWidget | None = None,
        *,
        pause: Callable[[bool], None] | None = None,
        seek: Callable[[float], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("replayBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(BANNER_STYLE)
        self.text = QLabel(self)
        self.text.setObjectName("replayBannerText")
        self.back = QPushButton(translate("Replay", "Back to live"), self)
        self.back.setObjectName("replayBack")
        self.back.clicked.connect(back)
        self.pause = QPushButton(translate("Replay", "Pause"), self)
        self.pause.setObjectName("replayPause")
        self.pause.setCheckable(True)
        self.seek = QSlider(Qt.Orientation.Horizontal, self)
        self.seek.setObjectName("replaySeek")
        self.seek.setTracking(False)  # valueChanged when let go: a seek replays up to there
        self.seek.setPageStep(60)
        self.seek.setSingleStep(10)
        self.seek.setMinimumWidth(200)
        self.seek.setToolTip(translate("Replay", "Drag to jump to another time of the period"))
        self._start = 0.0
        self._pause = pause
        self._seek = seek
        self.pause.toggled.connect(self._on_pause)
        self.seek.valueChanged.connect(self._on_seek)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.pause)
        layout.addWidget(self.seek, 1)
        layout.addWidget(self.back)
        self.hide()

    def _on_pause(self, paused: bool) -> None:
        self.pause.setText(
            translate("Replay", "Resume") if paused else translate("Replay", "Pause")
        )
        if self._pause is not None:
            self._pause(paused)

    def _on_seek(self, value: int) -> None:
        if self._seek is not None:
            self._seek(self._start + value)

    def show_session(self, session: ReplaySession | None) -> None:
        if session is None:
            self.hide()
            return
        self._start = session.period.start
        playable = session.state in ("playing", "finished")
        self.pause.setEnabled(playable)
        self.seek.setEnabled(playable)
        if not self.seek.isSliderDown():  # never under the operator's hand
            self.seek.blockSignals(True)
            self.seek.setRange(0, round(session.period.end - session.period.start))
            self.seek.setValue(round(session.position - session.period.start))
            self.seek.blockSignals(False)
        if self.pause.isChecked() != session.paused:
            self.pause.blockSignals(True)
            self.pause.setChecked(session.paused)
            self.pause.blockSignals(False)
            self.pause.setText(
                translate("Replay", "Resume") if session.paused else translate("Replay", "Pause")
            )
        text = session.banner()
        if session.state == "loading":
            text += " · " + translate("Replay", "loading…")
        elif session.state == "finished":
            text += " · " + translate("Replay", "finished")
        elif session.state == "failed":
            text += " · " + translate("Replay", "history unavailable")
        elif session.paused:
            text += " · " + translate("Replay", "paused")
        raised = [event for event in session.raised if event.kind == "raised"]
        if raised:
            shown = translate("Replay", "{count} alarms in replay, not recorded")
            text += " · " + shown.format(count=len(raised))
        # The alarms the rules raised in replay, newest last: shown, never written.
        english = current_language() == "en"
        self.text.setToolTip(
            "\n".join(
                f"{wib(e.at):%H:%M:%S} {e.title_en if english else e.title_id}" for e in raised
            )
        )
        self.text.setText(text)
        self.show()


class ReplayController(QObject):
    """File → Replay…, the banners, and the desk's dashboards while a replay runs."""

    def __init__(
        self,
        service: ReplayService,
        window: QMainWindow,
        config: AppConfig,
        render_loop: RenderLoop,
        live: DashboardTabs,
        grid: QGridLayout,
        *,
        walls: Callable[[], Sequence[QWidget]] = list,
        incidents: Callable[[], Sequence[tuple[str, float]]] = tuple,
        incidents_panel: QWidget | None = None,
    ) -> None:
        super().__init__(window)
        self.service = service
        self._window = window
        self._config = config
        self._render_loop = render_loop
        self._live = live
        self._grid = grid
        self._walls = walls
        self._incidents = incidents
        self.replay_tabs: DashboardTabs | None = None
        self.banner = ReplayBanner(self.end, window, pause=self.pause, seek=self.seek)
        # What the rules raise in replay, at the top of the incidents dock, marked as replay.
        self.raised = ReplayIncidents(incidents_panel)
        panel_layout = incidents_panel.layout() if incidents_panel is not None else None
        if isinstance(panel_layout, QVBoxLayout):
            panel_layout.insertWidget(0, self.raised)
        grid.removeWidget(live)
        grid.addWidget(self.banner, 0, 0)
        grid.addWidget(live, 1, 0)
        self._wall_banners: dict[int, ReplayBanner] = {}
        self.action = QAction(translate("Replay", "Replay…"), window)
        self.action.setObjectName("replayAction")
        self.action.triggered.connect(self.ask)
        menu = window.findChild(QMenu, "menuFile")
        (menu if menu is not None else window.menuBar()).addAction(self.action)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.update)

    def ask(self) -> None:
        dialog = ReplayDialog(self._incidents(), parent=self._window)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.choice is not None:
            self.begin(*dialog.choice)

    def begin(self, period: ReplayPeriod, speed: float) -> ReplaySession:
        """Replay ``period`` at ``speed``: the desk's dashboards show the replay's store."""
        self._drop_replay_tabs()
        session = self.service.begin(period, speed)
        tabs = DashboardTabs(self._config, session.store, self._render_loop, parent=self._window)
        tabs.setObjectName("replayDashboards")
        self.replay_tabs = tabs
        self._live.hide()
        self._grid.addWidget(tabs, 1, 0)
        tabs.show()  # added to a window already shown
        self._timer.start()
        self.update()
        return session

    def end(self) -> None:
        """Back to live."""
        self.service.end()
        self._timer.stop()
        self._drop_replay_tabs()
        self._live.show()
        self.update()

    def pause(self, paused: bool) -> None:
        """Hold the replay's clock, or let it go on."""
        if self.service.session is not None:
            self.service.session.pause(paused)
        self.update()

    def seek(self, t: float) -> None:
        """Jump the replay to ``t`` (epoch s): forward plays up to it, back starts over."""
        if self.service.session is not None:
            self.service.session.seek(t)
        self.update()

    def update(self) -> None:
        """Banners on desk and walls; every dashboard view held at the replay's clock."""
        session = self.service.session
        self.banner.show_session(session)
        self.raised.show_session(session)
        for wall in self._walls():
            banner = self._wall_banners.get(id(wall))
            if banner is None or banner.parent() is not wall:
                banner = self._wall_banners[id(wall)] = ReplayBanner(
                    self.end, wall, pause=self.pause, seek=self.seek
                )
                layout = wall.layout()
                if isinstance(layout, QVBoxLayout):
                    layout.insertWidget(0, banner)
            banner.show_session(session)
            if session is not None:
                for view in wall.findChildren(DashboardView):
                    view.pause(session.position)
        if session is not None and self.replay_tabs is not None:
            for view in self.replay_tabs.views.values():
                view.pause(session.position)

    def wall_banner_text(self, wall: QWidget) -> str | None:
        banner = self._wall_banners.get(id(wall))
        return banner.text.text() if banner is not None and banner.isVisible() else None

    def _drop_replay_tabs(self) -> None:
        tabs, self.replay_tabs = self.replay_tabs, None
        if tabs is None:
            return
        for view in tabs.views.values():
            view.release()
        self._grid.removeWidget(tabs)
        tabs.deleteLater()
