"""The one DuckDB connection of a process: hardened at start, a cursor per operation.

DuckDB allows one writing process per file; inside the process, threads each take their own
cursor. Every write runs in one transaction; a write-write conflict becomes `ConflictError`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from engine.storage.errors import (
    ConflictError,
    DatabaseInUseError,
    DatabaseOpenError,
    IntegrityError,
    StorageError,
)

DB_ENV = "ACCREDIT_DB"
DEFAULT_DB = "accredit.duckdb"

HARDENING: tuple[str, ...] = (
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET allow_community_extensions = false",
    "SET enable_external_access = false",
    "SET lock_configuration = true",
)
"""Applied in this order at start; the last one freezes every setting for the process."""

_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


@dataclass(frozen=True)
class Limits:
    threads: int = 2
    memory_limit: str = "1GB"


def default_path() -> Path:
    """The database file: $ACCREDIT_DB, else ./accredit.duckdb."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def _open_error(path: Path, error: duckdb.Error) -> StorageError:
    text = str(error)
    if "Conflicting lock" in text or "Could not set lock" in text:
        holder = _LOCK_HOLDER.search(text)
        pid = f" (process {holder.group(1)})" if holder else ""
        return DatabaseInUseError(
            f"database is in use by another process{pid}; stop it (for example the dashboard) "
            "and try again",
            str(path),
        )
    if "configuration has been locked" in text or "different configuration" in text:
        return DatabaseInUseError(
            "database is already open in this process; use its one Database object", str(path)
        )
    for phrase, meaning in _OPEN_FAILURES.items():
        if phrase in text:
            return DatabaseOpenError(f"cannot open the record {path}: {meaning}", str(path))
    return DatabaseOpenError(f"cannot open the database: {text.splitlines()[0]}", str(path))


_OPEN_FAILURES: dict[str, str] = {
    "not a valid DuckDB database file": "the file is not an Accredit record (not a DuckDB "
    "database); check --db or $ACCREDIT_DB",
    "No such file or directory": "its folder does not exist; create the folder or choose "
    "another path with --db",
    "Permission denied": "permission denied; run as the user who owns the record, or check "
    "the file's and its folder's permissions",
    "Read-only file system": "the file system is read-only; use a record on a writable disk",
}
"""What DuckDB's IO errors on opening mean to the person who typed the path."""


class Database:
    """One per process. Use `cursor()`, `read()` or `transaction()` for every operation."""

    def __init__(self, path: Path | str | None = None, limits: Limits | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        limits = limits or Limits()
        self._write_lock = threading.RLock()
        try:
            self._connection = duckdb.connect(str(self.path))
            self._connection.execute(f"SET threads = {int(limits.threads)}")
            self._connection.execute("SET memory_limit = ?", [limits.memory_limit])
            for statement in HARDENING:
                self._connection.execute(statement)
        except duckdb.Error as error:
            raise _open_error(self.path, error) from None

    @property
    def evidence_root(self) -> Path:
        """Evidence files live beside the database: <db>.evidence/sha256/ab/cdef..."""
        return self.evidence_root_of(self.path)

    @staticmethod
    def evidence_root_of(path: Path) -> Path:
        """Where the evidence of the record at `path` lives (its file, not yet opened)."""
        return path.with_name(path.name + ".evidence")

    @staticmethod
    def files_of(path: Path) -> tuple[Path, Path, Path]:
        """Everything a record at `path` is on disk: its file, its WAL and its evidence."""
        return path, path.with_name(path.name + ".wal"), Database.evidence_root_of(path)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._connection.cursor()

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self.cursor()
        try:
            yield cursor
        except duckdb.Error as error:
            raise translate(error) from None
        finally:
            cursor.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write: BEGIN ... COMMIT, ROLLBACK on any error (conflicts become ConflictError).

        Writes are serialised inside the process so that the audit chain stays linear; reads
        run in parallel on their own cursors.
        """
        with self._write_lock:
            yield from self._transaction()

    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self.cursor()
        try:
            cursor.execute("BEGIN TRANSACTION")
            yield cursor
            cursor.execute("COMMIT")
        except BaseException as error:
            _rollback(cursor)
            if isinstance(error, duckdb.Error):
                raise translate(error) from None
            raise
        finally:
            cursor.close()

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold off every write of this process (e.g. while the file is copied)."""
        with self._write_lock:
            yield

    def checkpoint(self) -> None:
        with self.read() as cursor:
            cursor.execute("FORCE CHECKPOINT")

    def close(self) -> None:
        self._connection.close()


def _rollback(cursor: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # already rolled back after a failed commit
        cursor.execute("ROLLBACK")


_TRANSLATIONS: tuple[tuple[type[duckdb.Error], type[StorageError], str], ...] = (
    (
        duckdb.TransactionException,
        ConflictError,
        "someone else changed this at the same time; reload and try again",
    ),
    (duckdb.ConstraintException, IntegrityError, "the change breaks a rule of the record"),
)


def translate(error: duckdb.Error) -> StorageError:
    """A DuckDB error as a typed storage error (never a traceback for the user)."""
    for duck_type, ours, message in _TRANSLATIONS:
        if isinstance(error, duck_type):
            return ours(f"{message} ({str(error).splitlines()[0]})")
    return StorageError(f"database error: {str(error).splitlines()[0]}")


def remove_paths(*paths: Path) -> None:
    """Remove files and folders that may or may not be there (a record's, a staged copy's)."""
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
