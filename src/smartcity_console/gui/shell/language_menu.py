"""View → Language: switch the GUI between Bahasa Indonesia and English while it runs.

Each language is named in its own words ("Bahasa Indonesia", "English"), so an
operator who cannot read the current language still finds theirs. Choosing
one calls back the console, which installs the translator (every widget then
retranslates on ``QEvent.LanguageChange``) and saves the choice in the config
file.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import translate
from smartcity_console.gui.widgets.retranslating import Retranslating

NAMES: dict[i18n.Language, str] = {"id": "Bahasa Indonesia", "en": "English"}


class LanguageMenu(Retranslating, QMenu):
    """One checkable action per language; the current one is checked."""

    def __init__(self, choose: Callable[[str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("menuLanguage")
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        self.actions_by_language: dict[i18n.Language, QAction] = {}
        for language, name in NAMES.items():
            action = QAction(name, self)
            action.setCheckable(True)
            action.setObjectName(f"actionLanguage_{language}")
            action.triggered.connect(lambda _=False, lang=language: choose(lang))
            self._group.addAction(action)
            self.addAction(action)
            self.actions_by_language[language] = action
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(translate("LanguageMenu", "&Language"))
        self.actions_by_language[i18n.current_language()].setChecked(True)


def install_language_menu(window: QMainWindow, choose: Callable[[str], object]) -> LanguageMenu:
    """Add the Language submenu to the window's View menu (or its menu bar)."""
    view = window.findChild(QMenu, "menuView")
    menu = LanguageMenu(choose, window)
    if view is not None:
        view.addSeparator()
        view.addMenu(menu)
    else:
        window.menuBar().addMenu(menu)
    return menu
