"""The incident domain: every state x action x role, escalation, alarm ids, sync rule.

The expected tables below are written from the blueprint's text, not copied
from the code, so a change to either shows up here.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from smartcity_console.core import incidents as inc
from smartcity_console.core.incidents import (
    Action,
    IncidentError,
    Role,
    Severity,
    Status,
)

EVERYONE = {"operator", "supervisor", "admin"}
SUPERVISORS = {"supervisor", "admin"}
# Blueprint, "Incidents": the permission matrix.
MAY_ROLE = {
    "create": EVERYONE,
    "comment": EVERYONE,
    "edit": EVERYONE,
    "start": EVERYONE,
    "resolve": EVERYONE,
    "acknowledge": SUPERVISORS,
    "assign": SUPERVISORS,
    "close": SUPERVISORS,
    "reopen": SUPERVISORS,
    "manage_users": {"admin"},
}
ALL = {"new", "acknowledged", "in_progress", "resolved", "closed"}
OPEN = ALL - {"closed"}
# The lifecycle (and docs/incidents.md): where each action may happen.
MAY_STATE = {
    "create": ALL,  # concerns no existing ticket
    "manage_users": ALL,  # concerns no ticket
    "comment": ALL,
    "edit": OPEN,
    "assign": OPEN,
    "acknowledge": {"new"},
    "start": {"acknowledged"},
    "resolve": {"in_progress"},
    "reopen": {"resolved"},
    "close": OPEN,
}
NEXT = {
    ("acknowledge", "new"): "acknowledged",
    ("start", "acknowledged"): "in_progress",
    ("resolve", "in_progress"): "resolved",
    ("reopen", "resolved"): "in_progress",
    **{("close", s): "closed" for s in OPEN},
}


def test_the_enums_carry_the_blueprint_values() -> None:
    assert [s.value for s in Status] == [
        "new",
        "acknowledged",
        "in_progress",
        "resolved",
        "closed",
    ]
    assert {s.value for s in Severity} == {"critical", "high", "medium", "low"}
    assert {r.value for r in Role} == EVERYONE
    assert {a.value for a in Action} == set(MAY_ROLE)


def test_permission_matrix_is_the_blueprints() -> None:
    assert {a.value: {r.value for r in roles} for a, roles in inc.PERMISSIONS.items()} == MAY_ROLE


@pytest.mark.parametrize(
    ("role", "action", "status"), list(itertools.product(Role, Action, [None, *Status]))
)
def test_every_role_action_and_state(role: Role, action: Action, status: Status | None) -> None:
    ok_role = role.value in MAY_ROLE[action.value]
    ok = ok_role and (status is None or status.value in MAY_STATE[action.value])
    assert inc.allowed(role, action) is ok_role
    english = inc.why_not(role, action, status, "en")
    indonesian = inc.why_not(role, action, status, "id")
    if ok:
        assert english is None
        assert indonesian is None
        inc.require(role, action, status)
    else:
        assert english
        assert indonesian
        assert english != indonesian
        assert english.endswith(".")
        with pytest.raises(IncidentError) as caught:
            inc.require(role, action, status)
        assert str(caught.value) == english
        assert caught.value.text("id") == indonesian


@pytest.mark.parametrize(("status", "action"), list(itertools.product(Status, Action)))
def test_next_status_for_every_state_and_action(status: Status, action: Action) -> None:
    expected = NEXT.get((action.value, status.value))
    if expected is None:
        with pytest.raises(IncidentError):
            inc.next_status(status, action)
    else:
        assert inc.next_status(status, action) == Status(expected)


def test_tooltips_say_why_in_both_languages() -> None:
    assert inc.why_not(Role.OPERATOR, Action.ACKNOWLEDGE) == (
        "Only supervisors and administrators can acknowledge incidents."
    )
    assert inc.why_not(Role.OPERATOR, Action.ACKNOWLEDGE, Status.NEW, "id") == (
        "Hanya supervisor dan administrator yang dapat mengonfirmasi insiden."
    )
    assert inc.why_not(Role.SUPERVISOR, Action.MANAGE_USERS) == (
        "Only administrators can manage users."
    )
    start_new = inc.why_not(Role.OPERATOR, Action.START, Status.NEW)
    assert start_new is not None
    assert "acknowledge this incident first" in start_new
    assert inc.why_not(Role.ADMIN, Action.RESOLVE, Status.ACKNOWLEDGED) == (
        "Cannot resolve this incident: it is acknowledged (possible only when it is in progress)."
    )
    assert inc.why_not(Role.ADMIN, Action.EDIT, Status.CLOSED, "id") == (
        "Tidak dapat mengubah insiden ini: statusnya ditutup."
    )


# --- fields -----------------------------------------------------------------------


def _fields(**changes: object) -> dict[str, object]:
    return {"title": "Banjir", "program": "environment", "severity": "high", **changes}


def test_fields_are_stripped_and_optional_ones_emptied() -> None:
    cleaned = inc.validate_fields(
        _fields(title="  Banjir  ", station=" ", series=None, description=None), creating=True
    )
    assert cleaned == {
        "title": "Banjir",
        "program": "environment",
        "severity": Severity.HIGH,
        "station": None,
        "series": None,
        "description": "",
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Title is required."),
        ({"title": " \t\n"}, "Title is required."),
        ({"title": "x" * 201}, "Title is too long: 201 characters, at most 200."),
        ({"title": 5}, "Title must be text."),
        ({"description": "x" * 10_001}, "Description is too long: 10001 characters"),
        ({"station": "x" * 201}, "Station is too long: 201 characters, at most 200."),
        ({"series": "x" * 201}, "Series is too long"),
        ({"program": "weather"}, "Unknown program 'weather'; expected one of governance"),
        ({"severity": "urgent"}, "Unknown severity 'urgent'"),
        ({"colour": "red"}, "Unknown incident field(s): colour."),
    ],
)
def test_bad_fields_say_what_is_wrong(changes: dict[str, object], message: str) -> None:
    with pytest.raises(IncidentError) as caught:
        inc.validate_fields(_fields(**changes), creating=True)
    assert message in str(caught.value)
    assert caught.value.text("id") != ""


def test_limits_are_inclusive() -> None:
    inc.validate_fields(
        _fields(title="x" * 200, description="d" * 10_000, station="s" * 200, series="s" * 200),
        creating=True,
    )
    assert inc.validate_comment("c" * 5_000) == "c" * 5_000
    with pytest.raises(IncidentError, match="Comment is too long: 5001"):
        inc.validate_comment("c" * 5_001)
    with pytest.raises(IncidentError, match="Comment is required"):
        inc.validate_comment("   ")


def test_create_needs_title_program_and_severity_but_edit_does_not() -> None:
    with pytest.raises(IncidentError, match="Missing incident field"):
        inc.validate_fields({"title": "x"}, creating=True)
    assert inc.validate_fields({"title": "x"}, creating=False) == {"title": "x"}


def test_indonesian_field_errors() -> None:
    with pytest.raises(IncidentError) as caught:
        inc.validate_fields(_fields(title="x" * 250), creating=True)
    assert caught.value.text("id") == "Judul terlalu panjang: 250 karakter, paling banyak 200."


def test_close_reasons() -> None:
    assert {r.value for r in inc.CloseReason} == {"false_alarm", "duplicate", "resolved", "other"}
    assert inc.validate_close("duplicate", None) is inc.CloseReason.DUPLICATE
    with pytest.raises(IncidentError, match="Closing needs a reason"):
        inc.validate_close(None, None)
    with pytest.raises(IncidentError, match="needs a note"):
        inc.validate_close("other", None)
    assert inc.validate_close("other", "sensor was being serviced") is inc.CloseReason.OTHER


# --- escalation -------------------------------------------------------------------

T0 = datetime(2025, 11, 28, 3, 0, tzinfo=UTC)


def test_default_deadlines() -> None:
    assert {s.value: d for s, d in inc.DEFAULT_ACK_DEADLINES.items()} == {
        "critical": timedelta(minutes=5),
        "high": timedelta(minutes=15),
        "medium": timedelta(minutes=60),
        "low": timedelta(minutes=240),
    }


@pytest.mark.parametrize("severity", list(Severity))
def test_escalates_exactly_at_the_deadline(severity: Severity) -> None:
    deadline = inc.DEFAULT_ACK_DEADLINES[severity]
    before = T0 + deadline - timedelta(seconds=1)
    assert inc.ack_time_left(T0, None, severity, before) == timedelta(seconds=1)
    assert not inc.is_escalated(T0, None, severity, before)
    assert inc.is_escalated(T0, None, severity, T0 + deadline)
    late = T0 + deadline + timedelta(minutes=3)
    assert inc.ack_time_left(T0, None, severity, late) == -timedelta(minutes=3)
    assert inc.is_escalated(T0, None, severity, late)


def test_acknowledged_or_closed_tickets_stop_the_countdown() -> None:
    late = T0 + timedelta(days=1)
    assert inc.ack_time_left(T0, T0 + timedelta(minutes=1), Severity.CRITICAL, late) is None
    assert not inc.is_escalated(T0, T0 + timedelta(hours=2), Severity.CRITICAL, late)
    assert not inc.is_escalated(T0, None, Severity.CRITICAL, late, status=Status.CLOSED)
    assert inc.is_escalated(T0, None, Severity.CRITICAL, late, status=Status.NEW)


def test_deadlines_come_from_config() -> None:
    deadlines = inc.deadlines_from_minutes({"critical": 1, "low": 30.5})
    assert deadlines[Severity.CRITICAL] == timedelta(minutes=1)
    assert deadlines[Severity.HIGH] == timedelta(minutes=15)
    assert deadlines[Severity.LOW] == timedelta(minutes=30.5)
    now = T0 + timedelta(minutes=2)
    assert inc.is_escalated(T0, None, Severity.CRITICAL, now, deadlines)
    assert not inc.is_escalated(T0, None, Severity.CRITICAL, now)
    with pytest.raises(ValueError, match="urgent"):
        inc.deadlines_from_minutes({"urgent": 3})
    with pytest.raises(ValueError, match="not > 0"):
        inc.deadlines_from_minutes({"high": 0})


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        inc.is_escalated(T0.replace(tzinfo=None), None, Severity.LOW, T0)


# --- alarm ids --------------------------------------------------------------------


def test_alarm_namespace_is_the_documented_derivation() -> None:
    derived = uuid.uuid5(
        uuid.NAMESPACE_URL, "https://rembangkab.go.id/smartcity-console/alarm-incident"
    )
    assert derived == inc.ALARM_NAMESPACE


def test_alarm_ids_are_deterministic_and_pinned() -> None:
    first = inc.alarm_incident_id("pm25-high", "rembang/environment/pm25/lasem", 1764300000.25)
    assert first.version == 5
    # Pinned: consoles of every version must derive the same id for the same episode.
    assert first == uuid.UUID("3c61033e-2d8c-5180-823e-0366d38e1720")
    same_second = inc.alarm_incident_id(
        "pm25-high", "rembang/environment/pm25/lasem", 1764300000.99
    )
    assert same_second == first


@pytest.mark.parametrize(
    ("rule", "series", "start"),
    [
        ("pm25-high", "rembang/environment/pm25/lasem", 1764300001.0),
        ("pm25-rate", "rembang/environment/pm25/lasem", 1764300000.25),
        ("pm25-high", "rembang/environment/pm25/kragan", 1764300000.25),
    ],
)
def test_alarm_ids_differ_per_rule_series_and_episode(rule: str, series: str, start: float) -> None:
    base = inc.alarm_incident_id("pm25-high", "rembang/environment/pm25/lasem", 1764300000.25)
    assert inc.alarm_incident_id(rule, series, start) != base


def test_alarm_id_names_cannot_collide_through_separators() -> None:
    assert inc.alarm_incident_id("a|b", "c", 0) != inc.alarm_incident_id("a", "b|c", 0)
    assert inc.alarm_incident_id('a","b', "c", 0) != inc.alarm_incident_id("a", 'b","c', 0)


@pytest.mark.parametrize("start", [float("nan"), float("inf")])
def test_alarm_id_needs_a_finite_time(start: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        inc.alarm_incident_id("r", "s", start)


# --- the server's rule for transition ops -----------------------------------------

ORDER = ["new", "acknowledged", "in_progress", "resolved", "closed"]


def _expected(current: str, to: str, from_: str | None, role: str) -> tuple[str, str]:
    """(result, status after), from the blueprint's sync rules in plain Python."""
    by_target = {
        "acknowledged": "acknowledge",
        "in_progress": "start",
        "resolved": "resolve",
        "closed": "close",
    }
    action = "reopen" if (to, from_) == ("in_progress", "resolved") else by_target.get(to, "")
    if not action or role not in MAY_ROLE[action]:
        return "rejected", current
    if action in ("reopen", "close"):
        if from_ != current or current not in MAY_STATE[action]:
            return "rejected", current
        return "applied", to
    if ORDER.index(current) >= ORDER.index(to):
        return "applied", current  # already at or past: a no-op
    if current not in MAY_STATE[action]:
        return "rejected", current
    return "applied", to


