"""What the wall cycles through: pages, each a title and a factory for its widget.

The wall depends on this small protocol only. :func:`dashboard_pages` makes
one page per dashboard of the dashboards package (the overview, then the six
programs: ``gui/dashboard``'s ``dashboards_for``), built as read-only views
without toolbars, in the wall style (``PanelContext(wall=True)``: thick pens,
big type) and drawn by the console's one :class:`RenderLoop`, which draws
only what is visible, so the pages the wall is not showing cost nothing.

A page's widget may also have ``refresh(now: float) -> object``; a wall
window with its own frame rate calls it while the page is shown (tests use
this with plain widgets).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

from smartcity_console.config import AppConfig
from smartcity_console.core.layouts import Layout
from smartcity_console.core.map_states import MapBoard
from smartcity_console.core.series import SeriesStore
from smartcity_console.gui import i18n
from smartcity_console.gui.dashboard import DashboardView, PanelContext, RenderLoop, dashboards_for
from smartcity_console.gui.dashboard.catalog import dashboard_title
from smartcity_console.gui.dashboard.map_board import MAP_PAGE, board_for, wall_map_layout


@dataclass(frozen=True)
class WallPage:
    """One dashboard on the wall: a stable key, its title now, and how to build it."""

    key: str
    title: Callable[[], str]  # in the GUI's current language
    build: Callable[[QWidget], QWidget]  # called once per wall window (parent given)
    release: Callable[[QWidget], None] | None = None  # before the wall drops the widget


@runtime_checkable
class Refreshable(Protocol):
    def refresh(self, now: float | None = None) -> object: ...


def dashboard_pages(
    config: AppConfig, store: SeriesStore, render_loop: RenderLoop, board: MapBoard | None = None
) -> list[WallPage]:
    """The overview and the six program dashboards, then the regency's map, as wall pages."""
    board = board if board is not None else board_for(config)
    context = PanelContext(store, tuple(config.alarms), wall=True, board=board)

    def page(key: str, layout: Layout) -> WallPage:
        def build(parent: QWidget) -> QWidget:
            return DashboardView(
                context,
                layout,
                render_loop=render_loop,
                toolbar=False,
                editable=False,
                parent=parent,
            )

        def release(widget: QWidget) -> None:
            if isinstance(widget, DashboardView):
                for panel in widget.panels:
                    render_loop.remove(panel)

        return WallPage(
            key=key,
            title=lambda: dashboard_title(key, layout, i18n.current_language()),
            build=build,
            release=release,
        )

    pages = [page(key, layout) for key, _title, layout in dashboards_for(config)]
    return [*pages, page(MAP_PAGE, wall_map_layout())]
