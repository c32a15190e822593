"""A simulated shift with known events, for the shift handover report's tests.

10:00-18:00 WIB (03:00-11:00 UTC) at workstation ``ws-test``: operator
sari on duty all shift, supervisor budi signed in for an hour at 11:00 WIB.
What happens, and what the report must say:

- sari raises "Banjir di Lasem" (environment, high) at 10:10; budi acknowledges
  at 10:20 (in time), sari resolves at 14:00, budi reopens at 14:30 and
  closes it (resolved) at 15:00;
- sari raises "Antrean panjang di MPP" (governance, medium) at 10:30; nobody
  acknowledges it (its 60-minute deadline is missed at 11:30); budi assigns
  it to sari; sari comments "Menunggu petugas Dinas" at 16:00: still open;
- eleven "river-flood" alarms (environment, critical) between 12:00 and
  12:10: a flood; budi closes each as a false alarm a minute later;
- a "stale-governance" alarm on the queue feed from 13:00 to 13:40: a
  40-minute feed outage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from smartcity_console.core.incidents import Action, Role, Severity
from smartcity_console.store import Database, IncidentRepository, shifts
from smartcity_console.store.clients import client_id_for
from tests.support.clock import T0, Clock

WORKSTATION = "ws-test"
START = T0
END = T0 + timedelta(hours=8)
NOTE = "Pompa air di Lasem masih dipantau; cek antrean MPP pagi."
FLOOD_ALARMS = 11
STALE_SERIES = "rembang/governance/queue_length/mpp"


@dataclass(frozen=True)
class SimulatedShift:
    flood_id: str
    queue_id: str
    duty_id: str


def _repo(db: Database, user: str, role: Role, clock: Clock) -> IncidentRepository:
    return IncidentRepository(
        db, user, role, WORKSTATION, client_id_for(db, user, WORKSTATION), clock=clock
    )


def simulate_shift(db: Database, *, sign_out: bool = True) -> SimulatedShift:
    clock = Clock(START)
    sari = _repo(db, "sari", Role.OPERATOR, clock)
    budi = _repo(db, "budi", Role.SUPERVISOR, clock)
    duty = shifts.sign_in(db, "sari", "operator", WORKSTATION, START)
    shifts.sign_out(
        db,
        shifts.sign_in(db, "budi", "supervisor", WORKSTATION, START + timedelta(hours=1)),
        START + timedelta(hours=2),
        None,
    )

    def at(minutes: float) -> None:
        clock.now = START + timedelta(minutes=minutes)

    at(10)
    flood = sari.create("Banjir di Lasem", "environment", Severity.HIGH)
    at(20)
    budi.transition(flood.id, Action.ACKNOWLEDGE, note="Tim BPBD dikirim")
    at(30)
    queue = sari.create("Antrean panjang di MPP", "governance", Severity.MEDIUM)
    at(45)
    budi.assign(queue.id, "sari")
    for i in range(FLOOD_ALARMS):
        at(120 + i * 0.9)
        alarm, _ = sari.create_alarm_incident(
            "river-flood",
            f"rembang/environment/river_level/s{i}",
            (START + timedelta(minutes=120 + i)).timestamp(),
            title=f"Sungai naik {i}",
            program="environment",
            severity=Severity.CRITICAL,
        )
        at(121 + i * 0.9)
        budi.transition(alarm.id, Action.CLOSE, reason="false_alarm")
    at(180)
    stale, _ = sari.create_alarm_incident(
        "stale-governance",
        STALE_SERIES,
        (START + timedelta(minutes=180)).timestamp(),
        title="Data antrean MPP berhenti",
        program="governance",
        severity=Severity.LOW,
    )
    at(220)
    sari.set_alarm_state(stale.id, False, clock.now)
    budi.transition(stale.id, Action.CLOSE, reason="resolved")
    at(240)
    sari.transition(flood.id, Action.START)
    sari.transition(flood.id, Action.RESOLVE, note="Air surut")
    at(270)
    budi.transition(flood.id, Action.REOPEN, note="Air naik lagi")
    at(300)
    budi.transition(flood.id, Action.CLOSE, reason="resolved", note="Selesai")
    at(360)
    sari.comment(queue.id, "Menunggu petugas Dinas")
    if sign_out:
        shifts.sign_out(db, duty, END, NOTE)
    return SimulatedShift(flood.id, queue.id, duty)
