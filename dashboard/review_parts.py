"""Parts of the reviewer's pages: the queue table and, per requirement, the organisation's
answer, its evidence, the engine's findings and the reviewer's verdict side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import downloads, session
from dashboard.ui import FieldMessages, attempt, state_word, tr
from engine.models.assessment import Response
from engine.models.policy import Policy
from engine.models.standard import Requirement
from engine.service import reports, reviews
from engine.service.assessments import Assessment
from engine.service.reasons import MAX_REASON
from engine.service.results import Finding
from engine.service.reviews import Verdict
from engine.service.views_queue import QueueItem

CHOSEN = "review_assessment"
"""Session key of the self-assessment opened for review (always re-checked against the queue)."""


def queue_table(items: list[QueueItem]) -> pd.DataFrame:
    rows = [
        (
            i.assessment_id,
            i.org_name,
            state_word(i.state),
            f"{i.submitted_at:%d %b %Y}" if i.submitted_at else "–",
            i.age_days,
            f"{i.due_on:%d %b %Y}" if i.due_on else "–",
            "overdue" if i.overdue else "",
        )
        for i in items
    ]
    columns = ["Self-assessment", "Organisation", "State", "Submitted", "Age (days)", "Due", ""]
    return pd.DataFrame(rows, columns=columns)


def rating_words(policy: Policy) -> dict[int, str]:
    return {lv.value: f"{lv.value} · {tr(lv.label)}" for lv in policy.rating_scale.levels}


def answer_text(response: Response | None, policy: Policy) -> str:
    if response is None:
        return "_not answered_"
    if response.not_applicable:
        return f"**Not applicable**: {response.na_reason or '(no reason given)'}"
    rating = (
        rating_words(policy).get(response.rating, "not rated")
        if response.rating is not None
        else "not rated"
    )
    comment = f"\n\n{response.comment}" if response.comment else ""
    return f"**{rating}**{comment}"


def findings_text(findings: list[Finding]) -> str:
    if not findings:
        return "_no findings_"
    return "\n".join(f"- `{f.code}` {f.message}" for f in findings)


def verdict_form(
    assessment: Assessment,
    requirement: Requirement,
    verdict: Verdict | None,
    policy: Policy,
    editable: bool,
) -> None:
    """The reviewer's verdict on one requirement: agree, or adjust the rating with a reason."""
    if verdict is not None:
        adjusted = f" to {verdict.adjusted_rating}" if verdict.verdict == "adjust" else ""
        st.markdown(f"Verdict: **{verdict.verdict}{adjusted}**")
    if not editable:
        return
    assessment_id = assessment.id
    prefix = f"verdict:{assessment_id}:{requirement.id}"
    slots = FieldMessages()
    words = rating_words(policy)
    with st.form(prefix, border=False):
        choice = st.radio("Verdict", ["agree", "adjust"], horizontal=True, key=f"{prefix}:kind")
        rating = st.selectbox(
            "Adjusted rating", list(words), format_func=words.__getitem__, key=f"{prefix}:rating"
        )
        reason = st.text_input("Reason for adjusting", key=f"{prefix}:reason", max_chars=MAX_REASON)
        slots.slot("reason")
        submitted = st.form_submit_button("Record verdict")
    if not submitted:
        return
    if choice == "adjust" and not reason.strip():
        slots.show({"reason": "Say why you adjust the rating."})
        return
    principal, db = session.require_principal(), session.database()
    _, problem = attempt(
        lambda: reviews.record_verdict(
            principal,
            db,
            assessment_id,
            requirement.id,
            "adjust" if choice == "adjust" else "agree",
            expected_version=assessment.row_version,
            adjusted_rating=rating if choice == "adjust" else None,
            reason=reason.strip() or None,
        )
    )
    if problem:
        slots.show({"reason": problem.message})
    else:
        st.rerun()


def report_downloads(assessment_id: str) -> None:
    """The assessment report (PDF and HTML, in the sidebar's language), offered only to those
    the service lets read it: the assigned reviewer, never a decider who did not review it."""
    principal, db = session.require_principal(), session.database()
    if not reports.may_read_report(principal, db, assessment_id):
        return
    language = session.language()
    st.caption(
        f"The assessment report, in {session.LANGUAGES[language]} "
        "(change the language in the sidebar):"
    )
    downloads.show(downloads.report_offers(principal, db, assessment_id, language))
