"""After the decision: scores per standard, the outcome and its rationale, the conditions and
the improvement plan with its progress, and the certificate."""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import downloads, session
from dashboard.ui import attempt, outcome_word, percent, show_error, state_word, wrapping_metric
from engine.service import assessments, certificates, decisions, improvement_actions, reports
from engine.service.assessments import Assessment
from engine.service.improvement_actions import ImprovementAction

STATUS_ICONS = {"open": "⏳", "overdue": "⚠️", "done": "✅"}


def _scores(result: dict[str, Any]) -> pd.DataFrame:
    """The figures first, so that a narrow column never hides them behind a long title."""
    rows = [
        (s["code"], percent(s["score"]), _title(s)) for s in result["standards"] if s["applicable"]
    ]
    return pd.DataFrame(rows, columns=["Code", "Score", "Standard"])


def _title(standard: dict[str, Any]) -> str:
    title: dict[str, str | None] = standard["title"]
    return title.get(session.language()) or title["en"] or ""


def _actions(actions: list[ImprovementAction]) -> None:
    if not actions:
        st.caption("No improvement actions.")
        return
    done = sum(a.status == "done" for a in actions)
    st.progress(done / len(actions), text=f"Improvement plan: {done} of {len(actions)} done")
    principal, db = session.require_principal(), session.database()
    for action in actions:
        left, right = st.columns([5, 1])
        due = f" · due {action.due_on:%d %b %Y}" if action.due_on else ""
        left.markdown(
            f"{STATUS_ICONS.get(action.status, '')} **{action.requirement_id or ''}** "
            f"{action.description}{due} · {action.status}"
        )
        step, label = ("reopen", "Reopen") if action.status == "done" else ("complete", "Done")
        if right.button(label, key=f"action:{action.id}:{step}"):
            changed, problem = attempt(
                partial(
                    improvement_actions.change_action,
                    principal,
                    db,
                    action.id,
                    step,
                    action.row_version,
                )
            )
            if problem:
                show_error(problem)
            elif changed:
                st.rerun()


def _documents(assessment_id: str, certificate_number: str | None) -> None:
    """The report (in the sidebar's language), the OSCAL results and the certificate."""
    principal, db = session.require_principal(), session.database()
    language = session.language()
    st.subheader("Reports and certificate")
    st.caption(f"Reports are written in {session.LANGUAGES[language]} (change it in the sidebar).")
    downloads.show(
        [
            *downloads.report_offers(principal, db, assessment_id, language),
            downloads.oscal_offer(principal, db, assessment_id),
        ]
    )
    if certificate_number is None:
        return
    number: str = certificate_number
    code, problem = attempt(lambda: reports.certificate_code(principal, db, number))
    if problem:
        show_error(problem)
        return
    st.markdown(f"Certificate **{certificate_number}** · verification code **`{code}`**")
    withheld, problem = attempt(lambda: reports.certificate_withheld(principal, db, number))
    if problem:
        show_error(problem)
    elif withheld:
        st.warning(f"No certificate to download: {withheld}.", icon=":material/block:")
    else:
        st.caption(
            "Anyone can check this code on the public page *Verify a certificate*, "
            "or by scanning the QR code printed on the certificate."
        )
        downloads.show([downloads.certificate_offer(principal, db, number, language)])


def _decided(assessment: Assessment, org_id: str) -> None:
    principal, db = session.require_principal(), session.database()
    decision, problem = attempt(lambda: decisions.get_decision(principal, db, assessment.id))
    if problem:
        show_error(problem)
    if decision is None:
        return
    outcome, score, certificate = st.columns([2, 1, 2])
    wrapping_metric(outcome, "Outcome", outcome_word(decision.outcome))
    score.metric("Overall score", percent(decision.engine_result.get("overall_score")))
    certificate.metric("Certificate", decision.certificate_number or "none")
    if decision.rationale:
        st.markdown(f"**Rationale of the decision:** {decision.rationale}")
    if decision.machine_outcome != decision.outcome:
        st.caption(f"The engine's outcome was: {outcome_word(decision.machine_outcome)}")
    _documents(assessment.id, decision.certificate_number)
    left, right = st.columns([3, 2])
    with left:
        st.subheader("Scores per standard")
        st.dataframe(_scores(decision.engine_result), hide_index=True, width="stretch")
    with right:
        st.subheader("Conditions and improvement plan")
        actions = [
            a
            for a in improvement_actions.list_actions(principal, db, org_id)
            if a.assessment_id == assessment.id
        ]
        _actions(actions)


def _certificates(org_id: str) -> None:
    principal, db = session.require_principal(), session.database()
    found = certificates.list_certificates(principal, db, org_id)
    st.subheader("Certificates")
    if not found:
        st.caption("No certificate yet.")
        return
    rows = [
        (
            c.number,
            outcome_word(c.outcome),
            f"{c.issued_on:%d %b %Y}",
            f"{c.expires_on:%d %b %Y}",
            c.status,
        )
        for c in reversed(found)
    ]
    st.dataframe(
        pd.DataFrame(rows, columns=["Number", "Outcome", "Issued", "Expires", "Status"]),
        hide_index=True,
        width="stretch",
    )


def render() -> None:
    principal, db = session.require_principal(), session.database()
    org_id = principal.org_id or ""
    found, problem = attempt(lambda: assessments.list_assessments(principal, db, org_id))
    if problem:
        show_error(problem)
        return
    st.title("Results and certificate")
    decided = [a for a in found or [] if a.state == "decided"]
    if not decided:
        st.info("No decision yet. Results appear here once a self-assessment has been decided.")
    else:
        labels = {a.id: f"{a.id} · decided {a.decided_at:%d %b %Y}" for a in reversed(decided)}
        chosen = st.selectbox(
            "Self-assessment", list(labels), format_func=labels.__getitem__, key="results_choice"
        )
        chosen_assessment = next(a for a in decided if a.id == chosen)
        _decided(chosen_assessment, org_id)
    _certificates(org_id)
    if found:
        st.caption(
            "All self-assessments: "
            + ", ".join(f"{a.id} ({state_word(a.state).lower()})" for a in found)
        )


render()
