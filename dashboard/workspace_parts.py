"""Parts of the self-assessment workspace: the score preview with findings, the evidence form
and the submit step with its blockers."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from dashboard import downloads, session
from dashboard.ui import (
    FieldMessages,
    attempt,
    outcome_word,
    percent,
    show_error,
    tr,
    wrapping_metric,
)
from engine.models.standard import Standard
from engine.service import assessments, evidence, exchange, views_workspace
from engine.service.assessments import Assessment
from engine.service.exchange import ImportOutcome
from engine.service.results import AssessmentResult

FLASH = "workspace_flash"
SEVERITY_ICONS = {"error": "🔴", "warning": "🟠", "info": "🔵"}


def flash(message: str) -> None:
    st.session_state[FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def preview_panel(result: AssessmentResult, title: str) -> None:
    """Scores, coverage, the engine's outcome and the findings."""
    st.subheader(title)
    outcome, score, answered = st.columns([2, 1, 1])
    wrapping_metric(outcome, "Engine outcome", outcome_word(result.decision.outcome))
    score.metric("Overall score", percent(result.overall_score))
    answered.metric("Answered", percent(result.coverage))
    findings = [f for f in result.findings if f.severity != "info"]
    if not findings:
        st.caption("No findings.")
        return
    with st.expander(f"Findings ({len(findings)})", expanded=len(findings) <= 8):
        table = pd.DataFrame(
            [
                (
                    SEVERITY_ICONS.get(f.severity, ""),
                    f.code,
                    f.location.requirement_id or "",
                    f.message,
                )
                for f in findings
            ],
            columns=["", "Code", "Requirement", "Finding"],
        )
        st.dataframe(table, hide_index=True, width="stretch")


def attached_evidence(items: list[evidence.Evidence], requirement_ids: list[str]) -> None:
    """The evidence added to this standard's requirements: each file to download again, and
    each piece to remove (a wrong file, or one that holds what it should not)."""
    shown = [i for i in items if i.requirement_id in requirement_ids]
    if not shown:
        return
    principal, db = session.require_principal(), session.database()
    with st.expander(f"Evidence added ({len(shown)})", icon=":material/attach_file:"):
        for item in shown:
            held, remove = st.columns([5, 1], vertical_alignment="center")
            with held:
                st.caption(item.requirement_id)
                downloads.show_evidence(principal, db, [item])
            if remove.button("Remove", key=f"evidence:remove:{item.id}", icon=":material/delete:"):
                _remove_evidence(item)


def _remove_evidence(item: evidence.Evidence) -> None:
    principal, db = session.require_principal(), session.database()
    removed, problem = attempt(lambda: evidence.remove_evidence(principal, db, item.id))
    if problem:
        show_error(problem)
    elif removed:
        flash(f"Evidence '{removed.title}' removed from {removed.requirement_id}.")
        st.rerun()


def evidence_form(assessment: Assessment, standard: Standard, requirement_ids: list[str]) -> None:
    """Add a link or a file as evidence for one requirement: one submit, one service call."""
    prefix = f"evidence:{assessment.id}:{standard.id}"
    slots = FieldMessages()
    with st.form(f"{prefix}:form", clear_on_submit=False):
        st.markdown("**Add evidence**")
        requirement_id = st.selectbox("For requirement", requirement_ids, key=f"{prefix}:req")
        title = st.text_input("Title", key=f"{prefix}:title")
        slots.slot("title")
        url = st.text_input("Link (https://…)", key=f"{prefix}:url")
        slots.slot("url")
        upload = st.file_uploader("or a file", key=f"{prefix}:file")
        slots.slot("content")
        submitted = st.form_submit_button("Add evidence")
    if submitted:
        _add_evidence(assessment, requirement_id or "", title, url, upload, slots)


def _add_evidence(
    assessment: Assessment,
    requirement_id: str,
    title: str,
    url: str,
    upload: object,
    slots: FieldMessages,
) -> None:
    if not title.strip():
        slots.show({"title": "Give the evidence a title."})
        return
    if bool(url.strip()) == (upload is not None):
        slots.show({"url": "Give either a link or a file."})
        return
    principal, db = session.require_principal(), session.database()
    if upload is not None:
        name, content = getattr(upload, "name", ""), upload.getvalue()  # type: ignore[attr-defined]
        added, problem = attempt(
            lambda: evidence.add_file(
                principal,
                db,
                assessment.id,
                requirement_id,
                title=title.strip(),
                filename=name,
                content=content,
            )
        )
    else:
        added, problem = attempt(
            lambda: evidence.add_link(
                principal, db, assessment.id, requirement_id, title=title.strip(), url=url.strip()
            )
        )
    if problem:
        field = problem.location if problem.location in ("url", "filename", "content") else "url"
        slots.show({"content" if field == "filename" else field: problem.message})
        return
    if added:
        flash(f"Evidence '{added.title}' added to {requirement_id}.")
        st.rerun()


