"""The answer widgets of one requirement and the checks of what was typed, beside each field.

Widget keys carry the self-assessment and requirement ids, so typed values stay in the widgets
whatever happens on submit (a refused save, a validation message, a preview).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.ui import FieldMessages, tr
from engine.models.assessment import Response
from engine.models.policy import Policy
from engine.models.standard import Requirement

NO_RATING = -1
"""The radio option for "not rated yet"."""


@dataclass(frozen=True)
class Typed:
    """What a person typed for one requirement."""

    requirement_id: str
    rating: int | None
    not_applicable: bool
    na_reason: str
    comment: str


def key(assessment_id: str, requirement_id: str, part: str) -> str:
    return f"answer:{assessment_id}:{requirement_id}:{part}"


def _rating_help(policy: Policy) -> str:
    return "\n\n".join(
        f"**{level.value} · {tr(level.label)}**: {tr(level.descriptor)}"
        for level in policy.rating_scale.levels
    )


def _labels(policy: Policy) -> dict[int, str]:
    labels = {NO_RATING: "not rated"}
    labels.update({lv.value: f"{lv.value} · {tr(lv.label)}" for lv in policy.rating_scale.levels})
    return labels


def requirement_widgets(
    assessment_id: str,
    requirement: Requirement,
    saved: Response | None,
    policy: Policy,
    slots: FieldMessages,
) -> Typed:
    """Draw the rating (with its descriptors), N/A with reason and comment; what is typed."""
    rid = requirement.id
    badge = " :red-badge[critical]" if requirement.critical else ""
    st.markdown(f"**{rid} · {tr(requirement.title)}**{badge}")
    st.write(tr(requirement.statement))
    with st.expander("Guidance and examples of evidence"):
        st.write(tr(requirement.guidance))
        for example in requirement.evidence_examples:
            st.markdown(f"- {tr(example)}")
    labels = _labels(policy)
    options = list(labels)
    current = saved.rating if saved and saved.rating is not None else NO_RATING
    rating = st.radio(
        "Rating",
        options,
        index=options.index(current) if current in options else 0,
        format_func=labels.__getitem__,
        horizontal=True,
        help=_rating_help(policy),
        key=key(assessment_id, rid, "rating"),
    )
    slots.slot(f"{rid}:rating")
    not_applicable, na_reason = False, ""
    if requirement.na_allowed:
        not_applicable = st.checkbox(
            "Not applicable to us",
            bool(saved and saved.not_applicable),
            key=key(assessment_id, rid, "na"),
        )
        na_reason = st.text_input(
            "Why it does not apply",
            (saved.na_reason or "") if saved else "",
            key=key(assessment_id, rid, "na_reason"),
        )
        slots.slot(f"{rid}:na_reason")
    comment = st.text_area(
        "Comment",
        (saved.comment or "") if saved else "",
        height=68,
        key=key(assessment_id, rid, "comment"),
    )
    if saved and saved.evidence:
        titles = ", ".join(e.title for e in saved.evidence)
        st.caption(f":material/attach_file: Evidence: {titles}")
    if saved and saved.needs_reconfirmation:
        st.caption(":material/history: Carried over from the last self-assessment: save to confirm")
    return Typed(rid, None if rating == NO_RATING else rating, not_applicable, na_reason, comment)


def check(typed: Typed, policy: Policy) -> dict[str, str]:
    """Messages per field (`<requirement>:rating`, `<requirement>:na_reason`); empty when fine."""
    rule = policy.not_applicable
    messages: dict[str, str] = {}
    reason = typed.na_reason.strip()
    if typed.not_applicable and typed.rating is not None:
        messages[f"{typed.requirement_id}:rating"] = (
            "Choose a rating or 'not applicable', not both."
        )
    if typed.not_applicable and rule.reason_required and len(reason) < rule.min_reason_length:
        messages[f"{typed.requirement_id}:na_reason"] = (
            f"Say why it does not apply, in at least {rule.min_reason_length} characters "
            f"({len(reason)} so far)."
        )
    return messages


def response_of(typed: Typed, saved: Response | None) -> Response | None:
    """The answer to store; None when nothing was given (the answer is removed)."""
    comment = typed.comment.strip() or None
    if typed.rating is None and not typed.not_applicable and comment is None:
        return None
    return Response(
        rating=None if typed.not_applicable else typed.rating,
        not_applicable=typed.not_applicable,
        na_reason=(typed.na_reason.strip() or None) if typed.not_applicable else None,
        comment=comment,
        evidence=list(saved.evidence) if saved else [],
    )
