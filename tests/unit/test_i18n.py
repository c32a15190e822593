"""The one translation catalog: Qt-free messages read resources/translations/*.ts.

What a user notices: an operator whose console speaks Indonesian reads a
refused incident change, a sign-in error or a doctor report in Indonesian,
and no string in the catalog is left untranslated (or loses a placeholder,
which would print "{path}" or crash ``format``).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartcity_console.core import i18n
from smartcity_console.core.i18n import Message, placeholders, read_ts
from smartcity_console.core.incidents import (
    TITLE_MAX,
    Action,
    IncidentError,
    Role,
    Status,
    clean_text,
    why_not,
)
from smartcity_console.core.incidents.prefill import PlotSource, prefill_from_plot
from smartcity_console.doctor.model import Check, fail
from smartcity_console.doctor.runner import Report, format_text

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "smartcity_console_id.ts"


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.use_language("en")


def test_every_catalog_string_has_an_indonesian_translation_with_its_placeholders() -> None:
    assert i18n.untranslated("id") == []
    entries = read_ts(TS)
    assert len(entries) > 400  # the GUI's strings and the Qt-free ones, in one file
    wrong = {
        f"{context}: {source}": translation
        for (context, source), translation in entries.items()
        if placeholders(source) != placeholders(translation)
    }
    assert wrong == {}


def test_a_refused_field_is_explained_in_indonesian_when_the_console_speaks_it() -> None:
    with pytest.raises(IncidentError) as refused:
        clean_text("title", "x" * (TITLE_MAX + 1), required=True, maximum=TITLE_MAX)
    assert refused.value.text("id") == (
        f"Judul terlalu panjang: {TITLE_MAX + 1} karakter, paling banyak {TITLE_MAX}."
    )
    assert str(refused.value) == (
        f"Title is too long: {TITLE_MAX + 1} characters, at most {TITLE_MAX}."
    )


def test_a_permission_refusal_is_composed_from_translated_words() -> None:
    assert why_not(Role.OPERATOR, Action.CLOSE, Status.NEW, "id") == (
        "Hanya supervisor dan administrator yang dapat menutup insiden."
    )
    assert why_not(Role.ADMIN, Action.RESOLVE, Status.NEW, "id") == (
        "Tidak dapat menyelesaikan insiden ini: statusnya baru "
        "(hanya bisa saat statusnya sedang ditangani)."
    )
    assert why_not(Role.OPERATOR, Action.CLOSE, Status.NEW, "en") == (
        "Only supervisors and administrators can close incidents."
    )


def test_translate_follows_the_language_the_console_was_switched_to() -> None:
    title = Message.translate("Incident", "Title")
    i18n.use_language("id")
    assert title.text() == "Judul"
    assert i18n.translate("Doctor", "what to do") == "yang perlu dilakukan"
    i18n.use_language("en")
    assert title.text() == "Title"


def test_a_doctor_report_is_printed_in_indonesian() -> None:
    check: Check = fail(
        "data",
        "data-dir-not-writable",
        Message.translate("Doctor", "{directory} is writable").format(directory="/srv/x"),
        Message.translate("Doctor", "what to do"),
    )
    text = format_text(Report("id", "/etc/smartcity/console.toml", [check]))
    assert "konfigurasi: /etc/smartcity/console.toml" in text
    assert "[GAGAL] data: /srv/x dapat ditulis" in text
    assert "1 pemeriksaan gagal" in text
    assert check.as_json("id")["detail_en"] == "/srv/x is writable"  # scripts match English


def test_a_missing_catalog_leaves_english_rather_than_failing(tmp_path: Path) -> None:
    i18n.use_directory(tmp_path)
    try:
        assert Message.translate("Incident", "Title").text("id") == "Title"
    finally:
        i18n.use_directory(None)


@pytest.mark.skipif(
    shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) is None,
    reason="pyside6-lupdate is installed with the dev extra",
)
def test_lupdate_collects_no_string_the_catalog_lacks(tmp_path: Path) -> None:
    """What `make translations-update` would add: nothing, so no string is left English."""
    fresh = tmp_path / "fresh.ts"
    sources = sorted(
        str(p)
        for p in (ROOT / "src" / "smartcity_console").rglob("*.py")
        if "migrations" not in p.parts
    )
    lupdate = str(Path(sys.executable).parent / "pyside6-lupdate")
    subprocess.run(
        [
            lupdate,
            *sources,
            *map(str, sorted((ROOT / "ui").glob("*.ui"))),
            *("-ts", str(fresh), "-locations", "none", "-source-language", "en", "-silent"),
        ],
        check=True,
    )
    collected = set(_sources(fresh))
    missing = collected - set(read_ts(TS))
    assert missing == set()


def test_every_marked_string_is_one_lupdate_can_read() -> None:
    """lupdate silently skips a call with a variable, a keyword or an f-string in it.

    Such a string would never reach the .ts and stay English for ever, so every
    ``translate``/``Message.translate`` call outside gui/ takes exactly two
    plain string literals (placeholders are filled by ``.format`` after it).
    """
    unreadable = []
    for path in sorted((ROOT / "src" / "smartcity_console").rglob("*.py")):
        if "gui" in path.parts or path.name == "i18n.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name != "translate":
                continue
            literal = all(
                isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in node.args
            )
            if len(node.args) != 2 or node.keywords or not literal:
                unreadable.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert unreadable == []


def _sources(path: Path) -> Iterator[tuple[str, str]]:
    import xml.etree.ElementTree as ET

    for context in ET.parse(path).getroot().iter("context"):  # noqa: S314 (lupdate's own output)
        for message in context.iter("message"):
            yield context.findtext("name", ""), message.findtext("source", "")


def test_an_incident_raised_from_a_plot_is_prefilled_in_the_console_language() -> None:
    source = PlotSource("environment", "rembang/environment/pm25/+", "Kualitas udara", "Air")
    prefill = prefill_from_plot(
        source, "rembang/environment/pm25/lasem", 61.0, 1_764_298_800.0, unit="ug/m3"
    )
    assert prefill["title"] == "pm25 di Lasem: 61 µg/m³"
    assert prefill["description"] == (
        "Dibuat dari grafik «Kualitas udara»: rembang/environment/pm25/lasem = 61 µg/m³ "
        "pada 2025-11-28 10:00:00 WIB."
    )
    assert prefill["program"] == "environment"
