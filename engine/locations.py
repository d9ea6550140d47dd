"""Where the shipped standards library and schemas live, installed or in a source checkout."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
LIBRARY_ENV = "ACCREDIT_LIBRARY"


def _first_existing(*candidates: Path) -> Path:
    return next((c for c in candidates if c.is_dir()), candidates[0])


def library_root() -> Path:
    """The standards library: $ACCREDIT_LIBRARY, else the installed copy, else the checkout's."""
    override = os.environ.get(LIBRARY_ENV)
    if override:
        return Path(override)
    return _first_existing(_PACKAGE / "_library" / "standards", _PACKAGE.parent / "standards")


def schemas_root() -> Path:
    """The committed JSON Schemas, installed or in the checkout."""
    return _first_existing(_PACKAGE / "_library" / "schemas", _PACKAGE.parent / "schemas")
