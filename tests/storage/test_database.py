"""The hardened connection, migrations, transactions and the lock held by another process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from engine.storage import (
    ConflictError,
    Database,
    DatabaseInUseError,
    StorageError,
    migrate,
    open_database,
)
from engine.storage.database import translate
from engine.storage.migrations import MIGRATIONS, applied_versions


def test_migrations_apply_once_and_are_idempotent(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "a.duckdb"))
    assert applied_versions(db) == [m.version for m in MIGRATIONS]
    assert migrate(db) == []
    db.close()
    again = open_database(str(tmp_path / "a.duckdb"))
    assert applied_versions(again) == [m.version for m in MIGRATIONS]
    again.close()


def test_connection_is_hardened(tmp_path: Path) -> None:
    db = Database(tmp_path / "h.duckdb")
    with db.read() as cursor:
        settings = cursor.execute(
            "SELECT current_setting('enable_external_access'), "
            "current_setting('autoinstall_known_extensions'), "
            "current_setting('autoload_known_extensions'), "
            "current_setting('allow_community_extensions'), current_setting('threads')"
        ).fetchall()[0]
    assert settings == (False, False, False, False, 2)
    outside = tmp_path / "outside.csv"
    outside.write_text("a\n1\n")
    with pytest.raises(StorageError), db.read() as cursor:
        cursor.execute(f"SELECT * FROM read_csv('{outside}')").fetchall()
    with pytest.raises(StorageError), db.read() as cursor:
        cursor.execute("SET enable_external_access = true")
    db.close()


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "t.duckdb"))

    def half_done() -> None:
        with db.transaction() as cursor:
            cursor.execute(
                "INSERT INTO organisations (id, name, created_at) VALUES ('a', 'A', now())"
            )
            raise RuntimeError("crash in the middle")

    with pytest.raises(RuntimeError):
        half_done()
    with db.read() as cursor:
        assert cursor.execute("SELECT count(*) FROM organisations").fetchall() == [(0,)]
    db.close()


def test_duckdb_errors_become_typed_errors() -> None:
    assert isinstance(translate(duckdb.TransactionException("Conflict on update!")), ConflictError)
    assert translate(duckdb.ConstraintException("duplicate key")).code == "storage.integrity"


def test_a_database_held_by_another_process_is_reported_clearly(tmp_path: Path) -> None:
    path = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import duckdb, sys, time
                con = duckdb.connect({str(path)!r})
                print("ready", flush=True)
                time.sleep(30)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseInUseError, match="database is in use by another process"):
            Database(path)
    finally:
        holder.kill()
        holder.wait()
