"""Shelving's one rule (core/incidents/shelving.py), as the server and the console apply it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from smartcity_console.core.incidents import IncidentError, Role, apply_op
from smartcity_console.core.incidents.journal_rules import check_op, op_problems
from smartcity_console.core.incidents.shelving import Shelf, fold, shelf_id, shelved

AT = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
SERIES = "rembang/environment/river_level/kali_babagan"


def shelve_data(**change: object) -> dict[str, object]:
    data: dict[str, object] = {
        "rule": "river-flood",
        "series": SERIES,
        "station": None,
        "until": (AT + timedelta(hours=1)).isoformat(),
        "reason": "sensor being cleaned",
    }
    data.update(change)
    return data


def apply(data: dict[str, object], role: Role = Role.SUPERVISOR, kind: str = "shelve") -> object:
    target = shelf_id(str(data.get("rule")), data.get("series"), data.get("station"))  # type: ignore[arg-type]
    return apply_op(None, kind, target, data, author="sari", role=role, at=AT)[1]


def test_a_shelf_is_named_by_its_rule_and_target_the_same_on_every_console() -> None:
    assert shelf_id("river-flood", SERIES, None) == shelf_id("river-flood", SERIES, None)
    assert shelf_id("river-flood", SERIES, None) != shelf_id("river-flood", None, "Kali Babagan")
    assert shelf_id("river-flood", SERIES, None) != shelf_id("pm25", SERIES, None)


def test_a_supervisor_shelves_and_the_op_makes_no_ticket() -> None:
    target = shelf_id("river-flood", SERIES, None)
    ticket, outcome = apply_op(
        None, "shelve", target, shelve_data(), author="sari", role=Role.SUPERVISOR, at=AT
    )
    assert ticket is None
    assert outcome.status == "applied"
    assert apply_op(None, "unshelve", target, {}, author="sari", role=Role.ADMIN, at=AT)[
        1
    ].status == ("applied")


@pytest.mark.parametrize("kind", ["shelve", "unshelve"])
def test_an_operator_is_refused_with_a_reason_in_both_languages(kind: str) -> None:
    data = shelve_data() if kind == "shelve" else {}
    target = shelf_id("river-flood", SERIES, None)
    _, outcome = apply_op(None, kind, target, data, author="budi", role=Role.OPERATOR, at=AT)
    assert outcome.status == "rejected"
    assert outcome.reason == "Only a supervisor can shelve an alarm or end a shelf."
    assert outcome.error is not None


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"until": AT.isoformat()}, "must end after it begins"),
        ({"until": (AT - timedelta(minutes=1)).isoformat()}, "must end after it begins"),
        ({"until": (AT + timedelta(hours=25)).isoformat()}, "at most 24 hours"),
        ({"station": "Kali Babagan"}, "not both"),
        ({"series": None}, "not both and not neither"),
        ({"reason": "   "}, "Say why"),
    ],
)
def test_a_shelf_without_one_target_a_sane_until_or_a_reason_is_rejected(
    change: dict[str, object], why: str
) -> None:
    outcome = apply(shelve_data(**change))
    assert outcome.status == "rejected"  # type: ignore[attr-defined]
    assert why in (outcome.reason or "")  # type: ignore[attr-defined]


def test_a_shelf_op_under_another_shelfs_id_is_rejected() -> None:
    other = shelf_id("pm25-very-unhealthy", SERIES, None)
    _, outcome = apply_op(
        None, "shelve", other, shelve_data(), author="sari", role=Role.SUPERVISOR, at=AT
    )
    assert outcome.status == "rejected"
    assert "uuid5" in (outcome.reason or "")


def test_the_journal_schema_bounds_every_field_of_a_shelf() -> None:
    check_op("shelve", shelve_data(), AT.isoformat())
    check_op("unshelve", {}, AT.isoformat())
    assert op_problems("shelve", shelve_data(reason="x" * 501))
    assert op_problems("shelve", shelve_data(reason="two\nlines"))
    assert op_problems("shelve", shelve_data(until="tomorrow"))
    assert op_problems("shelve", {**shelve_data(), "colour": "red"})
    assert op_problems("unshelve", {"rule": "river-flood"})
    with pytest.raises(IncidentError):
        check_op("shelve", shelve_data(rule=""), AT.isoformat())


def test_events_fold_into_shelves_that_end_early_or_by_themselves() -> None:
    target = shelf_id("river-flood", SERIES, None)
    later = AT + timedelta(minutes=5)
    shelves = fold([("shelve", target, shelve_data(), "sari", AT)])
    shelf = shelves[target]
    assert shelf.active(AT + timedelta(minutes=59))
    assert not shelf.active(AT + timedelta(hours=1))  # ends by itself at until
    assert shelved([shelf], "river-flood", SERIES, "Kali Babagan", later) is shelf
    assert shelved([shelf], "pm25-very-unhealthy", SERIES, "Kali Babagan", later) is None
    ended = fold(
        [
            ("shelve", target, shelve_data(), "sari", AT),
            ("unshelve", target, {}, "dewi", later),
        ]
    )[target]
    assert (ended.ended_by, ended.ended_at) == ("dewi", later)
    assert not ended.active(later)
    again = fold(
        [
            ("shelve", target, shelve_data(), "sari", AT),
            ("unshelve", target, {}, "dewi", later),
            ("shelve", target, shelve_data(reason="pump test"), "dewi", later),
        ]
    )[target]
    assert again.active(later)
    assert again.reason == "pump test"
    assert again.shelved_by == "dewi"


def test_a_station_shelf_covers_every_series_of_that_station_only() -> None:
    shelf = Shelf(
        shelf_id("stale-environment", None, "Kali Babagan"),
        "stale-environment",
        None,
        "Kali Babagan",
        AT + timedelta(hours=1),
        "maintenance",
        "sari",
        AT,
    )
    assert shelf.covers("stale-environment", SERIES, "Kali Babagan")
    assert shelf.covers(
        "stale-environment", "rembang/environment/rain/kali_babagan", "Kali Babagan"
    )
    assert not shelf.covers("stale-environment", SERIES, "Lasem")
    assert not shelf.covers("river-flood", SERIES, "Kali Babagan")
