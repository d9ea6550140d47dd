"""Opening, backing up and restoring the record, for the `accredit db` commands.

These run as the local operator (who has the file itself, so full rights); they still go
through the service so that every change is audited.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from engine.models.bundle import ReleaseBundle
from engine.service import signing
from engine.service.access import require
from engine.service.errors import InvalidInput
from engine.service.library_checks import checked_release
from engine.service.principals import Principal
from engine.service.recording import record
from engine.service.releases import bundle_to_json, list_releases, register_release, release_bundle
from engine.storage import Database, audit, default_path, evidence_store, migrate, records
from engine.storage.database import remove_paths
from engine.storage.errors import StorageError
from engine.storage.migrations import applied_versions, ensure_record


@dataclass(frozen=True)
class RecordStatus:
    path: Path
    schema_versions: list[int]
    organisations: int
    audit_entries: int
    without_decider: tuple[str, ...] = ()
    """Self-assessments in review that no decider is assigned to (as after migrating a record
    to schema v3): only an administrator can decide them until one is assigned."""


def open_record(path: Path | None = None) -> tuple[Database, list[int]]:
    """Open (creating if needed) the record and apply pending migrations; (db, applied now)."""
    db = Database(path or default_path())
    return db, migrate(db)


def open_existing_record(path: Path | None = None) -> tuple[Database, list[int]]:
    """Open a record that exists (a mistyped path must not make a new, empty one)."""
    where = path or default_path()
    if not where.is_file():
        raise InvalidInput(
            f"no record at {where}; check --db or $ACCREDIT_DB, or create one with "
            "`accredit db init`",
            "--db",
        )
    return open_record(where)


def status(principal: Principal, db: Database) -> RecordStatus:
    require(principal, "audit.verify")
    with db.read() as cursor:
        organisations = records.count(cursor, "organisations", {})
        without_decider = cursor.execute(_WITHOUT_DECIDER_SQL).fetchall()
    return RecordStatus(
        db.path,
        applied_versions(db),
        organisations,
        audit.last_seq(db),
        tuple(row[0] for row in without_decider),
    )


_WITHOUT_DECIDER_SQL = """
SELECT a.id FROM assessments a
WHERE a.state = 'in_review'
  AND NOT EXISTS (SELECT 1 FROM decider_assignments d WHERE d.assessment_id = a.id)
