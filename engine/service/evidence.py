"""Evidence for a requirement: a file (size cap, type checked by extension and content) or a link.

Files are stored content-addressed beside the database; the record keeps title, name, type,
size and sha256. The evidence of a self-assessment is open to its organisation and its assigned
reviewers (and administrators), as the self-assessment is; every file opened is audited
(`evidence.download`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from engine.service import clock
from engine.service.assessments import checked_row
from engine.service.downloads import Download, log_download
from engine.service.errors import InvalidInput, ServiceError
from engine.service.lifecycle import require_editable
from engine.service.principals import Principal
from engine.service.reasons import check_name
from engine.service.recording import record
from engine.service.releases import release_bundle
from engine.service.succession import refuse_superseded
from engine.service.targets import row_for
from engine.service.verdict_rounds import close_verdicts
from engine.storage import Database, evidence_store, records

MAX_TITLE = 300
"""Characters of an evidence title or file name (as the model's short texts)."""
MAX_FILE_BYTES = 20 * 1024 * 1024
_ZIP = (b"PK\x03\x04",)
_TEXT: tuple[bytes, ...] = ()

FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".txt": ("text/plain", _TEXT),
    ".csv": ("text/csv", _TEXT),
    ".md": ("text/markdown", _TEXT),
}
"""Allowed extensions, their media type and the magic bytes the content must start with
(text types: valid UTF-8 without NUL bytes)."""

_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Evidence:
    id: str
    requirement_id: str
    kind: str
    title: str
    filename: str | None
    sha256: str | None
    url: str | None
    media_type: str | None = None
    size_bytes: int | None = None


