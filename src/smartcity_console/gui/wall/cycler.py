"""Which dashboard the wall shows, and when it moves on.

Three states: ``running`` (the next page comes every ``interval_ms``),
``paused`` (Space; stays until Space again) and ``pinned`` (an operator
touched a key or the mouse: the wall holds still for ``pin_ms`` after the
last touch, then runs again). Stepping with the arrow keys is a touch too,
so the page an operator stepped to stays up while they read it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

RUNNING, PAUSED, PINNED = "running", "paused", "pinned"


class PageCycler(QObject):
    """Cycles ``count`` pages.

    Signals:
        page_changed(int): the page to show now.
        state_changed(str): ``running``, ``paused`` or ``pinned``.
    """

    page_changed = Signal(int)
    state_changed = Signal(str)

    def __init__(
        self,
        count: int,
        interval_ms: int,
        pin_ms: int,
        start: int = 0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._count = max(0, count)
        self.index = start % self._count if self._count else 0
        self._paused = False
        self._cycle = QTimer(self)
        self._cycle.setInterval(max(1, interval_ms))
        self._cycle.timeout.connect(self._advance)
        self._pin = QTimer(self)
        self._pin.setSingleShot(True)
        self._pin.setInterval(max(1, pin_ms))
        self._pin.timeout.connect(self._unpin)
        self._state = RUNNING

    @property
    def state(self) -> str:
        return self._state

    @property
    def count(self) -> int:
        return self._count

    def remaining_ms(self) -> int:
        """Until the next page (-1 when paused or pinned)."""
        return self._cycle.remainingTime() if self._cycle.isActive() else -1

    def start(self) -> None:
        self._update()

    def stop(self) -> None:
        self._cycle.stop()
        self._pin.stop()

    def toggle_pause(self) -> None:
        self._paused = not self._paused
        self._update()

    def step(self, delta: int) -> None:
        """Show the next (+1) or previous (-1) page and pin it."""
        self.touch()
        self._go(self.index + delta)

    def touch(self) -> None:
        """An operator is here: hold the current page for the pin time from now."""
        self._pin.start()
        self._update()

    def _advance(self) -> None:
        self._go(self.index + 1)

    def _go(self, index: int) -> None:
        if self._count == 0:
            return
        self.index = index % self._count
        self.page_changed.emit(self.index)
        if self._cycle.isActive():
            self._cycle.start()  # a full interval for the page just shown

    def _unpin(self) -> None:
        self._update()

    def _update(self) -> None:
        state = PAUSED if self._paused else (PINNED if self._pin.isActive() else RUNNING)
        if state == RUNNING and self._count > 1:
            if not self._cycle.isActive():
                self._cycle.start()
        else:
            self._cycle.stop()
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)
