"""The self-assessment workspace: one tab per applicable standard with its progress, one form
per standard (one save = one service call = one transaction), a live score preview with
findings, and the submit step with every blocker listed first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import answers, session
from dashboard.ui import FieldMessages, attempt, show_error, state_word
from dashboard.workspace_parts import (
    attached_evidence,
    evidence_form,
    flash,
    offline_panel,
    preview_panel,
    show_flash,
    standard_heading,
    standard_label,
    submit_step,
)
from engine.models.assessment import Response
from engine.models.bundle import ReleaseBundle
from engine.models.standard import Standard
from engine.service import (
    assessments,
    evidence,
    releases,
    renewal,
    stored_migration,
    views_workspace,
)
from engine.service.assessments import Assessment
from engine.service.results import AssessmentResult

EDITABLE = ("draft", "changes_requested")


def _start(org_id: str, previous: Assessment | None) -> None:
    principal, db = session.require_principal(), session.database()
    open_releases = [r.version for r in releases.list_releases(db) if r.open]
    if not open_releases:
        st.info("No release of the standards is open for self-assessment at the moment.")
        return
    renewing = previous is not None and previous.state == "decided"
    if renewing and previous is not None:
        st.write(
            f"Your self-assessment {previous.id} ({previous.release_version}) has been decided. "
            "A renewal starts a new one with its answers and evidence carried over; confirm "
            "or change each carried answer before you submit."
        )
    else:
        st.write("Start a self-assessment against the current release of the standards.")
    version = st.selectbox("Release", open_releases[::-1], key="start_release")
    label = "Start the renewal" if renewing else "Start a self-assessment"
    if st.button(label, type="primary", key="start_assessment"):
        if renewing and previous is not None:
            started, problem = attempt(
                lambda: renewal.renew_assessment(principal, db, previous.id, version)
            )
        else:
            started, problem = attempt(
                lambda: assessments.start_assessment(principal, db, org_id, version or "")
            )
        if problem:
            show_error(problem)
        elif started:
            flash(f"Self-assessment {started.id} started.")
            st.rerun()


def _standard_form(
    assessment: Assessment, bundle: ReleaseBundle, standard: Standard, applicable: set[str]
) -> dict[str, Response | None] | None:
    """The form of one standard; the typed answers when its preview button was pressed."""
    slots = FieldMessages()
    typed: list[answers.Typed] = []
    with st.form(f"answers:{assessment.id}:{standard.id}", enter_to_submit=False):
        for requirement in (r for r in standard.requirements if r.id in applicable):
            with st.container(border=True):
                saved = assessment.responses.get(requirement.id)
                typed.append(
                    answers.requirement_widgets(
                        assessment.id, requirement, saved, bundle.policy, slots
                    )
                )
        save_col, preview_col = st.columns([1, 1])
        save = save_col.form_submit_button("Save answers", type="primary")
        preview = preview_col.form_submit_button("Preview the score of what I typed")
    if not (save or preview):
        return None
    messages: dict[str, str] = {}
    for item in typed:
        messages.update(answers.check(item, bundle.policy))
    if messages:
        slots.show(messages)
        st.error(
            f"Nothing was saved: {len(messages)} answer(s) need attention (see above).",
            icon=":material/error:",
        )
        return None
    responses = {
        t.requirement_id: answers.response_of(t, assessment.responses.get(t.requirement_id))
        for t in typed
    }
    if preview:
        return responses
    _save(assessment, responses, standard)
    return None


def _save(
    assessment: Assessment, responses: dict[str, Response | None], standard: Standard
) -> None:
    principal, db = session.require_principal(), session.database()
    saved, problem = attempt(
        lambda: assessments.save_responses(
            principal, db, assessment.id, responses, assessment.row_version
        )
    )
    if problem:
        show_error(problem)
        st.caption("Your typed answers are still in the form; nothing was lost.")
    elif saved:
        flash(f"Answers to {standard.code} saved.")
        st.rerun()


def _editor(assessment: Assessment) -> None:
    principal, db = session.require_principal(), session.database()
    bundle = releases.release_bundle(db, assessment.release_version)
    result, problem = attempt(lambda: views_workspace.preview(principal, db, assessment.id))
    if problem:
        show_error(problem)
    if result is None:
        return
    for request in views_workspace.change_requests(principal, db, assessment.id)[:1]:
        st.warning(f"The reviewer asked for changes: {request.reason}", icon=":material/undo:")
    _archived(assessment)
    offline_panel(assessment)
    preview_slot = st.container()
    applicable = {r.requirement_id for r in result.requirements if r.applicable}
    standards = [s for s in bundle.standards if any(r.id in applicable for r in s.requirements)]
    typed_preview: dict[str, Response | None] | None = None
    attached = evidence.list_evidence(principal, db, assessment.id)
    tabs = st.tabs([standard_label(s, result) for s in standards])
    for tab, standard in zip(tabs, standards, strict=True):
        with tab:
            standard_heading(standard)
            typed = _standard_form(assessment, bundle, standard, applicable)
            typed_preview = typed or typed_preview
            ids = [r.id for r in standard.requirements if r.id in applicable]
            attached_evidence(attached, ids)
            evidence_form(assessment, standard, ids)
    with preview_slot:
        _preview(assessment, result, typed_preview)
    st.divider()
    submit_step(assessment)


def _archived(assessment: Assessment) -> None:
    """Answers kept from the earlier release, to requirements this release no longer has."""
    principal, db = session.require_principal(), session.database()
    kept, _ = attempt(lambda: stored_migration.archived_answers(principal, db, assessment.id))
    if not kept:
        return
    release = assessment.release_version
    label = f"{len(kept)} earlier answer(s) to requirements release {release} no longer has"
    with st.expander(label, icon=":material/inventory_2:"):
        st.caption("Kept for your records; they count for nothing in this self-assessment.")
        rows = [
            (rid, "not applicable" if a.not_applicable else str(a.rating), a.comment or "")
            for rid, a in kept.items()
        ]
        table = pd.DataFrame(rows, columns=["Requirement", "Answer", "Comment"])
        st.dataframe(table, hide_index=True, width="stretch")


def _preview(
    assessment: Assessment, saved: AssessmentResult, typed: dict[str, Response | None] | None
) -> None:
    if typed is None:
        preview_panel(saved, "Score preview of the saved answers")
        return
    principal, db = session.require_principal(), session.database()
    result, problem = attempt(lambda: views_workspace.preview(principal, db, assessment.id, typed))
    if problem:
        show_error(problem)
    elif result:
        preview_panel(result, "Score preview of what you typed (not saved yet)")


def render() -> None:
    principal, db = session.require_principal(), session.database()
    org_id = principal.org_id or ""
    found, problem = attempt(lambda: assessments.list_assessments(principal, db, org_id))
    if problem:
        show_error(problem)
        return
    st.title("Self-assessment")
    show_flash()
    latest = found[-1] if found else None
    if latest is None or latest.state == "decided":
        _start(org_id, latest)
        return
    st.caption(f"{latest.id} · release {latest.release_version} · {state_word(latest.state)}")
    if latest.state not in EDITABLE:
        st.info(
            f"Submitted on {latest.submitted_at:%d %B %Y}; "
            f"it is {state_word(latest.state).lower()}."
            " You can edit it again if the reviewers ask for changes.",
            icon=":material/hourglass_top:",
        )
        return
    _editor(latest)


render()
