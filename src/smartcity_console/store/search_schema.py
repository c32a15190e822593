# ruff: noqa: S608  (constant SQL built from this module's own names; no input reaches it)
"""The SQL behind fast incident lists: sort keys, indexes and the text index (migration 0007).

Kept in one Qt-free module so the migration, the ORM models (which must
match it, tests compare them) and the benchmark's bulk build say the same
thing. The sort keys are VIRTUAL generated columns: they cost no space,
and an index over them lets SQLite serve the priority order and keyset
pages (row-value comparisons) by seeking instead of sorting a million rows.

Text search is an FTS5 table (``unicode61 remove_diacritics 2``: "kecamatan"
finds "Kécamatan", case and accents fold the same way for query and text).
Its rowid is a number from ``ticket_search_ids``, not the tickets' own
rowid, which VACUUM may renumber (tickets have a text primary key).
Triggers keep it in step with every write path: the repository, sync
apply and anything else that writes SQL. Comments are recomputed from the
ticket's local and server events (UNION, so a comment pushed and pulled
back counts once); a cursor reset that forgets server events keeps their
text searchable until the pull brings them back.
"""

from __future__ import annotations

SEVERITY_RANK_SQL = (
    "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END"
)
STATUS_RANK_SQL = (
    "CASE status WHEN 'new' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'in_progress' THEN 2 "
    "WHEN 'resolved' THEN 3 ELSE 4 END"
)
# 0: awaiting acknowledgement (not acknowledged, not closed): these come first.
ACK_RANK_SQL = "CASE WHEN acknowledged_at IS NULL AND status != 'closed' THEN 0 ELSE 1 END"
CLOSED_RANK_SQL = "CASE WHEN status = 'closed' THEN 1 ELSE 0 END"
# Newest first as an ascending number, so every priority key sorts the same way.
NEWEST_FIRST_SQL = "-julianday(created_at)"

GENERATED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("ack_rank", "INTEGER", ACK_RANK_SQL),
    ("closed_rank", "INTEGER", CLOSED_RANK_SQL),
    ("severity_rank", "INTEGER", SEVERITY_RANK_SQL),
    ("status_rank", "INTEGER", STATUS_RANK_SQL),
    ("newest_first", "FLOAT", NEWEST_FIRST_SQL),
)
INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ix_tickets_priority", ("ack_rank", "closed_rank", "severity_rank", "newest_first", "id")),
    ("ix_tickets_program_status", ("program", "status")),
    ("ix_tickets_updated_at", ("updated_at",)),
)

SEARCH_TABLE = "tickets_fts"
SEARCH_IDS_TABLE = "ticket_search_ids"
TOKENIZER = "unicode61 remove_diacritics 2"

_N_OF_NEW = f"(SELECT n FROM {SEARCH_IDS_TABLE} WHERE ticket_id = new.id)"
_PLACE_NEW = "coalesce(new.station, '') || ' ' || coalesce(new.series, '')"


def comments_of(ticket_id: str) -> str:
    """SQL for the comment texts of a ticket, local and pulled, each once."""
    return (
        "(SELECT coalesce(group_concat(t, ' '), '') FROM ("
        f"SELECT json_extract(data, '$.text') AS t FROM events "
        f"WHERE ticket_id = {ticket_id} AND kind = 'comment' "
        f"UNION SELECT json_extract(data, '$.text') FROM server_events "
        f"WHERE ticket_id = {ticket_id} AND kind = 'comment'))"
    )


def _comment_trigger(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_comment_search AFTER INSERT ON {table} "
        f"WHEN new.kind = 'comment' BEGIN "
        f"UPDATE {SEARCH_TABLE} SET comments = {comments_of('new.ticket_id')} "
        f"WHERE rowid = (SELECT n FROM {SEARCH_IDS_TABLE} WHERE ticket_id = new.ticket_id); END"
    )


SEARCH_TABLES = (
    f"CREATE TABLE {SEARCH_IDS_TABLE} (n INTEGER PRIMARY KEY, "
    "ticket_id VARCHAR(36) NOT NULL UNIQUE)",
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5("
    f"title, description, comments, place, tokenize = '{TOKENIZER}')",
)
SEARCH_TRIGGERS = (
    "CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets BEGIN "
    f"INSERT INTO {SEARCH_IDS_TABLE} (ticket_id) VALUES (new.id); "
    f"INSERT INTO {SEARCH_TABLE} (rowid, title, description, comments, place) "
    f"VALUES ({_N_OF_NEW}, new.title, new.description, '', {_PLACE_NEW}); END",
    "CREATE TRIGGER tickets_search_update AFTER UPDATE OF title, description, station, series "
    f"ON tickets BEGIN UPDATE {SEARCH_TABLE} SET title = new.title, "
    f"description = new.description, place = {_PLACE_NEW} WHERE rowid = {_N_OF_NEW}; END",
    "CREATE TRIGGER tickets_search_delete AFTER DELETE ON tickets BEGIN "
    f"DELETE FROM {SEARCH_TABLE} WHERE rowid = "
    f"(SELECT n FROM {SEARCH_IDS_TABLE} WHERE ticket_id = old.id); "
    f"DELETE FROM {SEARCH_IDS_TABLE} WHERE ticket_id = old.id; END",
    _comment_trigger("events"),
    _comment_trigger("server_events"),
)
SEARCH_TRIGGER_NAMES = (
    "tickets_search_insert",
    "tickets_search_update",
    "tickets_search_delete",
    "events_comment_search",
    "server_events_comment_search",
)
# Fill the index from what the file holds (the migration, and bulk loads with triggers off).
BACKFILL = (
    f"INSERT INTO {SEARCH_IDS_TABLE} (ticket_id) SELECT id FROM tickets "
    f"WHERE id NOT IN (SELECT ticket_id FROM {SEARCH_IDS_TABLE})",
    f"INSERT INTO {SEARCH_TABLE} (rowid, title, description, comments, place) "
    "SELECT m.n, t.title, t.description, coalesce(c.texts, ''), "
    "coalesce(t.station, '') || ' ' || coalesce(t.series, '') "
    f"FROM tickets AS t JOIN {SEARCH_IDS_TABLE} AS m ON m.ticket_id = t.id "
    "LEFT JOIN (SELECT ticket_id, group_concat(t, ' ') AS texts FROM ("
    "SELECT ticket_id, json_extract(data, '$.text') AS t FROM events WHERE kind = 'comment' "
    "UNION SELECT ticket_id, json_extract(data, '$.text') FROM server_events "
    "WHERE kind = 'comment') GROUP BY ticket_id) AS c ON c.ticket_id = t.id "
    f"WHERE m.n NOT IN (SELECT rowid FROM {SEARCH_TABLE})",
)


def is_search_table(name: str) -> bool:
    """The FTS table, its shadow tables and its id map: not in the ORM's metadata."""
    return name == SEARCH_IDS_TABLE or name.startswith(SEARCH_TABLE)


def match_expression(text: str) -> str | None:
    """An FTS5 query for what a user typed: every word, each as a prefix, all required.

    Words are quoted, so FTS5 syntax in the text (``OR``, ``*``, ``"``,
    ``-``) is searched for as words, never obeyed or refused.
    """
    words = [w for w in text.replace('"', " ").split() if w]
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)
