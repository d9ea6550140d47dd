"""Reports and certificates as downloads, and the public certificate verification.

Access: an assessment report goes to the organisation's own staff and its assigned reviewer
only (not the board, not administrators); a certificate to whoever may read it; verification
is public and tells only whether a code is genuine and the certificate's status.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from engine.models.common import LANGUAGES
from engine.reports import verification
from engine.reports.certificate_pdf import render_certificate
from engine.reports.data import CertificateFacts, ScopeEntry
from engine.reports.html_report import render_html
from engine.reports.pdf_report import render_pdf
from engine.service import clock, signing
from engine.service.access import ASSIGNED, OWN, Relation, require
from engine.service.certificates import status_of, withheld_because
from engine.service.downloads import Download, log_download
from engine.service.errors import AccessDenied, CertificateWithheld, InvalidInput, NotFoundError
from engine.service.principals import Principal, Role
from engine.service.report_data import report_data
from engine.service.targets import assessment_target, row_for
from engine.storage import Database, records

REPORT_FORMATS: dict[str, tuple[str, str]] = {
    "html": ("text/html; charset=utf-8", ".html"),
    "pdf": ("application/pdf", ".pdf"),
}
REPORT_READERS: dict[Role, Relation] = {"org_member": OWN, "org_admin": OWN, "reviewer": ASSIGNED}
"""Who may download an assessment report: the organisation and its assigned reviewer only."""

PUBLIC_URL_ENV = "ACCREDIT_PUBLIC_URL"
"""The dashboard's public address (e.g. https://accredit.example.org): when it is set, the QR
code on a certificate holds the link to its check, <address>/verify?code=CODE."""
VERIFY_PAGE = "verify"
"""The path of the dashboard's page "Verify a certificate" (dashboard/navigation.py)."""
_CERTIFICATE_NUMBER = re.compile(r"\s*INDEX-\d{4}-\d+\s*", re.IGNORECASE)

VerificationState = Literal["not_genuine", "current", "suspended", "withdrawn", "expired"]
_SHOWN_STATUS: dict[str, VerificationState] = {
    "active": "current",
    "suspended": "suspended",
    "withdrawn": "withdrawn",
    "expired": "expired",
}


@dataclass(frozen=True)
class Verification:
    """All that verification reveals: genuine or not, and the certificate's status."""

    state: VerificationState
    expired_on: datetime.date | None = None
    """Set when a suspended certificate has expired too: both are said."""

    @property
    def genuine(self) -> bool:
        return self.state != "not_genuine"

    def to_text(self) -> str:
        if not self.genuine:
            return "NOT genuine"
        expired = f", expired on {self.expired_on.isoformat()}" if self.expired_on else ""
        return f"genuine, {self.state}{expired}"


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise InvalidInput(f"choose a language of {', '.join(LANGUAGES)}", "language")
    return language


def require_report_reader(cursor: records.Cursor, principal: Principal, assessment_id: str) -> None:
    """AccessDenied unless the person is the organisation's staff or its assigned reviewer."""
    found = records.find(cursor, "assessments", {"id": assessment_id})
    relation = REPORT_READERS.get(principal.role)
    target = assessment_target(cursor, principal, found[0]) if found else None
    if relation is None or target is None or not relation(principal, target):
        raise AccessDenied(
            f"{principal.user_id} ({principal.role}) may not download the report of "
            f"{assessment_id}",
            location="report.download",
        )


def may_read_report(principal: Principal, db: Database, assessment_id: str) -> bool:
    """Whether the person may download this assessment's report (the dashboard asks before it
    offers the download; the download itself checks again)."""
    try:
        with db.read() as cursor:
            require_report_reader(cursor, principal, assessment_id)
    except (AccessDenied, NotFoundError):
        return False
    return True


def report_file_name(assessment_id: str, file_format: str, language: str) -> str:
    """The name an assessment report is saved under."""
    return f"report-{assessment_id}-{language}{REPORT_FORMATS[file_format][1]}"


def certificate_file_name(number: str) -> str:
    """The name a certificate PDF is saved under."""
    return f"certificate-{number}.pdf"


def assessment_report(
    principal: Principal, db: Database, assessment_id: str, file_format: str, language: str = "en"
) -> Download:
    """The assessment report as HTML or PDF in en, de or fr (dashboard: report download)."""
    if file_format not in REPORT_FORMATS:
        raise InvalidInput(f"choose a format of {', '.join(REPORT_FORMATS)}", "format")
    language = _language(language)
    with db.read() as cursor:
        require_report_reader(cursor, principal, assessment_id)
    data = report_data(db, assessment_id)
    content = (
        render_html(data, language).encode("utf-8")
        if file_format == "html"
        else render_pdf(data, language)
    )
    log_download(db, principal, "report.download", ("assessment", assessment_id, data.org_id))
    file_name = report_file_name(assessment_id, file_format, language)
    return Download(file_name, REPORT_FORMATS[file_format][0], content)


