"""Wall mode: the command center's big screens (docs/wall.md).

``smartcity-console --wall [--screen N]`` or View → Wall mode opens one
full-screen :class:`WallWindow` per chosen monitor (:class:`WallMode`). Each
cycles through :class:`WallPage` dashboards (:mod:`.pages`), under an
always-visible incident banner (:mod:`.banner`, fed by :mod:`.incident_feed`),
with a WIB clock and the broker and sync health (:mod:`.status`). Space
pauses, Left/Right step, Esc leaves; any key or mouse activity holds the
current page (:mod:`.cycler`). Nothing on the wall needs a mouse.
"""

from smartcity_console.gui.wall.mode import WallMode
from smartcity_console.gui.wall.pages import WallPage, dashboard_pages
from smartcity_console.gui.wall.screens import ScreenChoiceError, choose_screens
from smartcity_console.gui.wall.window import WallWindow

__all__ = [
    "ScreenChoiceError",
    "WallMode",
    "WallPage",
    "WallWindow",
    "choose_screens",
    "dashboard_pages",
]
