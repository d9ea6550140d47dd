"""The key that signs certificate verification codes: made once, carried by backups, never
invented again.

The key is $ACCREDIT_SECRET, else the file `<record>.secret` beside the record. It is made (and
its making audited) when the record issues its first code. From then on a missing key file is an
error that says where the key is expected: a new key would make every certificate the record
issued "NOT genuine". A backup carries the key beside it (`<backup>.secret`, owner-only), and a
restore brings it back with the record.
"""

from __future__ import annotations

import os
from pathlib import Path

from engine.reports import verification
from engine.service.errors import ServiceError
from engine.service.principals import Principal
from engine.service.recording import record
from engine.storage import Database

KEY_MADE = "certificate.signing_key_created"
ISSUED_ACTIONS = (KEY_MADE, "certificate.download")
"""Audit actions that show the record has handed out verification codes signed by its key."""


class SigningKeyMissing(ServiceError):
    """The record has issued certificate codes but its signing key is not where it belongs."""

    code = "certificate.signing_key_missing"


def key_file(record_path: Path) -> Path:
    """Where the record's signing key is kept."""
    return verification.secret_file(record_path)


def key_present(record_path: Path) -> bool:
    """Whether a key is there for the record ($ACCREDIT_SECRET or its key file)."""
    return verification.read_secret(record_path) is not None


def codes_issued(db: Database) -> bool:
    """Whether the record has handed out verification codes (made its key, or a certificate)."""
    marks = ", ".join("?" for _ in ISSUED_ACTIONS)
    with db.read() as cursor:
        found = cursor.execute(
            f"SELECT 1 FROM audit_log WHERE action IN ({marks}) LIMIT 1",  # noqa: S608 - marks only
            list(ISSUED_ACTIONS),
        ).fetchall()
    return bool(found)


def missing_key_message(record_path: Path) -> str:
    return (
        f"the key that signs this record's certificate codes is missing: expected at "
        f"{key_file(record_path)}. Copy it there from the backup (the file ending in .secret "
        "beside it) or from the record's old place, or set $ACCREDIT_SECRET; without it no "
        "certificate this record issued can be verified"
    )


def _refuse_if_issued(db: Database) -> None:
    if codes_issued(db):
        raise SigningKeyMissing(missing_key_message(db.path), str(key_file(db.path)))


def checking_key(db: Database) -> bytes | None:
    """The key to check a code with; None if the record never issued one (so no code is
    genuine). SigningKeyMissing if it did and the key is gone: never a new key."""
    key = verification.read_secret(db.path)
    if key is None:
        _refuse_if_issued(db)
    return key


def issuing_key(principal: Principal, db: Database) -> bytes:
    """The key to print a code with, made (and audited) for a record that has issued none."""
    key = verification.read_secret(db.path)
    if key is not None:
        return key
    _refuse_if_issued(db)
    with db.transaction() as cursor:
        key = verification.create_secret(db.path)
        record(cursor, principal, KEY_MADE, ("record", str(key_file(db.path)), None))
    return key


def copy_key(record_path: Path, copy_path: Path) -> bool:
    """Write the record's key file beside a copy of it (owner-only); whether there was one."""
    source = key_file(record_path)
    if not source.is_file():
        return False
    verification.write_private(key_file(copy_path), source.read_text(encoding="ascii"))
    return True


def move_key(staged_path: Path, record_path: Path) -> None:
    """Put a staged copy's key in the record's place (nothing if the copy has none)."""
    staged = key_file(staged_path)
    if staged.is_file():
        os.replace(staged, key_file(record_path))
