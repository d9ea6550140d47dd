"""The append-only, hash-chained audit log of every change.

Each entry's hash is sha256(previous hash + canonical JSON of the entry). Verification
recomputes the chain, so a changed, inserted or deleted row breaks it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from engine.storage.database import Database

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    org_id: str | None
    payload: dict[str, Any]


@dataclass(frozen=True)
class AuditProblem:
    code: str
    message: str
    seq: int


def canonical(entry: AuditEntry, seq: int) -> str:
    body = {
        "seq": seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "org_id": entry.org_id,
        "payload": entry.payload,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)


def chain_hash(prev_hash: str, entry: AuditEntry, seq: int) -> str:
    return hashlib.sha256((prev_hash + canonical(entry, seq)).encode()).hexdigest()


def append(cursor: duckdb.DuckDBPyConnection, entry: AuditEntry) -> int:
    """Append one entry inside the caller's transaction; returns its sequence number."""
    head = cursor.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchall()
    seq, prev = (int(head[0][0]) + 1, str(head[0][1])) if head else (1, GENESIS)
    payload = json.loads(json.dumps(entry.payload, sort_keys=True, default=str))
    entry = AuditEntry(
        entry.at, entry.actor, entry.action, entry.entity, entry.entity_id, entry.org_id, payload
    )
    cursor.execute(
        "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            seq,
            entry.at,
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.org_id,
            json.dumps(payload, sort_keys=True, separators=(",", ":")),
            prev,
            chain_hash(prev, entry, seq),
        ],
    )
    cursor.execute(
        "INSERT OR REPLACE INTO audit_head VALUES (1, ?, ?)", [seq, chain_hash(prev, entry, seq)]
    )
    return seq


def _row_entry(row: tuple[Any, ...]) -> AuditEntry:
    return AuditEntry(row[1], row[2], row[3], row[4], row[5], row[6], json.loads(row[7]))


def verify(db: Database) -> list[AuditProblem]:
    """Every break in the chain: a gap (deleted row), a wrong link or a changed entry."""
    with db.read() as cursor:
        rows = cursor.execute(
            "SELECT seq, logged_at, actor, action, entity, entity_id, org_id, payload_json, "
            "prev_hash, hash FROM audit_log ORDER BY seq"
        ).fetchall()
    problems: list[AuditProblem] = []
    expected_prev, expected_seq = GENESIS, 1
    for row in rows:
        seq = int(row[0])
        if seq != expected_seq:
            problems.append(
                AuditProblem("audit.gap", f"entries {expected_seq}..{seq - 1} are missing", seq)
            )
        if row[8] != expected_prev:
            problems.append(AuditProblem("audit.link", "link to the previous entry broken", seq))
        if chain_hash(row[8], _row_entry(row), seq) != row[9]:
            problems.append(AuditProblem("audit.changed", "entry changed after writing", seq))
        expected_prev, expected_seq = row[9], seq + 1
    return problems + _check_head(db, expected_seq - 1, expected_prev)


def _check_head(db: Database, seq: int, last_hash: str) -> list[AuditProblem]:
    """The recorded head must be the last entry: catches deleting entries at the end."""
    with db.read() as cursor:
        head = cursor.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchall()
    recorded = (int(head[0][0]), str(head[0][1])) if head else (0, GENESIS)
    if recorded != (seq, last_hash):
        return [AuditProblem("audit.head", "the last entries of the log are missing", seq)]
    return []


def last_seq(db: Database) -> int:
    with db.read() as cursor:
        row = cursor.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchall()
    return int(row[0][0])