@pytest.mark.parametrize(
    ("current", "to", "from_", "role"),
    list(itertools.product(Status, Status, [None, *Status], Role)),
)
def test_apply_transition_everywhere(
    current: Status, to: Status, from_: Status | None, role: Role
) -> None:
    data = {"to": to.value, "from": None if from_ is None else from_.value, "note": None}
    data["reason"] = "duplicate"
    outcome = inc.apply_transition(current, data, role)
    result, status = _expected(
        current.value, to.value, None if from_ is None else from_.value, role
    )
    assert (outcome.result, outcome.status.value) == (result, status)
    assert outcome.changed is (result == "applied" and status != current.value)
    assert (outcome.reason is None) is (result == "applied")


def test_two_supervisors_acknowledging_is_not_a_conflict() -> None:
    op = {"to": "acknowledged", "from": "new", "note": "seen", "reason": None}
    first = inc.apply_transition(Status.NEW, op, Role.SUPERVISOR)
    second = inc.apply_transition(first.status, op, Role.ADMIN)
    assert (first.result, first.changed, first.status) == ("applied", True, Status.ACKNOWLEDGED)
    assert (second.result, second.changed, second.status) == ("applied", False, first.status)


def test_close_carries_what_its_author_saw() -> None:
    op = {"to": "closed", "from": "resolved", "note": None, "reason": "resolved"}
    assert inc.apply_transition(Status.RESOLVED, op, Role.SUPERVISOR).status is Status.CLOSED
    reopened = inc.apply_transition(Status.IN_PROGRESS, op, Role.SUPERVISOR)
    assert reopened.result == "rejected"
    assert reopened.reason == "Cannot close: the incident is in_progress now, not resolved."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"to": "closed", "from": "new"}, "Closing needs a reason"),
        ({"to": "closed", "from": "new", "reason": "other"}, "needs a note"),
        ({"to": "closed", "reason": "duplicate"}, "must carry the status it was made from"),
        ({"to": "archived", "from": "new"}, "unknown status 'archived'"),
        ({"to": "new", "from": "acknowledged"}, "No action leads to status new"),
        ({"to": "acknowledged", "note": "x" * 5_001}, "Note is too long"),
    ],
)
def test_malformed_transition_ops_are_rejected_with_a_reason(
    data: dict[str, object], reason: str
) -> None:
    outcome = inc.apply_transition(Status.NEW, data, Role.ADMIN)
    assert outcome.result == "rejected"
    assert outcome.reason is not None
    assert reason in outcome.reason


def test_an_operators_acknowledge_is_rejected_even_when_it_would_be_a_no_op() -> None:
    op = {"to": "acknowledged", "from": "new"}
    outcome = inc.apply_transition(Status.IN_PROGRESS, op, Role.OPERATOR)
    assert outcome.result == "rejected"
    assert outcome.reason == "Only supervisors and administrators can acknowledge incidents."
