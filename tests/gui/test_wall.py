"""Wall mode: cycling, pausing, holding on interaction, keys, the incident banner, screens.

Cycles use intervals of tens of milliseconds and the tests wait on the
cycler's signals, never on the clock. The offscreen platform has one screen,
so the choice of screens (``--screen N``) is tested on a list of names, the
Qt-free function the wall uses (:func:`choose_screens`), and once through
:class:`WallMode` on the one offscreen screen.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QAction, QFontMetrics, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from smartcity_console.cli import _parser
from smartcity_console.config import load_config
from smartcity_console.core.incidents import DEFAULT_ACK_DEADLINES, Action, Role, Severity
from smartcity_console.gui.shell.app import Console, Operator, run_console
from smartcity_console.gui.wall import (
    ScreenChoiceError,
    WallMode,
    WallPage,
    WallWindow,
    choose_screens,
)
from smartcity_console.gui.wall.banner import IncidentBanner
from smartcity_console.gui.wall.cycler import PAUSED, PINNED, RUNNING, PageCycler
from smartcity_console.gui.wall.incident_feed import IncidentFeed
from smartcity_console.gui.wall.status import sync_severity, sync_text
from smartcity_console.mqtt.status import ConnectionStatus
from smartcity_console.paths import bundled_config_file
from smartcity_console.store import Database, IncidentRepository
from smartcity_console.store.clients import client_id_for
from tests.support.clock import Clock

DESK = "dinding-1"


def _pages(n: int = 3) -> list[WallPage]:
    def page(i: int) -> WallPage:
        return WallPage(f"p{i}", lambda: f"Page {i}", lambda parent: QLabel(f"page {i}", parent))

    return [page(i) for i in range(n)]


def _key(qtbot: QtBot, widget: QWidget, key: Qt.Key) -> None:
    qtbot.keyClick(widget, key)  # type: ignore[no-untyped-call]  # pytest-qt


def _connected() -> ConnectionStatus:
    return ConnectionStatus("connected", "mqtt://broker:1883", 0.0)


@pytest.fixture
def wall(qtbot: QtBot) -> Iterator[WallWindow]:
    window = WallWindow(_pages(), _connected, cycle_ms=40, pin_ms=80)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    yield window
    window.stop()


# --- cycling ------------------------------------------------------------------------------


def test_cycles_through_the_pages_at_its_interval_and_wraps(qtbot: QtBot) -> None:
    cycler = PageCycler(3, interval_ms=20, pin_ms=1000)
    shown: list[int] = []
    cycler.page_changed.connect(shown.append)
    cycler.start()
    for _ in range(4):
        with qtbot.waitSignal(cycler.page_changed, timeout=2000):
            pass
    cycler.stop()
    assert shown == [1, 2, 0, 1]
    assert cycler.state == RUNNING


def test_space_pauses_until_space_again(qtbot: QtBot) -> None:
    cycler = PageCycler(3, interval_ms=20, pin_ms=1000)
    cycler.start()
    with qtbot.waitSignal(cycler.state_changed, timeout=1000) as paused:
        cycler.toggle_pause()
    assert paused.args == [PAUSED]
    assert cycler.remaining_ms() == -1  # no cycle timer runs while paused
    with qtbot.waitSignal(cycler.state_changed, timeout=1000) as resumed:
        cycler.toggle_pause()
    assert resumed.args == [RUNNING]
    with qtbot.waitSignal(cycler.page_changed, timeout=2000) as moved:
        pass
    assert moved.args == [1]
    cycler.stop()


def test_a_single_page_never_cycles() -> None:
    cycler = PageCycler(1, interval_ms=20, pin_ms=1000)
    cycler.start()
    assert cycler.remaining_ms() == -1
    cycler.stop()


def test_activity_holds_the_page_then_the_cycle_resumes(qtbot: QtBot, wall: WallWindow) -> None:
    target = wall.widgets[wall.cycler.index]
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(5, 5),
        QPointF(5, 5),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(wall.cycler.state_changed, timeout=1000) as held:
        QApplication.sendEvent(target, move)
    assert held.args == [PINNED]
    assert wall.cycle_label.property("state") == PINNED
    assert wall.cursor().shape() == Qt.CursorShape.ArrowCursor  # the pointer shows meanwhile
    page = wall.cycler.index
    with qtbot.waitSignal(wall.cycler.state_changed, timeout=2000) as released:
        pass
    assert released.args == [RUNNING]
    assert wall.cycler.index == page  # nothing moved while held
    with qtbot.waitSignal(wall.cycler.page_changed, timeout=2000):
        pass
    assert wall.cursor().shape() == Qt.CursorShape.BlankCursor


def _assert_drawable(label: QLabel) -> None:
    """Every symbol of the label is in a font here: no empty box on the wall."""
    metrics = QFontMetrics(label.font())
    missing = [c for c in label.text() if ord(c) > 0x7F and not metrics.inFontUcs4(ord(c))]
    assert missing == [], f"no font draws {missing} in {label.text()!r}"


def test_keys_step_pause_and_leave(qtbot: QtBot, wall: WallWindow) -> None:
    assert wall.page_title.text() == "Page 0"
    _key(qtbot, wall, Qt.Key.Key_Right)
    assert wall.cycler.index == 1
    assert wall.stack.currentIndex() == 1
    assert wall.page_title.text() == "Page 1"
    assert wall.page_count.text() == "2/3"
    assert wall.cycler.state == PINNED  # stepping holds the page the operator chose
    _key(qtbot, wall, Qt.Key.Key_Left)
    _key(qtbot, wall, Qt.Key.Key_Left)
    assert wall.cycler.index == 2  # wraps backwards
    _key(qtbot, wall, Qt.Key.Key_Space)
    assert wall.cycler.state == PAUSED
    assert "PAUSED" in wall.cycle_label.text()
    _assert_drawable(wall.cycle_label)
    _key(qtbot, wall, Qt.Key.Key_Space)
    _key(qtbot, wall, Qt.Key.Key_Right)  # held by the operator: "✋ HELD"
    _assert_drawable(wall.cycle_label)
    with qtbot.waitSignal(wall.leave_requested, timeout=1000):
        _key(qtbot, wall, Qt.Key.Key_Escape)


def test_keys_reach_the_wall_even_when_a_page_widget_has_focus(
    qtbot: QtBot, wall: WallWindow
) -> None:
    page = wall.widgets[wall.cycler.index]
    page.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    page.setFocus()
    _key(qtbot, page, Qt.Key.Key_Right)
    assert wall.cycler.index == 1


def test_pages_with_refresh_are_drawn_only_while_shown(qtbot: QtBot) -> None:
    class Counting(QWidget):
        def __init__(self, parent: QWidget) -> None:
            super().__init__(parent)
            self.frames = 0

        def refresh(self, now: float | None = None) -> bool:
            self.frames += 1
            return True

    pages = [WallPage(f"c{i}", lambda: "c", Counting) for i in range(2)]
    window = WallWindow(pages, _connected, cycle_ms=60_000, pin_ms=60_000, frame_rate=100)
    qtbot.addWidget(window)
    window.start()
    first, second = window.widgets
    assert isinstance(first, Counting)
    assert isinstance(second, Counting)
    qtbot.waitUntil(lambda: first.frames >= 3, timeout=2000)
    assert second.frames == 0
    window.stop()


# --- the banner -----------------------------------------------------------------------------


def _repo(db: Database, clock: Clock, user: str, role: Role) -> IncidentRepository:
    return IncidentRepository(db, user, role, DESK, client_id_for(db, user, DESK), clock=clock)


@pytest.fixture
def supervisor(db: Database, clock: Clock) -> IncidentRepository:
    return _repo(db, clock, "sari", Role.SUPERVISOR)


@pytest.fixture
def banner(qtbot: QtBot) -> IncidentBanner:
    widget = IncidentBanner()
    qtbot.addWidget(widget)
    return widget


def _feed(repo: IncidentRepository, clock: Clock, banner: IncidentBanner) -> IncidentFeed:
    feed = IncidentFeed(repo, DEFAULT_ACK_DEADLINES, clock=clock)
    feed.changed.connect(banner.show_summary)
    return feed


def test_calm_banner_says_so(
    banner: IncidentBanner, supervisor: IncidentRepository, clock: Clock
) -> None:
    _feed(supervisor, clock, banner).refresh()
    assert not banner.calm.isHidden()
    assert banner.calm.text() == "✓ No incident awaits acknowledgement"
    assert banner.waiting.isHidden()
    assert banner.property("state") == "calm"
    assert not banner.flashing


def test_banner_counts_and_titles_then_follows_an_acknowledgement(
    qtbot: QtBot, banner: IncidentBanner, supervisor: IncidentRepository, clock: Clock
) -> None:
    flood = supervisor.create("Banjir di Sluke", "environment", Severity.CRITICAL, station="sluke")
    supervisor.create("Antrean Samsat", "governance", Severity.LOW)
    feed = _feed(supervisor, clock, banner)
    feed.refresh()
    assert banner.waiting.text() == "2 UNACKNOWLEDGED"
    assert banner.escalated.isHidden()  # nothing past its deadline yet
    titles = [label.text() for label in banner.items if not label.isHidden()]
    assert titles[0] == "CRITICAL · 05:00 · sluke · Banjir di Sluke"  # most urgent first
    assert titles[1] == "LOW · 4 h 00 min · Antrean Samsat"
    assert banner.property("state") == "waiting"
    assert banner.flashing  # a critical ticket awaits acknowledgement
    with qtbot.waitSignal(banner.flash_toggled, timeout=2000) as flash:
        pass
    assert flash.args == [True]
    assert banner.waiting.property("flash") == "true"

    clock.advance(minutes=6)  # past the critical deadline (5 min)
    feed.refresh()
    assert not banner.escalated.isHidden()
    assert banner.escalated.text() == "⚠ 1 ESCALATED"
    assert banner.property("state") == "escalated"
    assert banner.items[0].property("escalated") == "true"
    assert banner.items[0].text().startswith("CRITICAL · ⚠ ESCALATED +01:00 · sluke · Banjir")

    supervisor.transition(flood.id, Action.ACKNOWLEDGE, note="tim BPBD berangkat")
    feed.refresh()
    assert banner.waiting.text() == "1 UNACKNOWLEDGED"
    assert banner.escalated.isHidden()
    shown = [label.text() for label in banner.items if not label.isHidden()]
    assert shown == ["LOW · 3 h 54 min · Antrean Samsat"]  # six minutes of four hours gone
    assert not banner.flashing
    assert banner.escalated.property("flash") != "true"
    assert banner.waiting.property("flash") != "true"


def test_more_than_three_waiting_says_how_many_more(
    banner: IncidentBanner, supervisor: IncidentRepository, clock: Clock
) -> None:
    for i in range(5):
        supervisor.create(f"Lampu padam {i}", "living", Severity.MEDIUM)
    _feed(supervisor, clock, banner).refresh()
    assert sum(not label.isHidden() for label in banner.items) == 3
    assert banner.more.text() == "… and 2 more"


def test_a_new_critical_ticket_is_announced_once(
    qtbot: QtBot, banner: IncidentBanner, supervisor: IncidentRepository, clock: Clock
) -> None:
    feed = _feed(supervisor, clock, banner)
    feed.refresh()
    supervisor.create("Kebakaran Pasar Rembang", "society", Severity.CRITICAL)
    with qtbot.waitSignal(feed.critical_arrived, timeout=1000) as arrived:
        feed.refresh()
    assert arrived.args == ["Kebakaran Pasar Rembang"]
    with qtbot.assertNotEmitted(feed.critical_arrived):
        feed.refresh()


def test_banner_speaks_indonesian_by_default(
    banner: IncidentBanner, supervisor: IncidentRepository, clock: Clock, indonesian: str
) -> None:
    supervisor.create("Banjir di Sluke", "environment", Severity.CRITICAL)
    clock.advance(minutes=6)
    _feed(supervisor, clock, banner).refresh()
    assert banner.escalated.text() == "⚠ 1 ESKALASI"
    assert banner.waiting.text() == "1 MENUNGGU KONFIRMASI"
    assert banner.items[0].text().startswith("KRITIS · ⚠ ESKALASI +01:00 · Banjir di Sluke")


# --- health and screens ------------------------------------------------------------------------


def test_health_strip_says_broker_and_sync_state(qtbot: QtBot) -> None:
    states = ["Tersinkron 10:02"]
    window = WallWindow(
        _pages(1),
        lambda: ConnectionStatus("disconnected", "mqtt://b:1883", 0.0, "refused", None),
        sync_state=lambda: states[-1],
    )
    qtbot.addWidget(window)
    window.tick()
    assert window.health.broker.text() == "● Broker disconnected"
    assert window.health.broker.property("state") == "disconnected"
    assert window.health.sync.text() == "● Sync: Tersinkron 10:02"
    assert sync_text("Synced") == "Synced"  # the sync client's own words say it already
    assert sync_text("3 changes waiting") == "Sync: 3 changes waiting"
    assert window.health.sync.property("state") == "ok"
    states.append("gagal: server tidak menjawab")
    window.tick()
    assert window.health.sync.property("state") == "error"
    assert window.clock.time.text().endswith(" WIB")


def test_sync_state_colour_hint() -> None:
    assert sync_severity("synced 10:02") == "ok"
    assert sync_severity("0 changes pending") == "ok"
    assert sync_severity("offline since 10:00") == "error"
    assert sync_severity("gagal: server tidak menjawab") == "error"


def test_choose_screens_counts_from_one_and_names_what_exists() -> None:
    names = ["HDMI-1", "DP-1", "DP-2"]
    assert choose_screens(names, None) == [0, 1, 2]  # one wall per monitor
    assert choose_screens(names, 1) == [0]
    assert choose_screens(names, 3) == [2]
    with pytest.raises(ScreenChoiceError, match="3 screen"):
        choose_screens(names, 4)
    with pytest.raises(ScreenChoiceError, match="1 = HDMI-1"):
        choose_screens(names, 0)
    with pytest.raises(ScreenChoiceError):
        choose_screens([], None)


def test_wall_mode_opens_on_the_screen_and_esc_leaves(
    qtbot: QtBot, supervisor: IncidentRepository, clock: Clock
) -> None:
    mode = WallMode(lambda: _pages(2), supervisor, DEFAULT_ACK_DEADLINES, _connected, clock=clock)
    with pytest.raises(ScreenChoiceError):
        mode.open(screen=2)  # offscreen has one screen
    assert not mode.active
    windows = mode.open(screen=1)
    assert len(windows) == len(QApplication.screens()) == 1
    window = windows[0]
    qtbot.waitExposed(window)
    assert window.isFullScreen()
    assert window.screen() is QApplication.screens()[0]
    assert window.banner.calm.isVisible()
    supervisor.create("Banjir di Sluke", "environment", Severity.HIGH)
    mode.feed.refresh()
    assert window.banner.waiting.text() == "1 UNACKNOWLEDGED"
    with qtbot.waitSignal(mode.closed, timeout=1000):
        _key(qtbot, window, Qt.Key.Key_Escape)
    assert not mode.active


def test_wall_type_scales_with_the_screen_height(qtbot: QtBot) -> None:
    window = WallWindow(_pages(1), _connected)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    at_1080 = window.clock.time.font().pixelSize()
    window.resize(3840, 2160)
    qtbot.waitUntil(lambda: window.clock.time.font().pixelSize() > at_1080, timeout=2000)
    assert window.clock.time.font().pixelSize() == 2 * at_1080
    assert at_1080 >= 60  # the clock reads from across the room


def test_command_line_takes_wall_and_screen_before_or_after_demo() -> None:
    parser = _parser()
    assert (parser.parse_args(["--wall", "--screen", "2"]).screen) == 2
    demo = parser.parse_args(["demo", "--wall", "--screen", "1"])
    assert (demo.command, demo.wall, demo.screen) == ("demo", True, 1)
    before = parser.parse_args(["--wall", "demo"])
    assert (before.wall, before.screen) == (True, None)
    plain = parser.parse_args([])
    assert (plain.wall, plain.screen) == (False, None)


def test_a_screen_the_workstation_lacks_stops_the_start(
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = load_config(bundled_config_file())
    assert run_console(config, wall=True, screen=9) == 2  # before any login or database
    assert "--screen 9: this workstation has 1 screen(s)" in capsys.readouterr().err


def test_view_menu_enters_wall_mode_and_esc_returns_to_the_desk(qtbot: QtBot, db: Database) -> None:
    config = load_config(bundled_config_file())
    operator = Operator("sari", Role.SUPERVISOR, client_id_for(db, "sari", DESK))
    console = Console(config, db, operator)
    qtbot.addWidget(console.window)
    try:
        console.window.show()
        action = console.window.findChild(QAction, "actionWallMode")
        assert isinstance(action, QAction)
        assert action in console.window.ui.menuView.actions()
        assert action.text() == "Mode &dinding"  # the config's language: Indonesian
        action.trigger()
        assert console.wall.active
        assert not console.window.isVisible()
        wall = console.wall.windows[0]
        assert [page.key for page in wall._pages][:2] == ["overview", "governance"]
        assert wall.page_title.text() == "Ikhtisar"
        with qtbot.waitSignal(console.wall.closed, timeout=2000):
            _key(qtbot, wall, Qt.Key.Key_Escape)
        assert console.window.isVisible()
        assert not console.wall.active
    finally:
        console.window.close()
        console.shutdown()
