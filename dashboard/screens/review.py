"""The review of one self-assessment: per requirement the organisation's answer, its evidence,
the engine's findings and the reviewer's verdict side by side; start the review; request
changes. The certification decision is taken by someone else (see Decisions)."""

from __future__ import annotations

import streamlit as st

from dashboard import downloads, session
from dashboard.review_parts import (
    CHOSEN,
    answer_text,
    findings_text,
    report_downloads,
    verdict_form,
)
from dashboard.ui import FieldMessages, attempt, show_error, state_word, tr
from engine.models.standard import Standard
from engine.service import assessments, evidence, releases, reviews, views_queue, views_workspace
from engine.service.assessments import Assessment
from engine.service.reasons import MAX_REASON


def _choose() -> str | None:
    principal, db = session.require_principal(), session.database()
    items = views_queue.review_queue(principal, db)
    ids = [i.assessment_id for i in items]
    if not ids:
        st.info("Nothing is assigned to you at the moment.")
        return None
    remembered = st.session_state.get(CHOSEN)
    index = ids.index(remembered) if remembered in ids else 0
    chosen: str | None = st.selectbox("Self-assessment", ids, index=index, key="review_choice")
    st.session_state[CHOSEN] = chosen
    return chosen


def _standard_choice(assessment: Assessment, standards: list[Standard], done: set[str]) -> Standard:
    """One standard at a time (rendering all 76 requirements' forms took seconds); each choice
    shows how many of its requirements already have a verdict."""

    def label(standard: Standard) -> str:
        ids = [r.id for r in standard.requirements]
        return f"{standard.code} {sum(i in done for i in ids)}/{len(ids)}"

    by_code = {s.code: s for s in standards}
    chosen = st.segmented_control(
        "Standard (verdicts recorded)",
        list(by_code),
        format_func=lambda code: label(by_code[code]),
        default=standards[0].code,
        key=f"review:{assessment.id}:standard",
    )
    return by_code.get(chosen or standards[0].code, standards[0])


def _requirements(assessment: Assessment, editable: bool) -> None:
    principal, db = session.require_principal(), session.database()
    bundle = releases.release_bundle(db, assessment.release_version)
    result = views_workspace.preview(principal, db, assessment.id)
    verdicts = {v.requirement_id: v for v in reviews.list_verdicts(principal, db, assessment.id)}
    attached: dict[str, list[evidence.Evidence]] = {}
    for item in evidence.list_evidence(principal, db, assessment.id):
        attached.setdefault(item.requirement_id, []).append(item)
    applicable = {r.requirement_id for r in result.requirements if r.applicable}
    standards = [s for s in bundle.standards if any(r.id in applicable for r in s.requirements)]
    if not standards:
        st.info("No requirement of this release applies to the organisation.")
        return
    standard = _standard_choice(assessment, standards, set(verdicts))
    st.markdown(f"#### {tr(standard.title)}")
    for requirement in (r for r in standard.requirements if r.id in applicable):
        response = assessment.responses.get(requirement.id)
        found = [f for f in result.findings if f.location.requirement_id == requirement.id]
        with st.container(border=True):
            st.markdown(f"**{requirement.id} · {tr(requirement.title)}**")
            answer, shown, findings, verdict = st.columns([3, 3, 3, 3])
            answer.caption("The organisation's answer")
            answer.markdown(answer_text(response, bundle.policy))
            with shown:
                st.caption("Evidence")
                downloads.show_evidence(principal, db, attached.get(requirement.id, []))
            findings.caption("The engine's findings")
            findings.markdown(findings_text(found))
            with verdict:
                st.caption("Your verdict")
                verdict_form(
                    assessment,
                    requirement,
                    verdicts.get(requirement.id),
                    bundle.policy,
                    editable,
                )


def _request_changes(assessment: Assessment) -> None:
    principal, db = session.require_principal(), session.database()
    slots = FieldMessages()
    with st.form(f"changes:{assessment.id}"):
        reason = st.text_area(
            "What must the organisation change?",
            key=f"changes:{assessment.id}:reason",
            max_chars=MAX_REASON,
        )
        slots.slot("reason")
        submitted = st.form_submit_button("Request changes")
    if not submitted:
        return
    if not reason.strip():
        slots.show({"reason": "Say what needs to change."})
        return
    _, problem = attempt(
        lambda: reviews.request_changes(
            principal, db, assessment.id, assessment.row_version, reason
        )
    )
    if problem:
        slots.show({"reason": problem.message})
    else:
        st.session_state.pop(CHOSEN, None)
        st.rerun()


def render() -> None:
    principal, db = session.require_principal(), session.database()
    st.title("Review")
    chosen = _choose()
    if chosen is None:
        return
    assessment, problem = attempt(lambda: assessments.get_assessment(principal, db, chosen))
    if problem:
        show_error(problem)
    if assessment is None:
        return
    st.caption(
        f"{assessment.id} · release {assessment.release_version} · {state_word(assessment.state)}"
    )
    if assessment.state == "submitted":
        st.info("Start the review to record verdicts.")
        if st.button("Start the review", type="primary", key=f"start_review:{assessment.id}"):
            _, problem = attempt(
                lambda: reviews.start_review(principal, db, assessment.id, assessment.row_version)
            )
            if problem:
                show_error(problem)
            else:
                st.rerun()
    report_downloads(assessment.id)
    editable = assessment.state == "in_review"
    if editable:
        with st.expander("Request changes from the organisation", icon=":material/undo:"):
            _request_changes(assessment)
    _requirements(assessment, editable)


render()
