"""The reviewer's queue: assigned self-assessments with their age and due date, and those
awaiting an independent decision."""

from __future__ import annotations

import streamlit as st

from dashboard import session
from dashboard.navigation import DECIDE, REVIEW
from dashboard.review_parts import CHOSEN, queue_table
from dashboard.ui import attempt, show_error
from engine.service import views_queue


def render() -> None:
    principal, db = session.require_principal(), session.database()
    st.title("Review queue")
    items, problem = attempt(lambda: views_queue.review_queue(principal, db))
    if problem:
        show_error(problem)
        return
    st.caption(f"Reviews are due {views_queue.REVIEW_DAYS} days after submission.")
    if not items:
        st.info("Nothing is assigned to you at the moment.")
    else:
        st.dataframe(queue_table(items), hide_index=True, width="stretch")
        ids = [i.assessment_id for i in items]
        chosen = st.selectbox("Open", ids, key="queue_choice")
        if st.button("Open the review", type="primary", key="open_review"):
            st.session_state[CHOSEN] = chosen
            st.switch_page(str(REVIEW.path))
    waiting = views_queue.decision_queue(principal, db)
    st.subheader("Awaiting an independent decision")
    st.caption("Self-assessments in review that you did not review and may decide.")
    st.dataframe(queue_table(waiting), hide_index=True, width="stretch")
    if waiting and st.button("Go to decisions", key="to_decisions"):
        st.switch_page(str(DECIDE.path))


render()
