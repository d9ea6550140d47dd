"""Certificate verification codes: HMAC-SHA256 with a secret key, short and human-typable.

A code is 16 characters of Crockford base32 in four groups (`7KQ2-M9XD-...`):
- 4 characters (20 bits) *locate* the certificate: HMAC over its number alone, so a verifier
  can find the candidate without recomputing every certificate's scope;
- 12 characters (60 bits) *seal* it: HMAC over the number, organisation, scope (release and
  standard versions), issue and expiry dates. Changing any of them, or any character of the
  code, makes the code not genuine.

Crockford base32 has no I, L, O or U; a typed I or L reads as 1, O as 0, and case and dashes
do not matter. The key comes from $ACCREDIT_SECRET or a key file kept beside the database.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from engine.reports.data import CertificateFacts

SECRET_ENV = "ACCREDIT_SECRET"  # noqa: S105 - the name of a variable
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOCATOR_CHARS = 4
_SEAL_CHARS = 12
CODE_LENGTH = _LOCATOR_CHARS + _SEAL_CHARS
_TYPO_FIXES = str.maketrans({"I": "1", "L": "1", "O": "0", "-": None, " ": None})


def secret_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".secret")


def read_secret(db_path: Path) -> bytes | None:
    """The signing key: $ACCREDIT_SECRET, else the key file beside the database; None when
    neither is there (whether a new one may be made is the service's decision)."""
    from_env = os.environ.get(SECRET_ENV)
    if from_env:
        return from_env.encode("utf-8")
    path = secret_file(db_path)
    if not path.is_file():
        return None
    return path.read_text(encoding="ascii").strip().encode("ascii")


def write_private(path: Path, text: str) -> None:
    """Write a new file readable by its owner only; an existing file is never overwritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(text)


def create_secret(db_path: Path) -> bytes:
    """A new key file beside the database: 256 random bits, readable by the owner only (if
    another process made it a moment ago, that one)."""
    with contextlib.suppress(FileExistsError):
        write_private(secret_file(db_path), secrets.token_hex(32))
    return secret_file(db_path).read_text(encoding="ascii").strip().encode("ascii")


def _base32(digest: bytes, chars: int) -> str:
    number = int.from_bytes(digest, "big") >> (len(digest) * 8 - 5 * chars)
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(chars)))


def _mac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def locator(key: bytes, number: str) -> str:
    return _base32(_mac(key, f"locate\x1f{number}"), _LOCATOR_CHARS)


def seal(key: bytes, facts: CertificateFacts) -> str:
    fields = (
        "seal",
        facts.number,
        facts.org_id,
        facts.scope_key(),
        facts.issued_on.isoformat(),
        facts.expires_on.isoformat(),
    )
    return _base32(_mac(key, "\x1f".join(fields)), _SEAL_CHARS)


def verification_code(key: bytes, facts: CertificateFacts) -> str:
    """The code printed on the certificate, grouped by four: XXXX-XXXX-XXXX-XXXX."""
    raw = locator(key, facts.number) + seal(key, facts)
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise(code: str) -> str | None:
    """The code as the 16 canonical characters, or None when it cannot be a code at all."""
    cleaned = code.upper().translate(_TYPO_FIXES)
    if len(cleaned) != CODE_LENGTH or any(c not in ALPHABET for c in cleaned):
        return None
    return cleaned


def locator_of(code: str) -> str:
    """The locating part of a normalised code."""
    return code[:_LOCATOR_CHARS]


def seal_matches(key: bytes, code: str, facts: CertificateFacts) -> bool:
    """Whether a normalised code seals exactly these facts (compared in constant time)."""
    return hmac.compare_digest(code[_LOCATOR_CHARS:], seal(key, facts))
