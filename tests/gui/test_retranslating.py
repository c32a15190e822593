"""One re-translate handler for every widget (gui/widgets/retranslating.py).

A widget that shows words sets them again when the user switches language;
that ``changeEvent`` used to be copied into 17 classes. Now they implement
``retranslate`` and inherit the handler, and no copy may come back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from smartcity_console.gui import i18n
from smartcity_console.gui.widgets.retranslating import Retranslating

GUI = Path(__file__).resolve().parents[2] / "src" / "smartcity_console" / "gui"


class _Title(Retranslating, QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.calls += 1
        self.setText(i18n.translate("LanguageMenu", "&Language"))


@pytest.fixture
def english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.mark.usefixtures("english_after")
def test_a_retranslating_widget_shows_the_new_language_when_it_is_switched(
    qtbot: QtBot,
) -> None:
    title = _Title()
    qtbot.addWidget(title)
    i18n.set_language("en")
    assert title.text() == "&Language"
    before = title.calls
    i18n.set_language("id")
    assert title.calls == before + 1
    assert title.text() == "&Bahasa"


def test_no_widget_copies_the_language_change_handler() -> None:
    copies = [
        str(path.relative_to(GUI))
        for path in sorted(GUI.rglob("*.py"))
        if path.name != "retranslating.py"
        and re.search(r"LanguageChange", path.read_text(encoding="utf-8").split('"""', 2)[-1])
        and "def changeEvent" in path.read_text(encoding="utf-8")
    ]
    assert copies == []