ORDER BY a.id
"""


def library_release(version: str | None = None) -> ReleaseBundle:
    """A release of the installed standards library (default: the newest), refused while a
    problem concerns one of its files (hashes included), with the problems named."""
    return checked_release(version)


def ensure_release(principal: Principal, db: Database, bundle: ReleaseBundle) -> bool:
    """Register the release unless it is there already; whether it was registered now."""
    require(principal, "release.manage")
    if any(r.version == bundle.version for r in list_releases(db)):
        if bundle_to_json(release_bundle(db, bundle.version)) != bundle_to_json(bundle):
            raise InvalidInput(
                f"release {bundle.version} is registered with other content than the library "
                "has now: a published file was changed after it was registered. Restore the "
                "published files; the record's copy is the one its certificates rest on",
                "release",
            )
        return False
    register_release(principal, db, bundle)
    return True


def backup(principal: Principal, db: Database, target: Path) -> Path:
    """A consistent copy of the database file, its evidence store and its certificate signing
    key (`<target>.secret`, readable by the owner only), taken between writes."""
    require(principal, "audit.verify")
    for taken in (target, signing.key_file(target), _evidence_of(target)):
        if taken.exists() or taken.is_symlink():
            raise InvalidInput(f"{taken} exists already; choose a new file name", str(taken))
    with db.write_lock():
        db.checkpoint()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(db.path, target)
            if db.evidence_root.is_dir():
                shutil.copytree(db.evidence_root, _evidence_of(target))
            signing.copy_key(db.path, target)
        except OSError as error:
            remove_paths(target, _evidence_of(target), signing.key_file(target))
            raise StorageError(f"could not write the backup {target}: {error}") from None
    with db.transaction() as cursor:
        record(cursor, principal, "record.backup", ("record", str(target), None))
    return target


def _evidence_of(path: Path) -> Path:
    return Database.evidence_root_of(path)


def restore(source: Path, target: Path | None = None) -> list[audit.AuditProblem]:
    """Replace the record with a backup, after checking that the backup's audit log holds.

    Refused while another process has the record open, for the record itself (however named),
    for a file that is not an Accredit record on either side, and for a backup of a newer
    Accredit. Returns the backup's audit problems (and restores nothing) if there are any. The
    backup is copied beside the record first and swapped in only when the copy is whole, so a
    failed copy (a full disk) leaves the record as it was. The signing key beside the backup
    comes with it; a backup without one (made before backups carried it) leaves the record's
    key file as it is (see `missing_key`).
    """
    target = (target or default_path()).resolve()  # a symlinked record: the file it names
    staged = target.with_name(target.name + ".restoring")
    if not source.is_file():
        raise InvalidInput(f"no backup at {source}", str(source))
    for kept in (target, staged):
        if kept.exists() and os.path.samefile(source, kept):
            message = f"{source} is the record itself (or its restore under way); restore "
            raise InvalidInput(message + "from a backup made with `db backup`", str(source))
    problems = _checked_backup(source)
    if problems:
        return problems
    if target.exists():
        current = Database(target)  # refuses with DatabaseInUseError while someone has it open
        try:
            ensure_record(current)
        finally:
            current.close()
    _remove_staged(staged)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, staged)
        if _evidence_of(source).is_dir():
            shutil.copytree(_evidence_of(source), _evidence_of(staged))
        signing.copy_key(source, staged)
    except OSError as error:
        _remove_staged(staged)
        raise StorageError(f"could not copy the backup beside {target}: {error}") from None
    _swap_in(staged, target)
    return []


key_file = signing.key_file


def _remove_staged(staged: Path) -> None:
    remove_paths(staged, _evidence_of(staged), signing.key_file(staged))


def missing_key(path: Path | None = None) -> str | None:
    """What to do when the record has issued certificate codes but its signing key is not
    beside it (as after restoring an old backup on a new server), or the key there is another
    record's; None when all is well."""
    db = Database((path or default_path()).resolve())
    try:
        return signing.key_problem(db)
    finally:
        db.close()


def _checked_backup(source: Path) -> list[audit.AuditProblem]:
    """The backup's audit problems; DatabaseOpenError if it is no record this Accredit reads;
    InvalidInput if evidence files that it holds are not beside it."""
    backup_db = Database(source)
    try:
        ensure_record(backup_db, new_allowed=False)
        _refuse_missing_files(backup_db, source)
        return audit.verify(backup_db)
    finally:
        backup_db.close()


def _refuse_missing_files(backup_db: Database, source: Path) -> None:
    """Restoring a backup without its evidence store would drop every stored file."""
    with backup_db.read() as cursor:
        held = records.rows(cursor, "SELECT DISTINCT sha256 FROM evidence WHERE sha256 IS NOT NULL")
    store = _evidence_of(source)
    missing = [
        r["sha256"] for r in held if not evidence_store.path_for(store, r["sha256"]).is_file()
    ]
    if missing:
        raise InvalidInput(
            f"{source} is incomplete: {len(missing)} of its {len(held)} evidence files are not "
            f"in {store} (the first: {missing[0]}); restore from a backup made with `db backup`, "
            "which copies the folder beside the file, or put that folder back beside it",
            str(source),
        )


def _swap_in(staged: Path, target: Path) -> None:
    """Move a whole staged copy (file and evidence store) into the record's place."""
    replaced = _evidence_of(target).with_name(_evidence_of(target).name + ".replaced")
    remove_paths(replaced, target.with_name(target.name + ".wal"))
    if _evidence_of(target).exists():
        _evidence_of(target).rename(replaced)
    if _evidence_of(staged).exists():
        _evidence_of(staged).rename(_evidence_of(target))
    signing.move_key(staged, target)
    staged.replace(target)
    remove_paths(replaced)


__all__ = [
    "Database",
    "RecordStatus",
    "StorageError",
    "backup",
    "default_path",
    "ensure_release",
    "key_file",
    "library_release",
    "missing_key",
    "open_record",
    "restore",
    "status",
]
