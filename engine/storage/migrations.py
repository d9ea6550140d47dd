"""Versioned schema migrations, applied at start; applying them twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from engine.storage import schema_v1, schema_v2, schema_v3
from engine.storage.database import Database
from engine.storage.errors import DatabaseOpenError, StorageError
from engine.wording import first_few


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial record: organisations to audit log", schema_v1.STATEMENTS),
    Migration(2, "answers archived by a move to another release", schema_v2.STATEMENTS),
    Migration(3, "the decider of a self-assessment, assigned", schema_v3.STATEMENTS),
)

_LEDGER = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"""


def _check_table() -> None:
    versions = [m.version for m in MIGRATIONS]
    if versions != sorted(set(versions)):
        raise ValueError("migration versions must be unique and increasing")


_check_table()


_OBJECTS = """
SELECT CASE WHEN schema_name = 'main' THEN table_name ELSE schema_name || '.' || table_name END
FROM duckdb_tables() WHERE database_name = current_database()
UNION ALL SELECT view_name FROM duckdb_views()
WHERE database_name = current_database() AND NOT internal
UNION ALL SELECT sequence_name FROM duckdb_sequences() WHERE database_name = current_database()
"""


def _objects(db: Database) -> set[str]:
    """Tables (schema-qualified outside main), views and sequences of the file."""
    with db.read() as cursor:
        return {str(row[0]) for row in cursor.execute(_OBJECTS).fetchall()}


def applied_versions(db: Database) -> list[int]:
    """The migrations applied to the record ([] for a new, empty file)."""
    if "schema_migrations" not in _objects(db):
        return []
    try:
        with db.read() as cursor:
            sql = "SELECT version FROM schema_migrations ORDER BY version"
            return [int(row[0]) for row in cursor.execute(sql).fetchall()]
    except (StorageError, TypeError, ValueError):
        raise _not_a_record(db, {"schema_migrations"}) from None


def _not_a_record(db: Database, objects: set[str]) -> DatabaseOpenError:
    return DatabaseOpenError(
        f"{db.path} is a DuckDB file but not an Accredit record (it holds "
        f"{first_few(sorted(objects))}); "
        "give the record's path, or a new file name to make a record",
        str(db.path),
    )


def ensure_record(db: Database, new_allowed: bool = True) -> list[int]:
    """The versions applied; DatabaseOpenError for a file that is not an Accredit record (or
    not yet one, unless `new_allowed`) or one made by a newer Accredit."""
    done = applied_versions(db)
    _check_is_record(db, set(done))
    if not done and not new_allowed:
        raise DatabaseOpenError(f"{db.path} is not an Accredit record (it is empty)", str(db.path))
    return done


def _check_is_record(db: Database, done: set[int]) -> None:
    """Refuse a DuckDB file that is not an Accredit record, or one of a newer version: tables
    must never be added to someone else's database, nor an unknown schema written to."""
    objects = _objects(db)
    if objects and "schema_migrations" not in objects:
        raise _not_a_record(db, objects)
    newest = max((m.version for m in MIGRATIONS), default=0)
    if done and max(done) > newest:
        raise DatabaseOpenError(
            f"{db.path} was made by a newer Accredit (record schema {max(done)}; this one "
            f"knows up to {newest}): upgrade Accredit before opening it",
            str(db.path),
        )


def migrate(db: Database) -> list[int]:
    """Apply every pending migration, each in one transaction with its entry in the ledger;
    the versions applied now."""
    done = set(ensure_record(db))
    applied: list[int] = []
    for migration in MIGRATIONS:
        if migration.version in done:
            continue
        with db.transaction() as cursor:
            cursor.execute(_LEDGER)
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
