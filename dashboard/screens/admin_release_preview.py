"""Administrators: preview a candidate release of the library against the release in effect.

The diff per standard (requirements added, removed and changed, with the version bump each
needs and any bump problems), the release notes, and the impact: how many organisations'
outcomes would change, by standard and by region, with groups of fewer than 5 organisations
suppressed; and the same for a policy what-if. Nothing is changed by this page.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import session
from dashboard.ui import WITHHELD, attempt, show_error, tr
from engine.models.profile import PROFILE_VOCABULARY
from engine.service import clock, releases, what_if
from engine.service.impact import WhatIfReport
from engine.service.release_preview import (
    AspectChange,
    Bump,
    ReleasePreview,
    RequirementRow,
    StandardSummary,
    library_choices,
    release_preview,
)
from engine.service.release_transition import release_in_effect

# Aspect code -> the words people use for it.
ASPECT_WORDS: dict[str, str] = {
    "title": "title",
    "statement": "statement",
    "guidance": "guidance",
    "evidence_examples": "evidence examples",
    "scope": "scope/context",
    "critical": "criticality",
    "weight": "weight",
    "na_allowed": "N/A rule",
    "sources": "sources",
    "code": "code",
    "purpose": "purpose",
    "rating_scale": "rating scale",
    "weights": "weights",
    "critical_threshold": "critical threshold",
    "decision_bands": "decision bands",
    "not_applicable": "N/A rules",
    "evidence": "evidence rules",
    "review": "review procedure",
    "labels": "labels",
}
# Aspects short enough to show before and after in the table.
SHOW_VALUES = frozenset({"critical", "weight", "na_allowed"})
BUMP_WORDS: dict[Bump, str] = {
    Bump.NONE: "none",
    Bump.PATCH: "PATCH (wording only)",
    Bump.MINOR: "MINOR (added or widened)",
    Bump.MAJOR: "MAJOR (assessments need a migration)",
}
CHANGE_WORDS = {"added": "Added", "removed": "Removed", "changed": "Changed"}
IMPACT_COLUMNS = ["Organisations", "Outcome would change"]


def _aspect(change: AspectChange) -> str:
    words = f"{ASPECT_WORDS.get(change.aspect, change.aspect)} {change.kind}"
    if change.aspect in SHOW_VALUES:
        words += f" ({change.old} → {change.new})"
    return f"{words} [{change.bump.name}]"


def _row(row: RequirementRow) -> tuple[str, str, str, str, str]:
    what = "; ".join(_aspect(a) for a in row.aspects) or "–"
    return row.requirement_id, tr(row.title), CHANGE_WORDS[row.change], what, row.bump.name


def _statements(rows: tuple[RequirementRow, ...]) -> None:
    rewritten = [(r, a) for r in rows for a in r.aspects if a.aspect == "statement"]
    if not rewritten:
        return
    with st.expander("Statements before and after"):
        for row, aspect in rewritten:
            st.markdown(f"**{row.requirement_id}** ({aspect.kind})")
            st.markdown(f"- before: {aspect.old}\n- after: {aspect.new}")


def _versions(standard: StandardSummary) -> str:
    old, new = standard.old_version, standard.new_version
    if old is None:
        return f"added, version {new}"
    return f"removed (was version {old})" if new is None else f"{old} → {new}"


def _diff(preview: ReleasePreview) -> None:
    diff = preview.diff
    st.subheader(f"Changes from {diff.old_release} to {diff.new_release}")
    st.markdown(f"Version bump the release needs: **{BUMP_WORDS[diff.required_bump]}**")
    if diff.is_empty:
        st.info("The two releases bind the same standards and policy: nothing changed.")
    for standard in preview.standards:
        st.markdown(f"#### {tr(standard.title)} (`{standard.standard_id}`): {_versions(standard)}")
        st.caption(f"Needs a {BUMP_WORDS[standard.required_bump]} version bump.")
        if standard.itself:
            st.markdown("The standard itself: " + "; ".join(_aspect(a) for a in standard.itself))
        frame = pd.DataFrame(
            [_row(r) for r in standard.rows],
            columns=["Requirement", "Title", "Change", "What changed", "Bump"],
        )
        st.dataframe(frame, hide_index=True, width="stretch")
        _statements(standard.rows)
    if diff.policy is not None:
        st.markdown(
            f"#### Accreditation policy {diff.policy.old_version} → {diff.policy.new_version}"
        )
        for change in diff.policy.changes:
            st.markdown(f"- {_aspect(change)}")


def _bump_problems(preview: ReleasePreview) -> None:
    st.subheader("Version numbers")
    if not preview.bump_problems:
        st.success("Every new version number moves as far as its changes need.")
    for problem in preview.bump_problems:
        st.error(f"{problem.message} ({problem.code})", icon=":material/error:")
    bumps = {p.message for p in preview.bump_problems}
    others = [p for p in preview.library_problems if p.message not in bumps]
    if others:
        st.warning("The library reports problems in the files of the candidate release:")
    for found in others:
        line = f":{found.location.line}" if found.location.line else ""
        st.error(f"{found.location.file}{line}: {found.message} ({found.code})")


def _notes(preview: ReleasePreview) -> None:
    st.subheader("Release notes")
    diff = preview.diff
    st.download_button(
        "Download the release notes",
        preview.notes_markdown,
        file_name=f"release-notes-{diff.old_release}-to-{diff.new_release}.md",
        mime="text/markdown",
        key="release_notes_download",
    )
    with st.expander("Read the release notes"):
        st.markdown(preview.notes_markdown)


SHORT = "withheld"
"""What a table cell says for a figure withheld; the caption says why (WITHHELD)."""


def _figure(value: int | None) -> str:
    return SHORT if value is None else str(value)


def _group_table(report: WhatIfReport, dimension: str, names: dict[str, str]) -> pd.DataFrame:
    shown = {g.group: g for g in report.groups if g.dimension == dimension}
    names = {**names, **{g: g for g in shown if g not in names}}
    rows = [
        (name, str(shown[key].organisations), _figure(shown[key].changed))
        if key in shown
        else (name, SHORT, SHORT)
        for key, name in names.items()
    ]
    return pd.DataFrame(rows, columns=[dimension.capitalize(), *IMPACT_COLUMNS])


def _report(report: WhatIfReport, standards: dict[str, str]) -> None:
    first, second = st.columns(2)
    first.metric("Organisations with a decision", _figure(report.organisations))
    second.metric("Outcome would change", _figure(report.changed))
    regions = {r: r.replace("_", " ").capitalize() for r in PROFILE_VOCABULARY["region"]}
    left, right = st.columns(2)
    left.dataframe(_group_table(report, "standard", standards), hide_index=True, width="stretch")
    right.dataframe(_group_table(report, "region", regions), hide_index=True, width="stretch")
    st.caption(
        f"“{SHORT}”: {WITHHELD} (the total minus the groups shown). "
        "An organisation counts in every standard that applies to it."
    )
    for problem in report.problems:
        st.warning(f"{problem.location}: {problem.message} ({problem.code})")


def _estimate(label: str, key: str, run: Callable[[], WhatIfReport]) -> WhatIfReport | None:
    """Re-scoring every organisation takes a while: only on request, kept for this session."""
    if st.button(label, key=f"{key}:run"):
        report, problem = attempt(run)
        if problem:
            show_error(problem)
        st.session_state[key] = report
    found: WhatIfReport | None = st.session_state.get(key)
    return found


def _impact(preview: ReleasePreview) -> None:
    principal, db = session.require_principal(), session.database()
    st.subheader("Impact on organisations")
    st.caption(
        "Each organisation's latest decided self-assessment, moved onto the candidate release "
        "(carried answers taken as confirmed) and scored; compared with its outcome today."
    )
    candidate = preview.candidate
    key = f"release_impact:{preview.diff.old_release}:{candidate.version}"
    report = _estimate(
        "Estimate the impact",
        key,
        lambda: what_if.preview_release_impact(principal, db, candidate),
    )
    if report is not None:
        _report(report, {s.id: f"{s.code} {tr(s.title)}" for s in candidate.standards})


def _policy_what_if(standards: dict[str, str]) -> None:
    principal, db = session.require_principal(), session.database()
    st.subheader("Policy what-if")
    policies = list(library_choices(principal).policies)
    if not policies:
        st.caption("The library holds no policy.")
        return
    version = st.selectbox(
        "Policy version", policies, index=len(policies) - 1, key="what_if_policy"
    )
    st.caption("The same answers, each organisation's own release, scored under this policy.")
    report = _estimate(
        "Estimate the policy what-if",
        f"policy_what_if:{version}",
        lambda: what_if.what_if(principal, db, what_if.library_policy(version or "")),
    )
    if report is not None:
        _report(report, standards)


def _choose() -> tuple[str, str] | None:
    principal, db = session.require_principal(), session.database()
    library = list(library_choices(principal).releases)
    registered = [r.version for r in releases.list_releases(db)]
    known = sorted(set(library) | set(registered), key=lambda v: [int(p) for p in v.split(".")])
    if not known:
        st.info("There is no release yet, in the record or in the library.")
        return None
    in_effect = release_in_effect(db, clock.today()) or (registered or known)[-1]
    left, right = st.columns(2)
    current = left.selectbox(
        "Release in effect", known, index=known.index(in_effect), key="preview_current"
    )
    candidates = [v for v in library if v != current]
    if not candidates:
        st.info(f"The library holds no release other than {current}: nothing to preview.")
        return None
    candidate = right.selectbox(
        "Candidate release", candidates, index=len(candidates) - 1, key="preview_candidate"
    )
    return current or "", candidate or ""


def render() -> None:
    principal, db = session.require_principal(), session.database()
    st.title("Release preview")
    st.caption("Nothing is changed by this page: it compares, estimates and explains.")
    chosen = _choose()
    if chosen is None:
        return
    preview, problem = attempt(
        lambda: release_preview(principal, db, *chosen, language=session.language())
    )
    if problem:
        show_error(problem)
    if preview is None:
        return
    _diff(preview)
    _bump_problems(preview)
    _notes(preview)
    _impact(preview)
    standards = {s.id: f"{s.code} {tr(s.title)}" for s in preview.candidate.standards}
    _policy_what_if(standards)


render()
