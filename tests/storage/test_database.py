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
    migrations,
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


def _tables(path: Path) -> set[str]:
    con = duckdb.connect(str(path))
    try:
        return {str(r[0]) for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()


@pytest.mark.parametrize("tables", [("sales",), ("users", "sales")])
def test_another_programs_duckdb_file_is_refused_and_left_alone(
    tmp_path: Path, tables: tuple[str, ...]
) -> None:
    path = tmp_path / "theirs.duckdb"
    con = duckdb.connect(str(path))
    for table in tables:
        con.execute(f"CREATE TABLE {table} (id INTEGER)")
    con.close()
    with pytest.raises(StorageError, match="not an Accredit record") as refused:
        open_database(str(path))
    assert refused.value.code == "storage.open_failed"
    assert "sales" in refused.value.message
    assert _tables(path) == set(tables)


def test_a_record_of_a_newer_accredit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.duckdb"
    open_database(str(path)).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_migrations VALUES (99, 'from the future', now())")
    con.close()
    with pytest.raises(StorageError, match=r"newer Accredit .*schema 99"):
        open_database(str(path))


def test_a_failed_migration_leaves_no_trace(tmp_path: Path) -> None:
    """The ledger is written in the migration's own transaction: nothing half-made."""
    path = tmp_path / "half.duckdb"
    db = Database(path)
    broken = (*MIGRATIONS[0].statements, "CREATE TABLE organisations (id INTEGER)")
    original = migrations.MIGRATIONS
    migrations.MIGRATIONS = (migrations.Migration(1, "broken", broken),)
    try:
        with pytest.raises(StorageError):
            migrate(db)
    finally:
        migrations.MIGRATIONS = original
    db.close()
    assert _tables(path) == set()


@pytest.mark.parametrize(
    ("statements", "named"),
    [
        (("CREATE SCHEMA app", "CREATE TABLE app.sales (i INTEGER)"), "app.sales"),
        (("CREATE VIEW totals AS SELECT 1 AS one",), "totals"),
        (("CREATE SEQUENCE invoice_numbers",), "invoice_numbers"),
        (("CREATE TABLE schema_migrations (note VARCHAR)",), "schema_migrations"),
    ],
)
def test_a_file_with_other_objects_is_no_record_either(
    tmp_path: Path, statements: tuple[str, ...], named: str
) -> None:
    path = tmp_path / "theirs.duckdb"
    con = duckdb.connect(str(path))
    for statement in statements:
        con.execute(statement)
    con.close()
    with pytest.raises(StorageError, match="not an Accredit record") as refused:
        open_database(str(path))
    assert named in refused.value.message
    assert "organisations" not in _tables(path)
