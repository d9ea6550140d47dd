"""Rows and audit entries made in memory, then appended to the record in one transaction.

Each table goes in as one Arrow append; the audit entries are chained (sequence numbers and
hashes, exactly as `engine.storage.audit.append` would have made them one by one) and
appended after the rows, with the chain's head, in the same transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

import pyarrow as pa

from engine.service import clock
from engine.service.principals import Principal
from engine.storage import Database, audit, records

AUDIT_TABLE = "audit_log"
INCOMING = "demo_incoming"
Key = tuple[Any, ...]


@dataclass
class Sink:
    """Every table's rows by primary key (so that a step can change a row it made earlier),
    and the audit entries in the order the changes were made."""

    tables: dict[str, dict[Key, records.Row]] = field(default_factory=dict)
    entries: list[audit.AuditEntry] = field(default_factory=list)

    def insert(self, table: str, row: records.Row) -> records.Row:
        rows = self.tables.setdefault(table, {})
        key = tuple(row[k] for k in records.KEYS[table])
        if key in rows:
            raise ValueError(f"{table} already holds {key}")
        rows[key] = row
        return row

    def delete(self, table: str, key: Key) -> None:
        self.tables.get(table, {}).pop(key, None)

    def rows(self, table: str) -> list[records.Row]:
        return list(self.tables.get(table, {}).values())

    def log(
        self,
        actor: Principal,
        action: str,
        subject: tuple[str, str, str | None],
        payload: dict[str, Any] | None = None,
    ) -> None:
        """The audit entry of a change, at the service clock's time (as `recording.record`)."""
        entity, entity_id, org_id = subject
        entry = audit.AuditEntry(
            clock.now(), actor.user_id, action, entity, entity_id, org_id, payload or {}
        )
        self.entries.append(entry)


def _append(cursor: records.Cursor, table: str, rows: list[records.Row]) -> None:
    if table not in records.KEYS and table != AUDIT_TABLE:
        raise ValueError(f"unknown table {table!r}")
    if not rows:
        return
    columns = list(rows[0])
    if not all(c.isidentifier() and c.islower() for c in columns):
        raise ValueError(f"bad column names {columns!r}")
    if any(row.keys() != rows[0].keys() for row in rows):
        raise ValueError(f"the rows for {table} do not all have the same columns")
    incoming = pa.Table.from_pylist(rows)
    names = ", ".join(columns)
    cursor.register(INCOMING, incoming)
    try:
        cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {INCOMING}")  # noqa: S608
    finally:
        cursor.unregister(INCOMING)


def _chained(
    entries: list[audit.AuditEntry], seq: int, prev: str
) -> tuple[list[records.Row], int, str]:
    made: list[records.Row] = []
    for made_entry in entries:
        seq += 1
        payload = json.loads(json.dumps(made_entry.payload, sort_keys=True, default=str))
        entry = replace(made_entry, payload=payload)
        digest = audit.chain_hash(prev, entry, seq)
        made.append(
            {
                "seq": seq,
                "logged_at": entry.at,
                "actor": entry.actor,
                "action": entry.action,
                "entity": entry.entity,
                "entity_id": entry.entity_id,
                "org_id": entry.org_id,
                "payload_json": json.dumps(payload, sort_keys=True, separators=(",", ":")),
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    return made, seq, prev


def flush(db: Database, sink: Sink, keep: frozenset[str] = frozenset()) -> None:
    """Append the rows of every table but those to `keep` in memory (they may still change),
    and the chained audit entries so far, in one transaction."""
    written = [table for table in sink.tables if table not in keep]
    with db.transaction() as cursor:
        for table in written:
            _append(cursor, table, sink.rows(table))
        head = cursor.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchall()
        seq, prev = (int(head[0][0]), str(head[0][1])) if head else (0, audit.GENESIS)
        chained, seq, prev = _chained(sink.entries, seq, prev)
        _append(cursor, AUDIT_TABLE, chained)
        cursor.execute("INSERT OR REPLACE INTO audit_head VALUES (1, ?, ?)", [seq, prev])
    for table in written:
        del sink.tables[table]
    sink.entries.clear()