def submit_step(assessment: Assessment) -> None:
    """Every blocker first; the submit button only when there is none."""
    principal, db = session.require_principal(), session.database()
    st.subheader("Submit for review")
    found, problem = attempt(lambda: views_workspace.blockers(principal, db, assessment.id))
    if problem:
        show_error(problem)
        return
    if found:
        st.warning(
            f"{len(found)} thing(s) to settle before you can submit:", icon=":material/block:"
        )
        for blocker in found:
            st.markdown(f"- {blocker.message}")
        return
    st.info("Everything is answered. Submitting sends the self-assessment to the reviewers.")
    if st.button("Submit for review", type="primary", key=f"submit:{assessment.id}"):
        submitted, problem = attempt(
            lambda: assessments.submit_assessment(
                principal, db, assessment.id, assessment.row_version
            )
        )
        if problem:
            show_error(problem)
        elif submitted:
            flash("Submitted. The reviewers will be in touch.")
            st.rerun()


def standard_label(standard: Standard, result: AssessmentResult) -> str:
    figures = result.standard(standard.id)
    if figures is None:
        return standard.code
    return f"{standard.code} {figures.answered_requirements}/{figures.applicable_requirements}"


def standard_heading(standard: Standard) -> None:
    st.markdown(f"#### {tr(standard.title)}")
    st.caption(tr(standard.purpose))


OFFLINE_TYPES = ["xlsx", "yaml", "yml", "json"]
OFFLINE_MAX_MB = 5
"""Larger files are refused by the browser already (the engine checks the exact limits)."""
PROBLEM_COLUMNS = ("Sheet", "Cell", "Line", "Field", "Problem", "What to do")


def _place(field: str | None, line: int | None) -> tuple[str, str, str, str]:
    """Sheet and cell of a workbook problem; line and field of a YAML or JSON one."""
    sheet, cell = field.split("!", 1) if field and "!" in field else ("", "")
    return sheet, cell, "" if line is None else str(line), "" if cell else field or ""


def problem_table(outcome: ImportOutcome) -> pd.DataFrame:
    """Every problem of an import, one row each; columns no problem fills are left out."""
    rows = [
        (*_place(p.location.field, p.location.line), p.message, p.hint_text)
        for p in outcome.report.sorted_problems()
    ]
    table = pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS))
    return table[[c for c in table.columns if (table[c] != "").any()]]


def _forget_typed_answers(assessment_id: str) -> None:
    """After an import the form must show the imported answers, not what it held before."""
    prefix = f"answer:{assessment_id}:"
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]


def _import(assessment: Assessment, upload: UploadedFile) -> None:
    principal, db = session.require_principal(), session.database()
    outcome, problem = attempt(
        lambda: exchange.import_self_assessment(
            principal, db, upload.name, upload.getvalue(), org_id=assessment.org_id
        )
    )
    if problem:
        show_error(problem)
        return
    if outcome is None:
        return
    if not outcome.imported:
        errors = outcome.report.errors
        st.error(
            f"Nothing was imported: {len(errors)} problem(s) in {upload.name}. "
            "Correct them and upload the file again.",
            icon=":material/error:",
        )
        st.dataframe(problem_table(outcome), hide_index=True, width="stretch")
        return
    _forget_typed_answers(outcome.assessment_id or assessment.id)
    removed = outcome.answers_removed
    removed_text = f"; {removed} answer(s) left empty in the file were removed" if removed else ""
    warnings = "".join(f" {p.message}: {p.hint_text}" for p in outcome.report.problems)
    flash(
        f"{outcome.answers_set} answer(s) imported from {upload.name} into "
        f"{outcome.assessment_id}{removed_text}.{warnings}"
    )
    st.rerun()


def offline_panel(assessment: Assessment) -> None:
    """Work offline: the workbook out (with the saved answers) and a filled file back in."""
    principal, db = session.require_principal(), session.database()
    with st.expander("Work offline", icon=":material/download:"):
        st.markdown(
            "Download the workbook of the standards that apply to you, with the answers saved "
            "so far, fill it in with Excel or LibreOffice, and upload it here. A YAML or JSON "
            "self-assessment works as well. Every cell is checked first: if anything is wrong, "
            "nothing is imported. An import replaces the answers shown below, so save what you "
            "typed first."
        )
        downloads.show(
            [
                downloads.workbook_offer(
                    principal, db, assessment.org_id, assessment.release_version, session.language()
                )
            ]
        )
        upload_col, problems_col = st.columns([2, 3])
        with upload_col, st.form(f"offline:{assessment.id}", clear_on_submit=True):
            upload = st.file_uploader(
                "Filled workbook, YAML or JSON",
                type=OFFLINE_TYPES,
                max_upload_size=OFFLINE_MAX_MB,
                key=f"offline:{assessment.id}:file",
            )
            submitted = st.form_submit_button("Import answers", type="primary")
        with problems_col:
            if submitted and upload is None:
                st.error("Choose a file to import first.", icon=":material/error:")
            elif submitted and upload is not None:
                _import(assessment, upload)
