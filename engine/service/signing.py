"""The key that signs certificate verification codes: made once, carried by backups, never
invented again.

The key is $ACCREDIT_SECRET, else the file `<record>.secret` beside the record. It is made (and
its making audited) when the record issues its first code. From then on a missing key file is an
error that says where the key is expected: a new key would make every certificate the record
issued "NOT genuine". A backup carries the key beside it (`<backup>.secret`, owner-only), and a
restore brings it back with the record.

The record knows its key by a fingerprint (a hash that gives nothing of the key away), written
in the audit entry that made the key or, for a key that came from $ACCREDIT_SECRET or from
before fingerprints, in the entry that registered it when it first signed a code. A key that
does not match is refused, as a missing one is: it would call every certificate "NOT genuine".
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from engine.reports import verification
from engine.service.errors import ServiceError
from engine.service.principals import Principal
from engine.service.recording import record
from engine.storage import Database
from engine.storage.records import Cursor

KEY_MADE = "certificate.signing_key_created"
KEY_REGISTERED = "certificate.signing_key_registered"
KEY_ACTIONS = (KEY_MADE, KEY_REGISTERED)
ISSUED_ACTIONS = (*KEY_ACTIONS, "certificate.download")
"""Audit actions that show the record has handed out verification codes signed by its key."""


class SigningKeyMissing(ServiceError):
    """The record has issued certificate codes but its signing key is not where it belongs."""

    code = "certificate.signing_key_missing"


class SigningKeyMismatch(ServiceError):
    """The key beside the record (or in $ACCREDIT_SECRET) is not the one it signed codes with."""

    code = "certificate.signing_key_mismatch"


def key_file(record_path: Path) -> Path:
    """Where the record's signing key is kept."""
    return verification.secret_file(record_path)


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


def fingerprint(key: bytes) -> str:
    """What the record keeps to know its key by: nothing of the key can be had from it."""
    return hashlib.sha256(b"accredit signing key fingerprint\x00" + key).hexdigest()[:16]


def recorded_fingerprint(db: Database) -> str | None:
    """The fingerprint of the key the record signs with, as its audit log has it."""
    marks = ", ".join("?" for _ in KEY_ACTIONS)
    with db.read() as cursor:
        rows = cursor.execute(
            f"SELECT payload_json FROM audit_log WHERE action IN ({marks}) ORDER BY seq",  # noqa: S608
            list(KEY_ACTIONS),
        ).fetchall()
    found = [json.loads(row[0]).get("fingerprint") for row in rows]
    return next((f for f in reversed(found) if isinstance(f, str)), None)


def key_mismatch_message(record_path: Path, recorded: str, given: str) -> str:
    source = (
        "$ACCREDIT_SECRET" if os.environ.get(verification.SECRET_ENV) else key_file(record_path)
    )
    return (
        f"the signing key in {source} is not this record's (fingerprint {given}; the record "
        f"signs with {recorded}). Put the record's own key back: the file ending in .secret "
        "of the backup this record came from, or the key it was used with; with another key "
        "no certificate this record issued can be verified"
    )


def _mismatch(db: Database, key: bytes) -> str | None:
    """Why `key` is not the record's own (None when it is, or the record knows no key yet)."""
    recorded = recorded_fingerprint(db)
    if recorded is None or recorded == fingerprint(key):
        return None
    return key_mismatch_message(db.path, recorded, fingerprint(key))


def _refuse_if_not_own(db: Database, key: bytes) -> None:
    message = _mismatch(db, key)
    if message is not None:
        raise SigningKeyMismatch(message, str(key_file(db.path)))


def checking_key(db: Database) -> bytes | None:
    """The key to check a code with; None if the record never issued one (so no code is
    genuine). SigningKeyMissing if it did and the key is gone, SigningKeyMismatch if the key
    there is another record's: never a new key."""
    key = verification.read_secret(db.path)
    if key is None:
        _refuse_if_issued(db)
    else:
        _refuse_if_not_own(db, key)
    return key


def issuing_key(principal: Principal, db: Database) -> bytes:
    """The key to print a code with, made (and audited with its fingerprint) for a record that
    has issued none; a key that is there but unknown to the record is registered on first use."""
    key = verification.read_secret(db.path)
    if key is not None:
        if recorded_fingerprint(db) is None:
            _record_key(principal, db, KEY_REGISTERED, key)
        else:
            _refuse_if_not_own(db, key)
        return key
    _refuse_if_issued(db)
    with db.transaction() as cursor:
        key = verification.create_secret(db.path)
        _key_entry(cursor, principal, db, KEY_MADE, key)
    return key


def _record_key(principal: Principal, db: Database, action: str, key: bytes) -> None:
    with db.transaction() as cursor:
        _key_entry(cursor, principal, db, action, key)


def _key_entry(cursor: Cursor, principal: Principal, db: Database, action: str, key: bytes) -> None:
    payload = {"fingerprint": fingerprint(key)}
    record(cursor, principal, action, ("record", str(key_file(db.path)), None), payload)


def key_problem(db: Database) -> str | None:
    """What is wrong with the record's key (missing, or another record's); None when all is
    well or the record has issued no code."""
    key = verification.read_secret(db.path)
    if key is None:
        return missing_key_message(db.path) if codes_issued(db) else None
    return _mismatch(db, key)


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
