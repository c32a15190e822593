"""The incident list at a million tickets: first page, filter, search, scroll, refresh, writes.

Builds (once, cached by schema revision and size) a console database of
``--tickets`` tickets (default 1,000,000) and five events each (as pulled
from the server, so ``server_events``): the schema comes from the product's
own migrations (``open_database``), the rows from a bulk ``sqlite3`` load
with the search triggers off, then the search index is filled by the same
SQL migration 0007 uses and the triggers are put back, so the file is what
a console that lived through those years would hold.

Then, each the median of ``--repeat`` runs, through the console's own code
(the list model's window read, ``read_window``, which the panel's worker
thread runs) and beside it a hand-written ``sqlite3`` query for the same
rows and counts in the same run (``*_ref_ms``):

- ``first_page_ms``: the panel opening: open tickets, default (priority) order;
- ``filter_ms``: one program, acknowledged or in progress, all time;
- ``search_ms``: a word from comments, all statuses;
- ``scroll_ms``: all tickets, the window at row 500,000 (or the middle);
- ``refresh_ms``: the 1 Hz tick: the window, its total, the escalated and
  awaiting counts;
- ``apply_1000_ms``: 1,000 comments through the repository (the detail
  pane's path), each its own transaction; the reference writes the same
  rows (event, outbox op, ticket's time) with plain ``sqlite3``.

``gui_block_p99_ms``: a real panel (offscreen) refreshing once a second for
``--seconds`` (60) while a sync thread stores pulled comments and another
user's console writes changes: the 99th percentile of the time the GUI
thread spent in incident work (the tick, applying a read) after the panel's
first two seconds (its opening, ``gui_opening_max_ms``); ``gui_lag_p99_ms``
is the same run's event-loop lag seen by a 10 ms timer (everything the GUI
thread waited for, the GIL included). ``rss_mb``: the process's resident
memory after that run (the build runs in a child process).

Prints one JSON object (last line).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smartcity_console.core.incidents import DEFAULT_ACK_DEADLINES, Role, Status
from smartcity_console.core.programs import PROGRAM_KEYS
from smartcity_console.store import IncidentRepository, TicketQuery, open_database
from smartcity_console.store import search_schema as search
from smartcity_console.store.clients import client_id_for
from smartcity_console.store.migrate import head_revision

DATA_VERSION = 1  # bump when the generated rows change
EVENTS_PER_TICKET = 5
SPAN = timedelta(days=3 * 365)
WINDOW = 300  # the model's window: three pages of 100
PLACES: tuple[str, ...] = (
    "Lasem",
    "Rembang",
    "Sulang",
    "Kragan",
    "Sluke",
    "Pamotan",
    "Sarang",
    "Sedan",
)
PLACES += ("Gunem", "Sale", "Kaliori", "Sumber", "Bulu", "Pancur")
TITLES: tuple[str, ...] = (
    "Banjir",
    "Genangan air",
    "Pompa air mati",
    "Lampu jalan padam",
    "Kemacetan",
)
TITLES += ("Sampah menumpuk", "Pohon tumbang", "Kebakaran lahan", "Jalan berlubang")
TITLES += ("Kualitas udara buruk", "Sinyal sensor hilang", "Antrean di MPP")
COMMENTS: tuple[str, ...] = ("Petugas di lokasi", "Menunggu suku cadang", "Pompa cadangan dipasang")
COMMENTS += ("Warga sudah diberi tahu", "Koordinasi dengan BPBD", "Dicek ulang besok pagi")
RARE_WORD = "tanggul"  # in one comment in 200: the search's word
OPEN_STATUSES = ("new", "acknowledged", "in_progress", "resolved")
SEVERITIES = ("critical", "high", "medium", "low")


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def ticket_id(i: int) -> str:
    return f"{i:08x}-0000-4000-8000-{i:012x}"


def cache_file(tickets: int) -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    schema = repr((search.GENERATED_COLUMNS, search.INDEXES, search.SEARCH_TABLES))
    schema += repr((search.SEARCH_TRIGGERS, search.BACKFILL))
    digest = hashlib.sha256(schema.encode()).hexdigest()[:8]
    key = f"incidents-{head_revision()}-{digest}-d{DATA_VERSION}-{tickets}.sqlite3"
    return root / "smartcity-console-bench" / key


# --- building ---------------------------------------------------------------------------


def _tickets(n: int, end: datetime, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    open_from = n - max(50, n // 50)  # the newest 2% are open, the rest closed
    for i in range(n):
        created = end - SPAN * ((n - 1 - i) / n)
        severity = SEVERITIES[rng.randrange(4)]
        status = OPEN_STATUSES[rng.randrange(4)] if i >= open_from else "closed"
        acked = status != "new"
        place = PLACES[rng.randrange(len(PLACES))]
        yield (
            ticket_id(i),
            f"{TITLES[rng.randrange(len(TITLES))]} di {place}",
            PROGRAM_KEYS[i % len(PROGRAM_KEYS)],
            severity,
            status,
            f"Laporan warga di Kecamatan {place}; petugas diminta memeriksa.",
            place,
            None,
            None if status == "new" else f"petugas{i % 40}",
            "operator1",
            iso(created),
            "supervisor1" if acked else None,
            iso(created + timedelta(minutes=3)) if acked else None,
            iso(created + timedelta(hours=2)),
            None,
            0,
            None,
            "resolved" if status == "closed" else None,
        )


def _events(n: int, end: datetime, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    seq = 0
    for i in range(n):
        created = end - SPAN * ((n - 1 - i) / n)
        for k in range(EVENTS_PER_TICKET):
            seq += 1
            if k == 2:
                word = f" {RARE_WORD} retak" if rng.randrange(200) == 0 else ""
                kind = "comment"
                data = {"comment_id": str(uuid.UUID(int=seq)), "text": rng.choice(COMMENTS) + word}
            elif k == 0:
                kind, data = "create", {"title": "", "program": PROGRAM_KEYS[i % 6]}
            else:
                kind, data = "transition", {"to": ("acknowledged", "in_progress", "closed")[k % 3]}
            yield (
                seq,
                str(uuid.UUID(int=seq)),
                ticket_id(i),
                kind,
                "operator1",
                "ruang-komando-1",
                iso(created + timedelta(minutes=10 * k)),
                json.dumps(data),
            )


def _chunks(rows: Iterator[tuple[Any, ...]], size: int = 50_000) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def build(path: Path, tickets: int) -> None:
    """The database file: migrations, then a bulk load, then the search index as 0007 fills it."""
    open_database(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous = OFF")
    for trigger in search.SEARCH_TRIGGER_NAMES:
        con.execute(f"DROP TRIGGER {trigger}")
    rng = random.Random(16)
    end = datetime.now(UTC) - timedelta(hours=1)
    for chunk in _chunks(_tickets(tickets, end, rng)):
        with con:
            con.executemany(
                "INSERT INTO tickets (id, title, program, severity, status, description, station,"
                " series, assignee, created_by, created_at, acknowledged_by, acknowledged_at,"
                " updated_at, alarm_rule, alarm_active, alarm_cleared_at, close_reason)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                chunk,
            )
    for chunk in _chunks(_events(tickets, end, rng)):
        with con:
            con.executemany(
                "INSERT INTO server_events (seq, id, ticket_id, kind, author, workstation, at,"
                " data) VALUES (?,?,?,?,?,?,?,?)",
                chunk,
            )
    with con:
        for statement in (*search.BACKFILL, *search.SEARCH_TRIGGERS):
            con.execute(statement)
        con.execute(
            "INSERT OR REPLACE INTO pull_state (id, cursor, pulled_at) VALUES (1, ?, ?)",
            (tickets * EVENTS_PER_TICKET, iso(end)),
        )
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


# --- measuring --------------------------------------------------------------------------


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def _deadline_sql() -> str:
    minutes = " ".join(
        f"WHEN '{s}' THEN {d.total_seconds() / 60}" for s, d in DEFAULT_ACK_DEADLINES.items()
    )
    return f"julianday(created_at) + (CASE severity {minutes} END) / 1440.0"


# A hand-written priority order over the schema's sort keys (the same rows, one query).
PRIORITY = (
    f"ack_rank, CASE WHEN ack_rank = 0 THEN {_deadline_sql()} ELSE closed_rank END,"
    " severity_rank, newest_first, id"
)
ESCALATED = (
    "SELECT count(*) FROM tickets WHERE ack_rank = 0 AND ("  # noqa: S608
    + " OR ".join(f"(severity = '{s}' AND created_at <= :now_{s})" for s in DEFAULT_ACK_DEADLINES)
    + ")"
)


def reference(con: sqlite3.Connection, where: str, args: dict[str, Any], offset: int = 0) -> int:
    rows = con.execute(
        f"SELECT * FROM tickets WHERE {where} ORDER BY {PRIORITY} LIMIT {WINDOW} OFFSET {offset}",  # noqa: S608
        args,
    ).fetchall()
    total = con.execute(f"SELECT count(*) FROM tickets WHERE {where}", args).fetchone()[0]  # noqa: S608
    return len(rows) + int(total)


def escalated_args(now: datetime) -> dict[str, str]:
    return {f"now_{s}": iso(now - d) for s, d in DEFAULT_ACK_DEADLINES.items()}


def measure_lists(path: Path, repeat: int, tickets: int) -> dict[str, Any]:
    from smartcity_console.gui.incidents.list_loader import ListRequest, read_window

    db = open_database(path)
    repo = IncidentRepository(
        db, "bench", Role.SUPERVISOR, "bench-ws", client_id_for(db, "bench", "bench-ws")
    )
    con = sqlite3.connect(path)
    result: dict[str, Any] = {}
    open_ = TicketQuery(statuses=frozenset(Status(s) for s in OPEN_STATUSES))
    working = frozenset({Status.ACKNOWLEDGED, Status.IN_PROGRESS})
    filtered = TicketQuery(programs=frozenset({"environment"}), statuses=working)
    searched = TicketQuery(text=RARE_WORD)
    position = min(500_000, tickets // 2)
    in_open = "status IN ('new', 'acknowledged', 'in_progress', 'resolved')"
    fts = (
        "id IN (SELECT ticket_id FROM ticket_search_ids WHERE n IN "
        "(SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH :q))"
    )

    def window(query: TicketQuery, first: int = 0, counts: bool = False) -> Callable[[], object]:
        request = ListRequest(query, 1, 1, first, WINDOW, counts)

        def run() -> object:
            snapshot = read_window(repo, request)
            assert snapshot.error is None, snapshot.error
            assert snapshot.rows
            return snapshot

        return run

    def refresh_ref() -> object:
        now = datetime.now(UTC)
        n = reference(con, in_open, {})
        n += con.execute(ESCALATED, escalated_args(now)).fetchone()[0]
        return n + con.execute("SELECT count(*) FROM tickets WHERE status = 'new'").fetchone()[0]

    cases: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
        "first_page": (window(open_), lambda: reference(con, in_open, {})),
        "filter": (
            window(filtered),
            lambda: reference(
                con, "program = 'environment' AND status IN ('acknowledged', 'in_progress')", {}
            ),
        ),
        "search": (window(searched), lambda: reference(con, fts, {"q": f'"{RARE_WORD}"*'})),
        "scroll": (window(TicketQuery(), position), lambda: reference(con, "1", {}, position)),
        "refresh": (window(open_, counts=True), refresh_ref),
    }
    for name, (ours, ref) in cases.items():
        ours()  # warm the page cache the same way for both
        ref()
        result[f"{name}_ms"] = median_ms(ours, repeat)
        result[f"{name}_ref_ms"] = median_ms(ref, repeat)
    scroll = read_window(repo, ListRequest(TicketQuery(), 1, 1, position, WINDOW))
    result["scroll_first_row"] = scroll.first

    ids = [ticket_id(tickets - 1 - i) for i in range(1000)]
    result["apply_1000_ms"] = round(_timed(lambda: [repo.comment(t, "Dicek bench") for t in ids]))
    client = client_id_for(db, "bench", "bench-ws")
    seq = con.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0] + 1

    def ref_writes() -> None:
        for k, t in enumerate(ids):
            op = str(uuid.uuid4())
            now = iso(datetime.now(UTC))
            data = json.dumps({"comment_id": op, "text": "Dicek referensi"})
            with con:
                con.execute("BEGIN IMMEDIATE")
                con.execute(
                    "INSERT INTO events (id, ticket_id, kind, author, workstation, at, data)"
                    " VALUES (?, ?, 'comment', 'bench', 'bench-ws', ?, ?)",
                    (op, t, now, data),
                )
                con.execute(
                    "INSERT INTO outbox (client_id, seq, op_id, ticket_id, kind, data, client_ts,"
                    " author, status, seen) VALUES (?, ?, ?, ?, 'comment', ?, ?, 'bench',"
                    " 'pending', 0)",
                    (client, seq + k, op, t, data, now),
                )
                con.execute("UPDATE tickets SET updated_at = ? WHERE id = ?", (now, t))

    con.isolation_level = None
    result["apply_1000_ref_ms"] = round(_timed(ref_writes))
    con.close()
    db.close()
    return result


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def measure_gui(path: Path, seconds: float, tickets: int) -> dict[str, Any]:
    """A real panel, ticking, while sync stores pulled comments and another console writes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from smartcity_console.gui.incidents import dock
    from smartcity_console.gui.incidents.model import IncidentListModel
    from smartcity_console.store import sync_apply

    blocks: list[float] = []
    opening: list[float] = []  # the panel opening (first_page_ms measures that)
    steady_from = [float("inf")]

    def timed(method: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            start = time.perf_counter()
            try:
                return method(*args)
            finally:
                took = (time.perf_counter() - start) * 1000
                (blocks if start >= steady_from[0] else opening).append(took)

        return wrapper

    # Patched on the classes before the panel connects its timer and loader to them.
    dock.IncidentsPanel.tick = timed(dock.IncidentsPanel.tick)  # type: ignore[method-assign]
    IncidentListModel.apply = timed(IncidentListModel.apply)  # type: ignore[method-assign]
    app = QApplication.instance() or QApplication([])
    db = open_database(path)
    me = IncidentRepository(db, "sari", Role.SUPERVISOR, "ws-1", client_id_for(db, "sari", "ws-1"))
    other = IncidentRepository(
        db, "budi", Role.SUPERVISOR, "ws-2", client_id_for(db, "budi", "ws-2")
    )
    panel = dock.IncidentsPanel(me, Role.SUPERVISOR, "sari")
    panel.resize(1600, 900)
    panel.show()
    stop = threading.Event()
    writes = [0, 0]

    def sync_thread() -> None:
        seq = tickets * EVENTS_PER_TICKET + 10_000_000
        rng = random.Random(1)
        while not stop.wait(0.2):
            events = []
            for _ in range(20):
                seq += 1
                events.append(
                    {
                        "seq": seq,
                        "id": str(uuid.uuid4()),
                        "ticket_id": ticket_id(rng.randrange(tickets)),
                        "kind": "comment",
                        "author": "petugas",
                        "workstation": "ws-3",
                        "at": datetime.now(UTC),
                        "data": {"comment_id": str(uuid.uuid4()), "text": "Laporan lapangan"},
                    }
                )
            sync_apply.apply_pull(db, [], events, seq, datetime.now(UTC))
            writes[0] += len(events)

    def console_thread() -> None:
        while not stop.wait(0.1):
            ticket = other.create("Genangan di Alun-alun", "environment", "high")
            other.comment(ticket.id, "Petugas berangkat")
            writes[1] += 2

    lags: list[float] = []
    last = [time.perf_counter()]

    def probe() -> None:
        now = time.perf_counter()
        lags.append(max(0.0, (now - last[0]) * 1000 - 10))
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(probe)
    timer.start(10)
    threads = [threading.Thread(target=f, daemon=True) for f in (sync_thread, console_thread)]
    for thread in threads:
        thread.start()
    steady_from[0] = time.perf_counter() + 2.0  # after the first window and counts
    QTimer.singleShot(int((seconds + 2) * 1000), app.quit)
    app.exec()
    stop.set()
    for thread in threads:
        thread.join()
    timer.stop()
    panel.close()
    panel.deleteLater()
    db.close()

    def p99(values: list[float]) -> float:
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1) if values else 0.0

    return {
        "gui_block_p99_ms": p99(blocks),
        "gui_block_max_ms": round(max(blocks, default=0.0), 1),
        "gui_blocks": len(blocks),
        "gui_opening_max_ms": round(max(opening, default=0.0), 1),
        "gui_lag_p99_ms": p99(lags),
        "changes_during_gui_run": sum(writes),
        "rss_mb": round(_rss_kb() / 1024, 1),
    }


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60.0, help="the GUI run (default: 60)")
    parser.add_argument("--build-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only is not None:
        build(args.build_only, args.tickets)
        return 0
    cached = cache_file(args.tickets)
    built_s = 0.0
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        for leftover in cached.parent.glob(partial.name + "*"):
            leftover.unlink()
        start = time.perf_counter()
        # A child process, so this one's memory is the console's, not the loader's.
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--tickets",
                str(args.tickets),
                "--build-only",
                str(partial),
            ],
            check=True,
        )
        built_s = time.perf_counter() - start
        partial.rename(cached)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "incidents.sqlite3"
        shutil.copyfile(cached, path)  # the runs write: each starts from the same file
        result: dict[str, Any] = {
            "tickets": args.tickets,
            "events": args.tickets * EVENTS_PER_TICKET,
            "build_s": round(built_s, 1),
            "repeat": args.repeat,
        }
        result |= measure_lists(path, args.repeat, args.tickets)
        result |= measure_gui(path, args.seconds, args.tickets)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