def check_file(filename: str, content: bytes) -> str:
    """The media type of an acceptable file, or InvalidInput saying what is wrong."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in FILE_TYPES:
        allowed = ", ".join(sorted(FILE_TYPES))
        raise InvalidInput(
            f"files of type {suffix or '(none)'} are not accepted; use {allowed}", "filename"
        )
    if not content:
        raise InvalidInput("the file is empty", "content")
    if len(content) > MAX_FILE_BYTES:
        raise InvalidInput(
            f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB", "content"
        )
    media_type, magics = FILE_TYPES[suffix]
    if magics and not content.startswith(magics):
        raise InvalidInput(f"the content of {filename} is not a {suffix} file", "content")
    if not magics and not _is_text(content):
        raise InvalidInput(f"{filename} is not a plain text file", "content")
    return media_type


def _is_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _check_target(
    principal: Principal, db: Database, assessment_id: str, requirement_id: str
) -> None:
    """Evidence may be added to this requirement of this self-assessment now (checked again
    when it is written)."""
    with db.read() as cursor:
        row = checked_row(cursor, principal, assessment_id, "assessment.edit")
        require_editable(row["state"])
        refuse_superseded(cursor, row)
    if release_bundle(db, row["release_version"]).requirement(requirement_id) is None:
        raise InvalidInput(f"release {row['release_version']} has no requirement {requirement_id}")


def _add(
    principal: Principal, db: Database, assessment_id: str, requirement_id: str, values: records.Row
) -> Evidence:
    _check_target(principal, db, assessment_id, requirement_id)
    check_name(str(values["title"]), "an evidence title", "title", longest=MAX_TITLE)
    with db.transaction() as cursor:
        row = checked_row(cursor, principal, assessment_id, "assessment.edit")
        require_editable(row["state"])
        refuse_superseded(cursor, row)
        close_verdicts(cursor, principal, row, [requirement_id])  # new evidence, new answer
        evidence_id = _next_id(cursor, assessment_id)
        full = {
            "id": evidence_id,
            "assessment_id": assessment_id,
            "requirement_id": requirement_id,
            "added_at": clock.now(),
            "added_by": principal.user_id,
            **values,
        }
        records.insert(cursor, "evidence", full)
        payload = {k: v for k, v in values.items() if k != "size_bytes"}
        subject = ("evidence", evidence_id, row["org_id"])
        record(
            cursor, principal, "evidence.add", subject, {**payload, "requirement": requirement_id}
        )
    return _evidence(full)


def _next_id(cursor: records.Cursor, assessment_id: str) -> str:
    """<assessment>-eNNN, one past every id it has had: a removed one is never used again (the
    audit log names it)."""
    prefix = f"{assessment_id}-e"
    held = records.find(cursor, "evidence", {"assessment_id": assessment_id})
    removed = cursor.execute(
        "SELECT entity_id FROM audit_log WHERE action = 'evidence.remove' "
        "AND entity = 'evidence' AND starts_with(entity_id, ?)",
        [prefix],
    ).fetchall()
    ids = [*(r["id"] for r in held), *(r[0] for r in removed)]
    numbers = [int(str(i).removeprefix(prefix)) for i in ids]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _evidence(row: records.Row) -> Evidence:
    return Evidence(
        row["id"],
        row["requirement_id"],
        row["kind"],
        row["title"],
        row.get("filename"),
        row.get("sha256"),
        row.get("url"),
        row.get("media_type"),
        row.get("size_bytes"),
    )


def add_file(
    principal: Principal,
    db: Database,
    assessment_id: str,
    requirement_id: str,
    *,
    title: str,
    filename: str,
    content: bytes,
) -> Evidence:
    _check_target(principal, db, assessment_id, requirement_id)
    check_name(title, "an evidence title", "title", longest=MAX_TITLE)
    check_name(PurePath(filename).name, "a file name", "filename", longest=MAX_TITLE)
    media_type = check_file(filename, content)
    digest = evidence_store.put(db.evidence_root, content)
    values: records.Row = {
        "kind": "file",
        "title": title,
        "filename": PurePath(filename).name,
        "sha256": digest,
        "size_bytes": len(content),
        "media_type": media_type,
    }
    try:
        added = _add(principal, db, assessment_id, requirement_id, values)
    except ServiceError:  # refused after all (changed meanwhile): no stored file without a row
        _discard_unheld(db, digest)
        raise
    evidence_store.put(db.evidence_root, content)  # again: a removal of the same bytes may
    return added  # have taken the stored copy between the first put and the commit


def _discard_unheld(db: Database, digest: str) -> None:
    with db.write_lock(), db.read() as cursor:
        held = records.count(cursor, "evidence", {"sha256": digest})
    if not held:
        evidence_store.remove(db.evidence_root, digest)


def add_link(
    principal: Principal,
    db: Database,
    assessment_id: str,
    requirement_id: str,
    *,
    title: str,
    url: str,
) -> Evidence:
    if not _URL.match(url) or len(url) > 2000:
        raise InvalidInput("a link starts with http:// or https:// and has no spaces", "url")
    values = {"kind": "link", "title": title, "url": url}
    return _add(principal, db, assessment_id, requirement_id, values)


def remove_evidence(principal: Principal, db: Database, evidence_id: str) -> Evidence:
    """Take a file or link off a self-assessment that is still being edited (a wrong file, or
    one holding what it should not). The stored file goes too unless another record holds the
    same bytes; the audit log keeps what was removed (title, name, sha256), not the bytes."""
    with db.write_lock():  # no upload of the same bytes between the last reference and unlink
        with db.transaction() as cursor:
            row = row_for(cursor, principal, "evidence", {"id": evidence_id}, "assessment.edit")
            assessment = checked_row(cursor, principal, row["assessment_id"], "assessment.edit")
            require_editable(assessment["state"])
            refuse_superseded(cursor, assessment)
            close_verdicts(cursor, principal, assessment, [row["requirement_id"]])
            cursor.execute("DELETE FROM evidence WHERE id = ?", [evidence_id])
            payload = {
                k: row[k] for k in ("kind", "title", "filename", "sha256", "url") if row.get(k)
            }
            subject = ("evidence", evidence_id, assessment["org_id"])
            record(cursor, principal, "evidence.remove", subject, {**payload,
                   "requirement": row["requirement_id"]})  # fmt: skip
            shared = row["sha256"] and records.count(cursor, "evidence", {"sha256": row["sha256"]})
        if row["kind"] == "file" and not shared:
            evidence_store.remove(db.evidence_root, row["sha256"])
    return _evidence(row)


def list_evidence(principal: Principal, db: Database, assessment_id: str) -> list[Evidence]:
    """The files and links of a self-assessment, in the order they were added."""
    with db.read() as cursor:
        checked_row(cursor, principal, assessment_id, "evidence.read")
        rows = records.find(cursor, "evidence", {"assessment_id": assessment_id}, order_by="id")
    return [_evidence(row) for row in rows]


def download(principal: Principal, db: Database, evidence_id: str) -> Download:
    """An evidence file as its organisation uploaded it, under its own name, its bytes checked
    against their sha256; audited."""
    with db.read() as cursor:
        row = row_for(cursor, principal, "evidence", {"id": evidence_id}, "evidence.read")
        assessment = checked_row(cursor, principal, row["assessment_id"], "evidence.read")
    if row["kind"] != "file":
        raise InvalidInput(f"{evidence_id} is a link, not a file: {row['url']}", "evidence_id")
    content = evidence_store.get(db.evidence_root, row["sha256"])
    subject = ("evidence", evidence_id, str(assessment["org_id"]))
    payload = {"assessment": row["assessment_id"], "requirement": row["requirement_id"]}
    log_download(db, principal, "evidence.download", subject, payload)
    media_type = row.get("media_type") or "application/octet-stream"
    return Download(row.get("filename") or f"{evidence_id}.bin", media_type, content)
