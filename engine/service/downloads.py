"""A document handed to someone, and the audit of handing it over.

Reports, certificates, workbooks, exports and evidence files all leave the record this way:
the service checks access, makes the document and calls `log_download` last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.service.principals import Principal
from engine.service.recording import record
from engine.service.users import require_current
from engine.storage import Database


@dataclass(frozen=True)
class Download:
    """A document ready to save or to hand to a download button."""

    file_name: str
    media_type: str
    content: bytes


def log_download(
    db: Database,
    principal: Principal,
    action: str,
    subject: tuple[str, str, str | None],
    payload: dict[str, Any] | None = None,
) -> None:
    """Every download is audited: who took what, when (one transaction of its own). It is the
    last gate too: a file goes only to an account that is still active as it was."""
    require_current(db, principal)
    with db.transaction() as cursor:
        record(cursor, principal, action, subject, payload)
