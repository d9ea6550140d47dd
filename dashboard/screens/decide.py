"""The independent decision: someone who did not review the self-assessment decides, with a
rationale when departing from the engine's outcome; a certificate is issued on accreditation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import session
from dashboard.review_parts import queue_table, report_downloads
from dashboard.ui import FieldMessages, attempt, outcome_word, percent, show_error, tr
from dashboard.workspace_parts import flash, preview_panel, show_flash
from engine.service import decisions, views_queue
from engine.service.reasons import MAX_REASON
from engine.service.views_queue import DecisionView


def _standards(view: DecisionView) -> pd.DataFrame:
    """The figures first, so that a narrow column never hides them behind a long title."""
    rows = [
        (
            s.code,
            percent(s.score),
            f"{s.answered_requirements}/{s.applicable_requirements}",
            tr(s.title),
        )
        for s in view.result.standards
        if s.applicable
    ]
    return pd.DataFrame(rows, columns=["Code", "Score", "Answered", "Standard"])


def _verdicts(view: DecisionView) -> None:
    adjusted = [v for v in view.verdicts if v.verdict == "adjust"]
    st.caption(
        f"The reviewer recorded {len(view.verdicts)} verdict(s), "
        f"{len(adjusted)} adjusting a rating."
    )
    for verdict in adjusted:
        st.markdown(
            f"- **{verdict.requirement_id}** adjusted to {verdict.adjusted_rating}: "
            f"{verdict.reason}"
        )


def _form(view: DecisionView) -> None:
    engine_outcome = view.result.decision.outcome
    prefix = f"decision:{view.assessment.id}"
    slots = FieldMessages()
    with st.form(prefix):
        outcome = st.selectbox(
            "Outcome",
            list(decisions.OUTCOMES),
            index=list(decisions.OUTCOMES).index(engine_outcome),
            format_func=outcome_word,
            key=f"{prefix}:outcome",
        )
        slots.slot("outcome")
        rationale = st.text_area("Rationale", key=f"{prefix}:rationale", max_chars=MAX_REASON)
        slots.slot("rationale")
        submitted = st.form_submit_button("Take the decision", type="primary")
    if not submitted:
        return
    if outcome != engine_outcome and not rationale.strip():
        slots.show(
            {
                "rationale": f"The engine's outcome is {outcome_word(engine_outcome)}; "
                "give the rationale for deciding otherwise."
            }
        )
        return
    principal, db = session.require_principal(), session.database()
    taken, problem = attempt(
        lambda: decisions.decide(
            principal,
            db,
            view.assessment.id,
            view.assessment.row_version,
            outcome=outcome,
            rationale=rationale.strip() or None,
        )
    )
    if problem:
        slots.show(
            {
                problem.location
                if problem.location in ("outcome", "rationale")
                else "rationale": problem.message
            }
        )
    elif taken:
        issued = (
            f"; certificate {taken.certificate_number} issued" if taken.certificate_number else ""
        )
        flash(f"{view.assessment.id}: {outcome_word(taken.outcome)}{issued}.")
        st.rerun()


def render() -> None:
    principal, db = session.require_principal(), session.database()
    st.title("Decisions")
    show_flash()
    items, problem = attempt(lambda: views_queue.decision_queue(principal, db))
    if problem:
        show_error(problem)
    if not items:
        st.info("No self-assessment is waiting for a decision that you may take.")
        return
    st.dataframe(queue_table(items), hide_index=True, width="stretch")
    chosen = st.selectbox("Decide on", [i.assessment_id for i in items], key="decision_choice")
    view, problem = attempt(lambda: views_queue.decision_view(principal, db, chosen or ""))
    if problem:
        show_error(problem)
    if view is None:
        return
    st.subheader(view.org_name)
    report_downloads(view.assessment.id)
    preview_panel(view.result, "The engine's result of the reviewed answers")
    left, right = st.columns([3, 2])
    with left:
        st.dataframe(_standards(view), hide_index=True, width="stretch")
    with right:
        _verdicts(view)
        _form(view)


render()
