"""The board sees aggregates only, and never a group of fewer than 5 organisations."""

from __future__ import annotations

import pytest

from engine.models import Response
from engine.service import analytics, assessments, deciders, decisions, organisations, reviews
from engine.service.errors import AccessDenied, InvalidInput
from engine.service.principals import SYSTEM, Principal
from tests.service.builders import profile
from tests.service.conftest import World, make_world

EUROPE, AFRICA = 6, 2


def _decide(world: World, org_id: str, rating: int) -> None:
    member = Principal(f"{org_id}-member", "org_member", org_id)
    draft = assessments.start_assessment(member, world.db, org_id, "2026.1")
    ids = ("SG-01", "SG-02", "CM-01", "CM-02")
    saved = assessments.save_responses(
        member, world.db, draft.id, {rid: Response(rating=rating) for rid in ids}, draft.row_version
    )
    submitted = assessments.submit_assessment(member, world.db, draft.id, saved.row_version)
    reviews.assign_reviewer(world.admin, world.db, draft.id, "reviewer")
    deciders.assign_decider(world.admin, world.db, draft.id, "decider")
    reviews.start_review(world.reviewer, world.db, draft.id, submitted.row_version)
    version = submitted.row_version + 1
    reviews.record_verdict(
        world.reviewer, world.db, draft.id, "SG-01", "agree", expected_version=version
    )
    decisions.decide(world.decider, world.db, draft.id, submitted.row_version + 2)


@pytest.fixture(scope="module")
def field(tmp_path_factory: pytest.TempPathFactory) -> World:
    world = make_world(tmp_path_factory.mktemp("board") / "board.duckdb")
    for n in range(EUROPE):
        org_id = f"eu-{n}"
        organisations.create_organisation(SYSTEM, world.db, org_id, org_id, profile("DE"))
        _decide(world, org_id, rating=3 if n % 2 else 1)
    for n in range(AFRICA):
        org_id = f"af-{n}"
        organisations.create_organisation(SYSTEM, world.db, org_id, org_id, profile("KE", "africa"))
        _decide(world, org_id, rating=3)
    return world


def test_small_groups_are_suppressed_in_every_query(field: World) -> None:
    for name, query in analytics.BOARD_QUERIES.items():
        table = query(field.board, field.db)
        assert all((row["organisations"] or 0) >= analytics.MIN_GROUP for row in table.rows), name
    by_region = analytics.adoption(field.board, field.db, "region")
    assert by_region.suppressed_groups == 4  # africa and europe, for each of the two standards


def test_a_large_group_is_hidden_when_the_total_would_give_a_small_one_away(
    field: World,
) -> None:
    """Everyone (8, shown) minus Europe (6) would be Africa's 2 organisations, with their
    share meeting each standard: so Europe is hidden beside Africa."""
    everyone = analytics.adoption(field.board, field.db)
    assert {row["organisations"] for row in everyone.rows} == {8}
    by_region = analytics.adoption(field.board, field.db, "region")
    assert by_region.rows == []
    assert {(s["standard_id"], s["group"]) for s in by_region.suppressed} == {
        (standard, region)
        for standard in ("safeguarding", "case-management")
        for region in ("europe", "africa")
    }


def test_adoption_is_the_share_meeting_each_standard(field: World) -> None:
    table = analytics.adoption(field.board, field.db)
    shares = {row["standard_id"]: row["share_meeting"] for row in table.rows}
    # 3 of 6 European organisations rated 3 and both African ones: 5 of 8 meet the standards
    assert shares == {"safeguarding": pytest.approx(5 / 8), "case-management": pytest.approx(5 / 8)}


def test_pipeline_and_certificates(field: World) -> None:
    pipeline = analytics.pipeline(field.board, field.db)
    assert [(r["state"], r["assessments"]) for r in pipeline.rows] == [("decided", 8)]
    status = analytics.certificate_status(field.board, field.db)
    assert [(r["status"], r["certificates"]) for r in status.rows] == [("active", 5)]


def test_only_the_board_and_admins_see_analytics(field: World) -> None:
    with pytest.raises(AccessDenied):
        analytics.adoption(field.alpha_admin, field.db)
    with pytest.raises(InvalidInput):
        analytics.adoption(field.board, field.db, "name; DROP TABLE decisions")


def test_a_region_filter_does_not_give_away_what_the_regions_hide(field: World) -> None:
    """Everyone (8) minus a filter on Europe (6) would be Africa's 2 organisations: as Europe
    is hidden when compared by region, a filter on Europe shows nothing either."""
    europe = analytics.BoardFilters(regions=("europe",))
    assert analytics.adoption(field.board, field.db, filters=europe).rows == []
    assert analytics.score_bands(field.board, field.db, filters=europe).rows == []
    # any chosen region whose group is hidden hides the row: Europe and Africa together
    # would be safe here, but with a third small region the union could give it away
    both = analytics.BoardFilters(regions=("europe", "africa"))
    assert analytics.adoption(field.board, field.db, filters=both).rows == []
    assert {r["organisations"] for r in analytics.adoption(field.board, field.db).rows} == {8}
