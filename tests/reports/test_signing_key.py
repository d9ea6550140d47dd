"""The key that signs verification codes survives a backup and a restore, and is never invented
for a record that has issued codes (every certificate would then be "NOT genuine")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from engine.reports import verification
from engine.service import audit, maintenance, reports, signing
from engine.service.principals import SYSTEM
from engine.service.signing import SigningKeyMismatch, SigningKeyMissing
from engine.storage import Database
from tests.reports.worlds import Certified


def _issued(certified: Certified) -> tuple[str, Path]:
    """The certificate's code, and the record (closed)."""
    world = certified.world
    code = reports.certificate_code(world.alpha_member, world.db, certified.number)
    world.db.close()
    return code, Path(world.db.path)


def _verify(path: Path, code: str) -> str:
    db = Database(path)
    try:
        return reports.verify_certificate(db, code).to_text()
    finally:
        db.close()


def test_a_backup_restored_on_a_new_server_still_verifies_its_certificates(
    certified: Certified, tmp_path: Path
) -> None:
    code, live = _issued(certified)
    db = Database(live)
    backup = maintenance.backup(SYSTEM, db, tmp_path / "copies" / "monday.duckdb")
    db.close()
    carried = verification.secret_file(backup)
    assert carried.is_file() and carried.stat().st_mode & 0o077 == 0
    assert _verify(backup, code) == "genuine, current"
    moved = tmp_path / "new-server" / "accredit.duckdb"
    assert maintenance.restore(backup, moved) == []
    assert _verify(moved, code) == "genuine, current"
    assert maintenance.missing_key(moved) is None
    restored = Database(moved)
    assert audit.verify_audit(SYSTEM, restored) == []
    restored.close()


def test_a_backup_is_refused_where_a_key_file_is_in_the_way(
    certified: Certified, tmp_path: Path
) -> None:
    _, live = _issued(certified)
    verification.secret_file(tmp_path / "b.duckdb").write_text("someone else's", "ascii")
    db = Database(live)
    with pytest.raises(maintenance.InvalidInput, match=r"b\.duckdb\.secret exists already"):
        maintenance.backup(SYSTEM, db, tmp_path / "b.duckdb")
    db.close()
    assert not (tmp_path / "b.duckdb").exists()


def test_a_record_without_its_key_refuses_and_makes_no_new_key(
    certified: Certified, tmp_path: Path
) -> None:
    code, live = _issued(certified)
    renamed = tmp_path / "renamed.duckdb"
    shutil.copy(live, renamed)
    db = Database(renamed)
    with pytest.raises(SigningKeyMissing, match=r"key .* is missing: expected at .*renamed"):
        reports.verify_certificate(db, code)
    with pytest.raises(SigningKeyMissing):
        reports.certificate_code(certified.world.alpha_member, db, certified.number)
    db.close()
    assert not verification.secret_file(renamed).exists()
    assert maintenance.missing_key(renamed) is not None


def test_an_old_backup_without_a_key_keeps_the_records_key(
    certified: Certified, tmp_path: Path
) -> None:
    code, live = _issued(certified)
    db = Database(live)
    backup = maintenance.backup(SYSTEM, db, tmp_path / "old.duckdb")
    db.close()
    verification.secret_file(backup).unlink()
    assert maintenance.restore(backup, live) == []
    assert _verify(live, code) == "genuine, current"


def test_a_record_that_issued_no_code_makes_its_key_on_the_first_one(
    certified: Certified,
) -> None:
    world = certified.world
    key = verification.secret_file(Path(world.db.path))
    assert reports.verify_certificate(world.db, "AAAA-AAAA-AAAA-AAAA").to_text() == "NOT genuine"
    assert not key.exists()
    code = reports.certificate_code(world.alpha_member, world.db, certified.number)
    assert key.is_file()
    assert reports.verify_certificate(world.db, code).to_text() == "genuine, current"
    assert audit.verify_audit(SYSTEM, world.db) == []


def _key_entries(db: Database) -> list[tuple[str, dict[str, object]]]:
    with db.read() as cursor:
        rows = cursor.execute(
            "SELECT action, payload_json FROM audit_log WHERE action LIKE '%signing_key%' "
            "ORDER BY seq"
        ).fetchall()
    return [(str(action), json.loads(payload)) for action, payload in rows]


def test_another_records_key_file_is_refused_not_used(certified: Certified, tmp_path: Path) -> None:
    """A key file restored beside the wrong record would call every certificate NOT genuine."""
    code, live = _issued(certified)
    own = verification.secret_file(live).read_text("ascii")
    other = "ab" * 32
    verification.secret_file(live).write_text(other, "ascii")
    db = Database(live)
    with pytest.raises(SigningKeyMismatch, match=r"record\.duckdb\.secret is not this record's"):
        reports.verify_certificate(db, code)
    with pytest.raises(SigningKeyMismatch) as refused:
        reports.certificate_code(certified.world.alpha_member, db, certified.number)
    assert signing.fingerprint(other.encode()) in refused.value.message
    assert signing.fingerprint(own.encode()) in refused.value.message
    db.close()
    assert "is not this record's" in (maintenance.missing_key(live) or "")
    assert verification.secret_file(live).read_text("ascii") == other  # left for the operator
    verification.secret_file(live).write_text(own, "ascii")
    assert _verify(live, code) == "genuine, current"


def test_the_fingerprint_is_audited_and_gives_nothing_of_the_key_away(
    certified: Certified,
) -> None:
    _, live = _issued(certified)
    db = Database(live)
    key = verification.secret_file(live).read_text("ascii")
    assert _key_entries(db) == [
        (signing.KEY_MADE, {"fingerprint": signing.fingerprint(key.encode())})
    ]
    assert key[:8] not in json.dumps(_key_entries(db))
    db.close()


def test_a_key_from_the_environment_is_registered_then_held_to(
    certified: Certified, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = certified.world
    monkeypatch.setenv(verification.SECRET_ENV, "the operator's key")
    code = reports.certificate_code(world.alpha_member, world.db, certified.number)
    assert _key_entries(world.db) == [
        (signing.KEY_REGISTERED, {"fingerprint": signing.fingerprint(b"the operator's key")})
    ]
    monkeypatch.setenv(verification.SECRET_ENV, "a mistyped key")
    with pytest.raises(SigningKeyMismatch, match=r"in \$ACCREDIT_SECRET is not this record's"):
        reports.verify_certificate(world.db, code)
    monkeypatch.setenv(verification.SECRET_ENV, "the operator's key")
    assert reports.verify_certificate(world.db, code).to_text() == "genuine, current"
    assert audit.verify_audit(SYSTEM, world.db) == []
