"""Read models for reviewers and deciders: the queue of assigned self-assessments with their age
and due date, the self-assessments awaiting an independent decision, and the engine's result
that a decider sees before deciding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from engine.scoring import AssessmentResult
from engine.service import clock
from engine.service.access import allowed, require
from engine.service.assessments import Assessment, as_document, load_assessment
from engine.service.decisions import reviewed_responses
from engine.service.principals import Principal
from engine.service.releases import release_bundle
from engine.service.reviews import Verdict, independent_decision, load_verdicts
from engine.service.scoring_rules import score
from engine.service.targets import assessment_target, row_for
from engine.storage import Database, records

REVIEW_DAYS = 30
"""A review is due this many days after the self-assessment was submitted."""
QUEUE_STATES = ("submitted", "in_review")

__all__ = [
    "REVIEW_DAYS",
    "AssignmentItem",
    "DecisionView",
    "QueueItem",
    "assignment_queue",
    "decision_queue",
    "decision_view",
    "review_queue",
]


@dataclass(frozen=True)
class QueueItem:
    assessment_id: str
    org_id: str
    org_name: str
    state: str
    submitted_at: datetime | None
    age_days: int
    due_on: date | None
    overdue: bool


@dataclass(frozen=True)
class DecisionView:
    assessment: Assessment
    org_name: str
    verdicts: list[Verdict]
    result: AssessmentResult


def _item(row: records.Row, today: date) -> QueueItem:
    submitted = row["submitted_at"]
    due = submitted.date() + timedelta(days=REVIEW_DAYS) if submitted else None
    return QueueItem(
        assessment_id=row["id"],
        org_id=row["org_id"],
        org_name=row["name"],
        state=row["state"],
        submitted_at=submitted,
        age_days=(today - submitted.date()).days if submitted else 0,
        due_on=due,
        overdue=due is not None and today > due,
    )


_QUEUE_SQL = (
    "SELECT a.id, a.org_id, o.name, a.state, a.submitted_at FROM assessments a "
    "JOIN organisations o ON o.id = a.org_id "
    "JOIN review_assignments r ON r.assessment_id = a.id "
    "WHERE r.reviewer_id = ? AND list_contains(?, a.state) ORDER BY a.submitted_at, a.id"
)
_DECISION_SQL = (
    "SELECT a.id, a.org_id, o.name, a.state, a.submitted_at, a.release_version "
    "FROM assessments a "
    "JOIN organisations o ON o.id = a.org_id "
    "WHERE a.state = 'in_review' ORDER BY a.submitted_at, a.id"
)


def review_queue(principal: Principal, db: Database) -> list[QueueItem]:
    """The self-assessments assigned to this reviewer that are submitted or in review,
    oldest first. Rows the access rules would refuse are left out."""
    today = clock.today()
    with db.read() as cursor:
        found = records.rows(cursor, _QUEUE_SQL, [principal.user_id, list(QUEUE_STATES)])
        return [
            _item(r, today)
            for r in found
            if allowed(principal, "review.conduct", assessment_target(cursor, principal, r))
        ]


def decision_queue(principal: Principal, db: Database) -> list[QueueItem]:
    """Self-assessments in review on which this person may take the independent decision."""
    if principal.role not in ("reviewer", "admin"):
        return []
    today = clock.today()
    with db.read() as cursor:
        found = records.rows(cursor, _DECISION_SQL)
    independent = _independence(db, {r["release_version"] for r in found})
    with db.read() as cursor:
        return [
            _item(r, today)
            for r in found
            if allowed(
                principal,
                "decision.make",
                assessment_target(cursor, principal, r, independent[r["release_version"]]),
            )
        ]


def _independence(db: Database, versions: set[str]) -> dict[str, bool]:
    """Per release: does its policy want the decision taken by someone who did not review?"""
    return {v: independent_decision(db, v) for v in versions}


def decision_view(principal: Principal, db: Database, assessment_id: str) -> DecisionView:
    """What the decider needs: the answers, the reviewer's verdicts and the engine's result of
    the reviewed answers. Only for someone allowed to take this decision."""
    with db.read() as cursor:
        row = row_for(cursor, principal, "assessments", {"id": assessment_id}, "decision.make")
    bundle = release_bundle(db, row["release_version"])
    independent = bundle.policy.review.independent_decision
    with db.read() as cursor:
        require(principal, "decision.make", assessment_target(cursor, principal, row, independent))
        assessment = load_assessment(cursor, assessment_id)
        profile = as_document(cursor, assessment).profile
        verdicts = load_verdicts(cursor, assessment_id)
        name = str(records.get(cursor, "organisations", {"id": row["org_id"]})["name"])
    result = score(bundle, profile, reviewed_responses(assessment.responses, verdicts))
    return DecisionView(assessment, name, verdicts, result)


@dataclass(frozen=True)
class AssignmentItem:
    item: QueueItem
    reviewers: tuple[str, ...]
    eligible: tuple[str, ...]
    """Active reviewers who may review it: not of the organisation, no declared conflict, not
    already one of its reviewers and not its decider."""
    decider: str | None = None
    eligible_deciders: tuple[str, ...] = ()
    """Who may take its decision: as `eligible`, but not one of its reviewers."""


_ASSIGN_SQL = (
    "SELECT a.id, a.org_id, o.name, a.state, a.submitted_at, a.release_version "
    "FROM assessments a "
    "JOIN organisations o ON o.id = a.org_id "
    "WHERE list_contains(?, a.state) ORDER BY a.submitted_at, a.id"
)
_REVIEWERS_SQL = (
    "SELECT u.id, u.org_id, list(c.org_id) FILTER (WHERE c.org_id IS NOT NULL) AS conflicts "
    "FROM users u LEFT JOIN conflicts_of_interest c ON c.user_id = u.id "
    "WHERE u.role = 'reviewer' AND u.active GROUP BY ALL ORDER BY u.id"
)


def assignment_queue(principal: Principal, db: Database) -> list[AssignmentItem]:
    """Submitted self-assessments and those in review, with their reviewers and who else may
    be assigned (administrators only)."""
    require(principal, "review.assign")
    today = clock.today()
    with db.read() as cursor:
        found = records.rows(cursor, _ASSIGN_SQL, [list(QUEUE_STATES)])
        people = records.rows(cursor, _REVIEWERS_SQL)
        assigned: dict[str, list[str]] = {}
        for row in records.rows(cursor, "SELECT * FROM review_assignments ORDER BY reviewer_id"):
            assigned.setdefault(row["assessment_id"], []).append(row["reviewer_id"])
        deciders = dict(
            cursor.execute("SELECT assessment_id, decider_id FROM decider_assignments").fetchall()
        )
    independent = _independence(db, {r["release_version"] for r in found})
    items = []
    for r in found:
        reviewers, decider = assigned.get(r["id"], []), deciders.get(r["id"])
        free = [
            p["id"]
            for p in people
            if p["org_id"] != r["org_id"] and r["org_id"] not in (p["conflicts"] or [])
        ]
        apart = independent[r["release_version"]]  # decider and reviewers are different people
        items.append(
            AssignmentItem(
                _item(r, today),
                tuple(reviewers),
                tuple(p for p in free if p not in reviewers and not (apart and p == decider)),
                decider,
                tuple(p for p in free if p != decider and not (apart and p in reviewers)),
            )
        )
    return items
