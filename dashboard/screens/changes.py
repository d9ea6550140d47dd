"""Organisations: what changed since our last certification.

The release the latest certificate was granted under, against the release in effect now (or
the newest one): each requirement that concerns the organisation's profile and was added,
removed or changed, what that means for it, and whether the certificate is still valid against
its own release.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from dashboard import session
from dashboard.ui import attempt, outcome_word, show_error, tr
from engine.service import clock
from engine.service.certificates import Certificate
from engine.service.views_changes import (
    MEANINGS,
    OrganisationChanges,
    RequirementEffect,
    changes_since_certification,
)

ASPECT_WORDS: dict[str, str] = {
    "title": "title",
    "statement": "what must be true",
    "guidance": "guidance",
    "evidence_examples": "evidence examples",
    "scope": "who it applies to",
    "critical": "criticality",
    "na_allowed": "whether N/A is allowed",
    "sources": "sources",
}
CHANGE_WORDS: dict[str, str] = {
    "added": "New",
    "removed": "Removed",
    "changed": "Changed",
    "now applies": "Now applies to you",
    "no longer applies": "No longer applies to you",
}
# What changed when the requirement itself did not: only the policy's rating scale does that.
UNSAID: dict[str, str] = {"reconfirm": "the rating scale of the policy"}
COUNTED: dict[str, str] = {
    "answer": "New requirements to answer",
    "reconfirm": "Answers to re-confirm",
    "archive": "Answers to be archived",
}
STATUS_TEXT: dict[str, str] = {
    "active": "is valid against release {release} until {expires}, whatever release is in "
    "effect now.",
    "expired": "was granted under release {release} and expired on {expires}.",
    "suspended": "was granted under release {release} and is suspended.",
    "withdrawn": "was granted under release {release} and has been withdrawn.",
}


def _certificate(certificate: Certificate, release: str) -> None:
    expires = f"{certificate.expires_on:%d %B %Y}"
    text = STATUS_TEXT[certificate.status].format(release=release, expires=expires)
    line = (
        f"Certificate **{certificate.number}** ({outcome_word(certificate.outcome)}, "
        f"issued {certificate.issued_on:%d %B %Y}) {text}"
    )
    if certificate.status == "active":
        st.success(line, icon=":material/verified:")
    else:
        st.warning(line, icon=":material/warning:")


def _what(effect: RequirementEffect) -> str:
    return "; ".join(f"{ASPECT_WORDS.get(a.aspect, a.aspect)}: {a.kind}" for a in effect.aspects)


def _table(effects: tuple[RequirementEffect, ...]) -> pd.DataFrame:
    rows = [
        (
            e.requirement_id,
            tr(e.title),
            CHANGE_WORDS.get(e.change, e.change),
            MEANINGS[e.meaning],
            _what(e) or UNSAID.get(e.meaning, "–"),
        )
        for e in effects
    ]
    columns = ["Requirement", "Title", "Change", "What it means for you", "What changed"]
    return pd.DataFrame(rows, columns=columns)


def _counts(effects: tuple[RequirementEffect, ...]) -> None:
    found = Counter(e.meaning for e in effects)
    for column, (meaning, label) in zip(st.columns(len(COUNTED)), COUNTED.items(), strict=True):
        column.metric(label, found[meaning])


def _heading(changes: OrganisationChanges) -> None:
    start, end = changes.from_release, changes.to_release
    st.subheader(f"Release {start} → release {end}")
    effective = changes.to_effective_from
    if end == changes.in_effect:
        st.caption(f"Release {end} is the release in effect now.")
    elif effective is not None and effective > clock.today():
        st.caption(f"Release {end} takes effect on {effective:%d %B %Y}.")


def _policy(changes: OrganisationChanges) -> None:
    policy = changes.policy
    if policy is None:
        return
    aspects = ", ".join(c.aspect.replace("_", " ") for c in policy.changes) or "its version"
    note = f"The accreditation policy changes too ({policy.old_version} → {policy.new_version}): "
    note += aspects + "."
    if policy.scale_changed:
        note += " The rating scale changed, so every carried answer needs re-confirmation."
    st.warning(note, icon=":material/policy:")


def _changes(changes: OrganisationChanges) -> None:
    _heading(changes)
    _policy(changes)
    if not changes.effects:
        st.info("Nothing changed in the requirements that apply to your organisation.")
        return
    _counts(changes.effects)
    st.dataframe(_table(changes.effects), hide_index=True, width="stretch")
    st.caption(
        "A new self-assessment on the newer release starts from your certified answers: "
        "unchanged answers are carried, changed ones are flagged for you to re-confirm, and "
        "answers to removed requirements are archived."
    )


def _compare_with(first: OrganisationChanges) -> OrganisationChanges | None:
    """The changes against the release chosen (when there is more than one newer release)."""
    if len(first.targets) < 2:
        return first
    targets = list(first.targets)
    chosen = st.selectbox(
        "Compare with release",
        targets,
        index=targets.index(first.to_release or targets[-1]),
        key="changes_release",
    )
    if chosen == first.to_release:
        return first
    principal, db = session.require_principal(), session.database()
    again, problem = attempt(
        lambda: changes_since_certification(principal, db, first.org_id, chosen)
    )
    if problem:
        show_error(problem)
    return again


def render() -> None:
    principal, db = session.require_principal(), session.database()
    st.title("What changed")
    org_id = principal.org_id
    if org_id is None:
        st.info("This page is for organisations.")
        return
    first, problem = attempt(lambda: changes_since_certification(principal, db, org_id))
    if problem:
        show_error(problem)
    if first is None:
        return
    if first.certificate is None or first.from_release is None:
        st.info(
            "Your organisation has no certificate yet, so there is nothing to compare: your "
            "self-assessment is scored against the release it was started on."
        )
        return
    _certificate(first.certificate, first.from_release)
    if first.to_release is None:
        st.info(
            f"Nothing changed: release {first.from_release}, which your certificate was "
            "granted under, is still the newest release."
        )
        return
    changes = _compare_with(first)
    if changes is not None:
        _changes(changes)


render()
