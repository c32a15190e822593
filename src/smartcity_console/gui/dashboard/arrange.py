"""Arranging a dashboard by dragging: a panel by its body to move it, by its corner to resize it.

While "Arrange panels" is on, an overlay covers the dashboard's grid. It takes
the mouse, so the plots under it neither pan nor open their menus; it draws
the grid's cells and each panel's outline with its title; and while a drag is
on it shows where the panel would land: green when the layout takes it, red
when it refuses. Dropping is one layout edit (``Layout.drop_panel``, which
trades places with a panel in the way, and ``Layout.stretch_panel``), so the
overlay validates exactly as the panel menu's Move and Size do. The menu
stays, for keyboards and the touch controllers of the wall.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygon,
)
from PySide6.QtWidgets import QGridLayout, QWidget

from smartcity_console.core.layouts import Layout, LayoutError, Panel

if TYPE_CHECKING:
    from smartcity_console.gui.dashboard.view import DashboardView

# How far from a panel's bottom-right corner a press grabs its size, in pixels.
HANDLE_PX = 36

_SHADE = QColor(0, 0, 0, 150)
_CELL = QColor(255, 255, 255, 70)
_PANEL = QColor("#58A6FF")
_OK = QColor("#2EA043")
_REFUSED = QColor("#FF4D4F")


@dataclass
class _Drag:
    panel_id: str
    mode: Literal["move", "resize"]
    # The grabbed cell relative to the panel's top-left, so a tall panel held by
    # its lower half lands where the pointer says.
    offset: tuple[int, int]
    target: tuple[int, int] | None = None
    # Where the panel would land at ``target``, and whether the layout takes it.
    landed: Panel | None = None
    accepted: bool = False


class ArrangeOverlay(QWidget):
    """The dashboard's grid while it is being arranged (see the module docstring)."""

    def __init__(self, view: DashboardView, grid: QGridLayout, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("arrangeOverlay")
        self._view = view
        self._grid = grid
        self._drag: _Drag | None = None
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.hide()

    # -- geometry ----------------------------------------------------------

    def cell_rect(self, row: int, col: int) -> QRect:
        # An edit changes row heights (a row of tiles is lower); the grid lays
        # itself out again only at the next event, so ask it now.
        self._grid.activate()
        return self._grid.cellRect(row, col)

    def panel_rect(self, panel: Panel) -> QRect:
        last_row = panel.row + panel.row_span - 1
        last_col = panel.col + panel.col_span - 1
        return self.cell_rect(panel.row, panel.col).united(self.cell_rect(last_row, last_col))

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        """The grid cell under ``pos``; the gap between cells belongs to the nearer one."""
        layout = self._view.layout_model
        half = max(0, self._grid.spacing()) // 2 + 1
        for r in range(layout.rows):
            for c in range(layout.columns):
                if self.cell_rect(r, c).adjusted(-half, -half, half, half).contains(pos):
                    return r, c
        return None

    def _panel_at(self, pos: QPoint) -> Panel | None:
        for panel in self._view.layout_model.panels:
            if self.panel_rect(panel).contains(pos):
                return panel
        return None

    def _on_handle(self, panel: Panel, pos: QPoint) -> bool:
        corner = self.panel_rect(panel).bottomRight()
        return 0 <= corner.x() - pos.x() <= HANDLE_PX and 0 <= corner.y() - pos.y() <= HANDLE_PX

    # -- mouse and keys ----------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position().toPoint()
        panel = self._panel_at(pos)
        cell = self.cell_at(pos)
        if panel is None or cell is None:
            return
        mode: Literal["move", "resize"] = "resize" if self._on_handle(panel, pos) else "move"
        offset = (0, 0) if mode == "resize" else (cell[0] - panel.row, cell[1] - panel.col)
        self._drag = _Drag(panel.id, mode, offset)
        self._view.select_panel(panel.id)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        pos = event.position().toPoint()
        drag = self._drag
        if drag is None:
            panel = self._panel_at(pos)
            if panel is None:
                self.unsetCursor()
            elif self._on_handle(panel, pos):
                self.setCursor(Qt.CursorShape.SizeFDiagCursor)
            else:
                self.setCursor(Qt.CursorShape.OpenHandCursor)
            return
        cell = self.cell_at(pos)
        if cell is None:
            return
        target = (cell[0] - drag.offset[0], cell[1] - drag.offset[1])
        if target != drag.target:
            self._aim(drag, target)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        drag, self._drag = self._drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if drag.target is not None:
            row, col = drag.target
            # Through the view, so a refusal is said in the status bar like a menu edit's.
            if drag.mode == "move":
                self._view.drop_panel(drag.panel_id, row, col)
            else:
                self._view.stretch_panel(drag.panel_id, row, col)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            if self._drag is not None:
                self._drag = None
                self.update()
            else:
                self._view.set_arranging(False)
            return
        super().keyPressEvent(event)

    def _aim(self, drag: _Drag, target: tuple[int, int]) -> None:
        """Try the edit the drop would make; show its outcome, or the refused wish."""
        layout = self._view.layout_model
        drag.target = target
        panel = layout.panel(drag.panel_id)
        try:
            if drag.mode == "move":
                result = layout.drop_panel(drag.panel_id, *target)
            else:
                result = layout.stretch_panel(drag.panel_id, *target)
        except LayoutError:
            drag.accepted = False
            drag.landed = (
                panel.moved_to(*target) if drag.mode == "move" else panel.stretched_to(*target)
            )
        else:
            drag.accepted = True
            drag.landed = result.panel(drag.panel_id)

    # -- painting ----------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        layout = self._view.layout_model
        language = self._view.context.title_language
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), _SHADE)
        painter.setPen(QPen(_CELL, 1, Qt.PenStyle.DashLine))
        for r in range(layout.rows):
            for c in range(layout.columns):
                painter.drawRect(self.cell_rect(r, c).adjusted(2, 2, -2, -2))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        painter.setFont(font)
        drag = self._drag
        for panel in layout.panels:
            rect = self.panel_rect(panel).adjusted(4, 4, -4, -4)
            held = drag is not None and drag.panel_id == panel.id
            colour = QColor(_PANEL)
            colour.setAlpha(110 if held else 60)
            painter.fillRect(rect, colour)
            painter.setPen(QPen(_PANEL, 3 if held else 2))
            painter.drawRect(rect)
            painter.setPen(QColor("white"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, panel.title(language))
            corner = rect.bottomRight()
            painter.setBrush(_PANEL)
            painter.drawPolygon(
                QPolygon(
                    [corner, corner - QPoint(HANDLE_PX // 2, 0), corner - QPoint(0, HANDLE_PX // 2)]
                )
            )
            painter.setBrush(Qt.BrushStyle.NoBrush)
        if drag is not None and drag.landed is not None:
            self._paint_landing(painter, drag.landed, drag.accepted, layout)
        painter.end()

    def _paint_landing(
        self, painter: QPainter, landed: Panel, accepted: bool, layout: Layout
    ) -> None:
        colour = _OK if accepted else _REFUSED
        # Clipped to the grid: a refused landing may reach past its edge.
        last_row = min(landed.row + landed.row_span, layout.rows) - 1
        last_col = min(landed.col + landed.col_span, layout.columns) - 1
        first = self.cell_rect(
            min(landed.row, layout.rows - 1), min(landed.col, layout.columns - 1)
        )
        rect = first.united(self.cell_rect(max(0, last_row), max(0, last_col)))
        fill = QColor(colour)
        fill.setAlpha(70)
        painter.fillRect(rect, fill)
        painter.setPen(QPen(colour, 5))
        painter.drawRect(rect.adjusted(3, 3, -3, -3))
