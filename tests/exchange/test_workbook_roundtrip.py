"""Export then import of a workbook gives back the same answers."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.models import Response
from engine.models.bundle import ReleaseBundle
from engine.reports.workbook_import import read_workbook
from engine.reports.workbook_template import WorkbookRequest, build_workbook
from engine.service import assessments, exchange
from tests.reports.worlds import Certified
from tests.service.builders import bundle, profile

BUNDLE = bundle()
PROFILE = profile()
SCALE = [level.value for level in BUNDLE.policy.rating_scale.levels]

# Text a cell can hold: no control characters other than line breaks, no noncharacters.
texts = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc", "Cn", "Co")) | st.just("\n"),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")


def _response() -> st.SearchStrategy[Response]:
    rated = st.builds(
        Response,
        rating=st.sampled_from(SCALE) | st.none(),
        na_reason=st.none() | texts,
        comment=st.none() | texts,
    )
    not_applicable = st.builds(
        Response,
        not_applicable=st.just(True),
        na_reason=st.none() | texts,
        comment=st.none() | texts,
    )
    return (rated | not_applicable).filter(
        lambda r: r.not_applicable or any((r.rating is not None, r.na_reason, r.comment))
    )


answers = st.dictionaries(st.sampled_from(BUNDLE.requirement_ids()), _response(), max_size=4)


def _release(version: str) -> ReleaseBundle | None:
    return BUNDLE if version == BUNDLE.version else None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(responses=answers, language=st.sampled_from(["en", "de", "fr"]))
def test_workbook_round_trip_keeps_every_answer(
    responses: dict[str, Response], language: str
) -> None:
    request = WorkbookRequest("alpha", "Alpha e.V.", BUNDLE, PROFILE, language, responses)
    read = read_workbook(build_workbook(request), "alpha.xlsx", _release)
    assert read.report.valid, read.report.to_text()
    assert read.document is not None
    assert read.document.responses == responses
    assert read.document.organisation.id == "alpha"
    assert read.document.profile == PROFILE
    assert set(read.covered) == set(BUNDLE.requirement_ids())


def test_formula_like_text_stays_text() -> None:
    tricky = {
        "SG-01": Response(rating=2, comment='=HYPERLINK("http://x")'),
        "SG-02": Response(comment="+1"),
    }
    request = WorkbookRequest("alpha", "Alpha", BUNDLE, PROFILE, "en", tricky)
    read = read_workbook(build_workbook(request), "alpha.xlsx", _release)
    assert read.document is not None
    assert read.document.responses == tricky


def test_round_trip_through_the_record(certified: Certified) -> None:
    """Answers saved in a draft, exported as a workbook and imported again, are unchanged."""
    world = certified.world
    started = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    given_answers: dict[str, Response | None] = {
        "SG-01": Response(rating=3, comment="Policy adopted in March; see minutes."),
        "SG-02": Response(not_applicable=True, na_reason="We do not work with minors at all."),
        "CM-01": Response(rating=1),
    }
    saved = assessments.save_responses(
        world.alpha_member, world.db, started.id, given_answers, started.row_version
    )
    workbook = exchange.workbook_template(world.alpha_admin, world.db, "alpha", "2026.1")
    outcome = exchange.import_self_assessment(
        world.alpha_member, world.db, workbook.file_name, workbook.content
    )
    assert outcome.report.valid and outcome.assessment_id == started.id
    after = assessments.get_assessment(world.alpha_member, world.db, started.id)
    assert after.responses == saved.responses
    assert after.row_version == saved.row_version + 1
