"""DuckDB storage: schema, migrations, the hardened connection, records and the audit log."""

from engine.storage import audit, evidence_store, records
from engine.storage.database import Database, Limits, default_path
from engine.storage.errors import (
    ConflictError,
    DatabaseInUseError,
    DatabaseOpenError,
    IntegrityError,
    NotFoundError,
    StorageError,
)
from engine.storage.migrations import migrate, open_database

__all__ = [
    "ConflictError",
    "Database",
    "DatabaseInUseError",
    "DatabaseOpenError",
    "IntegrityError",
    "Limits",
    "NotFoundError",
    "StorageError",
    "audit",
    "default_path",
    "evidence_store",
    "migrate",
    "open_database",
    "records",
]
