"""The two lifecycles as declarative transition tables (DESIGN.md section 6)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from engine.service.errors import IllegalTransition

AssessmentState = Literal["draft", "submitted", "in_review", "changes_requested", "decided"]
ASSESSMENT_STATES: tuple[AssessmentState, ...] = (
    "draft",
    "submitted",
    "in_review",
    "changes_requested",
    "decided",
)
ASSESSMENT_TRANSITIONS: dict[tuple[str, str], AssessmentState] = {
    ("draft", "submit"): "submitted",
    ("changes_requested", "submit"): "submitted",
    ("submitted", "start_review"): "in_review",
    ("in_review", "request_changes"): "changes_requested",
    ("in_review", "decide"): "decided",
}
EDITABLE_STATES: frozenset[str] = frozenset({"draft", "changes_requested"})

CertificateStatus = Literal["active", "expired", "suspended", "withdrawn"]
CERTIFICATE_STATUSES: tuple[CertificateStatus, ...] = (
    "active",
    "expired",
    "suspended",
    "withdrawn",
)
CERTIFICATE_TRANSITIONS: dict[tuple[str, str], CertificateStatus] = {
    ("active", "suspend"): "suspended",
    ("suspended", "reinstate"): "active",
    ("active", "withdraw"): "withdrawn",
    ("suspended", "withdraw"): "withdrawn",
    ("expired", "withdraw"): "withdrawn",
}
"""`expired` is derived from the date; a new assessment renews. An expired certificate can
still be withdrawn (found to rest on false evidence, say), so that a check of its code says
so instead of "genuine, but expired"."""

_STEP_WORDS: dict[str, str] = {
    "submit": "submit",
    "start_review": "start the review of",
    "request_changes": "request changes to",
    "decide": "decide on",
    "suspend": "suspend",
    "reinstate": "reinstate",
    "withdraw": "withdraw",
    "edit": "edit",
}


def next_state(table: Mapping[tuple[str, str], str], current: str, step: str, what: str) -> str:
    """The state after `step`, or IllegalTransition naming what is allowed instead."""
    target = table.get((current, step))
    if target is None:
        allowed = sorted(s for (state, s) in table if state == current)
        hint = f"; from here you can: {', '.join(allowed)}" if allowed else ""
        raise IllegalTransition(
            f"cannot {_STEP_WORDS.get(step, step)} a {what} that is {current.replace('_', ' ')}"
            f"{hint}",
            location=f"{what}.{current}",
        )
    return target


def assessment_step(current: str, step: str) -> str:
    return next_state(ASSESSMENT_TRANSITIONS, current, step, "self-assessment")


def certificate_step(current: str, step: str) -> str:
    return next_state(CERTIFICATE_TRANSITIONS, current, step, "certificate")


def require_editable(current: str) -> None:
    if current not in EDITABLE_STATES:
        raise IllegalTransition(
            f"cannot edit a self-assessment that is {current.replace('_', ' ')}; only drafts "
            "and self-assessments returned with changes requested can be edited",
            location=f"self-assessment.{current}",
        )
