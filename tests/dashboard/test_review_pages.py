"""Reviewers: the queue, the side-by-side review, requesting changes; the independent decision."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.navigation import DECIDE, QUEUE, REVIEW
from engine.service import assessments, reviews, views_queue
from engine.service.principals import Principal
from engine.storage import Database
from tests.dashboard.conftest import SignIn, button, texts
from tests.dashboard.record import STAFF

REVIEWERS = ("reviewer-1", "reviewer-2", "reviewer-3")


def _in_review(db: Database) -> tuple[str, str]:
    """A reviewer with a self-assessment in review, and its id."""
    for reviewer in REVIEWERS:
        queue = views_queue.review_queue(Principal(reviewer, "reviewer"), db)
        for item in queue:
            if item.state == "in_review":
                return reviewer, item.assessment_id
    raise AssertionError("the demo record has a self-assessment in review")


def _open_review(sign_in: SignIn, db: Database) -> tuple[AppTest, str]:
    """The review page of a self-assessment in review, opened by its reviewer; and its id."""
    reviewer, assessment_id = _in_review(db)
    at = sign_in(reviewer, STAFF[reviewer], str(REVIEW.path))
    at.selectbox(key="review_choice").select(assessment_id).run()
    return at, assessment_id


def test_the_queue_shows_age_and_due_dates(sign_in: SignIn, record: Database) -> None:
    reviewer, assessment_id = _in_review(record)
    at = sign_in(reviewer, STAFF[reviewer], str(QUEUE.path))
    queue = at.dataframe[0].value
    assert assessment_id in set(queue["Self-assessment"])
    assert {"Age (days)", "Due"} <= set(queue.columns)


def test_the_review_shows_answer_evidence_findings_and_verdict_side_by_side(
    sign_in: SignIn, record: Database
) -> None:
    at, _ = _open_review(sign_in, record)
    shown = texts(at)
    for heading in (
        "The organisation's answer",
        "Evidence",
        "The engine's findings",
        "Your verdict",
    ):
        assert heading in shown
    assert [b for b in at.button if b.label == "Record verdict"]


def test_requesting_changes_needs_a_reason_then_returns_it(
    sign_in: SignIn, record: Database
) -> None:
    at, assessment_id = _open_review(sign_in, record)
    button(at, "Request changes").click().run()
    assert "Say what needs to change." in texts(at)
    at.text_area(key=f"changes:{assessment_id}:reason").input("Add the supervision records.")
    button(at, "Request changes").click().run()
    assert not at.exception
    owner = assessments.get_assessment(Principal("admin", "admin"), record, assessment_id)
    assert owner.state == "changes_requested"


def test_an_independent_decider_decides_and_a_certificate_is_issued(
    sign_in: SignIn, record: Database
) -> None:
    reviewer, assessment_id = _in_review(record)
    decider = next(
        r
        for r in REVIEWERS
        if r != reviewer and views_queue.decision_queue(Principal(r, "reviewer"), record)
    )
    at = sign_in(decider, STAFF[decider], str(DECIDE.path))
    waiting = list(at.dataframe[0].value["Self-assessment"])
    assert assessment_id not in [
        i.assessment_id for i in views_queue.review_queue(Principal(decider, "reviewer"), record)
    ]
    chosen = waiting[0]
    at.selectbox(key="decision_choice").select(chosen).run()
    engine_outcome = at.selectbox(key=f"decision:{chosen}:outcome").value
    other = "accredited" if engine_outcome != "accredited" else "not_accredited"
    at.selectbox(key=f"decision:{chosen}:outcome").select(other)
    button(at, "Take the decision").click().run()
    assert "give the rationale" in texts(at)
    at.text_area(key=f"decision:{chosen}:rationale").input("The panel saw the records on site.")
    button(at, "Take the decision").click().run()
    shown = texts(at)
    if other == "accredited":
        assert "certificate INDEX-" in shown
    decided = assessments.get_assessment(Principal("admin", "admin"), record, chosen)
    assert decided.state == "decided"


def test_a_reviewer_never_decides_what_they_reviewed(sign_in: SignIn, record: Database) -> None:
    reviewer, assessment_id = _in_review(record)
    at = sign_in(reviewer, STAFF[reviewer], str(DECIDE.path))
    listed = list(at.dataframe[0].value["Self-assessment"]) if at.dataframe else []
    assert assessment_id not in listed


def test_adjusting_a_rating_needs_a_reason_and_keeps_the_choice(
    sign_in: SignIn, record: Database
) -> None:
    at, assessment_id = _open_review(sign_in, record)
    kind = next(r for r in at.radio if r.key and r.key.endswith(":kind"))
    prefix = kind.key.removesuffix(":kind")
    kind.set_value("adjust")
    at.selectbox(key=f"{prefix}:rating").select_index(1)
    next(b for b in at.button if b.label == "Record verdict" and b.proto.form_id == prefix).click()
    at.run()
    assert "Say why you adjust the rating." in texts(at)
    assert at.radio(key=f"{prefix}:kind").value == "adjust"
    requirement_id = prefix.split(":")[-1]
    with record.read() as cursor:
        recorded = {v.requirement_id for v in reviews.load_verdicts(cursor, assessment_id)}
    assert requirement_id not in recorded
