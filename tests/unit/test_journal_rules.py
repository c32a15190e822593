"""The journal rule itself: characters, times, each op kind's schema, and the repairs."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import TypeAdapter

from smartcity_console.core.incidents import IncidentError, validate_fields
from smartcity_console.core.incidents.journal_repair import repair_column, repair_event_data
from smartcity_console.core.incidents.journal_rules import OP_DATA, check_op, op_problems
from smartcity_console.core.incidents.journal_text import (
    forbidden_character,
    repair_text,
    time_problem,
)

REFUSED_EVERYWHERE = [
    "\x00",
    "\x07",
    "\x1b",
    "\r",
    "\x7f",
    "\x85",
    "\x9b",
    "\u202a",
    "\u202e",
    "\u2066",
    "\u2069",
    "\ud800",
    "\udfff",
]
ONE_LINE_ONLY = ["\n", "\t", "\u2028", "\u2029"]
ALLOWED = ["a", "é", "ꦧ", "🌊", "\u200d", "\u200e", "\ufeff", " ", "ب"]


@pytest.mark.parametrize("char", REFUSED_EVERYWHERE)
def test_control_bidi_and_surrogate_characters_are_refused_in_any_text(char: str) -> None:
    assert forbidden_character(f"ab{char}", multiline=True) == 2
    assert forbidden_character(f"ab{char}", multiline=False) == 2


@pytest.mark.parametrize("char", ONE_LINE_ONLY)
def test_line_breaks_and_tabs_are_refused_only_in_one_line_text(char: str) -> None:
    assert forbidden_character(f"a{char}", multiline=True) is None
    assert forbidden_character(f"a{char}", multiline=False) == 1


@pytest.mark.parametrize("char", ALLOWED)
def test_letters_scripts_emoji_and_joiners_are_text(char: str) -> None:
    assert forbidden_character(char * 3, multiline=False) is None


def test_a_typed_nul_is_refused_naming_the_character_in_both_languages() -> None:
    with pytest.raises(IncidentError) as refused:
        validate_fields({"title": "Banjir\x00 Lasem"}, creating=False)
    assert refused.value.text("en") == (
        "Title contains a character that cannot be stored (U+0000 NUL, character 7); "
        "remove it and try again."
    )
    assert refused.value.text("id") == (
        "Judul berisi karakter yang tidak dapat disimpan (U+0000 NUL, karakter ke-7); "
        "hapus karakter itu lalu coba lagi."
    )


def test_a_right_to_left_override_is_named() -> None:
    with pytest.raises(IncidentError, match="U\\+202E RIGHT-TO-LEFT OVERRIDE"):
        validate_fields({"station": "Lasem \u202eX"}, creating=False)


def test_a_line_break_in_a_title_says_it_must_be_one_line() -> None:
    with pytest.raises(IncidentError) as refused:
        validate_fields({"title": "Banjir\nLasem"}, creating=False)
    assert refused.value.text("id") == (
        "Judul harus satu baris: ada U+000A LINE FEED pada karakter ke-7."
    )


def test_a_pasted_windows_description_keeps_its_lines() -> None:
    assert validate_fields({"description": "a\r\nb\rc"}, creating=False) == {
        "description": "a\nb\nc"
    }


@pytest.mark.parametrize(
    "value",
    [
        "1970-01-01T00:00:00Z",
        "2026-11-28T08:00:00+07:00",
        "2026-11-28T01:00:00.250000+00:00",
        "2028-02-29T23:59:59-23:59",
        "2099-12-31T23:59:59.9+14:00",
    ],
)
def test_times_within_bounds_are_journal_times(value: str) -> None:
    assert time_problem(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00+00:01",  # OverflowError once converted to UTC
        "9999-12-31T23:59:59-23:59",
        "1969-12-31T23:59:59Z",
        "2100-01-01T00:00:00Z",
        "2026-02-29T00:00:00Z",  # not a leap year
        "2026-11-28T08:00:00",  # no offset
        "2026-11-28 08:00:00Z",
        "20261128T080000Z",
        1764300000,
        None,
    ],
)
def test_times_out_of_bounds_or_without_an_offset_are_refused(value: object) -> None:
    assert time_problem(value) is not None


def _comment(**extra: Any) -> dict[str, Any]:
    return {"comment_id": str(uuid.uuid4()), "text": "Petugas di lokasi", **extra}


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("comment", _comment(extra=1)),
        ("assign", {"username": "budi", "x": None}),
        ("assign", {}),
        ("transition", {"to": "acknowledged", "from": "new", "by": "sari"}),
        ("create", {"title": "x", "program": "living", "severity": "high", "alarm": {"x": 1}}),
        ("edit", {"previous": {"title": "x"}}),
        ("comment", _comment(text=float("nan"))),
        ("edit", {"alarm": {"active": "yes"}}),
        ("shelve", {"rule": "pm25"}),
    ],
)
def test_each_kind_has_a_fixed_schema(kind: str, data: dict[str, Any]) -> None:
    assert op_problems(kind, data)


def test_a_console_op_that_slipped_past_the_dialogs_is_refused_by_the_last_guard() -> None:
    with pytest.raises(IncidentError) as refused:
        check_op("comment", _comment(text="\ud800"), "2026-11-28T01:00:00+00:00")
    assert "U+D800 (a lone surrogate)" in refused.value.text("en")
    assert refused.value.text("id").startswith("Perubahan ini tidak dapat disimpan")
    with pytest.raises(IncidentError, match="client_ts"):
        check_op("comment", _comment(), "0001-01-01T00:00:00+00:01")


def _depth(schema: Any, defs: dict[str, Any], seen: int = 0) -> int:
    """How deep JSON valid against ``schema`` can nest; fails on a free object or array."""
    if "$ref" in schema:
        return _depth(defs[schema["$ref"].rsplit("/", 1)[1]], defs, seen)
    if "anyOf" in schema:
        return max(_depth(s, defs, seen) for s in schema["anyOf"])
    kind = schema.get("type")
    if kind == "object":
        assert schema.get("additionalProperties") is False, schema
        return max([_depth(p, defs, seen + 1) for p in schema["properties"].values()] or [seen])
    assert kind in ("string", "boolean", "null"), schema  # no free arrays, no numbers yet
    return seen


@pytest.mark.parametrize("kind", list(OP_DATA))
def test_no_kind_lets_free_or_deep_json_in(kind: str) -> None:
    """A new op kind (shelve, unshelve) that lets a free object in fails here."""
    schema = TypeAdapter(OP_DATA[kind]).json_schema()
    assert _depth(schema, schema.get("$defs", {})) <= 2


def test_the_repair_keeps_history_and_drops_what_broke_the_schema() -> None:
    data = {
        "comment_id": "c",
        "text": "a\ud800b\r\nc",
        "x": [[[["deep"]]]],
        "level": float("nan"),
    }
    assert repair_event_data("comment", data) == {"comment_id": "c", "text": "a\ufffdb\nc"}
    alarm = {"rule": "pm\x0025", "active": False, "cleared_at": "0001-01-01T00:00:00+00:01"}
    assert repair_event_data("edit", {"alarm": alarm, "noop": True}) == {
        "alarm": {"rule": "pm\ufffd25", "active": False, "cleared_at": None},
        "noop": True,
    }
    assert repair_column("title", "Banjir\nLasem\u202e") == "Banjir Lasem\ufffd"
    assert repair_column("description", "a\tb\x1b[0m") == "a\tb\ufffd[0m"
    assert repair_text("x" * 300, multiline=False, maximum=200) == "x" * 199 + "…"


def test_journal_times_parse_without_overflow_at_both_ends() -> None:
    for text in ("1970-01-01T00:00:00+23:59", "2099-12-31T23:59:59-23:59"):
        assert time_problem(text) is None
        assert datetime.fromisoformat(text).astimezone(UTC).year in (1969, 2100)
