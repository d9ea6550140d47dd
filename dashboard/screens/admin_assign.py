"""Administrators: assign reviewers to submitted self-assessments (never a reviewer of the
organisation itself or one who declared a conflict of interest with it)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import session
from dashboard.ui import attempt, show_error, state_word
from engine.service import reviews, views_queue


def render() -> None:
    principal, db = session.require_principal(), session.database()
    st.title("Review assignments")
    items, problem = attempt(lambda: views_queue.assignment_queue(principal, db))
    if problem:
        show_error(problem)
    if not items:
        st.info("No submitted self-assessment is waiting for a reviewer.")
        return
    rows = [
        (
            a.item.assessment_id,
            a.item.org_name,
            state_word(a.item.state),
            a.item.age_days,
            f"{a.item.due_on:%d %b %Y}" if a.item.due_on else "–",
            ", ".join(a.reviewers) or "none yet",
        )
        for a in items
    ]
    columns = ["Self-assessment", "Organisation", "State", "Age (days)", "Review due", "Reviewers"]
    st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True, width="stretch")
    by_id = {a.item.assessment_id: a for a in items}
    with st.form("assign_reviewer"):
        chosen = st.selectbox("Self-assessment", list(by_id), key="assign_assessment")
        reviewer = st.selectbox(
            "Reviewer (eligible for the chosen self-assessment)",
            sorted({r for a in items for r in a.eligible}),
            key="assign_reviewer_id",
        )
        slot = st.empty()
        submitted = st.form_submit_button("Assign", type="primary")
    if submitted and chosen and reviewer:
        _, problem = attempt(lambda: reviews.assign_reviewer(principal, db, chosen, reviewer))
        if problem:
            slot.error(problem.message, icon=":material/error:")
        else:
            st.success(f"{reviewer} now reviews {chosen}.")
            st.rerun()


render()
