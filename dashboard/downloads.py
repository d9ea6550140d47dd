"""Download buttons for reports, certificates, OSCAL results, workbooks and evidence files.

A document is made only when its button is pressed (Streamlit's deferred download), so a page
stays fast and the audit log records downloads that happened, not pages that were looked at.
Each offer names the service call that makes it; the service checks access again on the click.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from dashboard import session
from engine.service import evidence, exchange, reports
from engine.service.downloads import Download
from engine.service.evidence import Evidence
from engine.service.maintenance import Database
from engine.service.principals import Principal

XLSX = exchange.XLSX


@dataclass(frozen=True)
class Offer:
    """One download button: its label, the file it saves and the service call that makes it."""

    key: str
    label: str
    file_name: str
    media_type: str
    make: Callable[[], Download]
    icon: str = ":material/download:"
    help: str | None = None

    def content(self) -> bytes:
        """The document's bytes (run by Streamlit when the button is pressed)."""
        return self.make().content


@dataclass(frozen=True)
class ReportFormat:
    file_format: str
    label: str
    icon: str


REPORT_FORMATS: tuple[ReportFormat, ...] = (
    ReportFormat("pdf", "Assessment report (PDF)", ":material/picture_as_pdf:"),
    ReportFormat("html", "Assessment report (HTML)", ":material/html:"),
)


def deferred(make: Callable[[], bytes]) -> Callable[[], bytes]:
    """`make`, for a download button, refused once the session has timed out since the page
    was drawn (pressing the button does not rerun the page, so the page's own check does not
    run). The service refuses a deactivated or changed account itself
    (`downloads.log_download`)."""
    deadline = session.expires_at()

    def deliver() -> bytes:
        if session.session_over(deadline):
            raise PermissionError("the session has ended; sign in again to download")
        return make()

    return deliver


def button(offer: Offer) -> None:
    """One download button; pressing it saves the file and does not rerun the page."""
    st.download_button(
        offer.label,
        data=deferred(offer.content),
        file_name=offer.file_name,
        mime=offer.media_type,
        key=offer.key,
        icon=offer.icon,
        help=offer.help,
        on_click="ignore",
    )


def show(offers: Sequence[Offer]) -> None:
    """The buttons side by side."""
    if not offers:
        return
    for column, offer in zip(st.columns(len(offers)), offers, strict=True):
        with column:
            button(offer)


def evidence_offer(principal: Principal, db: Database, item: Evidence) -> Offer:
    """An evidence file as the organisation uploaded it (the service checks and audits it),
    labelled with its title (the file's name and size on hover: a narrow column cuts long
    labels short)."""
    size = f", {item.size_bytes:,} bytes" if item.size_bytes is not None else ""
    return Offer(
        key=f"download:evidence:{item.id}",
        label=item.title,
        help=f"{item.title}: {item.filename}{size}",
        file_name=item.filename or item.id,
        media_type=item.media_type or "application/octet-stream",
        make=lambda: evidence.download(principal, db, item.id),
        icon=":material/attach_file:",
    )


def show_evidence(principal: Principal, db: Database, items: Sequence[Evidence]) -> None:
    """One under the other: each file a download button, each link a link."""
    if not items:
        st.markdown("_no evidence_")
    for item in items:
        if item.kind == "file":
            button(evidence_offer(principal, db, item))
        else:
            title = item.title.replace("[", "\\[").replace("]", "\\]")  # the title stays text
            st.markdown(f":material/link: [{title}]({item.url})")


def _report_maker(
    principal: Principal, db: Database, assessment_id: str, file_format: str, language: str
) -> Callable[[], Download]:
    return lambda: reports.assessment_report(principal, db, assessment_id, file_format, language)


def report_offers(
    principal: Principal, db: Database, assessment_id: str, language: str
) -> list[Offer]:
    """The assessment report as PDF and HTML in the chosen language."""
    return [
        Offer(
            key=f"download:report:{assessment_id}:{f.file_format}",
            label=f.label,
            file_name=reports.report_file_name(assessment_id, f.file_format, language),
            media_type=reports.REPORT_FORMATS[f.file_format][0],
            make=_report_maker(principal, db, assessment_id, f.file_format, language),
            icon=f.icon,
        )
        for f in REPORT_FORMATS
    ]


def oscal_offer(principal: Principal, db: Database, assessment_id: str) -> Offer:
    return Offer(
        key=f"download:oscal:{assessment_id}",
        label="Assessment results (OSCAL JSON)",
        file_name=exchange.oscal_file_name(assessment_id),
        media_type="application/json",
        make=lambda: exchange.oscal_results(principal, db, assessment_id),
        icon=":material/data_object:",
    )


def certificate_offer(principal: Principal, db: Database, number: str, language: str) -> Offer:
    return Offer(
        key=f"download:certificate:{number}",
        label="Certificate (PDF)",
        file_name=reports.certificate_file_name(number),
        media_type="application/pdf",
        make=lambda: reports.certificate_document(principal, db, number, language),
        icon=":material/workspace_premium:",
    )


def workbook_offer(
    principal: Principal, db: Database, org_id: str, release: str, language: str
) -> Offer:
    return Offer(
        key=f"download:workbook:{org_id}:{release}",
        label="Workbook with your current answers (.xlsx)",
        file_name=exchange.workbook_file_name(org_id, release),
        media_type=XLSX,
        make=lambda: exchange.workbook_template(principal, db, org_id, release, language),
        icon=":material/table_view:",
    )
