"""Administrators: assign reviewers to submitted self-assessments (never a reviewer of the
organisation itself or one who declared a conflict of interest with it), and the decider who
takes the certification decision (never one of its reviewers)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import session
from dashboard.ui import attempt, show_error, state_word
from engine.service import deciders, reviews, views_queue
from engine.service.maintenance import Database
from engine.service.principals import Principal
from engine.service.views_queue import AssignmentItem


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
            a.decider or "none yet",
        )
        for a in items
    ]
    columns = [
        "Self-assessment",
        "Organisation",
        "State",
        "Age (days)",
        "Review due",
        "Reviewers",
        "Decider",
    ]
    st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True, width="stretch")
    undecided = [
        a.item.assessment_id for a in items if a.item.state == "in_review" and not a.decider
    ]
    if undecided:
        st.warning(
            f"{len(undecided)} self-assessment(s) in review have no decider "
            f"({', '.join(undecided[:5])}{', ...' if len(undecided) > 5 else ''}): only an "
            "administrator can decide them until you assign one below.",
            icon=":material/gavel:",
        )
    for form in FORMS:
        if form.heading:
            st.subheader(form.heading)
        _assignment_form(form, items)


@dataclass(frozen=True)
class AssignmentForm:
    """One way to put a person on the self-assessments in the queue."""

    key: str
    keys: tuple[str, str]
    """Of the two choices: the self-assessment and the person."""
    heading: str | None
    assessment_label: str
    person_label: str
    people: Callable[[AssignmentItem], tuple[str, ...]]
    button: str
    assign: Callable[[Principal, Database, str, str], None]
    done: str  # with {person} and {assessment}


FORMS = (
    AssignmentForm(
        "assign_reviewer",
        ("assign_assessment", "assign_reviewer_id"),
        None,
        "Self-assessment",
        "Reviewer (eligible for the chosen self-assessment)",
        lambda a: a.eligible,
        "Assign",
        reviews.assign_reviewer,
        "{person} now reviews {assessment}.",
    ),
    AssignmentForm(
        "assign_decider",
        ("decide_assessment", "assign_decider_id"),
        "Who takes the decision",
        "Self-assessment to be decided",
        "Decider (not one of its reviewers)",
        lambda a: a.eligible_deciders,
        "Assign the decider",
        deciders.assign_decider,
        "{person} now takes the decision on {assessment}.",
    ),
)
"""Reviewers first; then the decider, a reviewer assigned to take the decision (an
administrator may take it unassigned)."""


def _assignment_form(form: AssignmentForm, items: list[AssignmentItem]) -> None:
    principal, db = session.require_principal(), session.database()
    with st.form(form.key):
        chosen = st.selectbox(
            form.assessment_label, [a.item.assessment_id for a in items], key=form.keys[0]
        )
        person = st.selectbox(
            form.person_label,
            sorted({p for a in items for p in form.people(a)}),
            key=form.keys[1],
        )
        slot = st.empty()
        submitted = st.form_submit_button(form.button, type="primary")
    if submitted and chosen and person:
        _, problem = attempt(lambda: form.assign(principal, db, chosen, person))
        if problem:
            slot.error(problem.message, icon=":material/error:")
        else:
            st.success(form.done.format(person=person, assessment=chosen))
            st.rerun()


render()
