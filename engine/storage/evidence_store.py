"""Evidence files, stored content-addressed beside the database: <db>.evidence/sha256/ab/cdef...

A file is written once under the name of its sha256 (atomically: temporary file, then rename),
so the same document uploaded twice is stored once and a stored file never changes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from engine.storage.errors import NotFoundError


def path_for(root: Path, sha256: str) -> Path:
    return root / "sha256" / sha256[:2] / sha256[2:]


def put(root: Path, content: bytes) -> str:
    """Store the bytes; their sha256."""
    digest = hashlib.sha256(content).hexdigest()
    target = path_for(root, digest)
    if target.exists():
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return digest


def get(root: Path, sha256: str) -> bytes:
    target = path_for(root, sha256)
    if not target.is_file():
        raise NotFoundError(
            f"evidence file {sha256[:12]}... is missing from the store", str(target)
        )
    content = target.read_bytes()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise NotFoundError(f"evidence file {sha256[:12]}... is damaged", str(target))
    return content


def remove(root: Path, sha256: str) -> None:
    """Delete a stored file that no record holds any more (gone already is fine)."""
    path_for(root, sha256).unlink(missing_ok=True)
