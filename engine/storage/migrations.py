"""Versioned schema migrations, applied at start; applying them twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from engine.storage import schema_v1, schema_v2
from engine.storage.database import Database


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial record: organisations to audit log", schema_v1.STATEMENTS),
    Migration(2, "answers archived by a move to another release", schema_v2.STATEMENTS),
)

_LEDGER = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"""


def _check_table() -> None:
    versions = [m.version for m in MIGRATIONS]
    if versions != sorted(set(versions)):
        raise ValueError("migration versions must be unique and increasing")


_check_table()


def applied_versions(db: Database) -> list[int]:
    with db.transaction() as cursor:
        cursor.execute(_LEDGER)
    with db.read() as cursor:
        rows = cursor.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    return [int(row[0]) for row in rows]


def migrate(db: Database) -> list[int]:
    """Apply every pending migration, each in its own transaction; the versions applied now."""
    done = set(applied_versions(db))
    applied: list[int] = []
    for migration in MIGRATIONS:
        if migration.version in done:
            continue
        with db.transaction() as cursor:
            for statement in migration.statements:
                cursor.execute(statement)
            cursor.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [migration.version, migration.name, datetime.now(UTC).replace(tzinfo=None)],
            )
        applied.append(migration.version)
    return applied


def open_database(path: str | None = None) -> Database:
    """Open (creating if needed) the database and bring its schema up to date."""
    db = Database(path)
    migrate(db)
    return db
