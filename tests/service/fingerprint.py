"""A fingerprint of every table of the record: equal fingerprints, unchanged record."""

from __future__ import annotations

from engine.storage import Database
from engine.storage.records import KEYS

TABLES = (*KEYS, "audit_log", "audit_head")


def fingerprint(db: Database) -> list[tuple[object, ...]]:
    sql = " UNION ALL ".join(
        f"SELECT '{t}', count(*), coalesce(sum(hash(x)), 0) FROM {t} x" for t in TABLES
    )
    with db.read() as cursor:
        return [tuple(r) for r in cursor.execute(sql).fetchall()]