def _scope(result_json: str) -> tuple[str, tuple[ScopeEntry, ...]]:
    result = json.loads(result_json)
    scope = tuple(
        ScopeEntry(
            s["standard_id"],
            s["code"],
            s["version"],
            s["title"]["en"],
            tuple((language, text) for language, text in s["title"].items() if text),
        )
        for s in result["standards"]
        if s["applicable"]
    )
    return str(result["release_version"]), scope


def certificate_facts(cursor: records.Cursor, row: records.Row) -> CertificateFacts:
    """What a certificate states, read from the record (without an access check)."""
    decision = records.get(cursor, "decisions", {"id": row["decision_id"]})
    result = records.get(cursor, "engine_results", {"id": decision["engine_result_id"]})
    release, scope = _scope(result["result_json"])
    organisation = records.get(cursor, "organisations", {"id": row["org_id"]})
    return CertificateFacts(
        number=row["number"],
        org_id=row["org_id"],
        org_name=organisation["name"],
        outcome=row["outcome"],
        release_version=release,
        scope=scope,
        issued_on=row["issued_on"],
        expires_on=row["expires_on"],
    )


def _readable_certificate(
    principal: Principal, db: Database, number: str
) -> tuple[CertificateFacts, str | None]:
    """The certificate's facts, and why its document is withheld (None when it is not)."""
    with db.read() as cursor:
        row = row_for(cursor, principal, "certificates", {"number": number}, "certificate.read")
        assessment = records.get(cursor, "assessments", {"id": row["assessment_id"]})
        require(principal, "certificate.read", assessment_target(cursor, principal, assessment))
        return certificate_facts(cursor, row), withheld_because(cursor, row)


def certificate_code(principal: Principal, db: Database, number: str) -> str:
    """The verification code of a certificate the person may read (dashboard: show code)."""
    facts, _ = _readable_certificate(principal, db, number)
    return verification.verification_code(signing.issuing_key(principal, db), facts)


def certificate_withheld(principal: Principal, db: Database, number: str) -> str | None:
    """Why the certificate PDF is not handed out (suspended or withdrawn, and since when), or
    None when it may be downloaded (the dashboard asks before it offers the download)."""
    return _readable_certificate(principal, db, number)[1]


def verify_page() -> str | None:
    """The address of the public page "Verify a certificate", from $ACCREDIT_PUBLIC_URL, or
    None when it is not set (the certificate then names the page and the code alone)."""
    base = os.environ.get(PUBLIC_URL_ENV, "").strip()
    if not base:
        return None
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InvalidInput(
            f"{PUBLIC_URL_ENV} is {base!r}: give the dashboard's public address, like "
            "https://accredit.example.org (or unset it)",
            PUBLIC_URL_ENV,
        )
    return f"{base.rstrip('/')}/{VERIFY_PAGE}"


def certificate_document(
    principal: Principal, db: Database, number: str, language: str = "en"
) -> Download:
    """The certificate PDF with its verification code and QR code (dashboard: download).
    A suspended or withdrawn certificate is refused; an expired one says that it expired."""
    language = _language(language)
    facts, withheld = _readable_certificate(principal, db, number)
    if withheld is not None:
        raise CertificateWithheld(withheld, "certificate.download")
    page = verify_page()
    code = verification.verification_code(signing.issuing_key(principal, db), facts)
    expired = clock.today() > facts.expires_on
    link = f"{page}?code={code}" if page else None
    content = render_certificate(facts, code, language, link, expired=expired, verify_page=page)
    log_download(db, principal, "certificate.download", ("certificate", number, facts.org_id))
    return Download(certificate_file_name(number), "application/pdf", content)


def _verified(row: records.Row, today: datetime.date) -> Verification:
    """The status; a suspended certificate past its expiry is said to be both."""
    state = _SHOWN_STATUS[status_of(row, today)]
    lapsed = state == "suspended" and today > row["expires_on"]
    return Verification(state, row["expires_on"] if lapsed else None)


def verify_certificate(db: Database, code: str) -> Verification:
    """Public: is this code genuine, and is the certificate current, suspended, withdrawn or
    expired? Nothing else is revealed. A mistyped, tampered or unknown code is not genuine; a
    certificate number given instead of the code is refused, saying so. SigningKeyMissing
    when the record's key file is gone (never a new key in its place)."""
    if _CERTIFICATE_NUMBER.fullmatch(code):
        raise InvalidInput(
            f"{code.strip()} is a certificate number, not a verification code: give the "
            "16-character code printed on the certificate below its number "
            "(XXXX-XXXX-XXXX-XXXX)",
            "code",
        )
    normal = verification.normalise(code)
    if normal is None:
        return Verification("not_genuine")
    key = signing.checking_key(db)
    if key is None:  # the record never issued a code
        return Verification("not_genuine")
    wanted = verification.locator_of(normal)
    with db.read() as cursor:
        for row in records.find(cursor, "certificates", {}, order_by="number"):
            if verification.locator(key, row["number"]) != wanted:
                continue
            if verification.seal_matches(key, normal, certificate_facts(cursor, row)):
                return _verified(row, clock.today())
    return Verification("not_genuine")
