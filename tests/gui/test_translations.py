"""Qt Linguist files stay in step with the source, and the language switches at run time.

``pyside6-lupdate`` is run over the package (the GUI and the Qt-free
catalog's messages, core/i18n.py) and ``ui/`` into a fresh file and its
source strings are compared with the committed ``.ts``: a string added,
changed or removed in the code without ``make translations-update`` fails
here. Every source string must have a finished, non-empty Indonesian
translation that keeps the source's placeholders.
"""

from __future__ import annotations

import re
import subprocess
import time
import xml.etree.ElementTree as ET  # our own .ts files, not untrusted input
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from smartcity_console.config import AppConfig, load_config
from smartcity_console.config_edit import save_language, set_top_level
from smartcity_console.core.incidents import Role
from smartcity_console.core.series import SeriesStore
from smartcity_console.gui import i18n
from smartcity_console.gui.shell.app import Console, Operator
from smartcity_console.gui.shell.language_menu import install_language_menu
from smartcity_console.gui.shell.main_window import MainWindow
from smartcity_console.ingest.stats import IngestStats
from smartcity_console.mqtt.status import ConnectionStatus
from smartcity_console.paths import bundled_config_file
from smartcity_console.store import Database
from smartcity_console.store.clients import client_id_for
from tests.support.language import ROOT, TS_DIR, lupdate

INDONESIAN = TS_DIR / "smartcity_console_id.ts"
Message = tuple[str, str, str]  # context, source, disambiguation comment
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:n|\d+)")


def _messages(path: Path) -> dict[Message, ET.Element]:
    out: dict[Message, ET.Element] = {}
    for context in ET.parse(path).getroot().iter("context"):  # noqa: S314 (our .ts)
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            out[key] = message
    return out


def _sources() -> list[str]:
    """What ``make translations-update`` reads: the whole package (core.i18n's messages too)."""
    package = ROOT / "src" / "smartcity_console"
    modules = [p for p in sorted(package.rglob("*.py")) if "migrations" not in p.parts]
    return [str(p) for p in modules] + [str(p) for p in sorted((ROOT / "ui").glob("*.ui"))]


def test_ts_file_lists_exactly_the_strings_of_the_source(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [str(lupdate()), *_sources(), "-ts", str(fresh), "-locations", "none", "-silent"],
        check=True,
        capture_output=True,
    )
    in_code = set(_messages(fresh))
    in_ts = {
        key
        for key, message in _messages(INDONESIAN).items()
        if message.findtext("translation") is not None
        and (message.find("translation") or ET.Element("t")).get("type")
        not in ("obsolete", "vanished")
    }
    assert in_code - in_ts == set(), "new strings: run `make translations-update` and translate"
    assert in_ts - in_code == set(), "strings gone from the code: run `make translations-update`"


def test_every_string_has_a_finished_indonesian_translation() -> None:
    root = ET.parse(INDONESIAN).getroot()  # noqa: S314 (our own .ts file)
    assert root.get("language") == "id"
    assert root.get("sourcelanguage") == "en"
    problems = []
    for (context, source, _), message in _messages(INDONESIAN).items():
        translation = message.find("translation")
        assert translation is not None
        if translation.get("type") is not None or not (translation.text or "").strip():
            problems.append(f"{context}: {source!r} is not translated")
        elif sorted(_PLACEHOLDER.findall(source)) != sorted(
            _PLACEHOLDER.findall(translation.text or "")
        ):
            problems.append(f"{context}: {source!r} -> {translation.text!r} loses a placeholder")
    assert problems == []


# --- switching at run time ------------------------------------------------------------------


def _window(qtbot: QtBot) -> MainWindow:
    config = load_config(bundled_config_file())
    window = MainWindow(
        config,
        SeriesStore(),
        IngestStats(),
        lambda: ConnectionStatus("connected", "mqtt://broker:1883", time.time()),
    )
    qtbot.addWidget(window)
    return window


def test_the_language_menu_switches_visible_text_both_ways(qtbot: QtBot, indonesian: str) -> None:
    window = _window(qtbot)
    menu = install_language_menu(window, i18n.set_language)
    header = window.ui.headerLabel
    assert header.text() == "Pusat Komando Smart City Rembang"
    assert window.ui.menuView.title() == "&Tampilan"
    assert menu.title() == "&Bahasa"
    assert window.connection_label.text().startswith("Broker terhubung")
    assert menu.actions_by_language["id"].isChecked()

    menu.actions_by_language["en"].trigger()
    assert i18n.current_language() == "en"
    assert header.text() == "Rembang Smart City Command Center"
    assert window.ui.menuView.title() == "&View"
    assert menu.title() == "&Language"
    assert window.connection_label.text().startswith("Broker connected")
    assert menu.actions_by_language["en"].isChecked()

    menu.actions_by_language["id"].trigger()
    assert header.text() == "Pusat Komando Smart City Rembang"
    assert window.connection_label.text().startswith("Broker terhubung")
    assert window.findChild(QMenu, "menuLanguage") is menu


def test_numbers_and_dates_follow_the_language(indonesian: str) -> None:
    day = QDate(2026, 11, 28)
    assert i18n.number(1234567) == "1.234.567"
    assert i18n.number(3.5, 1) == "3,5"
    assert i18n.locale().toString(day, "dddd, d MMMM yyyy") == "Sabtu, 28 November 2026"
    i18n.set_language("en")
    assert i18n.number(1234567) == "1,234,567"
    assert i18n.locale().toString(day, "dddd, d MMMM yyyy") == "Saturday, 28 November 2026"


def test_the_console_saves_the_chosen_language_in_its_config(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    config_file = tmp_path / "config.toml"  # none yet: starts from the bundled default
    config = load_config(bundled_config_file())
    operator = Operator("sari", Role.SUPERVISOR, client_id_for(db, "sari", "ws-1"))
    console = Console(config, db, operator, config_path=config_file)
    qtbot.addWidget(console.window)
    try:
        assert i18n.current_language() == "id"  # the config's language, installed
        console.language_menu.actions_by_language["en"].trigger()
        assert i18n.current_language() == "en"
        assert console.config.language == "en"
        saved = load_config(config_file)
        assert saved.language == "en"
        assert saved.model_dump(exclude={"language", "workstation"}) == config.model_dump(
            exclude={"language", "workstation"}
        )
        console.language_menu.actions_by_language["id"].trigger()
        assert load_config(config_file).language == "id"
    finally:
        console.window.close()
        console.shutdown()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('language = "id"\n[broker]\nurl = "x"\n', 'language = "en"\n[broker]\nurl = "x"\n'),
        ('# c\n[broker]\nurl = "x"\n', '# c\nlanguage = "en"\n\n[broker]\nurl = "x"\n'),
        ("", 'language = "en"\n'),
        ('[broker]\nlanguage = "id"\n', 'language = "en"\n\n[broker]\nlanguage = "id"\n'),
    ],
)
def test_set_top_level_edits_one_line(text: str, expected: str) -> None:
    assert set_top_level(text, "language", "en") == expected


def test_save_language_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# mine\nlanguage = "id"\nworkstation = "ws-9"\n', encoding="utf-8")
    save_language(path, "en")
    assert path.read_text(encoding="utf-8") == '# mine\nlanguage = "en"\nworkstation = "ws-9"\n'
    assert isinstance(load_config(path), AppConfig)
