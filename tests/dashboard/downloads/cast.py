"""Who may download what: the cast (a certified organisation, one with a draft, another one, their
reviewer and decider), and pressing a download button as a browser does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorage
from streamlit.testing.v1 import AppTest

from engine.service import assessments, clock, decisions, users
from engine.service.principals import SYSTEM, Role
from engine.storage import Database, evidence_store, records
from tests.dashboard.record import STAFF

STAFF_PASSWORD = "downloads-staff-2026"
REPORT_LABELS = ("Assessment report (PDF)", "Assessment report (HTML)")
OSCAL_LABEL = "Assessment results (OSCAL JSON)"
RESULT_LABELS = (*REPORT_LABELS, OSCAL_LABEL, "Certificate (PDF)")
EVIDENCE_FILE = ("policy.md", b"# Safeguarding policy\n\nSigned by the board on 3 March 2026.\n")
EVIDENCE_LABEL = "Signed policy"
"""The file that `attach_file` attaches, and its download button's label."""
WORKBOOK_LABEL = "Workbook with your current answers (.xlsx)"
EDITABLE = ("draft", "changes_requested")
NOT_THEIRS: dict[str, set[str]] = {
    "board": {*RESULT_LABELS, WORKBOOK_LABEL},
    "admin": {*REPORT_LABELS, OSCAL_LABEL, WORKBOOK_LABEL},
    "decider": {*RESULT_LABELS, WORKBOOK_LABEL},
    "other organisation": set(),
}
"""Downloads each may never be offered (administrators manage certificates, not reports)."""


@dataclass(frozen=True)
class Cast:
    """Who and what the download tests use, found in the demo record (not assumed)."""

    certificate: str
    certified_org: str
    certified_assessment: str
    draft: str
    draft_org: str
    reviewed: str
    reviewer: str
    decider: str
    other_org: str


def rows_of(db: Database, sql: str) -> list[tuple[Any, ...]]:
    with db.read() as cursor:
        return cursor.execute(sql).fetchall()


def cast_of(db: Database) -> Cast:
    number, certified_org, certified = rows_of(
        db, "SELECT number, org_id, assessment_id FROM certificates ORDER BY number LIMIT 1"
    )[0]
    latest: dict[str, tuple[str, str]] = {
        org: (aid, state)
        for aid, org, state in rows_of(
            db, "SELECT id, org_id, state FROM assessments ORDER BY created_at, id"
        )
    }
    draft_org, (draft, _) = next((o, a) for o, a in sorted(latest.items()) if a[1] in EDITABLE)
    reviewed, reviewer = rows_of(
        db,
        "SELECT a.id, r.reviewer_id FROM assessments a JOIN review_assignments r "
        "ON r.assessment_id = a.id WHERE a.state = 'in_review' ORDER BY a.id LIMIT 1",
    )[0]
    assigned = {
        r
        for (r,) in rows_of(
            db, f"SELECT reviewer_id FROM review_assignments WHERE assessment_id = '{reviewed}'"
        )
    }
    (decider,) = rows_of(
        db, f"SELECT decider_id FROM decider_assignments WHERE assessment_id = '{reviewed}'"
    )[0]
    assert decider not in assigned and decider in STAFF
    decided = {o for o, (_, state) in latest.items() if state == "decided"}
    other_org = sorted(decided - {certified_org})[0]
    return Cast(
        number, certified_org, certified, draft, draft_org, reviewed, reviewer, decider, other_org
    )


def add_staff(db: Database, org_id: str, role: Role = "org_admin") -> str:
    """An account of the organisation with a known password (demo accounts may have none)."""
    user_id = f"{org_id}-downloads" + ("-member" if role == "org_member" else "")
    users.create_user(
        SYSTEM,
        db,
        user_id,
        display_name=f"{org_id} downloads",
        role=role,
        org_id=org_id,
        password=STAFF_PASSWORD,
    )
    return user_id


def issue_current_certificate(db: Database, assessment_id: str, decider_id: str) -> str:
    """Accredit a self-assessment in review (an independent decider does): a certificate that
    is current today. Its number."""
    decider = users.authenticate(db, decider_id, STAFF[decider_id])
    version = assessments.get_assessment(SYSTEM, db, assessment_id).row_version
    taken = decisions.decide(
        decider, db, assessment_id, version, outcome="accredited", rationale="Seen on site."
    )
    assert taken.certificate_number is not None
    return taken.certificate_number


class KeptMediaFiles(MediaFileManager):
    """AppTest makes a media file manager per run and drops it; this one stays reachable."""

    latest: MediaFileManager | None = None

    def __init__(self, storage: MediaFileStorage) -> None:
        super().__init__(storage)
        KeptMediaFiles.latest = self


def downloaded(at: AppTest, label: str) -> tuple[str, bytes]:
    """Press a download button as the browser does: the file name and the bytes it gets."""
    found = [b for b in at.get("download_button") if b.proto.label == label]
    assert found, f"no download {label!r}: {[b.proto.label for b in at.get('download_button')]}"
    proto = found[0].proto
    manager = KeptMediaFiles.latest
    assert manager is not None
    url = manager.execute_deferred(proto.deferred_file_id)
    stored = manager.read_file(Path(url).name)
    assert stored is not None
    return stored.filename or "", stored.content


def labels(at: AppTest) -> set[str]:
    return {b.proto.label for b in at.get("download_button")}


def staff(org_id: str) -> tuple[str, str]:
    return f"{org_id}-downloads", STAFF_PASSWORD


def attach_file(db: Database, assessment_id: str, requirement_id: str | None = None) -> str:
    """EVIDENCE_FILE, as if the organisation had attached it before it submitted (to the
    requirement, else to one the Review page opens on), stored as `evidence.add_file` stores
    it: the bytes in the evidence store, the row beside them. Its evidence id. (The demo
    record's evidence is links only, and a submitted self-assessment takes no more.)"""
    filename, content = EVIDENCE_FILE
    requirement_id = requirement_id or first_on_review_page(db, assessment_id)
    digest = evidence_store.put(db.evidence_root, content)
    with db.transaction() as cursor:
        number = records.count(cursor, "evidence", {"assessment_id": assessment_id}) + 1
        evidence_id = f"{assessment_id}-e{number:03d}"
        records.insert(
            cursor,
            "evidence",
            {
                "id": evidence_id,
                "assessment_id": assessment_id,
                "requirement_id": requirement_id,
                "kind": "file",
                "title": "Signed policy",
                "filename": filename,
                "sha256": digest,
                "size_bytes": len(content),
                "media_type": "text/markdown",
                "url": None,
                "added_at": clock.now(),
                "added_by": "system",
            },
        )
    return evidence_id


def first_on_review_page(db: Database, assessment_id: str) -> str:
    """An answered requirement of the standard that the Review page opens on (MVR, universal)."""
    answered = assessments.get_assessment(SYSTEM, db, assessment_id).responses
    return next(r for r in sorted(answered) if r.startswith("MVR-"))
