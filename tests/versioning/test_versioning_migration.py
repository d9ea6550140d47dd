"""Moving a self-assessment file from one fixture release to another."""

from __future__ import annotations

from versioning_fixtures import assessment, bundle

from engine.models import Response
from engine.versioning import Bump, migrate_self_assessment, migrate_self_assessments

ALPHA = assessment("alpha-2026.1")


def test_major_release_carries_flags_lists_and_archives() -> None:
    before = ALPHA.model_dump()
    result = migrate_self_assessment(ALPHA, bundle("2026.1"), bundle("2027.1"))
    assert result.ok
    assert result.assessment.release == "2027.1"
    assert result.carried == ()  # the rating scale changed: every answer is re-confirmed
    assert result.reconfirm == ("SG-01", "SG-03")
    assert result.new_requirements == ("SG-04", "OW-01")
    assert list(result.archived) == ["SG-02", "SC-01", "SC-02"]
    assert result.archived["SC-02"] == ALPHA.responses["SC-02"]
    assert set(result.assessment.responses) == {"SG-01", "SG-03"}
    assert all(r.needs_reconfirmation for r in result.assessment.responses.values())
    assert result.assessment.responses["SG-01"].rating == 3
    assert ALPHA.model_dump() == before  # the source never changes
    assert ALPHA.release == "2026.1"


def test_minor_release_flags_only_the_changed_requirements() -> None:
    result = migrate_self_assessment(ALPHA, bundle("2026.1"), bundle("2026.2"))
    assert result.carried == ("SC-01", "SC-02")
    assert result.reconfirm == ("SG-01", "SG-02", "SG-03")
    assert result.new_requirements == ("SG-04",)
    assert result.archived == {}
    carried = result.assessment.responses["SC-01"]
    assert carried is ALPHA.responses["SC-01"]
    assert not carried.needs_reconfirmation


def test_wording_changes_can_be_carried_without_reconfirmation() -> None:
    result = migrate_self_assessment(ALPHA, bundle("2026.1"), bundle("2026.2"), Bump.MINOR)
    assert result.reconfirm == ("SG-02", "SG-03")  # SG-01: only its guidance was reworded
    assert "SG-01" in result.carried


def test_an_assessment_of_another_release_is_refused_as_data() -> None:
    result = migrate_self_assessment(ALPHA, bundle("2026.2"), bundle("2027.1"))
    assert not result.ok
    assert [p.code for p in result.problems] == ["wrong-release"]
    assert "pinned to release 2026.1" in result.problems[0].message
    assert result.assessment is ALPHA


def test_an_answer_the_old_release_does_not_know_is_reconfirmed_or_archived() -> None:
    extra = {"SG-04": Response(rating=1), "ZZ-01": Response(rating=2)}
    odd = ALPHA.model_copy(update={"responses": {**ALPHA.responses, **extra}})
    result = migrate_self_assessment(odd, bundle("2026.1"), bundle("2026.2"))
    assert "SG-04" in result.reconfirm
    assert list(result.archived) == ["ZZ-01"]


def test_bulk_migration_gives_the_same_results_as_one_by_one() -> None:
    many = [
        ALPHA.model_copy(
            update={"organisation": ALPHA.organisation.model_copy(update={"id": f"org-{i}"})}
        )
        for i in range(50)
    ]
    results = migrate_self_assessments(many, bundle("2026.1"), bundle("2027.1"))
    single = [migrate_self_assessment(a, bundle("2026.1"), bundle("2027.1")) for a in many]
    assert results == single
    assert [r.assessment.organisation.id for r in results] == [f"org-{i}" for i in range(50)]


def test_a_rating_already_off_the_scale_is_flagged_not_carried_silently() -> None:
    """SC-01 is unchanged from 2026.1 to 2026.2, so its answer would be carried as it is; a
    rating off the scale is scored as unanswered, so the organisation must see it again."""
    wrong = {"SC-01": Response(rating=9)}
    odd = ALPHA.model_copy(update={"responses": {**ALPHA.responses, **wrong}})
    result = migrate_self_assessment(odd, bundle("2026.1"), bundle("2026.2"))
    assert result.off_scale == ("SC-01",)
    assert "SC-01" in result.reconfirm and "SC-01" not in result.carried
    assert result.assessment.responses["SC-01"].needs_reconfirmation
    assert result.assessment.responses["SC-01"].rating == 9  # carried as given, not changed
    assert result.carried == ("SC-02",)
