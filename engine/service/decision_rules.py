"""Rules of the certification decision that stand apart from its transaction: how long the
certificate of an outcome is valid, and which verdicts may count."""

from __future__ import annotations

from engine.models.policy import Policy
from engine.scoring import AssessmentResult
from engine.service.errors import IllegalTransition
from engine.service.reviews import Verdict
from engine.service.targets import is_conflicted
from engine.storage import records
from engine.wording import first_few


def validity_months(policy: Policy, outcome: str, result: AssessmentResult) -> int | None:
    """The certificate validity of the outcome decided: the engine's when it is the engine's
    outcome, else that of the first band of the policy with that outcome."""
    if outcome == result.decision.outcome:
        return result.decision.validity_months
    bands = [b for b in policy.decision_bands if b.outcome == outcome and b.validity_months]
    return bands[0].validity_months if bands else None


def refuse_verdicts_of_the_ineligible(
    cursor: records.Cursor, verdicts: list[Verdict], org_id: str
) -> None:
    """A verdict counts only while its reviewer still may review the organisation: not
    deactivated, no conflict of interest declared since. Otherwise the decision waits until
    another reviewer has given those verdicts again (a new verdict replaces the old one)."""
    reviewers = {v.reviewer_id for v in verdicts}
    gone = sorted(
        r
        for r in reviewers
        if not records.get(cursor, "users", {"id": r})["active"] or is_conflicted(cursor, r, org_id)
    )
    if gone:
        on = first_few(sorted(v.requirement_id for v in verdicts if v.reviewer_id in gone))
        raise IllegalTransition(
            f"the verdicts of {', '.join(gone)} ({on}) cannot count: deactivated or in a "
            "conflict of interest since; another reviewer gives them again",
            "self-assessment.in_review",
        )
